#include "support/fake_concurrent_transport.hpp"

#include "gdapcheck/graph/batch.hpp"
#include "gdapcheck/graph/client.hpp"
#include "gdapcheck/graph/retry.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

using gdap::testing::FakeConcurrentTransport;
using gdap::testing::json_response;
using nlohmann::json;
using namespace gdap::graph;
using namespace std::chrono_literals;

namespace {

const std::string k_root = "https://graph.test/v1.0";

Bearer bearer(const std::string& tenant) {
  return Bearer{tenant, std::make_shared<const std::string>("SECRET-TOKEN-" + tenant), false};
}

ClientOptions options_for(FakeConcurrentTransport& transport) {
  ClientOptions options;
  options.graph_root = k_root;
  options.clock = transport.clock();
  options.seed = 7;
  return options;
}

// The Graph path a lone request or a batch part asked for.
std::string path_of(const std::string& url) {
  return url.substr(k_root.size());
}

// Answers Graph-style: each path maps to a body; $batch parts are answered the same way, in
// reverse order (Graph does not keep the order).
struct FakeGraph {
  std::function<json(const std::string& path, int& status, json& headers)> answer;

  gdap::http::Result operator()(const gdap::http::Request& request) const {
    if (path_of(request.url) == "/$batch") {
      const auto batch = json::parse(request.body);
      json responses = json::array();
      for (const auto& part : batch["requests"]) {
        int status = 200;
        json headers = json::object();
        json body = answer(part["url"].get<std::string>(), status, headers);
        const json part_answer = {
            {"id", part["id"]}, {"status", status}, {"headers", headers}, {"body", body}};
        responses.insert(responses.begin(), part_answer);
      }
      return json_response(200, json{{"responses", responses}}.dump());
    }
    int status = 200;
    json headers = json::object();
    json body = answer(path_of(request.url), status, headers);
    gdap::http::Headers extra;
    for (const auto& [name, value] : headers.items()) {
      extra.emplace_back(name, value.get<std::string>());
    }
    return json_response(status, body.dump(), extra);
  }
};

// Read one path that is expected to fail; returns the error (the read must not succeed).
GraphError failed_read(FakeConcurrentTransport& transport, const ClientOptions& options,
                       const std::string& path = "/x") {
  Client client(transport, options);
  std::optional<GraphError> error;
  client.get(bearer("t1"), "x", path, [&](const Outcome& o) { error = o.error(); });
  REQUIRE(client.run());
  REQUIRE(error);
  return *error;
}

}  // namespace

TEST_CASE("a collection is read page by page through @odata.nextLink", "[graph]") {
  FakeGraph graph{[](const std::string& path, int&, json&) {
    if (path == "/items?$top=2") {
      return json{{"value", {1, 2}}, {"@odata.nextLink", k_root + "/items?$top=2&$skiptoken=a"}};
    }
    if (path == "/items?$top=2&$skiptoken=a") {
      return json{{"value", json::array()}, {"@odata.nextLink", k_root + "/items?$skiptoken=b"}};
    }
    return json{{"value", {3}}};
  }};
  FakeConcurrentTransport transport(graph);
  Client client(transport, options_for(transport));
  json result;
  client.get(bearer("t1"), "items", "/items?$top=2",
             [&](Outcome outcome) { result = outcome.value(); });
  REQUIRE(client.run());
  CHECK(result["value"] == json({1, 2, 3}));
  REQUIRE(transport.requests().size() == 3);  // an empty page with a link is followed too
  CHECK(transport.requests()[2].url == k_root + "/items?$skiptoken=b");
}

TEST_CASE("reads for one tenant share a $batch and are matched back by id", "[graph]") {
  FakeGraph graph{[](const std::string& path, int&, json&) { return json{{"path", path}}; }};
  FakeConcurrentTransport transport(graph);
  Client client(transport, options_for(transport));
  std::vector<std::string> answers(3);
  for (int i = 0; i < 3; ++i) {
    client.get(bearer("t1"), "thing", "/thing/" + std::to_string(i), [&, i](Outcome outcome) {
      answers[static_cast<std::size_t>(i)] = outcome.value()["path"];
    });
  }
  client.get(bearer("t2"), "thing", "/other", [](Outcome) {});
  REQUIRE(client.run());
  CHECK(answers == std::vector<std::string>{"/thing/0", "/thing/1", "/thing/2"});
  REQUIRE(transport.requests().size() == 2);  // one batch for t1, one lone GET for t2
  CHECK(transport.requests()[0].url == k_root + "/$batch");
  CHECK(json::parse(transport.requests()[0].body)["requests"].size() == 3);
  CHECK(transport.requests()[1].method == gdap::http::Method::get);
  CHECK(client.stats().requests.at("$batch") == 1);
  CHECK(client.stats().reads.at("thing") == 4);
}

TEST_CASE("a batch never holds more than 20 requests", "[graph]") {
  FakeGraph graph{[](const std::string&, int&, json&) { return json::object(); }};
  FakeConcurrentTransport transport(graph);
  Client client(transport, options_for(transport));
  int done = 0;
  for (int i = 0; i < 45; ++i) {
    client.get(bearer("t1"), "x", "/x/" + std::to_string(i),
               [&](Outcome outcome) { done += outcome.ok() ? 1 : 0; });
  }
  REQUIRE(client.run());
  CHECK(done == 45);
  REQUIRE(transport.requests().size() == 3);
  for (const auto& request : transport.requests()) {
    CHECK(json::parse(request.body)["requests"].size() <= k_max_batch_requests);
  }
}

TEST_CASE("a throttled batch part is retried alone after its Retry-After", "[graph]") {
  int throttled = 0;
  FakeGraph graph{[&](const std::string& path, int& status, json& headers) {
    if (path == "/slow" && throttled++ == 0) {
      status = 429;
      headers["Retry-After"] = "3";
      return json{
          {"error", {{"code", "TooManyRequests"}, {"message", "Please retry again later."}}}};
    }
    return json{{"path", path}};
  }};
  FakeConcurrentTransport transport(graph);
  Client client(transport, options_for(transport));
  std::string fast;
  std::string slow;
  gdap::testing::FakeConcurrentTransport::TimePoint slow_at{};
  client.get(bearer("t1"), "x", "/fast", [&](Outcome o) { fast = o.value()["path"]; });
  client.get(bearer("t1"), "x", "/slow", [&](Outcome o) {
    slow = o.value()["path"];
    slow_at = transport.now();
  });
  REQUIRE(client.run());
  CHECK(fast == "/fast");
  CHECK(slow == "/slow");
  REQUIRE(transport.requests().size() == 2);
  CHECK(transport.requests()[1].url == k_root + "/slow");  // only the throttled part again
  CHECK(slow_at - gdap::testing::FakeConcurrentTransport::TimePoint{} >= 3s);
  CHECK(client.stats().throttled == 1);
  CHECK(client.stats().retries == 1);
}

TEST_CASE("503 is retried with back-off and gives up with the last error", "[graph]") {
  FakeGraph graph{[](const std::string&, int& status, json&) {
    status = 503;
    return json{{"error",
                 {{"code", "serviceNotAvailable"},
                  {"message", "down"},
                  {"innerError", {{"request-id", "rid-1"}}}}}};
  }};
  FakeConcurrentTransport transport(graph);
  auto options = options_for(transport);
  options.retry.max_attempts = 4;
  const auto error = failed_read(transport, options);
  CHECK(error.kind == ErrorKind::gave_up);
  CHECK(error.attempts == 4);
  CHECK(transport.requests().size() == 4);
  CHECK(describe(error) == "503 serviceNotAvailable: down (request-id rid-1) after 4 attempts");
}

TEST_CASE("an error that retrying cannot fix is reported at once", "[graph]") {
  FakeGraph graph{[](const std::string&, int& status, json&) {
    status = 403;
    return json{{"error",
                 {{"code", "Authorization_RequestDenied"},
                  {"message", "Insufficient privileges to complete the operation."}}}};
  }};
  FakeConcurrentTransport transport(graph);
  const auto error = failed_read(transport, options_for(transport));
  CHECK(transport.requests().size() == 1);
  CHECK(describe(error) ==
        "403 Authorization_RequestDenied: Insufficient privileges to complete the operation.");
}

TEST_CASE("a reset connection is retried", "[graph]") {
  int calls = 0;
  FakeConcurrentTransport transport([&](const gdap::http::Request&) -> gdap::http::Result {
    if (calls++ == 0) {
      return gdap::http::TransportError{gdap::http::TransportErrorKind::connect,
                                        "Connection reset by peer"};
    }
    return json_response(200, R"({"ok":true})");
  });
  Client client(transport, options_for(transport));
  bool ok = false;
  client.get(bearer("t1"), "x", "/x", [&](Outcome o) { ok = o.value()["ok"]; });
  REQUIRE(client.run());
  CHECK(ok);
  CHECK(client.stats().broken == 1);
}

TEST_CASE("paging links to another host are not followed with the token", "[graph]") {
  FakeGraph graph{[](const std::string&, int&, json&) {
    return json{{"value", {1}}, {"@odata.nextLink", "https://evil.test/v1.0/items?$skiptoken=x"}};
  }};
  FakeConcurrentTransport transport(graph);
  const auto error = failed_read(transport, options_for(transport), "/items");
  CHECK(error.kind == ErrorKind::refused);
  CHECK(transport.requests().size() == 1);
}

// The simulated time a run of `tenants` one-request tenants took, and the client's statistics.
struct Run {
  std::chrono::milliseconds elapsed{};
  Stats stats;
};

// Runs `tenants` one-request tenants -- Graph reads, or token requests when `tokens` -- with
// `concurrency` at most in flight (0: the default), 429 answering when `throttle(call)`.
Run run_with_throttling(int tenants, const std::function<bool(int)>& throttle,
                        std::size_t concurrency = 8, bool tokens = false) {
  int calls = 0;
  FakeGraph graph{[&](const std::string&, int& status, json& headers) {
    if (throttle(++calls)) {
      status = 429;
      headers["Retry-After"] = "1";
    }
    return json::object();
  }};
  FakeConcurrentTransport transport(graph);
  auto options = options_for(transport);
  if (concurrency > 0) {
    options.concurrency = concurrency;
  }
  Client client(transport, options);
  int done = 0;
  for (int i = 0; i < tenants; ++i) {
    if (tokens) {
      gdap::http::Request request;
      request.method = gdap::http::Method::post;
      request.url = k_root + "/token-" + std::to_string(i);
      client.send("token", request, [&](const gdap::http::Result& result) {
        done += std::get<gdap::http::Response>(result).status == 200 ? 1 : 0;
      });
    } else {
      client.get(bearer("tenant-" + std::to_string(i)), "x", "/x",
                 [&](const Outcome& outcome) { done += outcome.ok() ? 1 : 0; });
    }
  }
  REQUIRE(client.run());
  CHECK(done == tenants);
  CHECK(transport.peak_in_flight() <= options.concurrency);
  return {std::chrono::duration_cast<std::chrono::milliseconds>(
              transport.now() - FakeConcurrentTransport::TimePoint{}),
          client.stats()};
}

TEST_CASE("no more than the concurrency limit is in flight", "[graph]") {
  const auto run = run_with_throttling(40, [](int) { return false; });
  CHECK(run.stats.peak_in_flight == 8);
  CHECK(run.stats.highest_limit == 8);
  CHECK(run.stats.lowest_limit == 0);  // never cut
}

TEST_CASE("while answers are clean the requests in flight grow past the start", "[graph]") {
  // 2,000 one-request customers at 100 ms: 64 at a time would take 32 round trips (3.2 s).
  const auto fixed = run_with_throttling(
      2000, [](int) { return false; }, k_initial_concurrency);
  CHECK(fixed.elapsed >= 3s);
  const auto adaptive = run_with_throttling(
      2000, [](int) { return false; }, 0);
  CHECK(adaptive.stats.highest_limit == k_default_concurrency);
  CHECK(adaptive.stats.peak_in_flight > 512);
  CHECK(adaptive.elapsed <= 700ms);  // 64, 128, 256, 512, then 1,024 per round trip
}

TEST_CASE("sustained throttling halves the requests in flight", "[graph]") {
  // Every first attempt is throttled: the first second's answers are all 429.
  const auto run = run_with_throttling(40, [](int call) { return call <= 40; });
  CHECK(run.stats.throttled == 40);
  CHECK(run.stats.lowest_limit == 4);
}

TEST_CASE("an occasional 429 barely lowers the requests in flight", "[graph]") {
  const auto run = run_with_throttling(200, [](int call) { return call % 40 == 0; });
  CHECK(run.stats.throttled == 5);
  CHECK(run.stats.lowest_limit == 7);
}

TEST_CASE("5 % of answers throttled cost about their Retry-After, not a crawl", "[graph]") {
  const auto run = run_with_throttling(
      2000, [](int call) { return call % 20 == 0; }, 0);
  CHECK(run.stats.throttled >= 100);
  CHECK(run.stats.lowest_limit >= 512);
  // The clean run's 0.7 s, plus a read throttled twice: two Retry-Afters and their round trips.
  CHECK(run.elapsed <= 3s);
}

TEST_CASE("throttled token requests count like throttled Graph reads", "[graph]") {
  const auto run = run_with_throttling(
      40, [](int call) { return call <= 40; }, 8, /*tokens=*/true);
  CHECK(run.stats.throttled == 40);
  CHECK(run.stats.retries == 40);
  CHECK(run.stats.lowest_limit == 4);
  CHECK(run.stats.requests.at("token") == 80);
}

TEST_CASE("token requests share the loop, the limit and the retries", "[graph]") {
  int calls = 0;
  FakeConcurrentTransport transport([&](const gdap::http::Request&) -> gdap::http::Result {
    return json_response(++calls == 1 ? 503 : 200, R"({"access_token":"x"})");
  });
  Client client(transport, options_for(transport));
  int status = 0;
  gdap::http::Request request;
  request.method = gdap::http::Method::post;
  request.url = "https://login.test/tenant/oauth2/v2.0/token";
  client.send("token", request, [&](gdap::http::Result result) {
    status = std::get<gdap::http::Response>(result).status;
  });
  REQUIRE(client.run());
  CHECK(status == 200);
  CHECK(client.stats().requests.at("token") == 2);
}

TEST_CASE("no retry is scheduled past the deadline", "[graph]") {
  FakeGraph graph{[](const std::string&, int& status, json& headers) {
    status = 429;
    headers["Retry-After"] = "50";
    return json::object();
  }};
  FakeConcurrentTransport transport(graph);
  auto options = options_for(transport);
  options.retry.deadline = 30s;
  const auto error = failed_read(transport, options);
  CHECK(error.kind == ErrorKind::gave_up);
  CHECK(transport.requests().size() == 1);
}

TEST_CASE("tokens are sent as headers and never appear in the request log", "[graph]") {
  FakeGraph graph{[](const std::string&, int&, json&) { return json::object(); }};
  FakeConcurrentTransport transport(graph);
  auto options = options_for(transport);
  std::vector<std::string> log;
  options.log = [&](const std::string& line) { log.push_back(line); };
  Client client(transport, options);
  client.get(bearer("t1"), "x", "/a", [](Outcome) {});
  client.get(bearer("t1"), "x", "/b", [](Outcome) {});
  REQUIRE(client.run());
  const auto& headers = transport.requests().front().headers;
  CHECK(std::find(headers.begin(), headers.end(),
                  gdap::http::Header{"Authorization", "Bearer SECRET-TOKEN-t1"}) != headers.end());
  REQUIRE(log.size() == 3);  // the batch and its two parts
  CHECK(log[0].rfind("POST /v1.0/$batch (2 requests) -> 200 in 100 ms", 0) == 0);
  for (const auto& line : log) {
    CHECK(line.find("SECRET") == std::string::npos);
  }
}

TEST_CASE("retry delay honours Retry-After, else grows exponentially with jitter", "[graph]") {
  RetryPolicy policy;
  CHECK(retry_delay(policy, 1, 7s, 0.5) == 7s);
  CHECK(retry_delay(policy, 1, 600s, 0.5) == policy.max_retry_after);
  CHECK(retry_delay(policy, 1, std::nullopt, 0.0) == 125ms);
  CHECK(retry_delay(policy, 1, std::nullopt, 1.0) == 250ms);
  CHECK(retry_delay(policy, 3, std::nullopt, 1.0) == 1000ms);
  CHECK(retry_delay(policy, 12, std::nullopt, 1.0) == policy.cap);
  CHECK(is_retryable_status(429));
  CHECK(is_retryable_status(503));
  CHECK(is_retryable_status(504));
  CHECK_FALSE(is_retryable_status(500));
  CHECK_FALSE(is_retryable_status(403));
}

TEST_CASE("batch answers are decoded with each part's status and Retry-After", "[graph]") {
  const auto decoded = decode_batch(R"({"responses":[
    {"id":"2","status":429,"headers":{"Retry-After":"4"},"body":{"error":{"code":"TooManyRequests"}}},
    {"id":"1","status":200,"headers":{},"body":{"value":[1]}}]})");
  REQUIRE(decoded.ok());
  const auto& parts = decoded.value();
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].id == "2");
  CHECK(parts[0].retry_after == std::chrono::seconds(4));
  CHECK(parts[1].body["value"] == json({1}));
  CHECK_FALSE(decode_batch("{\"responses\":3}").ok());
  CHECK_FALSE(decode_batch("not json").ok());
  const auto body = json::parse(encode_batch(
      {{"1", gdap::http::Method::get, "/me", std::nullopt},
       {"2", gdap::http::Method::post, "/directoryObjects/getByIds", json{{"ids", {"a"}}}}}));
  CHECK(body["requests"][0] == json{{"id", "1"}, {"method", "GET"}, {"url", "/me"}});
  CHECK(body["requests"][1]["headers"]["Content-Type"] == "application/json");
}

TEST_CASE("a page of a collection without its value array fails the read", "[graph]") {
  FakeGraph graph{[](const std::string& path, int&, json&) {
    if (path == "/items") {
      return json{{"value", {1}}, {"@odata.nextLink", k_root + "/items?$skiptoken=a"}};
    }
    return json{{"note", "no value here"}};
  }};
  FakeConcurrentTransport transport(graph);
  auto options = options_for(transport);
  options.retry.max_attempts = 2;
  const auto error = failed_read(transport, options, "/items");
  CHECK(error.kind == ErrorKind::malformed);
  CHECK(transport.requests().size() == 3);  // the first page, then the bad page twice
}

TEST_CASE("a paging link that repeats itself is not followed forever", "[graph]") {
  FakeGraph graph{[](const std::string&, int&, json&) {
    return json{{"value", json::array()}, {"@odata.nextLink", k_root + "/items?$skiptoken=a"}};
  }};
  FakeConcurrentTransport transport(graph);
  const auto error = failed_read(transport, options_for(transport), "/items");
  CHECK(describe(error) ==
        "unexpected answer from Microsoft Graph: Graph sent the same paging "
        "link again");
  CHECK(transport.requests().size() == 2);
}

TEST_CASE("an absurd Retry-After is capped, not overflowed", "[graph]") {
  const RetryPolicy policy;
  CHECK(retry_delay(policy, 1, std::chrono::seconds(10'000'000'000'000'000LL), 0.5) ==
        policy.max_retry_after);
}

TEST_CASE("an oversized answer is not fetched again", "[graph]") {
  CHECK_FALSE(is_retryable_transport({gdap::http::TransportErrorKind::too_large, "too large"}));
  CHECK(is_retryable_transport({gdap::http::TransportErrorKind::connect, "reset"}));
}

TEST_CASE("a $batch that fails as a whole with a deeply nested body fails each read", "[graph]") {
  // A million levels of nesting (2 MB, well under the size cap): copied or destroyed
  // recursively, such a document overflows the stack.
  const std::string nested = std::string(1'000'000, '[') + std::string(1'000'000, ']');
  FakeConcurrentTransport transport([&](const gdap::http::Request&) {
    return json_response(400,
                         R"({"error":{"code":"BadRequest","message":"no","x":)" + nested + "}}");
  });
  auto options = options_for(transport);
  Client client(transport, options);
  std::vector<GraphError> errors;
  for (int i = 0; i < 3; ++i) {
    client.get(bearer("t1"), "thing", "/thing/" + std::to_string(i),
               [&](const Outcome& outcome) { errors.push_back(outcome.error()); });
  }
  REQUIRE(client.run());
  REQUIRE(errors.size() == 3);
  for (const auto& error : errors) {
    CHECK(error.status == 400);
    CHECK(error.code.empty());  // not JSON within limits: the bare status
  }
}

TEST_CASE("a $batch that fails as a whole gives each read Graph's error", "[graph]") {
  FakeConcurrentTransport transport([](const gdap::http::Request&) {
    return json_response(403, R"({"error":{"code":"Forbidden","message":"denied"}})");
  });
  Client client(transport, options_for(transport));
  std::vector<std::string> described;
  for (int i = 0; i < 2; ++i) {
    client.get(bearer("t1"), "thing", "/thing/" + std::to_string(i),
               [&](const Outcome& outcome) { described.push_back(describe(outcome.error())); });
  }
  REQUIRE(client.run());
  CHECK(described == std::vector<std::string>{"403 Forbidden: denied", "403 Forbidden: denied"});
  CHECK(transport.requests().size() == 1);
}

TEST_CASE("a $batch answer nested too deep is malformed, not a crash", "[graph]") {
  const std::string nested = std::string(1'000'000, '[') + std::string(1'000'000, ']');
  const auto decoded =
      decode_batch(R"({"responses":[{"id":"1","status":200,"body":)" + nested + "}]}");
  REQUIRE_FALSE(decoded.ok());
  CHECK_THAT(decoded.error(), Catch::Contains("nested deeper than"));
}
