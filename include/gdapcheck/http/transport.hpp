#pragma once

// The one seam between gdapcheck and the network: a request goes in, a response or a transport
// error comes out. HTTP error statuses are responses, not errors; only "no HTTP answer at all"
// is a TransportError. No libcurl type appears here, so tests can fake the whole network.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace gdap::http {

enum class Method { get, post, put, patch, del };

using Header = std::pair<std::string, std::string>;
using Headers = std::vector<Header>;

struct Request {
  Method method = Method::get;
  std::string url;
  Headers headers;
  std::string body;
};

struct Response {
  int status = 0;
  Headers headers;  // names lower-cased, in arrival order
  std::string body;
  // Seconds from a Retry-After header, when the server sent one.
  std::optional<std::chrono::seconds> retry_after;

  // Return the first header called `name` (case-insensitive), if any.
  std::optional<std::string> header(std::string_view name) const;
};

enum class TransportErrorKind {
  refused_url,  // the URL is not allowed (plain http to a non-loopback host, bad scheme)
  connect,      // DNS, TCP or proxy failure
  tls,          // certificate or handshake failure
  timeout,
  aborted,    // the caller asked to stop (Ctrl-C)
  too_large,  // the answer was larger than any Microsoft endpoint sends: not worth retrying
  other,
};

// No HTTP answer at all. `message` never holds request bodies or headers.
struct TransportError {
  TransportErrorKind kind = TransportErrorKind::other;
  std::string message;
};

using Result = std::variant<Response, TransportError>;

// Send requests. Implementations never throw for network conditions.
class Transport {
 public:
  Transport() = default;
  virtual ~Transport() = default;
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;
  Transport(Transport&&) = delete;
  Transport& operator=(Transport&&) = delete;

  virtual Result send(const Request& request) = 0;
};

// Header names compare without regard to case (RFC 9110).
bool same_header_name(std::string_view a, std::string_view b);

// Return "GET", "POST", ...
std::string_view method_name(Method method);

}  // namespace gdap::http
