#pragma once

namespace gdap::http {

// Process-wide set-up of the HTTP stack (libcurl's global init). Create exactly one, in main,
// before any thread or transport exists; it cleans up when it goes out of scope.
class GlobalInit {
 public:
  GlobalInit();
  ~GlobalInit();
  GlobalInit(const GlobalInit&) = delete;
  GlobalInit& operator=(const GlobalInit&) = delete;
  GlobalInit(GlobalInit&&) = delete;
  GlobalInit& operator=(GlobalInit&&) = delete;
};

}  // namespace gdap::http
