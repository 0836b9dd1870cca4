#pragma once

// A JSON value kept as its compact text, for values written once and read rarely. A finding's
// evidence is the case: the checks build it, the JSON report writes it, tests read it; as a tree
// of nlohmann nodes it was the largest part of a large partner's diagnosis (about 2 KB a finding,
// its text well under half that). Reading gives a fresh nlohmann value each time.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace gdap::model {

class CompactJson {
 public:
  CompactJson() = default;  // null
  // Implicit on purpose: a CompactJson stands where a nlohmann value stood.
  CompactJson(const nlohmann::json& value);  // NOLINT(*-explicit-*)
  // `evidence = {{"key", value}}` builds an object, as it does for a nlohmann value (without
  // this, the braces would make an array through the constructor above).
  CompactJson(nlohmann::json::initializer_list_t init)  // NOLINT(*-explicit-*)
      : CompactJson(nlohmann::json(init)) {}

  // The value, parsed again.
  nlohmann::json value() const;
  operator nlohmann::json() const { return value(); }  // NOLINT(*-explicit-*)

  // The member `key` of an object, or null when there is none (or this is not an object). A
  // copy: this is read-only, so build the nlohmann value first and assign it whole.
  // Const, so that `evidence["key"] = value` does not compile (it would change only the copy).
  const nlohmann::json operator[](std::string_view key) const;  // NOLINT(*-const-return-type)

  bool is_null() const { return m_text.empty(); }
  // nlohmann's dump() of the value: no spaces or line breaks outside strings; invalid UTF-8
  // replaced, and C1 and bidi controls escaped, as every JSON report has them. Empty: null.
  std::string_view text() const { return m_text; }

  friend bool operator==(const CompactJson&, const CompactJson&) = default;

 private:
  std::string m_text;
};

}  // namespace gdap::model
