#pragma once

// Ctrl-C during sign-in: a SIGINT handler that only sets a flag, a sleep that wakes up when the
// flag is set, and a check the HTTP transport polls so a request in flight stops too.

#include <chrono>

namespace gdap::cli {

// Installs the SIGINT handler for its lifetime and restores the previous one afterwards.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  InterruptGuard(InterruptGuard&&) = delete;
  InterruptGuard& operator=(InterruptGuard&&) = delete;
};

// True once SIGINT arrived while an InterruptGuard was alive.
bool interrupted();

// Sleep up to `duration`, returning early when interrupted.
void interruptible_sleep(std::chrono::seconds duration);

}  // namespace gdap::cli
