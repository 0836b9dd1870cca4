// The blocking transport: one easy handle, reset per request so its connections stay alive.
#include "gdapcheck/http/curl_transport.hpp"

#include "curl_easy.hpp"

#include <curl/curl.h>

#include <memory>

namespace gdap::http {

namespace {

class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(CurlOptions options)
      : m_options(std::move(options)), m_handle(curl_easy_init()) {}

  Result send(const Request& request) override {
    if (!m_handle) {
      return TransportError{TransportErrorKind::other, "could not create an HTTP handle"};
    }
    CURL* handle = m_handle.get();
    // Reset forgets the previous request's options but keeps live connections (keep-alive).
    curl_easy_reset(handle);
    detail::EasyRequest state;
    state.request = request;
    if (auto refused = detail::configure(handle, state, m_options)) {
      return *refused;
    }
    return detail::finish(handle, state, curl_easy_perform(handle));
  }

 private:
  CurlOptions m_options;
  detail::CurlHandle m_handle;
};

}  // namespace

std::unique_ptr<Transport> make_curl_transport(const CurlOptions& options) {
  return std::make_unique<CurlTransport>(options);
}

}  // namespace gdap::http
