#pragma once

// The table behind one redaction: which pseudonym each name, domain, mail address and id got, in
// order of appearance, and the scan that applies it to free text.

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gdap::redact {

class Pseudonyms {
 public:
  Pseudonyms();

  // The pseudonym of a name (any letter case) if it has one, else registers `wanted`. Empty
  // stays empty. Every later mention of the name in free text is replaced too.
  std::string name(std::string_view original, const std::string& wanted);
  // The pseudonym a name already has, or null.
  const std::string* find(std::string_view original) const;
  // The next number of a kind of thing ("Group" → 1, 2, ...).
  std::size_t next(const std::string& kind);
  // Registers a name under a numbered pseudonym of its kind ("Group-4") unless it has one.
  std::string numbered(std::string_view original, const std::string& kind);

  // A domain under the names of its owner: "customer-3.example", then "customer-3-2.example";
  // an initial domain (*.onmicrosoft.com) "customer-3.onmicrosoft.example".
  std::string domain(std::string_view original, const std::string& owner);
  // A domain no tenant lists (in a mail address or free text): "domain-N.example".
  std::string other_domain(std::string_view original);
  // "user-4@<the domain's pseudonym>" (a domain not seen before becomes "domain-N.example").
  std::string mail(std::string_view original);

  // A GUID keeps its last segment: 00000000-0000-0000-0000-<last 12>. Ids kept whole (Microsoft's
  // published ones) stay as they are.
  std::string guid(std::string_view original);
  void keep_guid(std::string_view id);
  // Any id: each GUID inside replaced (a relationship id is two), else "id-N".
  std::string id(std::string_view original);

  // Free text with every known name and all mail addresses, foreign host names and GUIDs
  // replaced (free_text.cpp).
  std::string scrub(std::string_view text);

 private:
  struct KnownText {
    std::string lowered;
    std::string pseudonym;
  };
  void remember(std::string lowered, std::string pseudonym);
  const KnownText* known_at(std::string_view text, std::size_t at) const;
  std::size_t scrub_token(std::string_view text, std::size_t at, std::string& out);

  std::map<std::string, std::string> m_names;  // lower-case original → pseudonym
  std::set<std::string> m_issued;              // lower-case pseudonyms handed out
  std::map<std::string, std::size_t> m_counters;
  // Known names by their first word (lower case), longest first, for the free-text scan.
  std::unordered_map<std::string, std::vector<KnownText>> m_by_first_word;
  std::map<std::string, std::string> m_guids;  // lower-case original → redacted
  std::set<std::string> m_guids_issued;
  std::set<std::string> m_kept_guids;
};

// "Customer-3": a kind and its number.
std::string numbered_label(std::string_view kind, std::size_t number);

// ASCII letters and digits, and every byte of a multi-byte UTF-8 character: what names are made
// of, so a match never starts or ends inside a word.
bool is_word_byte(char c);
bool is_guid_at(std::string_view text, std::size_t at);

inline constexpr std::size_t k_guid_length = 36;

}  // namespace gdap::redact
