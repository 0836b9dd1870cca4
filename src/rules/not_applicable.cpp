// Which checks an app-only run cannot ask at all. Not `unknown`: nothing failed to be read; the
// question has no subject. Never a pass either: such a rule is listed apart with the reason.
#include "checks.hpp"

#include <algorithm>
#include <array>

namespace gdap::rules::detail {

namespace {

// About the partner account whose GDAP path is checked: its roles, groups and AdminAgents.
constexpr std::array<std::string_view, 5> k_account_checks = {
    "user-not-global-admin", "user-not-in-adminagents", "user-not-in-security-group",
    "missing-roles", "missing-optional-roles"};

}  // namespace

std::optional<std::string> not_applicable(std::string_view check, const model::Partner& partner) {
  if (partner.sign_in != model::SignInKind::app) {
    return std::nullopt;
  }
  if (check == "mfa-not-prompted") {
    // Partner Center checks the MFA claim of App+User tokens only (partner security
    // requirements); an app-only token is no person's sign-in.
    return "an app-only token has no user and no MFA claim; MFA is required of people who sign "
           "in (delegated runs check it)";
  }
  const bool no_account = partner.user.id.empty() && partner.user.upn.empty();
  if (no_account && std::find(k_account_checks.begin(), k_account_checks.end(), check) !=
                        k_account_checks.end()) {
    return "an app-only run checks no partner account's GDAP path; name one with --user UPN";
  }
  return std::nullopt;
}

}  // namespace gdap::rules::detail
