// Profile files (`--profile FILE`), checked against the shipped rules as a run does.

#include "fuzz.hpp"

#include "gdapcheck/rules/loader.hpp"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdap;
  static const auto rules = [] {
    rules::RuleFolders folders;
    folders.shipped = GDAP_SOURCE_DIR "/rules";
    return rules::load_rules(folders);
  }();
  std::vector<model::Problem> problems;
  const auto profile =
      rules::parse_profile(fuzz::as_text(data, size), "fuzz.json", rules, problems);
  fuzz::check(profile.has_value() == problems.empty(),
              "a profile must be either accepted or refused with its problems");
  model::format_problems("fuzz.json", problems);
  return 0;
}
