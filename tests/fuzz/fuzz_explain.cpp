// `gdapcheck explain`: whatever text is pasted (or piped in) is recognised against the shipped
// error catalogue and rendered for a person and as JSON; nothing crashes, and the recogniser's
// promise of linear time is held by libFuzzer's time limit per input.

#include "fuzz.hpp"

#include "gdapcheck/errors/catalogue.hpp"
#include "gdapcheck/errors/recognise.hpp"
#include "gdapcheck/report/explain.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdap;
  static const auto catalogue = errors::load_catalogue(
      GDAP_SOURCE_DIR "/rules/errors", errors::rule_ids_in(GDAP_SOURCE_DIR "/rules"));
  // Indexed once, as a run does: each input is then one pass over its words.
  static const errors::Recogniser recogniser(catalogue);
  const auto text = fuzz::as_text(data, size);
  const auto recognition = recogniser.recognise(text);
  report::render_explain_text(recognition, {});
  report::render_explain_json(recognition);
  recogniser.explain_message(text, errors::extract_evidence(text));
  return 0;
}
