#include "graph/work.hpp"

#include "gdapcheck/graph/batch.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

using namespace gdap::graph;

namespace {

WorkPtr read_for(const std::string& tenant, const std::string& path, bool priority = false) {
  return std::make_unique<Work>(
      Work{"read", 0,
           GraphRead{Bearer{tenant, std::make_shared<const std::string>("token"), priority},
                     gdap::http::Method::get,
                     std::nullopt,
                     PageTrail("https://graph.test/v1.0", path),
                     [](const Outcome&) {},
                     {}}});
}

WorkPtr token_request(const std::string& tenant) {
  gdap::http::Request request;
  request.url = "https://login.test/" + tenant + "/oauth2/v2.0/token";
  return std::make_unique<Work>(
      Work{"token", 0, OutsideRequest{request, [](const gdap::http::Result&) {}}});
}

// What the next request carries: "token <url>" or "<tenant>: <path> <path> ...".
std::string next_request(WorkQueue& queue) {
  auto works = queue.pop();
  if (works.empty()) {
    return "nothing";
  }
  if (works.front()->read() == nullptr) {
    return "token " + std::get<OutsideRequest>(works.front()->what).request.url;
  }
  std::string text = works.front()->read()->bearer.tenant + ":";
  for (const auto& work : works) {
    text += " " + work->read()->trail.path();
  }
  return text;
}

}  // namespace

TEST_CASE("token requests and Graph requests take turns", "[graph]") {
  WorkQueue queue;
  queue.push(token_request("c1"));
  queue.push(token_request("c2"));
  queue.push(read_for("t1", "/a"));
  queue.push(read_for("t2", "/b"));
  CHECK(next_request(queue) == "token https://login.test/c1/oauth2/v2.0/token");
  CHECK(next_request(queue) == "t1: /a");
  CHECK(next_request(queue) == "token https://login.test/c2/oauth2/v2.0/token");
  CHECK(next_request(queue) == "t2: /b");
  CHECK(next_request(queue) == "nothing");
  CHECK(queue.empty());
}

TEST_CASE("a tenant's ready reads go together, a $batch's worth at a time, tenants in turn",
          "[graph]") {
  WorkQueue queue;
  for (int i = 0; i < 25; ++i) {
    std::string path = "/";
    path += std::to_string(i);  // appended: GCC 12 -O3 misreads "literal" + temporary (-Wrestrict)
    queue.push(read_for("t1", path));
  }
  queue.push(read_for("t2", "/x"));
  auto first = queue.pop();
  CHECK(first.size() == k_max_batch_requests);
  CHECK(next_request(queue) == "t2: /x");  // the other tenant before t1's remaining reads
  CHECK(next_request(queue) == "t1: /20 /21 /22 /23 /24");
  CHECK(queue.empty());
}

TEST_CASE("priority tenants' reads go before ordinary ones", "[graph]") {
  WorkQueue queue;
  queue.push(read_for("customer", "/organization"));
  queue.push(read_for("partner", "/me", /*priority=*/true));
  CHECK(next_request(queue) == "partner: /me");
  CHECK(next_request(queue) == "customer: /organization");
}
