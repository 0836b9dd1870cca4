#pragma once

// What `gdapcheck explain` prints: the recognised errors with their causes, fix and confirming
// command, and the evidence of the text; or the catalogue itself (--list). Renderers return
// strings; nothing here reads or writes a stream.

#include "gdapcheck/errors/catalogue.hpp"
#include "gdapcheck/errors/recognise.hpp"
#include "gdapcheck/model/diagnosis.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace gdap::report {

inline constexpr int k_explain_schema_version = 1;

struct ExplainTextOptions {
  bool color = false;       // bold headings; the caller decides (terminal, NO_COLOR, --no-color)
  std::size_t width = 100;  // prose wraps here; commands and URLs never break
};

// For a person: the most specific error first, its likely causes, numbered fix steps and one
// confirming command; the evidence found; when nothing matched, the closest entries.
std::string render_explain_text(const errors::Recognition& recognition,
                                const ExplainTextOptions& options);

// For scripts: {"schemaVersion":1, "matches":[…], "evidence":{…}, …}.
std::string render_explain_json(const errors::Recognition& recognition);

// Every entry id with its title, by family.
std::string render_catalogue_text(const errors::Catalogue& catalogue);
std::string render_catalogue_json(const errors::Catalogue& catalogue);

// One explanation as JSON: the same object in explain's matches and the report's errors.
nlohmann::ordered_json explanation_json(const model::Explanation& explanation);

}  // namespace gdap::report
