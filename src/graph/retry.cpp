#include "gdapcheck/graph/retry.hpp"

#include <algorithm>

namespace gdap::graph {

bool is_retryable_status(int status) {
  return status == 429 || status == 503 || status == 504;
}

bool is_retryable_transport(const http::TransportError& error) {
  switch (error.kind) {
    case http::TransportErrorKind::connect:
    case http::TransportErrorKind::timeout:
    case http::TransportErrorKind::other:
      return true;
    case http::TransportErrorKind::refused_url:
    case http::TransportErrorKind::tls:
    case http::TransportErrorKind::aborted:
    case http::TransportErrorKind::too_large:
      return false;
  }
  return false;
}

std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int attempt,
                                      std::optional<std::chrono::seconds> retry_after,
                                      double random01) {
  using std::chrono::milliseconds;
  if (retry_after) {
    // Compared in seconds first: a absurd Retry-After must not overflow on the way to ms.
    const auto ceiling = std::chrono::duration_cast<std::chrono::seconds>(policy.max_retry_after);
    return *retry_after >= ceiling ? policy.max_retry_after : milliseconds(*retry_after);
  }
  const int doublings = std::clamp(attempt - 1, 0, 20);
  const auto grown = policy.base * (std::int64_t{1} << doublings);
  const milliseconds ceiling = std::min<milliseconds>(grown, policy.cap);
  const double jitter = std::clamp(random01, 0.0, 1.0);
  const auto half = ceiling / 2;
  return half + milliseconds(static_cast<std::int64_t>(static_cast<double>(half.count()) * jitter));
}

}  // namespace gdap::graph
