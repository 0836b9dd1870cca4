#include "gdapcheck/model/rule_id.hpp"

#include "gdapcheck/model/display_text.hpp"
#include "gdapcheck/model/text.hpp"

namespace gdap::model {

// One pass: a regex engine recurses per character and a long id would overflow the stack.
bool is_rule_id(std::string_view id) {
  const auto dot = id.find('.');
  if (dot == std::string_view::npos) {
    return false;
  }
  const auto family = id.substr(0, dot);
  if (family != "csp" && family != "gdap" && family != "tenant" && family != "app") {
    return false;
  }
  bool word_started = false;
  for (const char c : id.substr(dot + 1)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      word_started = true;
    } else if (c == '-' && word_started) {
      word_started = false;
    } else {
      return false;
    }
  }
  return word_started;
}

std::string unknown_rule_message(std::string_view id, const std::vector<std::string>& known_ids) {
  constexpr std::size_t k_rule_suggestions = 3;
  std::string message = "unknown rule id \"";
  message += display_text(echoed(id));
  message += '"';
  const auto close = closest_matches(id, known_ids, k_rule_suggestions);
  if (!close.empty()) {
    message += " (did you mean \"";
    message += close.front();
    message += "\"?)";
  }
  return message;
}

}  // namespace gdap::model
