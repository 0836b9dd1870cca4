// Rule files (a folder of one's own, --rules-dir) and the error catalogue's files beside them: the
// strict loaders either accept a file or list its problems; they never crash.

#include "fuzz.hpp"

#include "gdapcheck/errors/catalogue.hpp"
#include "gdapcheck/rules/loader.hpp"

#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdap;
  const auto text = fuzz::as_text(data, size);
  std::vector<model::Problem> problems;
  const auto rule = rules::parse_rule(text, "fuzz.json", problems);
  fuzz::check(rule.has_value() == problems.empty(),
              "a rule must be either accepted or refused with its problems");
  model::format_problems("fuzz.json", problems);

  static const std::vector<std::string> rule_ids = errors::rule_ids_in(GDAP_SOURCE_DIR "/rules");
  std::vector<model::Problem> catalogue_problems;
  const auto entries =
      errors::parse_catalogue_file(text, "fuzz.json", "fuzz", &rule_ids, catalogue_problems);
  fuzz::check(entries.has_value() == catalogue_problems.empty(),
              "a catalogue file must be either accepted or refused with its problems");
  model::format_problems("fuzz.json", catalogue_problems);
  return 0;
}
