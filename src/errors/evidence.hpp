#pragma once

// Private to errors: reading ids, names and times out of cleaned, masked text (text.hpp).

#include "gdapcheck/errors/recognise.hpp"

#include <string_view>

namespace gdap::errors::detail {

// One pass over the text per kind of evidence, each bounded per character.
Evidence evidence_from(std::string_view clean_text);

}  // namespace gdap::errors::detail
