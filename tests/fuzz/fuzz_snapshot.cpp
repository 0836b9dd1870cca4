// Snapshot files (`--snapshot FILE`, anyone may hand one over): parse → save → parse must succeed
// and give the same snapshot, and any snapshot that reads is diagnosed with the shipped rules and
// rendered as text, JSON and Markdown without a crash.

#include "fuzz.hpp"

#include "gdapcheck/error.hpp"
#include "gdapcheck/model/snapshot_json.hpp"
#include "gdapcheck/report/json.hpp"
#include "gdapcheck/report/markdown.hpp"
#include "gdapcheck/report/text.hpp"
#include "gdapcheck/rules/engine.hpp"
#include "gdapcheck/rules/loader.hpp"

#include <string>

namespace {

struct ShippedRules {
  gdap::rules::RuleSet rules;
  gdap::rules::Profile profile;
};

const ShippedRules& shipped() {
  static const ShippedRules loaded = [] {
    gdap::rules::RuleFolders folders;
    folders.shipped = GDAP_SOURCE_DIR "/rules";
    ShippedRules result;
    result.rules = gdap::rules::load_rules(folders);
    result.profile = gdap::rules::load_profile("default", folders, result.rules);
    return result;
  }();
  return loaded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdap;
  model::Snapshot first;
  try {
    first = model::parse_snapshot(fuzz::as_text(data, size), "fuzz.json");
  } catch (const InputError&) {
    return 0;  // refused with a message naming the place: what bad input should get
  }
  const std::string saved = model::snapshot_document(first);
  model::Snapshot second;
  try {
    second = model::parse_snapshot(saved, "saved.json");
  } catch (const InputError& error) {
    fuzz::violated("a saved snapshot does not read back", error.what());
  }
  fuzz::check(model::snapshot_document(second) == saved, "the round trip changed the snapshot",
              saved);

  rules::EvaluationOptions options;
  options.now = 1795000000;  // a fixed evaluation time: a run must not depend on the date
  const auto diagnosis = rules::evaluate(first, shipped().rules, shipped().profile, options);
  report::render_json(diagnosis, {"0.0.0"});
  report::render_text(diagnosis, {});
  report::render_markdown(diagnosis);
  return 0;
}
