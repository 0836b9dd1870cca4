#include "gdapcheck/http/url.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>

namespace gdap::http {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Dotted-quad IPv4 with exactly four decimal parts, each 0..255.
std::optional<std::array<int, 4>> parse_ipv4(std::string_view text) {
  std::array<int, 4> parts{};
  std::size_t index = 0;
  const char* cursor = text.data();
  const char* end = text.data() + text.size();
  while (index < parts.size()) {
    int value = 0;
    auto [next, ec] = std::from_chars(cursor, end, value);
    if (ec != std::errc() || next == cursor || next - cursor > 3 || value > 255) {
      return std::nullopt;
    }
    parts.at(index++) = value;
    cursor = next;
    if (index < parts.size()) {
      if (cursor == end || *cursor != '.') {
        return std::nullopt;
      }
      ++cursor;
    }
  }
  if (cursor != end) {
    return std::nullopt;
  }
  return parts;
}

}  // namespace

std::optional<Url> parse_url(std::string_view text) {
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) {
    return std::nullopt;
  }
  Url url;
  url.scheme = lower(text.substr(0, scheme_end));
  std::string_view rest = text.substr(scheme_end + 3);
  const auto authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  url.path =
      authority_end == std::string_view::npos ? "/" : std::string(rest.substr(authority_end));
  if (!url.path.empty() && url.path.front() != '/') {
    url.path.insert(0, 1, '/');
  }
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);  // userinfo is never ours to use; the host decides
  }
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    url.host = lower(authority.substr(1, close - 1));
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        return std::nullopt;
      }
      port_text = after.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      authority = authority.substr(0, colon);
    }
    url.host = lower(authority);
  }
  if (url.host.empty()) {
    return std::nullopt;
  }
  if (!port_text.empty()) {
    int port = 0;
    auto [next, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || next != port_text.data() + port_text.size() || port <= 0 ||
        port > 65535) {
      return std::nullopt;
    }
    url.port = port;
  }
  return url;
}

bool is_loopback_host(std::string_view host) {
  const std::string name = lower(host);
  if (name == "localhost" || name == "localhost." || name == "::1" || name == "[::1]") {
    return true;
  }
  const auto ipv4 = parse_ipv4(name);
  return ipv4 && ipv4->front() == 127;
}

std::optional<std::string> check_url_allowed(std::string_view url_text) {
  const auto url = parse_url(url_text);
  if (!url) {
    return std::string("not an absolute URL: ") + std::string(url_text);
  }
  if (url->scheme == "https") {
    return std::nullopt;
  }
  if (url->scheme == "http") {
    if (is_loopback_host(url->host)) {
      return std::nullopt;
    }
    return "plain http:// is only allowed for loopback hosts (127.0.0.1, ::1, localhost); use "
           "https:// for " +
           url->host;
  }
  return "unsupported URL scheme '" + url->scheme + "' (use https://)";
}

std::string percent_encode(std::string_view text) {
  static constexpr std::string_view k_hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (const char ch : text) {
    const auto byte = static_cast<unsigned char>(ch);
    if (std::isalnum(byte) != 0 || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(k_hex.at(byte >> 4U));
      out.push_back(k_hex.at(byte & 0x0FU));
    }
  }
  return out;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == '+') {
      out.push_back(' ');
    } else if (ch == '%' && i + 2 < text.size()) {
      unsigned value = 0;
      auto [next, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (ec == std::errc() && next == text.data() + i + 3) {
        out.push_back(static_cast<char>(value));
        i += 2;
      } else {
        out.push_back(ch);
      }
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

std::string form_encode(const FormFields& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) {
      out.push_back('&');
    }
    out += percent_encode(name);
    out.push_back('=');
    out += percent_encode(value);
  }
  return out;
}

FormFields form_decode(std::string_view body) {
  FormFields fields;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (pair.empty()) {
      continue;
    }
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) {
      fields.emplace_back(percent_decode(pair), std::string());
    } else {
      fields.emplace_back(percent_decode(pair.substr(0, eq)), percent_decode(pair.substr(eq + 1)));
    }
  }
  return fields;
}

std::string trim_trailing_slashes(std::string_view text) {
  while (!text.empty() && text.back() == '/') {
    text.remove_suffix(1);
  }
  return std::string(text);
}

}  // namespace gdap::http
