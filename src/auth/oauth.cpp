#include "gdapcheck/auth/oauth.hpp"

#include "gdapcheck/input/json.hpp"

#include <nlohmann/json.hpp>

namespace gdap::auth {

namespace {

using nlohmann::json;

std::string string_field(const json& body, const char* name) {
  const auto found = body.find(name);
  if (found != body.end() && found->is_string()) {
    return found->get<std::string>();
  }
  return {};
}

// expires_in is a number at Microsoft, but some servers send a string.
std::chrono::seconds seconds_field(const json& body, const char* name,
                                   std::chrono::seconds fallback) {
  const auto found = body.find(name);
  if (found == body.end()) {
    return fallback;
  }
  if (found->is_number_integer()) {
    return std::chrono::seconds(found->get<std::int64_t>());
  }
  if (found->is_string()) {
    try {
      return std::chrono::seconds(std::stoll(found->get<std::string>()));
    } catch (const std::exception&) {
      return fallback;
    }
  }
  return fallback;
}

// Only the first line: the rest repeats the ids we keep separately, and the text is for people.
std::string first_line(std::string_view text) {
  const auto end = text.find_first_of("\r\n");
  std::string line(text.substr(0, end));
  // "AADSTS50076: ..." repeats the code we already show from error_codes.
  if (line.rfind("AADSTS", 0) == 0) {
    const auto colon = line.find(": ");
    const bool digits =
        colon != std::string::npos && colon > 6 && line.find_first_not_of("0123456789", 6) == colon;
    if (digits) {
      line.erase(0, colon + 2);
    }
  }
  constexpr std::size_t k_max = 400;
  if (line.size() > k_max) {
    line.resize(k_max);
    line += "…";
  }
  return line;
}

}  // namespace

std::string_view to_string(FailureKind kind) {
  switch (kind) {
    case FailureKind::declined:
      return "declined";
    case FailureKind::expired:
      return "expired";
    case FailureKind::bad_code:
      return "bad_code";
    case FailureKind::oauth:
      return "oauth";
    case FailureKind::transport:
      return "transport";
    case FailureKind::protocol:
      return "protocol";
    case FailureKind::not_signed_in:
      return "not_signed_in";
    case FailureKind::cache:
      return "cache";
    case FailureKind::cancelled:
      return "cancelled";
    case FailureKind::credential:
      return "credential";
  }
  return "protocol";
}

http::Request form_post(std::string url, const http::FormFields& fields) {
  http::Request request;
  request.method = http::Method::post;
  request.url = std::move(url);
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  request.body = http::form_encode(fields);
  return request;
}

AuthFailure failure_from_transport(const http::TransportError& error, std::string_view tenant) {
  AuthFailure failure;
  failure.kind = error.kind == http::TransportErrorKind::aborted ? FailureKind::cancelled
                                                                 : FailureKind::transport;
  failure.tenant = std::string(tenant);
  failure.description = error.message;
  return failure;
}

TokenReply parse_token_reply(const http::Result& result, std::string_view tenant) {
  if (const auto* error = std::get_if<http::TransportError>(&result)) {
    return Failure{failure_from_transport(*error, tenant)};
  }
  const auto& response = std::get<http::Response>(result);
  AuthFailure failure;
  failure.tenant = std::string(tenant);
  failure.http_status = response.status;

  const json body = input::parse_json_or_discarded(response.body);
  if (!body.is_object()) {
    failure.kind = FailureKind::protocol;
    failure.description = "the token endpoint answered HTTP " + std::to_string(response.status) +
                          " without a JSON body";
    return Failure{failure};
  }
  if (response.status == 200 && body.contains("access_token")) {
    TokenResponse tokens;
    tokens.token_type = string_field(body, "token_type");
    tokens.scope = string_field(body, "scope");
    tokens.expires_in = seconds_field(body, "expires_in", std::chrono::seconds(3600));
    tokens.access_token = string_field(body, "access_token");
    tokens.refresh_token = string_field(body, "refresh_token");
    tokens.id_token = string_field(body, "id_token");
    if (tokens.access_token.empty()) {
      failure.kind = FailureKind::protocol;
      failure.description = "the token endpoint sent an empty access_token";
      return Failure{failure};
    }
    return tokens;
  }
  failure.error = string_field(body, "error");
  if (failure.error.empty()) {
    failure.kind = FailureKind::protocol;
    failure.description = "the token endpoint answered HTTP " + std::to_string(response.status) +
                          " without an OAuth error";
    return Failure{failure};
  }
  failure.kind = FailureKind::oauth;
  if (const auto codes = body.find("error_codes"); codes != body.end() && codes->is_array()) {
    for (const auto& code : *codes) {
      if (code.is_number_integer()) {
        failure.error_codes.push_back(code.get<std::int64_t>());
      }
    }
  }
  failure.suberror = string_field(body, "suberror");
  failure.trace_id = string_field(body, "trace_id");
  failure.correlation_id = string_field(body, "correlation_id");
  failure.timestamp = string_field(body, "timestamp");
  failure.description = first_line(string_field(body, "error_description"));
  return Failure{failure};
}

bool is_refusal(const AuthFailure& failure) {
  return failure.kind == FailureKind::oauth && failure.http_status != 429 &&
         failure.http_status < 500;
}

std::string aadsts_list(const AuthFailure& failure) {
  std::string out;
  for (const auto code : failure.error_codes) {
    if (!out.empty()) {
      out += ", ";
    }
    out += "AADSTS" + std::to_string(code);
  }
  return out;
}

std::string describe(const AuthFailure& failure) {
  std::string text;
  if (!failure.error.empty()) {
    text += failure.error;
  }
  const std::string codes = aadsts_list(failure);
  if (!codes.empty()) {
    text += (text.empty() ? "" : " ") + codes;
  }
  if (!failure.tenant.empty()) {
    text += (text.empty() ? "tenant " : " in tenant ") + failure.tenant;
  }
  if (!failure.description.empty()) {
    text += (text.empty() ? "" : ": ") + failure.description;
  }
  std::string ids;
  if (!failure.trace_id.empty()) {
    ids += "trace id " + failure.trace_id;
  }
  if (!failure.correlation_id.empty()) {
    ids += (ids.empty() ? "" : ", ") + std::string("correlation id ") + failure.correlation_id;
  }
  if (!ids.empty()) {
    text += " (" + ids + ")";
  }
  return text;
}

}  // namespace gdap::auth
