// Masking credentials in pasted text: what `gdapcheck explain` reads must never hold, nor print
// back, a token, a client secret or a password.
#include "secrets.hpp"

#include "text.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

namespace gdap::errors::detail {

namespace {

// Characters of opaque credentials: base64, base64url, JWT segments, Entra client secrets.
bool is_secret_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/' || c == '_' || c == '=' || c == '.' || c == '~' || c == '-';
}

bool is_identifier_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// Keys whose value is a credential wherever it appears: JSON, form bodies, query strings, logs.
bool is_secret_key(std::string_view key) {
  static constexpr std::array<std::string_view, 22> k_keys{
      "access_token",     "refresh_token", "id_token",      "client_secret", "clientsecret",
      "client_assertion", "assertion",     "password",      "passwd",        "pwd",
      "secret",           "device_code",   "code_verifier", "api_key",       "apikey",
      "x_api_key",        "authorization", "auth_token",    "token",         "bearer_token",
      "private_key",      "sessionkey"};
  constexpr std::size_t k_longest_key = 16;
  if (key.size() < 3 || key.size() > k_longest_key) {
    return false;
  }
  std::array<char, k_longest_key> buffer{};
  for (std::size_t i = 0; i < key.size(); ++i) {
    buffer[i] = key[i] == '-' ? '_' : lower(key[i]);
  }
  const std::string_view normal(buffer.data(), key.size());
  // Cheap tests first: this runs for every word of the paste.
  return std::any_of(k_keys.begin(), k_keys.end(), [&](std::string_view candidate) {
    return candidate.size() == normal.size() && candidate.front() == normal.front() &&
           candidate == normal;
  });
}

struct ClassCount {
  bool upper = false;
  bool lower = false;
  bool digit = false;
};

ClassCount classes(std::string_view run) {
  ClassCount count;
  for (const char c : run) {
    count.upper = count.upper || (c >= 'A' && c <= 'Z');
    count.lower = count.lower || (c >= 'a' && c <= 'z');
    count.digit = count.digit || (c >= '0' && c <= '9');
  }
  return count;
}

// Whether a run of credential characters is a secret by its looks: a JWT, an Entra client secret
// (its value carries a '~'), or a long opaque blob such as a refresh token.
bool looks_secret(std::string_view run) {
  if (run.size() >= 16 && run.substr(0, 3) == "eyJ") {
    return true;
  }
  const auto kinds = classes(run);
  if (run.size() >= 30 && run.find('~') != std::string_view::npos && kinds.digit &&
      (kinds.upper || kinds.lower)) {
    return true;
  }
  // A long blob of mixed letters and digits, such as a refresh token. Judged per '/'-separated
  // segment, so a Graph path (/v1.0/tenantRelationships/<id>/...) is not taken for one.
  constexpr std::size_t k_shortest_blob = 48;
  std::size_t start = 0;
  while (start < run.size()) {
    auto slash = run.find('/', start);
    if (slash == std::string_view::npos) {
      slash = run.size();
    }
    const auto segment = run.substr(start, slash - start);
    const auto segment_kinds = classes(segment);
    if (segment.size() >= k_shortest_blob && segment_kinds.upper && segment_kinds.lower &&
        segment_kinds.digit) {
      return true;
    }
    start = slash + 1;
  }
  return false;
}

// The value after `key` ("key": "value", key=value, key: value): where it starts and ends, or
// begin == end when there is none.
std::pair<std::size_t, std::size_t> value_after_key(std::string_view text, std::size_t at) {
  std::size_t i = at;
  while (i < text.size() && (text[i] == '"' || text[i] == '\'' || text[i] == ' ')) {
    ++i;
  }
  if (i >= text.size() || (text[i] != ':' && text[i] != '=')) {
    return {at, at};
  }
  ++i;
  while (i < text.size() && text[i] == ' ') {
    ++i;
  }
  char quote = 0;
  if (i < text.size() && (text[i] == '"' || text[i] == '\'')) {
    quote = text[i];
    ++i;
  }
  const std::size_t begin = i;
  constexpr std::size_t k_longest_value = 65536;
  while (i < text.size() && i - begin < k_longest_value && text[i] != '\n') {
    const char c = text[i];
    if (quote != 0 ? c == quote
                   : (c == ' ' || c == '&' || c == ',' || c == ';' || c == '}' || c == '<' ||
                      c == ')' || c == ']' || c == '"' || c == '\'')) {
      break;
    }
    ++i;
  }
  const auto value = text.substr(begin, i - begin);
  if (value.empty() || value == "null" || value == "true" || value == "false") {
    return {at, at};
  }
  return {begin, i};
}

}  // namespace

std::size_t mask_secrets(std::string& text) {
  std::string out;
  out.reserve(text.size());
  std::size_t masked = 0;
  std::size_t i = 0;
  bool after_scheme_word = false;  // the previous word was Bearer or Basic
  while (i < text.size()) {
    if (!is_secret_byte(text[i])) {
      std::size_t gap_end = i;
      while (gap_end < text.size() && !is_secret_byte(text[gap_end])) {
        after_scheme_word = after_scheme_word && text[gap_end] == ' ';
        ++gap_end;
      }
      out.append(text, i, gap_end - i);
      i = gap_end;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_secret_byte(text[end])) {
      ++end;
    }
    const std::string_view run(text.data() + i, end - i);
    std::size_t identifier = 0;
    while (identifier < run.size() && is_identifier_byte(run[identifier])) {
      ++identifier;
    }
    if (identifier > 0 && is_secret_key(run.substr(0, identifier))) {
      const auto [begin, value_end] = value_after_key(text, i + identifier);
      if (value_end > begin) {
        out.append(text, i, begin - i);
        out += k_hidden;
        ++masked;
        const auto value = std::string_view(text).substr(begin, value_end - begin);
        after_scheme_word = value == "Bearer" || value == "bearer" || value == "Basic";
        i = value_end;
        continue;
      }
    }
    constexpr std::size_t k_shortest_secret = 16;  // shorter runs are words, ids, numbers
    const bool scheme_word = run == "Bearer" || run == "bearer" || run == "Basic" || run == "basic";
    if (run.size() < k_shortest_secret && !after_scheme_word) {
      out.append(run);
      after_scheme_word = scheme_word;
      i = end;
      continue;
    }
    const auto kinds = classes(run);
    const bool credential_after_scheme =
        after_scheme_word && run.size() >= 8 &&
        ((kinds.upper && kinds.lower) || kinds.digit || run.find('=') != std::string_view::npos);
    if (credential_after_scheme || looks_secret(run)) {
      out += k_hidden;
      ++masked;
      after_scheme_word = false;
    } else {
      out.append(run);
      after_scheme_word = scheme_word;
    }
    i = end;
  }
  text = std::move(out);
  return masked;
}

}  // namespace gdap::errors::detail
