#pragma once

// Words for the mistakes people make at the door: an unknown command or option is named, with the
// closest real one ("did you mean"); an enum value is matched in any case and a wrong one lists the
// valid ones. Private to the cli module.

#include <string>
#include <vector>

namespace CLI {
class App;
class ParseError;
class Validator;
}  // namespace CLI

namespace gdap::cli {

// What to print on stderr (every line starting "gdapcheck: ", then where to find the usage) for a
// parse error of `app`, read after the failed parse. Unknown commands and options get their own
// sentence; other errors keep the parser's.
std::string describe_parse_error(const CLI::App& app, const CLI::ParseError& error);

// A transform that accepts one of `choices` in any letter case and stores its canonical spelling;
// any other value fails with "'htm' is not one of text, json, markdown".
CLI::Validator one_of(std::vector<std::string> choices);

// "'VALUE' is not one of a, b, c": the one wording for a value outside a fixed set.
std::string not_one_of(const std::string& value, const std::vector<std::string>& choices);

}  // namespace gdap::cli
