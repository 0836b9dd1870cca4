#pragma once

// Recognising catalogue entries in pasted text, and the evidence the text carries. Pure and
// linear in the input: the text is cleaned once (JSON and URL escapes, HTML entities and tags,
// Unicode punctuation, control bytes, invalid UTF-8), secrets are masked, then one pass over its
// words matches every code and phrase of the catalogue. No regular expressions.

#include "gdapcheck/errors/catalogue.hpp"
#include "gdapcheck/model/diagnosis.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::errors {

// What the text says about where the error happened. Never holds a secret: it is read from the
// masked text.
struct Evidence {
  std::vector<std::string> tenant_ids;    // every tenant id, in order of appearance
  std::vector<std::string> tenant_names;  // names and domains given as the tenant
  std::vector<std::string> app_ids;
  std::vector<std::string> upns;
  std::string trace_id;
  std::string correlation_id;
  std::string request_id;
  std::string timestamp;
  std::optional<int> http_status;
  // The tenant the error is about (not the partner's home tenant an identity-provider URL
  // names): a name, an id, or both.
  std::string target_tenant_name;
  std::string target_tenant_id;
  // The command that signs the account in use in again (its cloud, client and, for an app, its
  // tenant): known to the run, never read from the text.
  std::string sign_in_command;
};

struct Match {
  const Entry* entry = nullptr;
  std::vector<std::string> found;  // the codes and phrases seen, as the catalogue writes them
  std::string excerpt;             // the text around the first sighting, masked, one line
  std::size_t first_offset = 0;    // in the cleaned text
  int score = 0;                   // higher is more specific
};

struct Recognition {
  std::vector<Match> matches;             // most specific first
  std::vector<const Entry*> suggestions;  // closest entries, when nothing matched
  Evidence evidence;
  // AADSTS codes in the text that no entry recognises ("AADSTS12345").
  std::vector<std::string> unknown_codes;
  std::size_t bytes = 0;           // input size
  std::size_t masked_secrets = 0;  // tokens, secrets and passwords hidden
  bool looks_binary = false;       // a quarter or more control bytes or invalid UTF-8
};

struct RecognitionIndex;

// The catalogue indexed for recognition, once: each text then costs one pass over its words. Keep
// one for as long as there are texts to recognise (a run with 100,000 failed reads has as many);
// it refers to the catalogue, which must outlive it.
class Recogniser {
 public:
  explicit Recogniser(const Catalogue& catalogue);

  Recognition recognise(std::string_view text) const;

  // The explanation of the most specific entry recognised in `message`, if any: what a live
  // Graph error in the report carries. What the run knows (`known`: the tenant, the account)
  // wins over what the message says.
  std::optional<model::Explanation> explain_message(std::string_view message,
                                                    const Evidence& known) const;

 private:
  std::shared_ptr<const RecognitionIndex> m_index;
};

// One text against a catalogue indexed for it alone (`gdapcheck explain`).
Recognition recognise(const Catalogue& catalogue, std::string_view text);

// The evidence alone (for a message whose entry is already known).
Evidence extract_evidence(std::string_view text);

// The entry with the evidence filled into its fix steps and confirm command.
model::Explanation explain(const Entry& entry, const Evidence& evidence);

}  // namespace gdap::errors
