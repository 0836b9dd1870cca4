#pragma once

// When to try a Graph or token request again, and how long to wait first. Pure: the caller
// supplies the attempt number, the server's Retry-After and a random number for the jitter.

#include "gdapcheck/http/transport.hpp"

#include <chrono>
#include <optional>

namespace gdap::graph {

struct RetryPolicy {
  int max_attempts = 6;                               // including the first
  std::chrono::milliseconds base{250};                // first back-off without Retry-After
  std::chrono::milliseconds cap{8'000};               // no single back-off is longer
  std::chrono::milliseconds max_retry_after{60'000};  // Retry-After is honoured up to this
  std::chrono::seconds deadline{300};                 // no retry is scheduled past run start + this
};

// 429, 503 and 504: the answers Microsoft documents as "try again later".
bool is_retryable_status(int status);

// Connection refused or reset, timeouts and truncated answers are worth another try; a refused
// URL, a TLS failure or Ctrl-C is not.
bool is_retryable_transport(const http::TransportError& error);

// The wait before attempt `attempt + 1` (attempt counts from 1): the server's Retry-After when
// it gave one (capped by max_retry_after), else base × 2^(attempt-1) capped at `cap`, with
// "equal jitter" (half fixed, half random: `random01` in [0, 1)) so clients do not retry in step.
std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int attempt,
                                      std::optional<std::chrono::seconds> retry_after,
                                      double random01);

}  // namespace gdap::graph
