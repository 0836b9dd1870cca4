#include "gdapcheck/rules/suppressions.hpp"

#include "gdapcheck/error.hpp"
#include "gdapcheck/model/customer_selection.hpp"
#include "gdapcheck/model/snapshot_json.hpp"
#include "gdapcheck/model/text.hpp"
#include "gdapcheck/rules/rule_selection.hpp"

#include <algorithm>

namespace gdap::rules {

namespace {

using model::JsonNode;

constexpr std::size_t k_date_only_length = 10;  // "2026-12-31"

// A date alone means through that day (UTC): "expires": "2026-12-31" still holds on New Year's
// Eve, as a person reading the file would take it.
std::optional<model::UnixTime> end_of(const std::string& expires) {
  const auto parsed = model::parse_timestamp(expires);
  if (!parsed) {
    return std::nullopt;
  }
  return expires.size() == k_date_only_length ? *parsed + model::k_seconds_per_day : *parsed;
}

// A required string that must say something: an exception nobody can explain is not accepted.
std::string non_empty(const JsonNode& entry, std::string_view key) {
  auto value = entry.string(key);
  const auto node = entry.child(key);
  if (node && node->json().is_string() && value.find_first_not_of(" \t\r\n") == std::string::npos) {
    entry.problem_at(key, "must not be empty");
  }
  return value;
}

std::string label(const Suppression& suppression) {
  std::string out = suppression.source;
  out += ' ';
  out += suppression.json_path;
  out += " (";
  out += suppression.rule_id;
  out += " for ";
  out += suppression.tenant == k_any_tenant ? std::string("every tenant") : suppression.tenant;
  out += ')';
  return out;
}

}  // namespace

std::optional<std::vector<Suppression>> parse_suppressions(std::string_view text,
                                                           std::string_view source,
                                                           const RuleSet& rules,
                                                           std::vector<model::Problem>& problems) {
  const std::size_t before = problems.size();
  const auto document = model::parse_json_text(text, problems);
  if (!document) {
    return std::nullopt;
  }
  std::vector<Suppression> suppressions;
  const JsonNode root(*document, "", problems);
  root.for_each_element([&](const JsonNode& entry) {
    if (!entry.expect_object()) {
      return;
    }
    entry.allow_only({"ruleId", "tenant", "reason", "expires"});
    Suppression suppression;
    suppression.rule_id = entry.string("ruleId");
    if (!suppression.rule_id.empty() && rules.find(suppression.rule_id) == nullptr) {
      entry.problem_at("ruleId", unknown_rule_message(suppression.rule_id, rules));
    }
    suppression.tenant = non_empty(entry, "tenant");
    suppression.reason = non_empty(entry, "reason");
    suppression.expires = entry.string("expires");
    if (const auto node = entry.child("expires"); node && node->json().is_string()) {
      if (const auto end = end_of(suppression.expires)) {
        suppression.expires_at = *end;
      } else {
        node->problem(R"(not an ISO-8601 date or date-time: ")" + suppression.expires +
                      R"(" (e.g. "2026-12-31" or "2026-12-31T18:00:00Z"))");
      }
    }
    suppression.source = std::string(source);
    suppression.json_path = entry.path();
    suppressions.push_back(std::move(suppression));
  });
  if (problems.size() != before) {
    return std::nullopt;
  }
  return suppressions;
}

std::vector<Suppression> load_suppressions(const std::filesystem::path& path,
                                           const RuleSet& rules) {
  const std::string source = path.string();
  std::vector<model::Problem> problems;
  auto suppressions = parse_suppressions(model::read_text_file(source), source, rules, problems);
  if (!suppressions) {
    auto report = model::format_problems(source, problems);
    report.pop_back();
    throw InputError("invalid suppressions file\n" + report);
  }
  return *suppressions;
}

bool expired(const Suppression& suppression, model::UnixTime now) {
  return now >= suppression.expires_at;
}

bool names(const Suppression& suppression, const model::Customer& tenant) {
  // Whole names only: a part of a name that selects one customer on the command line today could
  // cover a new customer's findings tomorrow without anyone deciding so.
  return suppression.tenant == k_any_tenant ||
         model::match_customer(suppression.tenant, tenant) == model::CustomerMatch::exact;
}

bool suppresses(const Suppression& suppression, const std::string& rule_id,
                const model::Customer& tenant, model::UnixTime now) {
  return suppression.rule_id == rule_id && !expired(suppression, now) && names(suppression, tenant);
}

std::string expired_warning(const Suppression& suppression) {
  std::string out = "suppression ";
  out += label(suppression);
  out += " expired ";
  out += suppression.expires;
  out += ": what it accepted counts again; renew it with a new date or remove it";
  return out;
}

std::string unmatched_warning(const Suppression& suppression, bool names_a_tenant) {
  std::string out = "suppression ";
  out += label(suppression);
  out += names_a_tenant ? " matches no finding: the problem it accepted is gone; remove it"
                        : " names no tenant in this run (the tenant id, a domain or the display "
                          "name, whole, or \"*\")";
  return out;
}

std::vector<model::SuppressedFinding> set_apart(std::vector<model::Finding>& findings,
                                                const std::vector<const Suppression*>& by_finding) {
  std::vector<model::SuppressedFinding> suppressed;
  // The standing findings close up in place: a second list of every finding would be the largest
  // moment of a large partner's evaluation.
  std::size_t standing = 0;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (const auto* suppression = i < by_finding.size() ? by_finding[i] : nullptr) {
      suppressed.push_back(
          {std::move(findings[i]), suppression->tenant, suppression->reason, suppression->expires});
    } else {
      if (standing != i) {
        findings[standing] = std::move(findings[i]);
      }
      ++standing;
    }
  }
  findings.erase(findings.begin() + static_cast<std::ptrdiff_t>(standing), findings.end());
  return suppressed;
}

SuppressionLedger::SuppressionLedger(const std::vector<Suppression>& suppressions,
                                     const model::Partner& partner, model::UnixTime now)
    : m_suppressions(suppressions), m_used(suppressions.size(), false), m_now(now) {
  m_partner.tenant_id = partner.tenant_id;
  m_partner.display_name = partner.display_name;
}

const Suppression* SuppressionLedger::find(const std::string& rule_id,
                                           const model::Customer* customer) {
  const Suppression* first = nullptr;
  for (std::size_t i = 0; i < m_suppressions.size(); ++i) {
    if (suppresses(m_suppressions[i], rule_id, customer != nullptr ? *customer : m_partner,
                   m_now)) {
      m_used[i] = true;
      first = first != nullptr ? first : &m_suppressions[i];
    }
  }
  return first;
}

std::vector<std::string> SuppressionLedger::warnings(
    const model::Snapshot& snapshot, const std::vector<const model::Customer*>& evaluated) const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < m_suppressions.size(); ++i) {
    const auto& suppression = m_suppressions[i];
    if (expired(suppression, m_now)) {
      out.push_back(expired_warning(suppression));
      continue;
    }
    if (m_used[i]) {
      continue;
    }
    const bool in_run = names(suppression, m_partner) ||
                        std::any_of(evaluated.begin(), evaluated.end(), [&](const auto* customer) {
                          return names(suppression, *customer);
                        });
    const bool elsewhere =
        std::any_of(snapshot.customers.begin(), snapshot.customers.end(),
                    [&](const model::Customer& customer) { return names(suppression, customer); });
    if (in_run || !elsewhere) {
      out.push_back(unmatched_warning(suppression, in_run));
    }
  }
  return out;
}

}  // namespace gdap::rules
