#pragma once

// The error catalogue: every status and error message an integration, Microsoft Entra sign-in,
// Microsoft Graph or Partner Center shows, with what it means for GDAP, its likely causes, the
// fix, the rules that detect it and the gdapcheck command that confirms it. Data in
// rules/errors/*.json (one file per family), loaded and strictly validated like rules: every
// problem is collected with the file and JSON path before the load fails.

#include "gdapcheck/model/json_reader.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::errors {

struct Entry {
  std::string id;  // "<family>.<name>", e.g. "aadsts.50020", "syncro.consent-failure"
  std::string title;
  // How the entry is recognised in pasted text (case, punctuation and line breaks ignored):
  std::vector<std::string> codes;    // identifiers, alone enough: "AADSTS50020", "900421"
  std::vector<std::string> phrases;  // message fragments, each alone enough
  std::vector<std::vector<std::string>> phrase_sets;  // all of a set, close together
  std::vector<std::string> exactly;  // recognised only as the whole text ("Expired")
  // A broad status (HTTP 403, an OAuth error word) shown only when nothing more specific matched.
  bool generic = false;
  std::string meaning;
  std::vector<std::string> causes;  // most likely first
  std::vector<std::string> fix;     // templates: {tenant|fallback}, {customer}, {appId}, ...
  std::vector<std::string> rule_ids;
  std::string confirm;  // template of one gdapcheck command
  std::vector<std::string> references;
  std::string source;  // file it came from
};

struct Family {
  std::string name;  // the file name and the id prefix of its entries
  std::string title;
};

struct Catalogue {
  std::vector<Family> families;  // sorted by name
  std::vector<Entry> entries;    // sorted by id, numbers by value (aadsts.50020 < aadsts.500011)

  const Entry* find(std::string_view id) const;
  // The entry recognising this code ("AADSTS50020", "aadsts50020", "50020" for AADSTS codes,
  // "Authorization_RequestDenied"), case-insensitively; null when none does.
  const Entry* find_code(std::string_view code) const;
  // Entries whose ruleIds name `rule_id`, in id order.
  std::vector<const Entry*> linked_to_rule(std::string_view rule_id) const;
};

// Placeholders a fix step or confirm command may use; filled from the evidence of the text.
const std::vector<std::string_view>& template_keys();

// Parses one catalogue file (`family` is its file name without .json). When `known_rule_ids`
// is given, every ruleIds element must be one of them. Returns nullopt and adds problems when
// the file is invalid.
std::optional<std::vector<Entry>> parse_catalogue_file(
    std::string_view text, std::string_view source, std::string_view family,
    const std::vector<std::string>* known_rule_ids, std::vector<model::Problem>& problems,
    std::string* family_title = nullptr);

// Loads every `*.json` in `directory` (rules/errors). Checks across files too: an id or a code
// belongs to one entry only. Throws gdap::InputError listing every problem of every file, or
// when the directory does not exist.
Catalogue load_catalogue(const std::filesystem::path& directory,
                         const std::vector<std::string>& known_rule_ids);

// The rule ids a rules directory holds, from its file names (a rule file is named after its id),
// without parsing them: enough to check a catalogue's ruleIds when only the catalogue is needed.
std::vector<std::string> rule_ids_in(const std::filesystem::path& rules_directory);

}  // namespace gdap::errors
