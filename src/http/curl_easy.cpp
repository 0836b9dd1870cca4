// The only file that sets libcurl easy-handle options (both transports use it).
#include "curl_easy.hpp"

#include "gdapcheck/http/url.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace gdap::http::detail {

namespace {

// Answers larger than this are not something the login or Graph endpoints send; stop reading
// rather than let a broken or hostile server exhaust memory.
constexpr std::size_t k_max_body_bytes = std::size_t{64} * 1024 * 1024;

extern "C" std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* collected = static_cast<Collected*>(user);
  const std::size_t bytes = size * count;
  if (collected->body.size() + bytes > k_max_body_bytes) {
    collected->too_large = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  collected->body.append(data, bytes);
  return bytes;
}

extern "C" std::size_t write_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* collected = static_cast<Collected*>(user);
  const std::size_t bytes = size * count;
  std::string_view line(data, bytes);
  if (line.rfind("HTTP/", 0) == 0) {
    collected->headers.clear();  // a new response (after 100-continue or a proxy CONNECT)
    return bytes;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) {
    return bytes;
  }
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  collected->headers.emplace_back(std::move(name), std::string(value));
  return bytes;
}

extern "C" int on_progress(void* user, curl_off_t /*dltotal*/, curl_off_t /*dlnow*/,
                           curl_off_t /*ultotal*/, curl_off_t /*ulnow*/) {
  const auto* should_abort = static_cast<const std::function<bool()>*>(user);
  return (*should_abort)() ? 1 : 0;
}

TransportErrorKind classify(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
      return TransportErrorKind::connect;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportErrorKind::timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
      return TransportErrorKind::tls;
    case CURLE_ABORTED_BY_CALLBACK:
      return TransportErrorKind::aborted;
    case CURLE_UNSUPPORTED_PROTOCOL:
      return TransportErrorKind::refused_url;
    default:
      return TransportErrorKind::other;
  }
}

bool append_header(CurlSlist& list, const std::string& line) {
  curl_slist* appended = curl_slist_append(list.get(), line.c_str());
  if (appended == nullptr) {
    return false;
  }
  (void)list.release();
  list.reset(appended);
  return true;
}

}  // namespace

std::optional<TransportError> configure(CURL* handle, EasyRequest& state,
                                        const CurlOptions& options) {
  const Request& request = state.request;
  if (auto refused = check_url_allowed(request.url)) {
    return TransportError{TransportErrorKind::refused_url, *refused};
  }
  for (const auto& [name, value] : request.headers) {
    std::string line = name;
    line.append(": ").append(value);
    if (!append_header(state.header_list, line)) {
      return TransportError{TransportErrorKind::other, "out of memory building headers"};
    }
  }
  // libcurl would otherwise wait for "100 Continue" before sending a larger POST body (a
  // $batch), costing a round trip or a one-second stall on servers that never send it.
  if (request.method != Method::get && !append_header(state.header_list, "Expect:")) {
    return TransportError{TransportErrorKind::other, "out of memory building headers"};
  }

  const bool loopback = [&] {
    const auto url = parse_url(request.url);
    return url && is_loopback_host(url->host);
  }();

  curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  // Never follow redirects: the endpoints we call do not redirect, and following one could
  // carry a credential-bearing request to a host nobody approved.
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L);
  // HTTP/2 over TLS where the server offers it (many requests share one connection).
  curl_easy_setopt(handle, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(handle, CURLOPT_PIPEWAIT, 1L);
  if (!options.ca_bundle.empty()) {
    curl_easy_setopt(handle, CURLOPT_CAINFO, options.ca_bundle.c_str());
  }
  // A proxy cannot reach our own loopback, so loopback requests go direct. For every other
  // host the option stays unset, which leaves libcurl reading the proxy environment variables.
  if (loopback) {
    curl_easy_setopt(handle, CURLOPT_NOPROXY, "*");
  }
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, state.error_buffer.data());
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, state.header_list.get());
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &state.collected);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, write_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &state.collected);
  if (options.should_abort) {
    curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &options.should_abort);
  }
  switch (request.method) {
    case Method::get:
      curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
      break;
    case Method::post:
      curl_easy_setopt(handle, CURLOPT_POST, 1L);
      break;
    case Method::put:
    case Method::patch:
    case Method::del:
      curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, method_name(request.method).data());
      break;
  }
  if (request.method != Method::get) {
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  return std::nullopt;
}

Result finish(CURL* handle, EasyRequest& state, CURLcode code) {
  // The options point into `state`; clear them so nothing dangles once it goes away.
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, nullptr);
  if (code != CURLE_OK) {
    if (state.collected.too_large) {
      return TransportError{TransportErrorKind::too_large, "response body too large"};
    }
    // The buffer is NUL-terminated somewhere inside its fixed size.
    const std::string detail = state.error_buffer.substr(0, state.error_buffer.find('\0'));
    std::string message = curl_easy_strerror(code);
    if (!detail.empty()) {
      message += ": " + detail;
    }
    return TransportError{classify(code), message};
  }
  Response response;
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  curl_off_t retry_after = 0;
  if (curl_easy_getinfo(handle, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK &&
      retry_after > 0) {
    response.retry_after = std::chrono::seconds(retry_after);
  }
  response.headers = std::move(state.collected.headers);
  response.body = std::move(state.collected.body);
  return response;
}

}  // namespace gdap::http::detail
