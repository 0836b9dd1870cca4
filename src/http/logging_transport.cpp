#include "gdapcheck/http/logging_transport.hpp"

#include "gdapcheck/http/url.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <string_view>

namespace gdap::http {

namespace {

// Form fields whose values never carry a credential. Everything else (device_code, code,
// refresh_token, client_secret, client_assertion, password, ...) is shown as [redacted]:
// an allow-list fails safe when Microsoft or a later feature adds a field.
constexpr std::array<std::string_view, 6> k_harmless_fields = {
    "grant_type", "client_id", "scope", "client_assertion_type", "client_info", "api-version"};

bool harmless(std::string_view name) {
  return std::ranges::any_of(k_harmless_fields,
                             [name](std::string_view field) { return field == name; });
}

std::string describe_fields(const FormFields& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) {
      out += ' ';
    }
    out += name;
    out += '=';
    out += harmless(name) ? value : std::string("[redacted]");
  }
  return out;
}

bool is_form(const Request& request) {
  return std::ranges::any_of(request.headers, [](const Header& header) {
    return (header.first == "Content-Type" || header.first == "content-type") &&
           header.second.rfind("application/x-www-form-urlencoded", 0) == 0;
  });
}

class LoggingTransport final : public Transport {
 public:
  LoggingTransport(Transport& inner, LogSink sink) : m_inner(inner), m_sink(std::move(sink)) {}

  Result send(const Request& request) override {
    m_sink("http: " + describe_request(request));
    const auto started = std::chrono::steady_clock::now();
    Result result = m_inner.send(request);
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    if (const auto* response = std::get_if<Response>(&result)) {
      m_sink("http: -> " + std::to_string(response->status) + " (" +
             std::to_string(elapsed.count()) + " ms, " + std::to_string(response->body.size()) +
             " bytes)");
    } else {
      m_sink("http: -> no answer: " + std::get<TransportError>(result).message);
    }
    return result;
  }

 private:
  Transport& m_inner;
  LogSink m_sink;
};

}  // namespace

std::string describe_request(const Request& request) {
  std::string url = request.url;
  if (const auto question = url.find('?'); question != std::string::npos) {
    const auto query = form_decode(std::string_view(url).substr(question + 1));
    url = url.substr(0, question + 1);
    bool first = true;
    for (const auto& [name, value] : query) {
      url += first ? "" : "&";
      first = false;
      url += percent_encode(name) + "=" + (harmless(name) ? percent_encode(value) : "[redacted]");
    }
  }
  std::string line = std::string(method_name(request.method)) + " " + url;
  if (!request.body.empty()) {
    if (is_form(request)) {
      line += " [" + describe_fields(form_decode(request.body)) + "]";
    } else {
      line += " [" + std::to_string(request.body.size()) + " bytes]";
    }
  }
  return line;
}

std::unique_ptr<Transport> make_logging_transport(Transport& inner, LogSink sink) {
  return std::make_unique<LoggingTransport>(inner, std::move(sink));
}

}  // namespace gdap::http
