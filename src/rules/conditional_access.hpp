#pragma once

// How Entra would treat one conditional access policy of a customer when a GDAP service-provider
// user's integration calls Microsoft (Graph, and any resource the profile needs) from a server with
// modern authentication. Pure: facts in, a verdict out. Every step follows Microsoft's documented
// semantics (see rules/tenant.conditional-access-*.json for the pages); where Microsoft does not
// say, the verdict is "may block" and names the condition, never a guess either way.

#include "gdapcheck/model/conditional_access.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace gdap::rules::detail {

enum class CaVerdict {
  does_not_apply,  // report-only, disabled, not for these users/apps/clients, or satisfiable
  may_block,       // depends on something Graph does not tell gdapcheck
  blocks,          // applies, and asks for something a partner user cannot give
};

// A condition or control the verdict depends on, and what the integration would need.
struct CaDoubt {
  std::string condition;  // "network location: includes All, excludes AllTrusted"
  std::string needs;      // "the integration's servers must sign in from ..."
};

// What one policy does to the integration's sign-ins.
struct CaJudgement {
  CaVerdict verdict = CaVerdict::does_not_apply;
  std::string reason;  // does not apply: why; otherwise how it reaches the partner
  std::vector<std::string> unsatisfiable;  // controls the partner cannot meet ("block", ...)
  std::vector<CaDoubt> doubts;             // may block: each thing it depends on
  // A sign-in frequency the integration's refresh tokens are held to, when the policy applies
  // (or may) and does not block: "4 hours", "1 day".
  std::optional<std::string> refresh_every;
};

// The sign-in being judged.
struct CaSituation {
  std::string partner_tenant_id;
  // The client app type Entra sees for the integration: browser (a confidential client: a server
  // with a secret or certificate), mobileAppsAndDesktopClients (a public client), or empty when
  // not known.
  std::string client_app_type = "browser";
  std::vector<std::string> resources;  // app ids the integration calls; Microsoft Graph first
  // Role template ids the partner user holds in the customer through GDAP; unset when unknown.
  std::optional<std::set<std::string>> partner_roles;
  std::vector<std::string> unsatisfiable_controls;  // built-in grant controls a partner cannot meet
};

CaJudgement judge_policy(const model::CaPolicy& policy, const CaSituation& situation);

}  // namespace gdap::rules::detail
