#pragma once

// A Transport for tests: replays scripted answers in order (optionally only to requests whose URL
// contains a given text) and records every request, so tests never open a socket.

#include "gdapcheck/http/transport.hpp"
#include "gdapcheck/http/url.hpp"

#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace gdap::testing {

class FakeTransport final : public http::Transport {
 public:
  // Answer the next request (whose URL contains `url_part`, when given) with this response.
  void push(int status, std::string body, std::string url_part = {}) {
    http::Response response;
    response.status = status;
    response.headers = {{"content-type", "application/json; charset=utf-8"}};
    response.body = std::move(body);
    m_script.push_back({std::move(url_part), response});
  }

  // Answer the next request with "no HTTP answer at all".
  void push_error(http::TransportErrorKind kind, std::string message, std::string url_part = {}) {
    m_script.push_back({std::move(url_part), http::TransportError{kind, std::move(message)}});
  }

  http::Result send(const http::Request& request) override {
    m_requests.push_back(request);
    for (auto it = m_script.begin(); it != m_script.end(); ++it) {
      if (it->url_part.empty() || request.url.find(it->url_part) != std::string::npos) {
        http::Result result = it->result;
        m_script.erase(it);
        return result;
      }
    }
    return http::TransportError{http::TransportErrorKind::other,
                                "FakeTransport: no scripted answer for " + request.url};
  }

  const std::vector<http::Request>& requests() const { return m_requests; }

  // The form fields of request `index`, decoded.
  http::FormFields form(std::size_t index) const {
    return http::form_decode(m_requests.at(index).body);
  }

  // The value of form field `name` in request `index` (empty when absent).
  std::string field(std::size_t index, const std::string& name) const {
    for (const auto& [key, value] : form(index)) {
      if (key == name) {
        return value;
      }
    }
    return {};
  }

  std::size_t pending() const { return m_script.size(); }

 private:
  struct Scripted {
    std::string url_part;
    http::Result result;
  };
  std::deque<Scripted> m_script;
  std::vector<http::Request> m_requests;
};

}  // namespace gdap::testing
