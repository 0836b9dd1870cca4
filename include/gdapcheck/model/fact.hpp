#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace gdap::model {

// A fact about a tenant in one of three explicit states (design §7: never a false pass):
// - read: the value, as Microsoft gave it;
// - failed: a read was attempted and did not succeed (throttling, 403, a malformed answer...):
//   the run is incomplete, and the reason says why;
// - not collected: deliberately not read (the customer has no active relationship, the profile
//   does not ask for it, nothing let us into the tenant), with why. That alone does not make a
//   run incomplete; a rule that needs the fact still says `unknown` with the reason.
template <typename T>
class Fact {
 public:
  enum class State { not_collected, failed, read };

  Fact() = default;  // not collected

  static Fact of(T value) { return Fact(State::read, std::move(value), {}); }
  static Fact failed(std::string reason) {
    return Fact(State::failed, std::nullopt, std::move(reason));
  }
  static Fact not_collected(std::string why) {
    return Fact(State::not_collected, std::nullopt, std::move(why));
  }

  State state() const { return m_state; }
  bool ok() const { return m_state == State::read; }
  bool read_failed() const { return m_state == State::failed; }

  const T& value() const {
    assert(ok());
    return *m_value;
  }
  T& value() {
    assert(ok());
    return *m_value;
  }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // Why the fact is missing; never empty when it is.
  std::string reason() const {
    if (ok()) {
      return {};
    }
    return m_reason.empty() ? std::string("not collected") : m_reason;
  }

 private:
  Fact(State state, std::optional<T> value, std::string reason)
      : m_state(state), m_value(std::move(value)), m_reason(std::move(reason)) {}

  State m_state = State::not_collected;
  std::optional<T> m_value;
  std::string m_reason;
};

}  // namespace gdap::model
