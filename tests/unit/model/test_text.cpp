// The shared "did you mean" helper behind customer, command and option suggestions.

#include "gdapcheck/model/text.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace gdap::model {

TEST_CASE("edit distance counts single-letter insertions, deletions and substitutions", "[text]") {
  CHECK(edit_distance("tenant", "tenant") == 0);
  CHECK(edit_distance("tenat", "tenant") == 1);
  CHECK(edit_distance("tenant", "tenat") == 1);
  CHECK(edit_distance("--profle", "--profile") == 1);
  CHECK(edit_distance("login", "logout") == 3);
  CHECK(edit_distance("", "rules") == 5);
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("a typo suggests the closest name", "[text]") {
  const std::vector<std::string> commands = {"tenant", "rules", "login", "logout", "whoami"};
  CHECK(closest_matches("tenat", commands, 1) == std::vector<std::string>{"tenant"});
  CHECK(closest_matches("TENNAT", commands, 1) == std::vector<std::string>{"tenant"});
  CHECK(closest_matches("rlues", commands, 1) == std::vector<std::string>{"rules"});
  CHECK(closest_matches("logn", commands, 1) == std::vector<std::string>{"login"});
  // The beginning of a name, and a part of it, count.
  CHECK(closest_matches("who", commands, 1) == std::vector<std::string>{"whoami"});
  CHECK(closest_matches("logou", commands, 1) == std::vector<std::string>{"logout"});
}

TEST_CASE("nothing is suggested when nothing is close", "[text]") {
  const std::vector<std::string> commands = {"tenant", "rules", "login", "logout", "whoami"};
  CHECK(closest_matches("frobnicate", commands, 3).empty());
  CHECK(closest_matches("x", commands, 3).empty());
  CHECK(closest_matches("zq", commands, 3).empty());
  CHECK(closest_matches("", commands, 3).empty());
  CHECK(closest_matches("tenat", std::vector<std::string>{}, 3).empty());
}

TEST_CASE("suggestions come best first, ties in the given order, at most the limit", "[text]") {
  const std::vector<std::string> options = {"--snapshot", "--save-snapshot", "--json", "--jsonl"};
  CHECK(closest_matches("--jsn", options, 2) == std::vector<std::string>{"--json", "--jsonl"});
  CHECK(closest_matches("snapshot", options, 3) ==
        std::vector<std::string>{"--snapshot", "--save-snapshot"});
  CHECK(closest_matches("snapshot", options, 1) == std::vector<std::string>{"--snapshot"});
  CHECK(closest_matches("--save-snapshto", options, 3) ==
        std::vector<std::string>{"--save-snapshot"});
}

TEST_CASE("a candidate matches by any of its names and is shown by its label", "[text]") {
  const std::vector<SuggestionCandidate> customers = {
      {"Contoso Ltd (contoso.com)", {"t1", "Contoso Ltd", "contoso.com"}},
      {"Fabrikam Inc (fabrikam.com)", {"t2", "Fabrikam Inc", "fabrikam.com"}},
  };
  CHECK(closest_matches("fabrikam.cmo", customers, 3) ==
        std::vector<std::string>{"Fabrikam Inc (fabrikam.com)"});
  CHECK(closest_matches("CONTOSO LTD", customers, 3) ==
        std::vector<std::string>{"Contoso Ltd (contoso.com)"});
  // Empty names (an unknown display name) never match.
  const std::vector<SuggestionCandidate> unnamed = {{"t3", {"t3", ""}}};
  CHECK(closest_matches("zzzz", unnamed, 3).empty());
}

TEST_CASE("case-insensitive helpers", "[text]") {
  CHECK(equals_ignoring_case("Markdown", "markdown"));
  CHECK_FALSE(equals_ignoring_case("markdown", "markdow"));
  CHECK(lowercase("USGov") == "usgov");
}

}  // namespace gdap::model
