#include "auth_interrupt.hpp"

#include <atomic>
#include <csignal>
#include <thread>

namespace gdap::cli {

namespace {

// Lock-free so the signal handler may touch it.
std::atomic<bool> g_interrupted{
    false};                      // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)
struct sigaction g_previous {};  // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)
// Guards nest (a watch holds one across rounds, each round's collection its own): only the
// outermost installs and restores the handler, and only it starts with the flag cleared, so a
// Ctrl-C between two rounds is not forgotten when the next round begins.
int g_depth = 0;  // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)

extern "C" void on_sigint(int /*signal*/) {
  g_interrupted.store(true);
}

}  // namespace

InterruptGuard::InterruptGuard() {
  if (g_depth++ > 0) {
    return;
  }
  g_interrupted.store(false);
  struct sigaction action {};
  action.sa_handler = on_sigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: let blocking calls return so we notice quickly
  sigaction(SIGINT, &action, &g_previous);
}

InterruptGuard::~InterruptGuard() {
  if (--g_depth > 0) {
    return;
  }
  sigaction(SIGINT, &g_previous, nullptr);
}

bool interrupted() {
  return g_interrupted.load();
}

void interruptible_sleep(std::chrono::seconds duration) {
  constexpr auto k_slice = std::chrono::milliseconds(50);
  const auto until = std::chrono::steady_clock::now() + duration;
  while (!interrupted() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        k_slice, until - std::chrono::steady_clock::now()));
  }
}

}  // namespace gdap::cli
