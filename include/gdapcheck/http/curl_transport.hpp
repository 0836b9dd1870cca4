#pragma once

// The real Transport, built on libcurl (which stays inside src/http).

#include "gdapcheck/http/transport.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace gdap::http {

struct CurlOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  // Whole-request limit; the token and Graph endpoints answer well within it.
  std::chrono::milliseconds total_timeout{60'000};
  // Extra CA certificates (PEM file), e.g. a TLS-inspecting proxy's; verification stays on.
  std::string ca_bundle;
  std::string user_agent = "gdapcheck";
  // Polled during transfers; returning true aborts the request (Ctrl-C).
  std::function<bool()> should_abort;
};

// Create a transport that reuses one connection cache (keep-alive) for all its requests.
// Proxies come from the standard environment variables (https_proxy, no_proxy, ...).
std::unique_ptr<Transport> make_curl_transport(const CurlOptions& options);

}  // namespace gdap::http
