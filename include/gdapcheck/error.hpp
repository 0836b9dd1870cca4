#pragma once

// The small family of "stop the run" errors (design §9): expected failures are values,
// these are thrown only when a run cannot go on, and caught once in cli::run.

#include <stdexcept>
#include <string>

namespace gdap {

// Process exit codes (design §3). 3 outranks 1.
enum class ExitCode : int {
  ok = 0,          // nothing at or above --fail-on
  findings = 1,    // findings at or above --fail-on
  usage = 2,       // bad flag, unreadable or invalid input file, unknown customer
  incomplete = 3,  // sign-in failed or something could not be read
  internal = 70,   // a bug in gdapcheck (EX_SOFTWARE): never mistaken for missing data
  interrupted = 130,
};

constexpr int to_int(ExitCode code) {
  return static_cast<int>(code);
}

// Base of every error that ends the run with a message and an exit code.
class Error : public std::runtime_error {
 public:
  Error(const std::string& message, ExitCode code) : std::runtime_error(message), m_code(code) {}
  ExitCode code() const { return m_code; }

 private:
  ExitCode m_code;
};

// Bad flag or argument, unknown customer: exit 2.
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(message, ExitCode::usage) {}
};

// Invalid or unreadable input file (snapshot, rule, profile): exit 2. The message names the
// file and the place (JSON path) so the user can fix it.
class InputError : public Error {
 public:
  explicit InputError(const std::string& message) : Error(message, ExitCode::usage) {}
};

// Sign-in failed, or the run cannot continue without data it could not read: exit 3.
class AuthError : public Error {
 public:
  explicit AuthError(const std::string& message) : Error(message, ExitCode::incomplete) {}
};

}  // namespace gdap
