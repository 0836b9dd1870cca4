// The error catalogue's loader: the shipped data is valid and complete, and every mistake in a
// catalogue file is reported with its file and JSON path, all at once.

#include "support/temp_dir.hpp"
#include "unit/errors/fixture.hpp"

#include "gdapcheck/error.hpp"

#include <filesystem>
#include <fstream>
#include <set>

using Catch::Matchers::Contains;

namespace gdap::test {

namespace {

using testing::TempDir;

const std::vector<std::string> k_rule_ids{"gdap.missing-roles", "tenant.sign-in-failed"};

struct Parsed {
  std::optional<std::vector<errors::Entry>> entries;
  std::vector<model::Problem> problems;
};

Parsed parse(const std::string& text, const std::string& family = "demo") {
  Parsed parsed;
  parsed.entries =
      errors::parse_catalogue_file(text, family + ".json", family, &k_rule_ids, parsed.problems);
  return parsed;
}

bool has_problem(const std::vector<model::Problem>& problems, std::string_view path,
                 std::string_view fragment) {
  return std::any_of(problems.begin(), problems.end(), [&](const model::Problem& problem) {
    return problem.path == path && problem.message.find(fragment) != std::string::npos;
  });
}

std::string problems_text(const std::vector<model::Problem>& problems) {
  return model::format_problems("demo.json", problems, 100);
}

// A valid entry, as JSON text, with `extra` keys merged over it.
std::string entry(const std::string& extra = "") {
  return R"({"id": "demo.thing", "title": "A thing", "codes": ["AADSTS99999"],
    "meaning": "It means a thing.", "causes": ["One cause."], "fix": ["Do it in {tenant|the tenant}."],
    "ruleIds": ["gdap.missing-roles"], "confirm": "gdapcheck tenant {customer}",
    "references": ["https://learn.microsoft.com/x"])" +
         (extra.empty() ? "" : ", " + extra) + "}";
}

std::string file_with(const std::string& entries) {
  return R"({"family": "demo", "title": "Demo errors", "entries": [)" + entries + "]}";
}

}  // namespace

TEST_CASE("the shipped catalogue loads, and every entry is complete and cites Microsoft",
          "[errors]") {
  const auto& catalogue = shipped_catalogue();
  CHECK(catalogue.entries.size() > 140);
  std::set<std::string> families;
  for (const auto& family : catalogue.families) {
    families.insert(family.name);
  }
  CHECK(families == std::set<std::string>{"aadsts", "entra-sync", "graph", "http", "oauth",
                                          "partner-center", "rewst", "sync365", "syncro"});
  for (const auto& entry : catalogue.entries) {
    INFO(entry.id);
    CHECK_FALSE(entry.meaning.empty());
    CHECK_FALSE(entry.causes.empty());
    CHECK_FALSE(entry.fix.empty());
    // As printed, with nothing known and with the account in use known.
    CHECK(errors::explain(entry, {}).confirm.rfind("gdapcheck ", 0) == 0);
    errors::Evidence signed_in;
    signed_in.sign_in_command = "gdapcheck login --cloud china";
    CHECK(errors::explain(entry, signed_in).confirm.rfind("gdapcheck ", 0) == 0);
    const bool cites_learn = std::any_of(
        entry.references.begin(), entry.references.end(),
        [](const std::string& url) { return url.rfind("https://learn.microsoft.com/", 0) == 0; });
    CHECK(cites_learn);
  }
}

TEST_CASE("the catalogue corrects what our notes had wrong", "[errors]") {
  const auto& catalogue = shipped_catalogue();
  const auto* external = catalogue.find_code("AADSTS50177");
  REQUIRE(external != nullptr);
  CHECK(external->id == "aadsts.50177");
  CHECK_THAT(external->meaning, Contains("External challenge isn't supported for passthrough"));
  CHECK_THAT(external->meaning, Contains("not 'user does not exist'"));
  for (const auto* code :
       {"AADSTS50178", "AADSTS7000112", "900421", "AADSTS90099", "AADSTS65001", "AADSTS700016"}) {
    INFO(code);
    CHECK(catalogue.find_code(code) != nullptr);
  }
  CHECK_THAT(catalogue.find_code("AADSTS50178")->meaning, Contains("Session control"));
  CHECK_THAT(catalogue.find_code("AADSTS7000112")->meaning, Contains("disabled"));
  CHECK(catalogue.find_code("aadsts50020") == catalogue.find_code("50020"));
  CHECK(catalogue.find_code("authorization_requestdenied")->id ==
        "graph.authorization-requestdenied");
}

TEST_CASE("entries linked to a rule are found for `gdapcheck rules ID`", "[errors]") {
  const auto linked =
      shipped_catalogue().linked_to_rule("tenant.conditional-access-blocks-partner");
  std::vector<std::string> ids;
  for (const auto* entry : linked) {
    ids.push_back(entry->id);
  }
  CHECK(std::find(ids.begin(), ids.end(), "aadsts.53003") != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "aadsts.50178") != ids.end());
}

TEST_CASE("catalogue file problems are all reported with their JSON path", "[errors]") {
  SECTION("a valid file parses") {
    const auto parsed = parse(file_with(entry()));
    INFO(problems_text(parsed.problems));
    REQUIRE(parsed.entries);
    CHECK(parsed.entries->front().id == "demo.thing");
    CHECK(parsed.entries->front().source == "demo.json");
  }
  SECTION("syntax and shape of the file") {
    CHECK(has_problem(parse("{\"family\": ").problems, "", "invalid JSON"));
    CHECK(has_problem(parse("[1]").problems, "", "expected an object"));
    const auto parsed = parse(R"({"family": "other", "colour": 1, "entries": []})");
    CHECK(has_problem(parsed.problems, "/family", "must match the file name (demo.json)"));
    CHECK(has_problem(parsed.problems, "/colour", "unknown key"));
    CHECK(has_problem(parsed.problems, "/title", "missing required key"));
    CHECK(has_problem(parsed.problems, "/entries", "non-empty array"));
    CHECK(has_problem(parse(file_with(entry()), "Bad_Name").problems, "", "is not a family name"));
  }
  SECTION("every mistake in an entry at once") {
    const auto parsed = parse(file_with(R"({"id": "other.Thing", "colour": "red",
        "codes": ["two words", ""], "phrases": ["x", "pending"],
        "phraseSets": [["only one"], ["fine", 3]], "exactly": ["..."], "generic": "yes",
        "meaning": "Means {tenant}.", "causes": [], "fix": ["Do {nosuch}.", "Unclosed {tenant"],
        "ruleIds": ["gdap.nope", "Not A Rule"], "confirm": "Run the tenant command",
        "references": ["http://example.com"]})"));
    const auto& p = parsed.problems;
    INFO(problems_text(p));
    CHECK_FALSE(parsed.entries);
    const std::string at = "/entries/0";
    CHECK(has_problem(p, at + "/id", "not an entry id of this file"));
    CHECK(has_problem(p, at + "/title", "missing required key"));
    CHECK(has_problem(p, at + "/colour", "unknown key"));
    CHECK(has_problem(p, at + "/codes/0", "is not a code"));
    CHECK(has_problem(p, at + "/codes/1", "must not be empty"));
    CHECK(has_problem(p, at + "/phrases/0", "alone would match too much text"));
    CHECK(has_problem(p, at + "/phrases/1", "alone would match too much text"));
    CHECK(has_problem(p, at + "/phraseSets/0", "2 to 5 phrases"));
    CHECK(has_problem(p, at + "/phraseSets/1/1", "expected a string"));
    CHECK(has_problem(p, at + "/exactly/0", "needs words"));
    CHECK(has_problem(p, at + "/generic", "expected true or false"));
    CHECK(has_problem(p, at + "/meaning", "placeholders belong in fix and confirm only"));
    CHECK(has_problem(p, at + "/causes", "expected at least one"));
    CHECK(has_problem(p, at + "/fix/0", "unknown placeholder '{nosuch}'"));
    CHECK(has_problem(p, at + "/fix/1", "unclosed '{'"));
    CHECK(has_problem(p, at + "/ruleIds/0", "unknown rule id \"gdap.nope\""));
    CHECK(has_problem(p, at + "/ruleIds/1", "is not a rule id"));
    CHECK(has_problem(p, at + "/confirm", "expected one gdapcheck command"));
    CHECK(has_problem(p, at + "/references/0", "https://"));
  }
  SECTION("required keys and recognition") {
    const auto parsed = parse(file_with(R"({"id": "demo.empty", "title": "t"})"));
    const auto& p = parsed.problems;
    INFO(problems_text(p));
    const std::string at = "/entries/0";
    CHECK(has_problem(p, at, "cannot be recognised"));
    for (const auto* key : {"meaning", "causes", "fix", "confirm", "references"}) {
      CHECK(has_problem(p, at + "/" + key, "missing required key"));
    }
  }
  SECTION("a phrase longer than the recogniser looks back") {
    std::string long_phrase;
    for (int i = 0; i < 40; ++i) {
      long_phrase += "word ";
    }
    CHECK(has_problem(parse(file_with(entry("\"phrases\": [\"" + long_phrase + "\"]"))).problems,
                      "/entries/0/phrases/0", "too long"));
  }
}

TEST_CASE("load_catalogue checks across files and names every file's problems", "[errors]") {
  TempDir directory;
  directory.write("demo.json", file_with(entry() + "," + entry()));
  directory.write("other.json",
                  R"({"family": "other", "title": "Other", "entries": [{"id": "other.x",
      "title": "X", "codes": ["aadsts99999"], "meaning": "m", "causes": ["c"], "fix": ["f"],
      "confirm": "gdapcheck tenant", "references": ["https://learn.microsoft.com/y"]}]})");
  directory.write("broken.json", "{");
  directory.write("notes.txt", "not a catalogue file");
  try {
    errors::load_catalogue(directory.path(), k_rule_ids);
    FAIL("expected an InputError");
  } catch (const InputError& error) {
    const std::string message = error.what();
    CHECK_THAT(message, Contains("broken.json: /: invalid JSON"));
    CHECK_THAT(message, Contains("demo.json: /entries/1/id: duplicate entry id \"demo.thing\""));
    CHECK_THAT(message, Contains("other.json: /entries/0/codes/0: code \"aadsts99999\" is "
                                 "already recognised by demo.thing"));
    CHECK_THAT(message, !Contains("notes.txt"));
  }
  CHECK_THROWS_AS(errors::load_catalogue(directory.path() / "absent", k_rule_ids), InputError);
  TempDir empty;
  CHECK_THROWS_WITH(errors::load_catalogue(empty.path(), k_rule_ids),
                    Contains("the error catalogue has no entries"));
}

TEST_CASE("rule ids are read from a rules directory's file names", "[errors]") {
  const auto ids = errors::rule_ids_in(GDAP_SOURCE_DIR "/rules");
  CHECK(std::find(ids.begin(), ids.end(), "tenant.sign-in-failed") != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "default") == ids.end());  // profiles are not rules
}

}  // namespace gdap::test
