#include "gdapcheck/model/compact_json.hpp"

#include "gdapcheck/model/display_text.hpp"

namespace gdap::model {

CompactJson::CompactJson(const nlohmann::json& value) {
  if (!value.is_null()) {
    m_text = escape_invisible_in_json(
        value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    m_text.shrink_to_fit();
  }
}

nlohmann::json CompactJson::value() const {
  // Text this class wrote itself: parsing cannot fail.
  return m_text.empty() ? nlohmann::json() : nlohmann::json::parse(m_text);
}

// NOLINTNEXTLINE(readability-const-return-type): see the header
const nlohmann::json CompactJson::operator[](std::string_view key) const {
  auto parsed = value();
  if (!parsed.is_object()) {
    return nullptr;
  }
  const auto found = parsed.find(key);
  return found == parsed.end() ? nlohmann::json() : *found;
}

}  // namespace gdap::model
