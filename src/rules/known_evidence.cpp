// What a run knows that the text of a failure does not: shared by the checks that explain a
// refused sign-in and by the engine's explanations of failed reads.
#include "checks.hpp"

#include "gdapcheck/model/own_client.hpp"

namespace gdap::rules::detail {

std::string sign_in_command(const model::Snapshot& snapshot) {
  const bool app_only = snapshot.partner.sign_in == model::SignInKind::app;
  return model::login_command(snapshot.cloud, app_only ? snapshot.partner.tenant_id : "",
                              snapshot.client_id, app_only);
}

errors::Evidence known_evidence(const model::Snapshot& snapshot, std::string tenant_id,
                                std::string tenant_name) {
  errors::Evidence known;
  known.target_tenant_id = std::move(tenant_id);
  known.target_tenant_name = std::move(tenant_name);
  if (!snapshot.partner.user.upn.empty()) {
    known.upns.push_back(snapshot.partner.user.upn);
  }
  known.sign_in_command = sign_in_command(snapshot);
  return known;
}

}  // namespace gdap::rules::detail
