#include "gdapcheck/auth/tenant_discovery.hpp"

#include "gdapcheck/http/url.hpp"
#include "gdapcheck/input/json.hpp"
#include "gdapcheck/model/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <variant>

namespace gdap::auth {

http::Request openid_configuration_request(std::string_view authority_host,
                                           std::string_view domain) {
  http::Request request;
  request.url = std::string(authority_host) + "/" + http::percent_encode(domain) +
                "/v2.0/.well-known/openid-configuration";
  return request;
}

std::optional<std::string> tenant_of_openid_configuration(const http::Result& result) {
  const auto* response = std::get_if<http::Response>(&result);
  if (response == nullptr || response->status != 200) {
    return std::nullopt;
  }
  const auto body = input::parse_json_or_discarded(response->body);
  if (!body.is_object() || !body.contains("issuer") || !body["issuer"].is_string()) {
    return std::nullopt;
  }
  const std::string issuer = body["issuer"].get<std::string>();
  std::size_t start = 0;
  while (start < issuer.size()) {
    const auto end = std::min(issuer.find('/', start), issuer.size());
    const std::string segment = issuer.substr(start, end - start);
    if (model::is_guid(segment)) {
      return segment;
    }
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace gdap::auth
