#pragma once

// Small URL helpers: enough parsing to enforce the "https, or http to loopback only" rule and to
// build application/x-www-form-urlencoded bodies. Not a general URL library.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gdap::http {

struct Url {
  std::string scheme;  // lower-cased
  std::string host;    // lower-cased, IPv6 without brackets
  std::optional<int> port;
  std::string path;  // path plus query, "/" when empty
};

// Parse an absolute http(s)-style URL; nullopt when it is not one.
std::optional<Url> parse_url(std::string_view text);

// True for localhost, 127.0.0.0/8 and ::1.
bool is_loopback_host(std::string_view host);

// Return why `url` may not be used (nullopt when it is fine): only https, or http to loopback.
std::optional<std::string> check_url_allowed(std::string_view url_text);

// Percent-encode for a form body or query value (RFC 3986 unreserved characters stay).
std::string percent_encode(std::string_view text);

// Decode a percent-encoded form value ('+' is a space).
std::string percent_decode(std::string_view text);

using FormFields = std::vector<std::pair<std::string, std::string>>;

// Build an application/x-www-form-urlencoded body.
std::string form_encode(const FormFields& fields);

// Split an application/x-www-form-urlencoded body (or query string) into fields.
FormFields form_decode(std::string_view body);

// Remove trailing slashes, so "https://host/" + "/tenant" does not double them.
std::string trim_trailing_slashes(std::string_view text);

}  // namespace gdap::http
