#pragma once

#include <cassert>
#include <memory>
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
  ~Fact() = default;
  Fact(const Fact& other)
      : m_state(other.m_state),
        m_value(other.m_value ? std::make_unique<T>(*other.m_value) : nullptr),
        m_reason(other.m_reason) {}
  // A fact moved from is not collected (never "read" without a value).
  Fact(Fact&& other) noexcept
      : m_state(std::exchange(other.m_state, State::not_collected)),
        m_value(std::move(other.m_value)),
        m_reason(std::move(other.m_reason)) {}
  Fact& operator=(const Fact& other) {
    if (this != &other) {
      *this = Fact(other);
    }
    return *this;
  }
  Fact& operator=(Fact&& other) noexcept {
    m_state = std::exchange(other.m_state, State::not_collected);
    m_value = std::move(other.m_value);
    m_reason = std::move(other.m_reason);
    return *this;
  }

  static Fact of(T value) { return Fact(State::read, std::make_unique<T>(std::move(value)), {}); }
  static Fact failed(std::string reason) { return Fact(State::failed, nullptr, std::move(reason)); }
  static Fact not_collected(std::string why) {
    return Fact(State::not_collected, nullptr, std::move(why));
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
  Fact(State state, std::unique_ptr<T> value, std::string reason)
      : m_state(state), m_value(std::move(value)), m_reason(std::move(reason)) {}

  State m_state = State::not_collected;
  // On the heap, so a fact takes the same few bytes whatever it holds: a customer's facts are
  // most of its size, and a large partner's customers are kept (their facts let go) until every
  // one is judged.
  std::unique_ptr<T> m_value;
  std::string m_reason;
};

}  // namespace gdap::model
