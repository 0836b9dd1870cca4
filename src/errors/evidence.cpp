// Evidence: what a pasted error says about where it happened. Every scan looks at a bounded
// window around a character it visits once, so the whole is linear in the text.
#include "evidence.hpp"

#include "text.hpp"

#include "gdapcheck/model/text.hpp"

#include <algorithm>
#include <array>

namespace gdap::errors::detail {

namespace {

constexpr std::size_t k_most_values = 20;  // per list: a 50 MB log must not make a 50 MB answer

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_word_char(char c) {
  return is_word_byte(static_cast<unsigned char>(c));
}

std::string lowercase(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    out += lower(c);
  }
  return out;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

void add_unique(std::vector<std::string>& list, std::string value) {
  if (list.size() >= k_most_values) {
    return;
  }
  const bool seen = std::any_of(list.begin(), list.end(), [&](const std::string& existing) {
    return same_ignoring_case(existing, value);
  });
  if (!seen) {
    list.push_back(std::move(value));
  }
}

// std::string::rfind compares at every position; testing the first byte first is many times
// faster, and this runs for every GUID of the paste.
std::size_t last_occurrence(std::string_view text, std::string_view word) {
  if (word.empty() || word.size() > text.size()) {
    return std::string_view::npos;
  }
  for (std::size_t at = text.size() - word.size() + 1; at-- > 0;) {
    if (text[at] == word.front() && text.substr(at, word.size()) == word) {
      return at;
    }
  }
  return std::string_view::npos;
}

// What a GUID is, judged by the words just before it.
enum class GuidRole { none, home_tenant, tenant, app, trace, correlation, request };

GuidRole role_from_context(std::string_view before) {
  const auto context = lowercase(before);
  struct Clue {
    std::string_view text;
    GuidRole role;
  };
  // Hosts first: a tenant id in a sign-in URL says which tenant; sts.windows.net names the
  // identity provider, i.e. the account's home (partner) tenant, not the one refusing it.
  static constexpr std::array<Clue, 24> k_clues{{
      {"sts.windows.net/", GuidRole::home_tenant},
      {"login.microsoftonline.com/", GuidRole::tenant},
      {"login.microsoftonline.us/", GuidRole::tenant},
      {"login.chinacloudapi.cn/", GuidRole::tenant},
      {"login.windows.net/", GuidRole::tenant},
      {"login.microsoft.com/", GuidRole::tenant},
      {"tenant", GuidRole::tenant},
      {"\"tid\"", GuidRole::tenant},
      {"directory", GuidRole::tenant},
      {"application", GuidRole::app},
      {"app id", GuidRole::app},
      {"appid", GuidRole::app},
      {"app_id", GuidRole::app},
      {"client_id", GuidRole::app},
      {"clientid", GuidRole::app},
      {"client id", GuidRole::app},
      {"identifier", GuidRole::app},
      {"trace", GuidRole::trace},
      {"correlation", GuidRole::correlation},
      {"client-request-id", GuidRole::none},
      {"client request id", GuidRole::none},
      {"request-id", GuidRole::request},
      {"request id", GuidRole::request},
      {"requestid", GuidRole::request},
  }};
  GuidRole role = GuidRole::none;
  std::size_t nearest = 0;
  bool found = false;
  for (const auto& clue : k_clues) {
    const auto at = last_occurrence(context, clue.text);
    if (at == std::string::npos) {
      continue;
    }
    const auto end = at + clue.text.size();
    if (!found || end > nearest) {
      nearest = end;
      role = clue.role;
      found = true;
    }
  }
  return role;
}

void read_guids(std::string_view text, Evidence& evidence) {
  constexpr std::size_t k_guid_length = 36;
  constexpr std::size_t k_context = 40;
  std::size_t context_start = 0;  // never look back past the previous GUID or line
  for (std::size_t i = 0; i + k_guid_length <= text.size(); ++i) {
    if (text[i] == '\n') {
      context_start = i + 1;
      continue;
    }
    if (!is_hex(text[i]) || (i > 0 && (is_word_char(text[i - 1]) || text[i - 1] == '-'))) {
      continue;
    }
    const auto candidate = text.substr(i, k_guid_length);
    const bool bounded = i + k_guid_length == text.size() ||
                         (!is_word_char(text[i + k_guid_length]) && text[i + k_guid_length] != '-');
    if (!bounded || !model::is_guid(candidate)) {
      continue;
    }
    const auto from = std::max(context_start, i > k_context ? i - k_context : 0);
    const auto role = role_from_context(text.substr(from, i - from));
    std::string id(candidate);
    switch (role) {
      case GuidRole::home_tenant:
        add_unique(evidence.tenant_ids, id);
        break;
      case GuidRole::tenant:
        add_unique(evidence.tenant_ids, id);
        if (evidence.target_tenant_id.empty()) {
          evidence.target_tenant_id = lowercase(id);
        }
        break;
      case GuidRole::app:
        add_unique(evidence.app_ids, id);
        break;
      case GuidRole::trace:
        evidence.trace_id = evidence.trace_id.empty() ? id : evidence.trace_id;
        break;
      case GuidRole::correlation:
        evidence.correlation_id = evidence.correlation_id.empty() ? id : evidence.correlation_id;
        break;
      case GuidRole::request:
        evidence.request_id = evidence.request_id.empty() ? id : evidence.request_id;
        break;
      case GuidRole::none:
        break;
    }
    i += k_guid_length - 1;
    context_start = i + 1;
  }
}

bool placeholder_name(std::string_view name) {
  static constexpr std::array<std::string_view, 6> k_not_customers{
      "common", "organizations", "consumers", "{tenant}", "tenant", "tenant name"};
  const auto lowered = lowercase(name);
  return name.empty() || std::find(k_not_customers.begin(), k_not_customers.end(), lowered) !=
                             k_not_customers.end();
}

void add_tenant_name(Evidence& evidence, std::string_view raw) {
  std::string_view name = raw;
  while (!name.empty() && (name.back() == '.' || name.back() == ',' || name.back() == ';' ||
                           name.back() == ')' || name.back() == ' ')) {
    name.remove_suffix(1);
  }
  while (!name.empty() && name.front() == ' ') {
    name.remove_prefix(1);
  }
  constexpr std::size_t k_longest_name = 128;
  if (placeholder_name(name) || name.size() > k_longest_name || name == k_hidden) {
    return;
  }
  if (model::is_guid(name)) {
    add_unique(evidence.tenant_ids, std::string(name));
    if (evidence.target_tenant_id.empty()) {
      evidence.target_tenant_id = lowercase(name);
    }
    return;
  }
  add_unique(evidence.tenant_names, std::string(name));
  if (evidence.target_tenant_name.empty()) {
    evidence.target_tenant_name = std::string(name);
  }
}

// The name after `at`: 'quoted' or "quoted" on the same line, or one unquoted word.
void read_name_at(std::string_view text, std::size_t at, bool unquoted_too, Evidence& evidence) {
  std::size_t i = at;
  while (i < text.size() && (text[i] == ' ' || text[i] == '+')) {
    ++i;
  }
  if (i >= text.size()) {
    return;
  }
  constexpr std::size_t k_longest_quoted = 256;
  if (text[i] == '\'' || text[i] == '"') {
    const char quote = text[i];
    for (std::size_t j = i + 1; j < text.size() && j - i < k_longest_quoted; ++j) {
      if (text[j] == '\n') {
        return;
      }
      if (text[j] == quote) {
        add_tenant_name(evidence, text.substr(i + 1, j - i - 1));
        return;
      }
    }
    return;
  }
  if (unquoted_too) {
    std::size_t j = i;
    while (j < text.size() && j - i < k_longest_quoted && text[j] != ' ' && text[j] != '\n' &&
           text[j] != '\'' && text[j] != '"') {
      ++j;
    }
    add_tenant_name(evidence, text.substr(i, j - i));
  }
}

bool word_at(std::string_view text, std::size_t at, std::string_view word) {
  if (at + word.size() > text.size() || (at > 0 && is_word_char(text[at - 1]))) {
    return false;
  }
  if (at + word.size() < text.size() && is_word_char(text[at + word.size()])) {
    return false;
  }
  return equals_lowercase(text.substr(at, word.size()), word);
}

// "in tenant 'Contoso'", "the tenant named contoso.com", "organization \"Contoso\"", and the
// tenant segment of a sign-in URL (login.microsoftonline.com/contoso.com/oauth2).
void read_tenant_names(std::string_view text, Evidence& evidence) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = lower(text[i]);
    if (c == 't' && word_at(text, i, "tenant")) {
      std::size_t after = i + 6;
      if (word_at(text, after + 1, "named")) {
        read_name_at(text, after + 6, true, evidence);
      } else {
        read_name_at(text, after, false, evidence);
      }
    } else if (c == 'o' && word_at(text, i, "organization")) {
      read_name_at(text, i + 12, false, evidence);
    } else if (c == 'l' && text.substr(i, 6) == "login." && (i == 0 || text[i - 1] == '/')) {
      constexpr std::size_t k_longest_host = 40;
      const auto within = text.substr(i, k_longest_host).find('/');
      if (within == std::string_view::npos) {
        continue;
      }
      const auto slash = i + within;
      std::size_t end = slash + 1;
      while (end < text.size() && end - slash < 256 && text[end] != '/' && text[end] != ' ' &&
             text[end] != '\n' && text[end] != '?') {
        ++end;
      }
      const auto segment = text.substr(slash + 1, end - slash - 1);
      if (end < text.size() && text[end] == '/' && segment.find('.') != std::string_view::npos &&
          !model::is_guid(segment)) {
        add_tenant_name(evidence, segment);
      }
    }
  }
}

bool is_local_part_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '.' || c == '_' ||
         c == '%' || c == '+' || c == '-';
}

bool is_domain_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '.' || c == '-';
}

void read_upns(std::string_view text, Evidence& evidence) {
  constexpr std::size_t k_longest_local = 64;
  constexpr std::size_t k_longest_domain = 253;
  for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    std::size_t begin = at;
    while (begin > 0 && at - begin < k_longest_local && is_local_part_char(text[begin - 1])) {
      --begin;
    }
    std::size_t end = at + 1;
    while (end < text.size() && end - at <= k_longest_domain && is_domain_char(text[end])) {
      ++end;
    }
    while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) {
      --end;
    }
    while (begin < at && text[begin] == '.') {
      ++begin;
    }
    const auto domain = text.substr(at + 1, end - at - 1);
    const auto dot = domain.rfind('.');
    if (begin == at || dot == std::string_view::npos || dot == 0 || domain.size() - dot < 3) {
      continue;
    }
    add_unique(evidence.upns, std::string(text.substr(begin, end - begin)));
  }
}

// "2026-11-20 09:00:12Z", "2026-11-20T09:00:12.123+00:00": its length at `at`, or 0.
std::size_t timestamp_length(std::string_view text, std::size_t at) {
  constexpr std::string_view k_shape = "dddd-dd-dd?dd:dd:dd";
  if (at + k_shape.size() > text.size()) {
    return 0;
  }
  for (std::size_t i = 0; i < k_shape.size(); ++i) {
    const char c = text[at + i];
    const char want = k_shape[i];
    const bool ok = want == 'd' ? is_digit(c) : want == '?' ? (c == ' ' || c == 'T') : c == want;
    if (!ok) {
      return 0;
    }
  }
  std::size_t end = at + k_shape.size();
  if (end < text.size() && text[end] == '.') {
    ++end;
    while (end < text.size() && is_digit(text[end]) && end - at < 32) {
      ++end;
    }
  }
  if (end < text.size() && text[end] == 'Z') {
    ++end;
  } else if (end + 6 <= text.size() && (text[end] == '+' || text[end] == '-') &&
             is_digit(text[end + 1]) && is_digit(text[end + 2]) && text[end + 3] == ':') {
    end += 6;
  }
  return end - at;
}

void read_timestamp(std::string_view text, Evidence& evidence) {
  std::string first;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_digit(text[i]) || (i > 0 && is_digit(text[i - 1]))) {
      continue;
    }
    const auto length = timestamp_length(text, i);
    if (length == 0) {
      continue;
    }
    const auto value = std::string(text.substr(i, length));
    constexpr std::size_t k_label_window = 16;
    const auto from = i > k_label_window ? i - k_label_window : 0;
    if (lowercase(text.substr(from, i - from)).find("timestamp") != std::string::npos) {
      evidence.timestamp = value;
      return;
    }
    if (first.empty()) {
      first = value;
    }
    i += length - 1;
  }
  evidence.timestamp = first;
}

bool is_http_status(int code) {
  return (code >= 400 && code <= 431) || code == 451 || (code >= 500 && code <= 511);
}

void read_http_status(std::string_view text, Evidence& evidence) {
  static constexpr std::array<std::string_view, 18> k_words{
      "http",        "status",    "error",         "bad request", "unauthorized",
      "forbidden",   "not found", "conflict",      "too many",    "server error",
      "unavailable", "gateway",   "dependency",    "not allowed", "precondition",
      "locked",      "payment",   "request failed"};
  constexpr std::size_t k_window = 24;
  for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
    if (!is_digit(text[i]) || !is_digit(text[i + 1]) || !is_digit(text[i + 2]) ||
        (i > 0 && is_word_char(text[i - 1])) ||
        (i + 3 < text.size() && is_word_char(text[i + 3]))) {
      continue;
    }
    const int code = (text[i] - '0') * 100 + (text[i + 1] - '0') * 10 + (text[i + 2] - '0');
    if (!is_http_status(code)) {
      continue;
    }
    const auto from = i > k_window ? i - k_window : 0;
    const auto around =
        lowercase(text.substr(from, i - from)) + " " + lowercase(text.substr(i + 3, k_window));
    const bool labelled = std::any_of(k_words.begin(), k_words.end(), [&](std::string_view word) {
      return around.find(word) != std::string::npos;
    });
    if (labelled) {
      evidence.http_status = code;
      return;
    }
  }
}

}  // namespace

Evidence evidence_from(std::string_view clean_text) {
  Evidence evidence;
  read_guids(clean_text, evidence);
  read_tenant_names(clean_text, evidence);
  read_upns(clean_text, evidence);
  read_timestamp(clean_text, evidence);
  read_http_status(clean_text, evidence);
  return evidence;
}

}  // namespace gdap::errors::detail
