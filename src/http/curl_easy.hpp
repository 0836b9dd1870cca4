#pragma once

// Private to http: one request on a libcurl easy handle, shared by the blocking transport
// (curl_easy_perform) and the concurrent one (a curl multi handle). Keeping the options in one
// place keeps both transports equally strict: TLS verified, no redirects, bounded bodies.

#include "gdapcheck/http/curl_transport.hpp"
#include "gdapcheck/http/transport.hpp"

#include <curl/curl.h>

#include <memory>
#include <optional>
#include <string>

namespace gdap::http::detail {

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;
using CurlSlist = std::unique_ptr<curl_slist, SlistDeleter>;

struct Collected {
  std::string body;
  Headers headers;
  bool too_large = false;
};

// Everything libcurl points into while a request runs; it must stay put until finish().
struct EasyRequest {
  Request request;
  Collected collected;
  CurlSlist header_list;
  std::string error_buffer = std::string(CURL_ERROR_SIZE + 1, '\0');
};

// Set every option for `state.request` on `handle` (which may be reused after curl_easy_reset).
// A refused URL or an allocation failure comes back as the error to report instead of sending.
std::optional<TransportError> configure(CURL* handle, EasyRequest& state,
                                        const CurlOptions& options);

// The response (or the transport error) once libcurl reports `code` for the handle.
Result finish(CURL* handle, EasyRequest& state, CURLcode code);

}  // namespace gdap::http::detail
