#include "conditional_access.hpp"

#include "access.hpp"

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace gdap::rules::detail {

namespace {

using model::CaPolicy;
using model::equals_ignoring_case;

// Microsoft's "Office 365" app group (reference-office-365-application-contents): Exchange Online
// and SharePoint Online among the resources an integration calls; Microsoft Graph is not in it.
constexpr std::array<std::string_view, 2> k_office365_resources{
    "00000002-0000-0ff1-ce00-000000000000", "00000003-0000-0ff1-ce00-000000000000"};
// Token protection (secureSignInSession) covers these resources only.
constexpr std::array<std::string_view, 2> k_token_protected_resources = k_office365_resources;
// The built-in "Multifactor authentication" strength: any MFA a partner's home sign-in gives.
constexpr std::string_view k_mfa_strength_id = "00000000-0000-0000-0000-000000000002";

bool has(const std::vector<std::string>& words, std::string_view word) {
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& w) { return equals_ignoring_case(w, word); });
}

template <std::size_t N>
bool in(const std::array<std::string_view, N>& set, std::string_view word) {
  return std::any_of(set.begin(), set.end(),
                     [&](std::string_view w) { return equals_ignoring_case(w, word); });
}

std::string listed(const std::vector<std::string>& words) {
  return words.empty() ? std::string("none") : fmt::format("{}", fmt::join(words, ", "));
}

// The outcome of one condition: it covers the sign-in, it does not, or it depends.
enum class Match { yes, no, maybe };

// Conditions are checked in turn; the first that cannot cover the sign-in settles the verdict.
class Conditions {
 public:
  bool excluded() const { return !m_excluded_because.empty(); }
  const std::string& excluded_because() const { return m_excluded_because; }
  const std::vector<CaDoubt>& doubts() const { return m_doubts; }

  void no(std::string why) {
    if (m_excluded_because.empty()) {
      m_excluded_because = std::move(why);
    }
  }
  void maybe(std::string condition, std::string needs) {
    m_doubts.push_back({std::move(condition), std::move(needs)});
  }

 private:
  std::string m_excluded_because;
  std::vector<CaDoubt> m_doubts;
};

bool covers_partner(const std::optional<model::CaExternalUsers>& external,
                    const std::string& partner) {
  if (!external || !has(external->types, "serviceProvider")) {
    return false;
  }
  return external->membership_kind == "all" || has(external->tenants, partner);
}

// Roles the policy names that the partner holds (all named roles when the partner's are unknown).
std::vector<std::string> shared_roles(const std::vector<std::string>& roles,
                                      const CaSituation& situation) {
  std::vector<std::string> shared;
  for (const auto& role : roles) {
    if (!situation.partner_roles || situation.partner_roles->count(model::lowercase(role)) > 0) {
      shared.push_back(role);
    }
  }
  return shared;
}

// Users: a partner user has no object in the customer, so only All users, all guests and external
// users, or service provider users of this partner reach it (users-groups and external-id pages).
void judge_users(const model::CaUsers& users, const CaSituation& situation, Conditions& c) {
  const auto& partner = situation.partner_tenant_id;
  if (covers_partner(users.exclude_external, partner)) {
    return c.no("it excludes service provider users of this partner");
  }
  if (has(users.exclude_users, "GuestsOrExternalUsers")) {
    return c.no("it excludes all guest and external users");
  }
  const bool included = has(users.include_users, "All") ||
                        has(users.include_users, "GuestsOrExternalUsers") ||
                        covers_partner(users.include_external, partner);
  if (!included) {
    const auto roles = shared_roles(users.include_roles, situation);
    if (roles.empty()) {
      return c.no("its users are people and groups of the customer's own directory");
    }
    c.maybe(fmt::format("directory roles: it includes {}", listed(role_names(roles))),
            "Microsoft does not document whether roles held through GDAP count; check with the "
            "customer's What If tool for service provider users");
  }
  const auto excluded_roles = shared_roles(users.exclude_roles, situation);
  if (!excluded_roles.empty() && included) {
    // An exclusion that may not reach GDAP roles cannot be counted on to let the partner in.
    c.maybe(fmt::format("directory roles: it excludes {}", listed(role_names(excluded_roles))),
            "Microsoft does not document whether a role exclusion covers roles held through GDAP; "
            "exclude service provider users instead");
  }
}

// Whether the policy targets a resource the integration calls.
Match targets(const CaPolicy& p, const std::string& resource) {
  const bool office = in(k_office365_resources, resource);
  if (has(p.exclude_applications, resource) ||
      (office && has(p.exclude_applications, "Office365"))) {
    return Match::no;
  }
  if (has(p.include_applications, "All") || has(p.include_applications, resource) ||
      (office && has(p.include_applications, "Office365"))) {
    return Match::yes;
  }
  return Match::no;  // None, MicrosoftAdminPortals, other apps: not this resource
}

void judge_applications(const CaPolicy& p, const CaSituation& situation, Conditions& c) {
  if (p.include_applications.empty() &&
      (!p.include_user_actions.empty() || !p.include_authentication_contexts.empty())) {
    return c.no("it targets user actions or authentication contexts, not resources");
  }
  const bool any = std::any_of(situation.resources.begin(), situation.resources.end(),
                               [&](const std::string& r) { return targets(p, r) == Match::yes; });
  if (!any && !p.application_filter) {
    return c.no("it does not target Microsoft Graph or another resource the integration calls");
  }
  if (p.application_filter) {
    c.maybe(fmt::format("application filter ({}: {})", p.application_filter->mode,
                        p.application_filter->rule),
            "whether the resources the integration calls carry the custom security attributes "
            "the filter names");
  }
}

void judge_client_app(const CaPolicy& p, const CaSituation& situation, Conditions& c) {
  const auto& types = p.client_app_types;
  if (has(types, "all")) {
    return;
  }
  if (!has(types, "browser") && !has(types, "mobileAppsAndDesktopClients")) {
    return c.no(fmt::format("it covers legacy clients only ({})", listed(types)));
  }
  if (situation.client_app_type.empty()) {
    return c.maybe(fmt::format("client apps: {}", listed(types)),
                   "a confidential client (a server with a secret or certificate) counts as "
                   "browser; a public client as mobile apps and desktop clients");
  }
  if (!has(types, situation.client_app_type)) {
    return c.no(
        fmt::format("it covers client apps {}, not {}", listed(types), situation.client_app_type));
  }
}

void judge_platforms(const CaPolicy& p, Conditions& c) {
  if (!p.include_platforms) {
    return;
  }
  const auto& include = *p.include_platforms;
  const bool mobile_only =
      !include.empty() && std::all_of(include.begin(), include.end(), [](const auto& x) {
        return equals_ignoring_case(x, "android") || equals_ignoring_case(x, "iOS") ||
               equals_ignoring_case(x, "windowsPhone");
      });
  if (mobile_only) {
    return c.no("it covers mobile platforms only");
  }
  if (has(include, "all") && p.exclude_platforms.empty()) {
    return;
  }
  c.maybe(fmt::format("device platforms: includes {}, excludes {}", listed(include),
                      listed(p.exclude_platforms)),
          "Microsoft does not say which platform a server's requests count as (it is read from "
          "the user agent); check the integration's sign-ins in the customer's sign-in logs");
}

// Locations as a technician reads them: All, AllTrusted or a named location's id.
std::string places(const std::vector<std::string>& locations) {
  std::vector<std::string> named;
  for (const auto& location : locations) {
    if (equals_ignoring_case(location, "AllTrusted")) {
      named.emplace_back("the customer's trusted locations");
    } else if (equals_ignoring_case(location, "All")) {
      named.emplace_back("any location");
    } else {
      named.push_back(fmt::format("named location {}", location));
    }
  }
  return listed(named);
}

void judge_locations(const CaPolicy& p, Conditions& c) {
  if (!p.include_locations) {
    return;
  }
  if (has(*p.include_locations, "All") && p.exclude_locations.empty()) {
    return;
  }
  c.maybe(fmt::format("network location: includes {}, excludes {}", listed(*p.include_locations),
                      listed(p.exclude_locations)),
          p.exclude_locations.empty()
              ? fmt::format("the policy applies only from {}: the integration's servers' outgoing "
                            "IP addresses must be elsewhere",
                            places(*p.include_locations))
              : fmt::format("the integration's servers' outgoing IP addresses must be in {}",
                            places(p.exclude_locations)));
}

// Which kinds of operator a filter rule uses: {positive, negative}. Operators are the words
// after a '-' (-eq, -notIn, ...); quoted values are skipped.
std::pair<bool, bool> filter_operators(std::string_view rule) {
  static constexpr std::array<std::string_view, 5> k_positive{"eq", "startswith", "endswith",
                                                              "contains", "in"};
  static constexpr std::array<std::string_view, 5> k_negative{"ne", "notstartswith", "notendswith",
                                                              "notcontains", "notin"};
  bool positive = false;
  bool negative = false;
  bool quoted = false;
  for (std::size_t i = 0; i < rule.size(); ++i) {
    if (rule[i] == '"') {
      quoted = !quoted;
    }
    if (quoted || rule[i] != '-') {
      continue;
    }
    std::string word;
    while (i + 1 < rule.size() && std::isalpha(static_cast<unsigned char>(rule[i + 1])) != 0) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(rule[++i])));
    }
    positive = positive || in(k_positive, word);
    negative = negative || in(k_negative, word);
  }
  return {positive, negative};
}

// Filters for devices: an unregistered device (a server, a device-code sign-in) has every
// attribute null, so positive operators never match it and negative ones always do
// (concept-condition-filters-for-devices, "Policy behavior with filter for devices").
void judge_device_filter(const CaPolicy& p, Conditions& c) {
  if (!p.device_filter) {
    return;
  }
  const auto& rule = p.device_filter->rule;
  const auto [positive, negative] = filter_operators(rule);
  const bool include = p.device_filter->mode == "include";
  if (positive != negative) {
    const bool applies = include == negative;
    if (!applies) {
      return c.no("its device filter leaves out a device Entra does not know (a server)");
    }
    return;
  }
  c.maybe(fmt::format("device filter ({}: {})", p.device_filter->mode, rule),
          "the filter mixes operators gdapcheck does not evaluate for an unregistered device");
}

void judge_risk_and_flows(const CaPolicy& p, Conditions& c) {
  if (!p.service_principal_risk_levels.empty()) {
    return c.no("it is about service principal risk (workload identities)");
  }
  if (!p.sign_in_risk_levels.empty()) {
    c.maybe(fmt::format("sign-in risk: {}", listed(p.sign_in_risk_levels)),
            "the customer's ID Protection judges each sign-in; a sign-in it finds risky is held "
            "to this policy");
  }
  if (!p.user_risk_levels.empty()) {
    c.maybe(fmt::format("user risk: {}", listed(p.user_risk_levels)),
            "the partner account's risk is evaluated in the partner tenant; keep it free of risk "
            "detections");
  }
  if (!p.insider_risk_levels.empty()) {
    c.maybe(fmt::format("insider risk: {}", listed(p.insider_risk_levels)),
            "Microsoft does not document insider risk for service provider users");
  }
  if (!p.transfer_methods.empty()) {
    c.maybe(fmt::format("authentication flows: {}", listed(p.transfer_methods)),
            "it applies only if the integration's sign-in began with the device code flow; "
            "authorize the integration again with its normal (authorization code) sign-in");
  }
}

enum class Grant { satisfied, depends, unsatisfiable };

struct GrantOutcome {
  Grant grant = Grant::satisfied;
  std::vector<std::string> unsatisfiable;
  std::vector<CaDoubt> doubts;
};

// Each control on its own; the operator then combines them (concept-conditional-access-grant).
GrantOutcome judge_grant(const CaPolicy& p, const CaSituation& situation) {
  GrantOutcome out;
  if (!p.has_grant_controls) {
    return out;
  }
  std::vector<Grant> each;
  for (const auto& control : p.grant_controls) {
    if (equals_ignoring_case(control, "mfa")) {
      each.push_back(Grant::satisfied);  // met by the partner's own MFA (csp.mfa-not-prompted)
    } else if (has(situation.unsatisfiable_controls, control)) {
      each.push_back(Grant::unsatisfiable);
      out.unsatisfiable.push_back(control);
    } else {
      each.push_back(Grant::depends);
      out.doubts.push_back({"grant control " + control,
                            "Microsoft does not document this control for service provider users"});
    }
  }
  if (!p.custom_authentication_factors.empty()) {
    each.push_back(Grant::unsatisfiable);  // AADSTS50177: no external challenge for passthrough
    out.unsatisfiable.push_back(
        fmt::format("custom controls ({})", listed(p.custom_authentication_factors)));
  }
  if (!p.terms_of_use.empty()) {
    each.push_back(Grant::depends);
    out.doubts.push_back({"terms of use",
                          "Microsoft does not document terms of use for service provider users; "
                          "a server's token refresh cannot accept them"});
  }
  if (const auto& strength = p.authentication_strength) {
    if (equals_ignoring_case(strength->id, k_mfa_strength_id)) {
      each.push_back(Grant::satisfied);
    } else {
      each.push_back(Grant::depends);
      out.doubts.push_back({"authentication strength '" + strength->display_name + "'",
                            "the partner account must sign in with one of: " +
                                listed(strength->allowed_combinations)});
    }
  }
  const auto count = [&](Grant g) { return std::count(each.begin(), each.end(), g); };
  const bool all_needed = equals_ignoring_case(p.grant_operator, "AND");
  const auto controls = static_cast<long>(each.size());
  // No control: nothing to satisfy. AND: one unmeetable control stops it; OR: all must be.
  const bool unmeetable = has(p.grant_controls, "block") ||
                          (all_needed ? count(Grant::unsatisfiable) > 0
                                      : controls > 0 && count(Grant::unsatisfiable) == controls);
  const bool open =
      all_needed ? count(Grant::depends) > 0 : controls > 0 && count(Grant::satisfied) == 0;
  out.grant = unmeetable ? Grant::unsatisfiable : open ? Grant::depends : Grant::satisfied;
  return out;
}

// Sign-in frequency ends a refresh token's use after the interval (AADSTS70043): "4 hours".
std::optional<std::string> refresh_limit(const CaPolicy& p) {
  if (!p.session_controls || !p.session_controls->sign_in_frequency) {
    return std::nullopt;
  }
  const auto& f = *p.session_controls->sign_in_frequency;
  if (!f.enabled || equals_ignoring_case(f.frequency_interval, "everyTime") || !f.value) {
    return std::nullopt;
  }
  const auto* const unit = equals_ignoring_case(f.type, "days") ? "day" : "hour";
  return fmt::format("{} {}{}", *f.value, unit, *f.value == 1 ? "" : "s");
}

bool every_time(const CaPolicy& p) {
  return p.session_controls && p.session_controls->sign_in_frequency &&
         p.session_controls->sign_in_frequency->enabled &&
         equals_ignoring_case(p.session_controls->sign_in_frequency->frequency_interval,
                              "everyTime");
}

std::string how_it_reaches(const model::CaUsers& users, const std::string& partner) {
  if (covers_partner(users.include_external, partner)) {
    return "it includes service provider users";
  }
  if (has(users.include_users, "GuestsOrExternalUsers")) {
    return "it includes all guest and external users";
  }
  if (has(users.include_users, "All")) {
    return "it includes All users, which reaches service provider users";
  }
  return "it may include the partner's roles";
}

}  // namespace

CaJudgement judge_policy(const CaPolicy& p, const CaSituation& situation) {
  CaJudgement j;
  if (p.state != "enabled") {
    j.reason = p.state == "disabled" ? "it is off" : "it is report-only (never enforced)";
    return j;
  }
  if (!p.users) {
    j.reason = "it is about workload identities (service principals), not users";
    return j;
  }
  Conditions c;
  judge_users(*p.users, situation, c);
  judge_applications(p, situation, c);
  judge_client_app(p, situation, c);
  judge_platforms(p, c);
  judge_locations(p, c);
  judge_device_filter(p, c);
  judge_risk_and_flows(p, c);
  if (c.excluded()) {
    j.reason = c.excluded_because();
    return j;
  }
  j.reason = how_it_reaches(*p.users, situation.partner_tenant_id);
  j.doubts = c.doubts();
  auto grant = judge_grant(p, situation);
  const bool token_protected =
      p.session_controls && p.session_controls->secure_sign_in_session &&
      std::any_of(situation.resources.begin(), situation.resources.end(), [&](const auto& r) {
        return in(k_token_protected_resources, r) && targets(p, r) == Match::yes;
      });
  if (token_protected) {  // AADSTS530084: a server cannot bind its tokens to a Windows device
    grant.grant = Grant::unsatisfiable;
    grant.unsatisfiable.emplace_back("token protection");
  }
  if (every_time(p)) {
    j.doubts.push_back({"sign-in frequency: every time",
                        "each token request needs a new interactive sign-in; a server's refresh "
                        "token cannot satisfy it"});
  }
  j.unsatisfiable = grant.unsatisfiable;
  for (auto& doubt : grant.doubts) {
    j.doubts.push_back(std::move(doubt));
  }
  if (grant.grant == Grant::unsatisfiable) {
    j.verdict = c.doubts().empty() && !every_time(p) ? CaVerdict::blocks : CaVerdict::may_block;
    return j;
  }
  if (grant.grant == Grant::depends || every_time(p)) {
    j.verdict = CaVerdict::may_block;
    return j;
  }
  j.doubts.clear();  // satisfiable whatever the conditions: nothing stands in the way
  j.refresh_every = refresh_limit(p);
  j.reason = j.refresh_every ? j.reason : "the partner can satisfy its grant controls";
  return j;
}

}  // namespace gdap::rules::detail
