#include "pseudonyms.hpp"

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/text.hpp"

#include <algorithm>
#include <utility>

namespace gdap::redact {

namespace {

constexpr std::string_view k_initial_domain_suffix = ".onmicrosoft.com";
// Every domain pseudonym ends in .example, a top-level domain reserved for examples (RFC 2606)
// that no tenant can own: such a domain was redacted already and stays.
constexpr std::string_view k_pseudonym_domain_suffix = ".example";

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         model::equals_ignoring_case(text.substr(text.size() - suffix.size()), suffix);
}

// Eight lower-case hexadecimal digits: the first group of a redacted GUID.
std::string hex_group(unsigned value) {
  constexpr std::string_view k_digits = "0123456789abcdef";
  std::string group(8, '0');
  for (auto place = group.rbegin(); place != group.rend() && value != 0; ++place, value >>= 4U) {
    *place = k_digits[value & 0xFU];
  }
  return group;
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::string first_word(std::string_view lowered) {
  std::size_t end = 0;
  while (end < lowered.size() && is_word_byte(lowered[end])) {
    ++end;
  }
  return std::string(lowered.substr(0, end));
}

}  // namespace

std::string numbered_label(std::string_view kind, std::size_t number) {
  std::string label(kind);
  label += '-';
  label += std::to_string(number);
  return label;
}

bool is_word_byte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || byte >= 0x80;
}

bool is_guid_at(std::string_view text, std::size_t at) {
  return at + k_guid_length <= text.size() && model::is_guid(text.substr(at, k_guid_length));
}

Pseudonyms::Pseudonyms() {
  for (const auto table : {model::known_roles(), model::known_applications(),
                           model::graph_application_permissions()}) {
    for (const auto& entry : table) {
      keep_guid(entry.id);
    }
  }
}

void Pseudonyms::remember(std::string lowered, std::string pseudonym) {
  m_issued.insert(model::lowercase(pseudonym));
  auto& bucket = m_by_first_word[first_word(lowered)];
  KnownText known{lowered, pseudonym};
  const auto place = std::find_if(bucket.begin(), bucket.end(), [&](const KnownText& other) {
    return other.lowered.size() < known.lowered.size();
  });
  bucket.insert(place, std::move(known));
  m_names.emplace(std::move(lowered), std::move(pseudonym));
}

std::string Pseudonyms::name(std::string_view original, const std::string& wanted) {
  if (original.empty()) {
    return {};
  }
  auto lowered = model::lowercase(original);
  if (const auto found = m_names.find(lowered); found != m_names.end()) {
    return found->second;
  }
  // A text that already is a pseudonym (a redacted snapshot redacted again) stays as it is.
  if (m_issued.contains(lowered)) {
    return std::string(original);
  }
  remember(std::move(lowered), wanted);
  return wanted;
}

const std::string* Pseudonyms::find(std::string_view original) const {
  const auto found = m_names.find(model::lowercase(original));
  return found == m_names.end() ? nullptr : &found->second;
}

std::size_t Pseudonyms::next(const std::string& kind) {
  return ++m_counters[kind];
}

std::string Pseudonyms::numbered(std::string_view original, const std::string& kind) {
  if (original.empty()) {
    return {};
  }
  if (const auto found = m_names.find(model::lowercase(original)); found != m_names.end()) {
    return found->second;
  }
  return name(original, numbered_label(kind, next(kind)));
}

std::string Pseudonyms::domain(std::string_view original, const std::string& owner) {
  if (original.empty()) {
    return {};
  }
  if (const auto found = m_names.find(model::lowercase(original)); found != m_names.end()) {
    return found->second;
  }
  if (ends_with_ignoring_case(original, k_pseudonym_domain_suffix)) {
    m_issued.insert(model::lowercase(original));
    return std::string(original);
  }
  const bool initial = ends_with_ignoring_case(original, k_initial_domain_suffix);
  const auto count = next(owner + (initial ? " initial domain" : " domain"));
  auto pseudonym = count == 1 ? owner : numbered_label(owner, count);
  pseudonym += initial ? ".onmicrosoft" : "";
  pseudonym += k_pseudonym_domain_suffix;
  return name(original, pseudonym);
}

std::string Pseudonyms::other_domain(std::string_view original) {
  return domain(original, numbered_label("domain", next("domain")));
}

std::string Pseudonyms::mail(std::string_view original) {
  if (const auto found = m_names.find(model::lowercase(original)); found != m_names.end()) {
    return found->second;
  }
  if (m_issued.contains(model::lowercase(original))) {
    return std::string(original);
  }
  const auto at = original.rfind('@');
  const auto host = original.substr(at + 1);
  std::string domain_pseudonym;
  if (const auto found = m_names.find(model::lowercase(host)); found != m_names.end()) {
    domain_pseudonym = found->second;
  } else if (m_issued.contains(model::lowercase(host))) {
    domain_pseudonym = model::lowercase(host);
  } else {
    domain_pseudonym = other_domain(host);
  }
  auto pseudonym = numbered_label("user", next("User"));
  pseudonym += '@';
  pseudonym += domain_pseudonym;
  return name(original, pseudonym);
}

void Pseudonyms::keep_guid(std::string_view id) {
  if (model::is_guid(id)) {
    m_kept_guids.insert(model::lowercase(id));
  }
}

std::string Pseudonyms::guid(std::string_view original) {
  auto lowered = model::lowercase(original);
  if (m_kept_guids.contains(lowered) || m_guids_issued.contains(lowered)) {
    return lowered;
  }
  if (const auto found = m_guids.find(lowered); found != m_guids.end()) {
    return found->second;
  }
  const auto last = lowered.substr(k_guid_length - 12);
  std::string redacted;
  for (unsigned counter = 0;; ++counter) {
    redacted = hex_group(counter);
    redacted += "-0000-0000-0000-";
    redacted += last;
    if (!m_guids_issued.contains(redacted) && !m_kept_guids.contains(redacted)) {
      break;
    }
  }
  m_guids_issued.insert(redacted);
  m_guids.emplace(lowered, redacted);
  return redacted;
}

std::string Pseudonyms::id(std::string_view original) {
  if (original.empty()) {
    return {};
  }
  std::string out;
  bool had_guid = false;
  for (std::size_t i = 0; i < original.size();) {
    const bool boundary = i == 0 || !is_hex(original[i - 1]);
    if (boundary && is_guid_at(original, i)) {
      out += guid(original.substr(i, k_guid_length));
      i += k_guid_length;
      had_guid = true;
    } else {
      out += original[i++];
    }
  }
  if (had_guid) {
    return out;
  }
  return numbered(original, "id");
}

}  // namespace gdap::redact
