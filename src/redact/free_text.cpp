// The free-text scan of a redaction: one pass from left to right that, at the start of every
// word, replaces a GUID, a known name, a mail address or a host name, and copies anything else.
#include "pseudonyms.hpp"

#include "gdapcheck/model/text.hpp"

#include <algorithm>
#include <array>

namespace gdap::redact {

namespace {

// Hosts of Microsoft's own services: they say which endpoint answered, never whose tenant it was.
// Tenant-specific hosts under Microsoft's domains (contoso.sharepoint.com,
// contoso.onmicrosoft.com) are not here and are replaced like any other.
constexpr std::array<std::string_view, 8> k_microsoft_domains{"microsoft.com",
                                                              "microsoft.us",
                                                              "microsoftonline.com",
                                                              "microsoftonline.us",
                                                              "microsoftonline.cn",
                                                              "chinacloudapi.cn",
                                                              "aka.ms",
                                                              "azure.com"};
constexpr std::array<std::string_view, 5> k_microsoft_hosts{
    "sts.windows.net", "login.windows.net", "graph.windows.net", "management.core.windows.net",
    "onmicrosoft.com"};
// Dotted words that are not hosts: OData type and annotation names in Graph's messages.
constexpr std::array<std::string_view, 2> k_dotted_names{"microsoft.", "odata."};

bool is_mail_byte(char c) {
  return is_word_byte(c) || c == '.' || c == '-' || c == '_' || c == '%' || c == '+' || c == '@';
}

bool is_lower_letter(char c) {
  return c >= 'a' && c <= 'z';
}

// Labels of letters, digits and hyphens joined by dots, at least two, ending in a lower-case
// top-level domain of two letters or more ("User.Read.All" is a permission, not a host).
bool looks_like_host(std::string_view token) {
  const auto dot = token.rfind('.');
  if (dot == std::string_view::npos || dot == 0) {
    return false;
  }
  const auto top = token.substr(dot + 1);
  if (top.size() < 2 || !std::all_of(top.begin(), top.end(), is_lower_letter)) {
    return false;
  }
  bool label_empty = true;
  for (const char c : token.substr(0, dot)) {
    if (c == '.') {
      if (label_empty) {
        return false;
      }
      label_empty = true;
    } else if (is_word_byte(c) || c == '-') {
      label_empty = false;
    } else {
      return false;
    }
  }
  return !label_empty;
}

bool is_microsoft_host(std::string_view host) {
  const auto lowered = model::lowercase(host);
  const std::string_view view = lowered;
  const auto under = [&](std::string_view domain) {
    return view == domain || (view.size() > domain.size() && view.ends_with(domain) &&
                              view[view.size() - domain.size() - 1] == '.');
  };
  return std::ranges::any_of(k_dotted_names,
                             [&](std::string_view name) { return view.starts_with(name); }) ||
         std::ranges::find(k_microsoft_hosts, view) != k_microsoft_hosts.end() ||
         std::ranges::any_of(k_microsoft_domains, under);
}

}  // namespace

const Pseudonyms::KnownText* Pseudonyms::known_at(std::string_view text, std::size_t at) const {
  std::size_t end = at;
  while (end < text.size() && is_word_byte(text[end])) {
    ++end;
  }
  const auto bucket = m_by_first_word.find(model::lowercase(text.substr(at, end - at)));
  if (bucket == m_by_first_word.end()) {
    return nullptr;
  }
  for (const auto& known : bucket->second) {
    const auto size = known.lowered.size();
    if (at + size > text.size() ||
        !model::equals_ignoring_case(text.substr(at, size), known.lowered)) {
      continue;
    }
    const bool ends_in_word = is_word_byte(known.lowered.back());
    if (!ends_in_word || at + size == text.size() || !is_word_byte(text[at + size])) {
      return &known;
    }
  }
  return nullptr;
}

// A mail address or a host name starting at `at`: appends its replacement and returns its length,
// or returns 0 when there is none.
std::size_t Pseudonyms::scrub_token(std::string_view text, std::size_t at, std::string& out) {
  std::size_t end = at;
  while (end < text.size() && is_mail_byte(text[end])) {
    ++end;
  }
  while (end > at && (text[end - 1] == '.' || text[end - 1] == '-')) {
    --end;
  }
  const auto token = text.substr(at, end - at);
  const auto mark = token.find('@');
  if (mark != std::string_view::npos) {
    const auto host = token.substr(mark + 1);
    const bool mail = mark > 0 && host.find('@') == std::string_view::npos &&
                      host.find('.') != std::string_view::npos &&
                      host.find('_') == std::string_view::npos;
    if (!mail) {
      return 0;
    }
    out += this->mail(token);
    return token.size();
  }
  if (!looks_like_host(token)) {
    return 0;
  }
  const auto lowered = model::lowercase(token);
  if (is_microsoft_host(token) || m_issued.contains(lowered)) {
    out += token;
  } else if (const auto found = m_names.find(lowered); found != m_names.end()) {
    out += found->second;
  } else {
    out += other_domain(token);
  }
  return token.size();
}

std::string Pseudonyms::scrub(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const bool starts_word = i == 0 || !is_word_byte(text[i - 1]) || !is_word_byte(text[i]);
    if (!starts_word) {
      out += text[i++];
      continue;
    }
    if (is_guid_at(text, i) &&
        (i + k_guid_length == text.size() || !is_word_byte(text[i + k_guid_length]))) {
      out += guid(text.substr(i, k_guid_length));
      i += k_guid_length;
      continue;
    }
    if (const auto* known = known_at(text, i)) {
      out += known->pseudonym;
      i += known->lowered.size();
      continue;
    }
    if (const auto length = scrub_token(text, i, out); length > 0) {
      i += length;
      continue;
    }
    // Nothing here: copy the word whole (no match can start inside it), or the one sign.
    do {
      out += text[i++];
    } while (i < text.size() && is_word_byte(text[i - 1]) && is_word_byte(text[i]));
  }
  return out;
}

}  // namespace gdap::redact
