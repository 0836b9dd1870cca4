// JWT claims: the payload another party signed (or forged), decoded as gdapcheck reads it for
// `login` and `whoami`. The input is an access token's payload JSON and, after a NUL byte, the id
// token's; each is sent as a real compact token, and the raw text goes in as a token too.

#include "fuzz.hpp"
#include "unit/auth/auth_test_helpers.hpp"

#include "gdapcheck/auth/claims.hpp"

#include <string>

namespace {

std::string compact_token(std::string_view payload) {
  return "eyJhbGciOiJub25lIn0." + gdap::testing::base64url(std::string(payload)) + ".c2ln";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdap;
  const auto parts = fuzz::pieces(fuzz::as_text(data, size));
  const auto access_payload = parts.front();
  const auto id_payload = parts.size() > 1 ? parts[1] : std::string_view{};

  const auto decoded = auth::base64url_decode(testing::base64url(std::string(access_payload)));
  fuzz::check(decoded && *decoded == access_payload, "base64url does not round-trip");

  const std::string access_token = compact_token(access_payload);
  if (const auto claims = auth::decode_claims(access_token)) {
    auth::to_string(auth::mfa_from(*claims));
  }
  const auto identity = auth::identity_from_tokens(access_token, compact_token(id_payload));
  if (identity.access_token_expires_at) {
    // Any exp, however large, is a time the rest of gdapcheck can print and compare.
    (void)identity.access_token_expires_at->time_since_epoch().count();
  }
  auth::identity_from_tokens(access_payload, id_payload);
  auth::base64url_decode(access_payload);
  return 0;
}
