// Answers of the sign-in service's token and devicecode endpoints, as a proxy or a compromised
// network could send them: the first byte picks the HTTP status, the rest is the body. Each is a
// token, a grant or a failure that can be described; nothing crashes.

#include "fuzz.hpp"

#include "gdapcheck/auth/device_code.hpp"
#include "gdapcheck/auth/oauth.hpp"

#include <array>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdap;
  if (size == 0) {
    return 0;
  }
  static constexpr std::array k_statuses{200, 400, 401, 403, 429, 500, 503, 302};
  http::Response response;
  response.status = k_statuses.at(data[0] % k_statuses.size());
  const auto body = fuzz::as_text(data, size).substr(1);
  response.body = std::string(body);
  response.headers = {{"content-type", "application/json"}};
  const http::Result result = response;

  const auto reply = auth::parse_token_reply(result, "contoso.onmicrosoft.com");
  if (!reply) {
    fuzz::check(!auth::describe(reply.error()).empty(), "a sign-in failure says nothing");
    auth::aadsts_list(reply.error());
    auth::is_refusal(reply.error());
  }
  const auto outcome = auth::classify_poll_reply(reply);

  const auto grant = auth::parse_device_code_reply(result, "organizations");
  if (grant) {
    auth::device_code_prompt(*grant);
    const auto first = auth::first_poll_step(*grant);
    auth::next_poll_step(first.state, outcome);
  } else {
    auth::describe(grant.error());
  }
  return 0;
}
