#include "client_assertion.hpp"

namespace gdap::auth {

std::variant<std::string, AssertionError> make_client_assertion(
    const ClientCertificate& /*certificate*/, std::string_view /*client_id*/,
    std::string_view /*audience*/, std::chrono::system_clock::time_point /*now*/) {
  return AssertionError{"certificate credentials are not supported in this build"};
}

}  // namespace gdap::auth
