// The concurrent transport: one curl multi handle drives every request; finished requests are
// collected in wait(). Used from one thread only.
#include "curl_easy.hpp"

#include "gdapcheck/http/concurrent.hpp"

#include <curl/curl.h>

#include <map>
#include <memory>
#include <utility>

namespace gdap::http {

namespace {

struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;

class CurlMultiTransport final : public ConcurrentTransport {
 public:
  explicit CurlMultiTransport(CurlOptions options)
      : m_options(std::move(options)), m_multi(curl_multi_init()) {
    if (m_multi) {
      // Many requests to one host share connections: multiplexed on HTTP/2, kept alive on 1.1.
      curl_multi_setopt(m_multi.get(), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    }
  }

  ~CurlMultiTransport() override {
    for (auto& [handle, running] : m_running) {
      curl_multi_remove_handle(m_multi.get(), handle);
    }
  }

  CurlMultiTransport(const CurlMultiTransport&) = delete;
  CurlMultiTransport& operator=(const CurlMultiTransport&) = delete;
  CurlMultiTransport(CurlMultiTransport&&) = delete;
  CurlMultiTransport& operator=(CurlMultiTransport&&) = delete;

  Ticket start(Request request) override {
    const Ticket ticket = ++m_last_ticket;
    auto running = std::make_unique<Running>();
    running->ticket = ticket;
    running->state.request = std::move(request);
    running->handle.reset(curl_easy_init());
    if (!m_multi || !running->handle) {
      m_ready.push_back(
          {ticket, TransportError{TransportErrorKind::other, "could not create an HTTP handle"}});
      return ticket;
    }
    if (auto refused = detail::configure(running->handle.get(), running->state, m_options)) {
      m_ready.push_back({ticket, *refused});
      return ticket;
    }
    CURL* handle = running->handle.get();
    if (curl_multi_add_handle(m_multi.get(), handle) != CURLM_OK) {
      m_ready.push_back(
          {ticket, TransportError{TransportErrorKind::other, "could not start the request"}});
      return ticket;
    }
    m_running.emplace(handle, std::move(running));
    return ticket;
  }

  std::vector<Completion> wait(std::chrono::milliseconds timeout) override {
    std::vector<Completion> done = std::exchange(m_ready, {});
    if (!done.empty() || !m_multi) {
      return done;
    }
    int still_running = 0;
    curl_multi_perform(m_multi.get(), &still_running);
    collect(done);
    if (done.empty()) {
      // curl_multi_poll sleeps the whole timeout when there is nothing to wait on, which is
      // what a caller waiting for a retry time wants.
      curl_multi_poll(m_multi.get(), nullptr, 0, static_cast<int>(timeout.count()), nullptr);
      curl_multi_perform(m_multi.get(), &still_running);
      collect(done);
    }
    return done;
  }

 private:
  struct Running {
    Ticket ticket = 0;
    // Declared before the handle so it outlives it: the handle's options point into it.
    detail::EasyRequest state;
    detail::CurlHandle handle;
  };

  void collect(std::vector<Completion>& done) {
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(m_multi.get(), &queued)) {
      if (message->msg != CURLMSG_DONE) {
        continue;
      }
      CURL* handle = message->easy_handle;
      const CURLcode code = message->data.result;
      const auto found = m_running.find(handle);
      if (found == m_running.end()) {
        continue;
      }
      curl_multi_remove_handle(m_multi.get(), handle);
      Running& running = *found->second;
      done.push_back({running.ticket, detail::finish(handle, running.state, code)});
      m_running.erase(found);
    }
  }

  CurlOptions m_options;
  MultiHandle m_multi;
  Ticket m_last_ticket = 0;
  std::map<CURL*, std::unique_ptr<Running>> m_running;
  std::vector<Completion> m_ready;  // finished without touching the network
};

}  // namespace

std::unique_ptr<ConcurrentTransport> make_curl_concurrent_transport(const CurlOptions& options) {
  return std::make_unique<CurlMultiTransport>(options);
}

}  // namespace gdap::http
