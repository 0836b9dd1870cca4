#pragma once

#include <optional>
#include <string>
#include <utility>

namespace gdap::model {

// A fact read from Microsoft, or the reason it could not be read. Rules that need an unread
// fact report `unknown` with this reason instead of guessing (design §7: never a false pass).
template <typename T>
struct Read {
  std::optional<T> value;  // set when the read succeeded
  std::string error;       // why it was not read; meaningful only when `value` is empty

  bool ok() const { return value.has_value(); }

  static Read of(T fact) { return Read{std::move(fact), {}}; }
  static Read failed(std::string reason) { return Read{std::nullopt, std::move(reason)}; }

  // The reason to show when the fact is missing; never empty.
  std::string reason() const { return error.empty() ? std::string("not collected") : error; }
};

}  // namespace gdap::model
