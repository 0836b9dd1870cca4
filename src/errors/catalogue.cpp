#include "gdapcheck/errors/catalogue.hpp"

#include "fill.hpp"
#include "text.hpp"

#include "gdapcheck/error.hpp"
#include "gdapcheck/model/rule_id.hpp"
#include "gdapcheck/model/snapshot_json.hpp"
#include "gdapcheck/model/text.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace gdap::errors {

using model::JsonNode;
using model::Problem;

namespace {

constexpr std::size_t k_longest_phrase = 32;  // words; the recogniser looks back this far
constexpr std::size_t k_largest_phrase_set = 5;

bool lower_word(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

// Lower-case words of letters and digits joined by '-': a family name, an entry or rule name.
bool dashed_words(std::string_view family) {
  std::size_t start = 0;
  while (start <= family.size()) {
    auto dash = family.find('-', start);
    if (dash == std::string_view::npos) {
      dash = family.size();
    }
    if (!lower_word(family.substr(start, dash - start))) {
      return false;
    }
    start = dash + 1;
  }
  return true;
}

// "family.name": the file's family, a dot, then lower-case words joined by '-'.
bool valid_id(std::string_view id, std::string_view family) {
  const auto dot = id.find('.');
  return dot != std::string_view::npos && id.substr(0, dot) == family &&
         dashed_words(id.substr(dot + 1));
}

// A code is one identifier: AADSTS and digits, digits, or a word such as
// Authorization_RequestDenied or Microsoft.Skype...HttpResponseException.
std::string code_problem(std::string_view code) {
  if (code.empty()) {
    return "a code must not be empty";
  }
  const bool identifier = std::all_of(code.begin(), code.end(), [](char c) {
    return detail::is_word_byte(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
  if (!identifier) {
    std::string problem(1, '"');  // not "literal" + temporary: GCC 12 -O3 misreads it
    problem += code;
    problem +=
        "\" is not a code (one identifier: letters, digits, '_', '.', '-'); put message "
        "text in phrases";
    return problem;
  }
  if (detail::words(code).empty()) {
    return "\"" + std::string(code) + "\" has no letters or digits";
  }
  return {};
}

std::string phrase_problem(std::string_view phrase) {
  const auto words = detail::words(detail::decode(phrase));
  if (words.empty()) {
    return "a phrase needs words";
  }
  if (words.size() > k_longest_phrase) {
    return "a phrase of " + std::to_string(words.size()) + " words is too long (at most " +
           std::to_string(k_longest_phrase) + "): keep the distinctive part";
  }
  constexpr std::size_t k_shortest_single_word = 8;
  if (words.size() == 1 && words.front().size() < k_shortest_single_word) {
    return "\"" + std::string(phrase) +
           "\" alone would match too much text: use two words or more, or put it in exactly";
  }
  return {};
}

void check_plain_text(const JsonNode& node, std::string_view key, const std::string& text) {
  if (text.find('{') != std::string::npos || text.find('}') != std::string::npos) {
    node.problem_at(key, "placeholders belong in fix and confirm only");
  }
}

std::vector<std::string> non_empty_strings(const JsonNode& entry, std::string_view key,
                                           bool required) {
  if (required && !entry.required(key)) {
    return {};
  }
  auto values = entry.strings(key);
  if (const auto node = entry.child(key)) {
    if (required && node->json().is_array() && node->json().empty()) {
      node->problem("expected at least one");
    }
    node->for_each_element([](const JsonNode& element) {
      if (element.json().is_string() && element.json().get<std::string>().empty()) {
        element.problem("must not be empty");
      }
    });
  }
  return values;
}

void check_each(const JsonNode& node, std::string_view key,
                std::string (*problem_of)(std::string_view)) {
  node.for_each(key, [&](const JsonNode& element) {
    if (element.json().is_string()) {
      if (const auto problem = problem_of(element.json().get<std::string>()); !problem.empty()) {
        element.problem(problem);
      }
    }
  });
}

void parse_recognition(const JsonNode& node, Entry& entry) {
  entry.codes = node.strings("codes");
  check_each(node, "codes", code_problem);
  entry.phrases = node.strings("phrases");
  check_each(node, "phrases", phrase_problem);
  node.for_each("phraseSets", [&](const JsonNode& set) {
    if (!set.json().is_array() || set.json().size() < 2 ||
        set.json().size() > k_largest_phrase_set) {
      set.problem("a phrase set is an array of 2 to " + std::to_string(k_largest_phrase_set) +
                  " phrases that must all appear close together");
      return;
    }
    std::vector<std::string> phrases;
    set.for_each_element([&](const JsonNode& element) {
      if (!element.json().is_string()) {
        element.problem("expected a string, got " +
                        std::string(model::describe_type(element.json())));
        return;
      }
      const auto text = element.json().get<std::string>();
      const auto words = detail::words(detail::decode(text));
      if (words.empty() || words.size() > k_longest_phrase) {
        element.problem("a phrase needs 1 to " + std::to_string(k_longest_phrase) + " words");
      }
      phrases.push_back(text);
    });
    entry.phrase_sets.push_back(std::move(phrases));
  });
  entry.exactly = node.strings("exactly");
  node.for_each("exactly", [](const JsonNode& element) {
    if (element.json().is_string() &&
        detail::words(detail::decode(element.json().get<std::string>())).empty()) {
      element.problem("needs words");
    }
  });
  if (entry.codes.empty() && entry.phrases.empty() && entry.phrase_sets.empty() &&
      entry.exactly.empty()) {
    node.problem("the entry cannot be recognised: give codes, phrases, phraseSets or exactly");
  }
}

void parse_templates(const JsonNode& node, Entry& entry) {
  entry.fix = non_empty_strings(node, "fix", true);
  node.for_each("fix", [](const JsonNode& element) {
    if (element.json().is_string()) {
      if (const auto problem = detail::template_problem(element.json().get<std::string>());
          !problem.empty()) {
        element.problem(problem);
      }
    }
  });
  entry.confirm = node.string("confirm");
  if (!entry.confirm.empty()) {
    // {signInCommand|...} is itself a gdapcheck command: the login of the account in use.
    if (entry.confirm.rfind("gdapcheck ", 0) != 0 &&
        entry.confirm.rfind("{signInCommand|gdapcheck ", 0) != 0) {
      node.problem_at("confirm",
                      "expected one gdapcheck command (\"gdapcheck tenant {customer}\" "
                      "or \"{signInCommand|gdapcheck login}\")");
    } else if (const auto problem = detail::template_problem(entry.confirm); !problem.empty()) {
      node.problem_at("confirm", problem);
    }
  }
}

std::optional<Entry> parse_entry(const JsonNode& node, std::string_view family,
                                 const std::vector<std::string>* known_rule_ids) {
  if (!node.expect_object()) {
    return std::nullopt;
  }
  node.allow_only({"id", "title", "codes", "phrases", "phraseSets", "exactly", "generic", "meaning",
                   "causes", "fix", "ruleIds", "confirm", "references"});
  Entry entry;
  entry.id = node.string("id");
  if (!entry.id.empty() && !valid_id(entry.id, family)) {
    node.problem_at("id", "\"" + entry.id + "\" is not an entry id of this file (" +
                              std::string(family) + ". then lower-case words joined by '-', e.g. " +
                              std::string(family) + ".consent-failure)");
  }
  entry.title = node.string("title");
  check_plain_text(node, "title", entry.title);
  parse_recognition(node, entry);
  entry.generic = node.boolean("generic", false);
  entry.meaning = node.string("meaning");
  check_plain_text(node, "meaning", entry.meaning);
  entry.causes = non_empty_strings(node, "causes", true);
  for (const auto& cause : entry.causes) {
    check_plain_text(node, "causes", cause);
  }
  parse_templates(node, entry);
  entry.rule_ids = node.strings("ruleIds");
  node.for_each("ruleIds", [&](const JsonNode& element) {
    if (!element.json().is_string()) {
      return;
    }
    const auto id = element.json().get<std::string>();
    if (!model::is_rule_id(id)) {
      element.problem("\"" + model::echoed(id) + "\" is not a rule id");
    } else if (known_rule_ids != nullptr &&
               std::find(known_rule_ids->begin(), known_rule_ids->end(), id) ==
                   known_rule_ids->end()) {
      element.problem(model::unknown_rule_message(id, *known_rule_ids));
    }
  });
  entry.references = non_empty_strings(node, "references", true);
  node.for_each("references", [](const JsonNode& reference) {
    if (reference.json().is_string() &&
        reference.json().get<std::string>().rfind("https://", 0) != 0) {
      reference.problem("references must be https:// links");
    }
  });
  return entry;
}

// The key a code is known by: AADSTS50020, aadsts50020 and 50020 are one code.
std::string code_key(std::string_view code) {
  std::string key;
  for (const char c : code) {
    key += detail::lower(c);
  }
  if (key.size() > 6 && key.rfind("aadsts", 0) == 0 &&
      std::all_of(key.begin() + 6, key.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    key.erase(0, 6);
  }
  return key;
}

// Ids in the order a person expects: aadsts.9001023 after aadsts.90002, not before 90099.
bool natural_less(std::string_view a, std::string_view b) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      const auto a_end =
          std::find_if_not(a.begin() + static_cast<std::ptrdiff_t>(i), a.end(), digit) - a.begin();
      const auto b_end =
          std::find_if_not(b.begin() + static_cast<std::ptrdiff_t>(j), b.end(), digit) - b.begin();
      const auto a_number = a.substr(i, static_cast<std::size_t>(a_end) - i);
      const auto b_number = b.substr(j, static_cast<std::size_t>(b_end) - j);
      if (a_number.size() != b_number.size()) {
        return a_number.size() < b_number.size();
      }
      if (a_number != b_number) {
        return a_number < b_number;
      }
      i = static_cast<std::size_t>(a_end);
      j = static_cast<std::size_t>(b_end);
      continue;
    }
    if (a[i] != b[j]) {
      return a[i] < b[j];
    }
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

}  // namespace

const std::vector<std::string_view>& template_keys() {
  static const std::vector<std::string_view> keys{
      "tenant",        "customer",  "tenantId",   "appId",     "upn",          "traceId",
      "correlationId", "requestId", "httpStatus", "timestamp", "signInCommand"};
  return keys;
}

const Entry* Catalogue::find(std::string_view id) const {
  const auto found = std::find_if(entries.begin(), entries.end(),
                                  [&](const Entry& entry) { return entry.id == id; });
  return found == entries.end() ? nullptr : &*found;
}

const Entry* Catalogue::find_code(std::string_view code) const {
  const auto key = code_key(code);
  for (const auto& entry : entries) {
    for (const auto& candidate : entry.codes) {
      if (code_key(candidate) == key) {
        return &entry;
      }
    }
  }
  return nullptr;
}

std::vector<const Entry*> Catalogue::linked_to_rule(std::string_view rule_id) const {
  std::vector<const Entry*> linked;
  for (const auto& entry : entries) {
    if (std::find(entry.rule_ids.begin(), entry.rule_ids.end(), rule_id) != entry.rule_ids.end()) {
      linked.push_back(&entry);
    }
  }
  return linked;
}

std::optional<std::vector<Entry>> parse_catalogue_file(
    std::string_view text, std::string_view source, std::string_view family,
    const std::vector<std::string>* known_rule_ids, std::vector<Problem>& problems,
    std::string* family_title) {
  const std::size_t before = problems.size();
  const auto document = model::parse_json_object(text, problems);
  if (!document) {
    return std::nullopt;
  }
  const JsonNode root(*document, "", problems);
  root.allow_only({"$schema", "family", "title", "entries"});
  const auto declared = root.string("family");
  if (!dashed_words(family)) {
    root.problem("the file name \"" + std::string(family) +
                 "\" is not a family name (lower-case words joined by '-')");
  } else if (root.has("family") && declared != family) {
    root.problem_at("family", "\"" + declared + "\" must match the file name (" +
                                  std::string(family) + ".json)");
  }
  const auto title = root.string("title");
  if (family_title != nullptr) {
    *family_title = title;
  }
  std::vector<Entry> entries;
  if (const auto list = root.required("entries")) {
    if (!list->json().is_array() || list->json().empty()) {
      list->problem("expected a non-empty array of entries");
    } else {
      list->for_each_element([&](const JsonNode& node) {
        if (auto entry = parse_entry(node, family, known_rule_ids)) {
          entry->source = std::string(source);
          entries.push_back(std::move(*entry));
        }
      });
    }
  }
  if (problems.size() != before) {
    return std::nullopt;
  }
  return entries;
}

std::vector<std::string> rule_ids_in(const std::filesystem::path& rules_directory) {
  std::vector<std::string> ids;
  for (const auto& file : model::json_files_in(rules_directory)) {
    ids.push_back(file.stem().string());
  }
  return ids;
}

Catalogue load_catalogue(const std::filesystem::path& directory,
                         const std::vector<std::string>& known_rule_ids) {
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) {
    throw InputError(directory.string() +
                     ": error catalogue not found (it ships in rules/errors; set --rules-dir or "
                     "GDAPCHECK_RULES_DIR to a rules directory that has one)");
  }
  const auto files = model::json_files_in(directory);
  Catalogue catalogue;
  std::string report;
  std::map<std::string, std::string> owner_of_id;
  std::map<std::string, std::string> owner_of_code;
  for (const auto& file : files) {
    std::vector<Problem> problems;
    const std::string source = file.string();
    const std::string family = file.stem().string();
    std::string title;
    auto entries = parse_catalogue_file(model::read_text_file(source), source, family,
                                        &known_rule_ids, problems, &title);
    if (entries) {
      for (std::size_t i = 0; i < entries->size(); ++i) {
        auto& entry = (*entries)[i];
        const auto at = "/entries/" + std::to_string(i);
        if (const auto [it, fresh] = owner_of_id.emplace(entry.id, source); !fresh) {
          problems.push_back(
              {at + "/id", "duplicate entry id \"" + entry.id + "\" (also in " + it->second + ")"});
        }
        for (std::size_t c = 0; c < entry.codes.size(); ++c) {
          const auto [it, fresh] = owner_of_code.emplace(code_key(entry.codes[c]), entry.id);
          if (!fresh) {
            problems.push_back({at + "/codes/" + std::to_string(c),
                                "code \"" + entry.codes[c] + "\" is already recognised by " +
                                    it->second + " (a code belongs to one entry)"});
          }
        }
      }
      if (problems.empty()) {
        catalogue.families.push_back({family, title});
        for (auto& entry : *entries) {
          catalogue.entries.push_back(std::move(entry));
        }
      }
    }
    report += model::format_problems(source, problems);
  }
  if (!report.empty()) {
    report.pop_back();
    throw InputError("invalid error catalogue file(s)\n" + report);
  }
  if (catalogue.entries.empty()) {
    throw InputError(directory.string() + ": the error catalogue has no entries");
  }
  std::sort(catalogue.entries.begin(), catalogue.entries.end(),
            [](const Entry& a, const Entry& b) { return natural_less(a.id, b.id); });
  return catalogue;
}

}  // namespace gdap::errors
