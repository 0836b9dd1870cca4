#include "suppressions_location.hpp"

#include "gdapcheck/error.hpp"

#include <system_error>

namespace gdap::cli {

std::optional<std::filesystem::path> default_suppressions_file(const EnvLookup& env) {
  // The XDG base directory rule: an unset or empty XDG_CONFIG_HOME means ~/.config.
  const auto xdg = env("XDG_CONFIG_HOME");
  const auto home = env("HOME");
  std::filesystem::path config;
  if (xdg && !xdg->empty()) {
    config = *xdg;
  } else if (home && !home->empty()) {
    config = std::filesystem::path(*home) / ".config";
  } else {
    return std::nullopt;
  }
  return config / "gdapcheck" / "suppressions.json";
}

std::vector<rules::Suppression> load_run_suppressions(const Context& context,
                                                      const std::string& flag_value,
                                                      const rules::RuleSet& rules) {
  std::error_code ec;
  if (!flag_value.empty()) {
    if (!std::filesystem::is_regular_file(flag_value, ec)) {
      throw InputError("--suppressions " + flag_value + ": no such file");
    }
    return rules::load_suppressions(flag_value, rules);
  }
  const auto fallback = default_suppressions_file(context.env);
  if (!fallback || !std::filesystem::exists(*fallback, ec)) {
    return {};
  }
  return rules::load_suppressions(*fallback, rules);
}

std::vector<rules::Suppression> redact_suppressions(redact::Redactor& redactor,
                                                    const model::Snapshot& original,
                                                    const std::vector<rules::Suppression>& all) {
  std::vector<const model::Customer*> tenants;
  model::Customer partner;
  partner.tenant_id = original.partner.tenant_id;
  partner.display_name = original.partner.display_name;
  tenants.push_back(&partner);
  for (const auto& customer : original.customers) {
    tenants.push_back(&customer);
  }
  std::vector<rules::Suppression> redacted;
  for (const auto& suppression : all) {
    auto scrubbed = suppression;
    scrubbed.reason = redactor.text(suppression.reason);
    scrubbed.source = "(suppressions file)";  // a path can name a customer too
    if (suppression.tenant == rules::k_any_tenant) {
      redacted.push_back(std::move(scrubbed));
      continue;
    }
    bool named = false;
    for (const auto* tenant : tenants) {
      if (rules::names(suppression, *tenant)) {
        auto copy = scrubbed;
        copy.tenant = redactor.id(tenant->tenant_id);
        redacted.push_back(std::move(copy));
        named = true;
      }
    }
    if (!named) {
      scrubbed.tenant = redactor.text(suppression.tenant);
      redacted.push_back(std::move(scrubbed));
    }
  }
  return redacted;
}

}  // namespace gdap::cli
