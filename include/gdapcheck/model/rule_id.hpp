#pragma once

// Rule ids as every file and option names them: the one check of their shape and the one message
// for an id that names no rule. Rules, profiles, the error catalogue, suppressions and
// --only/--skip all go through here, so a wrong id reads the same wherever it was written.

#include <string>
#include <string_view>
#include <vector>

namespace gdap::model {

// csp.|gdap.|tenant.|app. then lower-case words of letters and digits joined by single '-'
// ("gdap.missing-roles").
bool is_rule_id(std::string_view id);

// `unknown rule id "ID"`, the id cut to a recognisable length and made safe to print, with the
// closest of `known_ids` as a suggestion when one is close.
std::string unknown_rule_message(std::string_view id, const std::vector<std::string>& known_ids);

}  // namespace gdap::model
