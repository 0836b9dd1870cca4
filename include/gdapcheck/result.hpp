#pragma once

// The one shape of an expected failure across gdapcheck (design §9): a value or the error that
// explains why there is none. A small stand-in for C++23's std::expected (GCC 12 in C++20 mode
// has none): construct from a T or from Failure{E}; ask ok(); read value() or error(). Exceptions
// stay for "stop the run" (gdap::Error) and for bugs.

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

namespace gdap {

// Wraps an error so that Result<T, E> can be built from it even when T and E are the same type
// (e.g. Result<std::string, std::string>).
template <typename E>
struct Failure {
  E error;
};

template <typename E>
Failure(E) -> Failure<E>;

template <typename T, typename E>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  using error_type = E;

  // NOLINTNEXTLINE(google-explicit-constructor): a value converts, like std::expected
  Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
  template <typename F, typename = std::enable_if_t<std::is_constructible_v<E, F>>>
  // NOLINTNEXTLINE(google-explicit-constructor): a Failure converts, like std::unexpected
  Result(Failure<F> failure) : m_state(std::in_place_index<1>, std::move(failure.error)) {}

  bool ok() const { return m_state.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& {
    assert(ok());
    return std::get<0>(m_state);
  }
  T& value() & {
    assert(ok());
    return std::get<0>(m_state);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(m_state));
  }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }

  const E& error() const& {
    assert(!ok());
    return std::get<1>(m_state);
  }
  E& error() & {
    assert(!ok());
    return std::get<1>(m_state);
  }
  E&& error() && {
    assert(!ok());
    return std::get<1>(std::move(m_state));
  }

 private:
  std::variant<T, E> m_state;
};

// The value of an operation that succeeds with nothing to return: Result<Ok, E>.
struct Ok {};

}  // namespace gdap
