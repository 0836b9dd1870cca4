#pragma once

// Shared by the auth unit tests: JWTs with chosen claims, Microsoft-shaped bodies (and temp
// folders, from support/).

#include "support/temp_dir.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gdap::testing {

inline std::string base64url(const std::string& data) {
  static constexpr char k_alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char ch : data) {
    buffer = (buffer << 8U) | static_cast<unsigned char>(ch);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(k_alphabet[(buffer >> static_cast<unsigned>(bits)) & 0x3FU]);
    }
  }
  if (bits > 0) {
    out.push_back(k_alphabet[(buffer << static_cast<unsigned>(6 - bits)) & 0x3FU]);
  }
  return out;
}

// An unsigned JWT with these claims.
inline std::string make_jwt(const nlohmann::json& claims) {
  return base64url(R"({"typ":"JWT","alg":"RS256"})") + "." + base64url(claims.dump()) + ".c2ln";
}

// A token endpoint success body.
inline std::string token_body(const std::string& access, const std::string& refresh = {},
                              int expires_in = 3599, const std::string& id_token = {}) {
  nlohmann::json body = {{"token_type", "Bearer"},
                         {"scope", "https://graph.microsoft.com/.default"},
                         {"expires_in", expires_in},
                         {"ext_expires_in", expires_in},
                         {"access_token", access}};
  if (!refresh.empty()) {
    body["refresh_token"] = refresh;
  }
  if (!id_token.empty()) {
    body["id_token"] = id_token;
  }
  return body.dump();
}

// A token endpoint error body in Microsoft's exact shape.
inline std::string error_body(const std::string& error, std::vector<long> codes) {
  const long code = codes.empty() ? 0 : codes.front();
  return nlohmann::json{
      {"error", error},
      {"error_description",
       "AADSTS" + std::to_string(code) +
           ": Something happened.\r\nTrace ID: 5810b037-c97b-48b8-95c3-fa5e39754302\r\n"
           "Correlation ID: 543970af-30fa-446a-b99f-946c4360a36e\r\nTimestamp: 2021-05-03 "
           "15:01:36Z"},
      {"error_codes", codes},
      {"timestamp", "2021-05-03 15:01:36Z"},
      {"trace_id", "5810b037-c97b-48b8-95c3-fa5e39754302"},
      {"correlation_id", "543970af-30fa-446a-b99f-946c4360a36e"},
      {"error_uri", "https://login.microsoftonline.com/error?code=" + std::to_string(code)}}
      .dump();
}

}  // namespace gdap::testing
