#include "graph/paging.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

using gdap::graph::ErrorKind;
using gdap::graph::PageTrail;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::string k_root = "https://graph.test/v1.0";
const PageTrail::TimePoint k_now{};
const PageTrail::TimePoint k_deadline = k_now + 300s;

json page(json values, const std::string& next = "") {
  json body = {{"value", std::move(values)}};
  if (!next.empty()) {
    body["@odata.nextLink"] = next;
  }
  return body;
}

}  // namespace

TEST_CASE("a collection is followed page by page to its last page", "[graph]") {
  PageTrail trail(k_root, "/items?$top=2");
  auto first = trail.next(page({1, 2}, k_root + "/items?$top=2&$skiptoken=a"), k_now, k_deadline);
  REQUIRE(first.ok());
  CHECK(first.value() == "/items?$top=2&$skiptoken=a");
  CHECK(trail.path() == "/items?$top=2&$skiptoken=a");
  auto empty = trail.next(page(json::array(), k_root + "/items?$skiptoken=b"), k_now, k_deadline);
  REQUIRE(empty.ok());  // an empty page with a link is not the end
  CHECK(empty.value() == "/items?$skiptoken=b");
  auto last = trail.next(page({3}), k_now, k_deadline);
  REQUIRE(last.ok());
  CHECK_FALSE(last.value().has_value());
  CHECK(trail.pages_read() == 3);
}

TEST_CASE("a single object is one page and needs no value array", "[graph]") {
  PageTrail trail(k_root, "/me");
  auto only = trail.next(json{{"id", "x"}}, k_now, k_deadline);
  REQUIRE(only.ok());
  CHECK_FALSE(only.value().has_value());
}

TEST_CASE("a page of a collection without its value array is worth asking for again", "[graph]") {
  SECTION("a first page that promises more") {
    PageTrail trail(k_root, "/items");
    auto result =
        trail.next(json{{"@odata.nextLink", k_root + "/items?$skiptoken=a"}}, k_now, k_deadline);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().worth_retrying);
    CHECK(result.error().error.kind == ErrorKind::malformed);
    CHECK(trail.path() == "/items");  // the same page again
  }
  SECTION("a later page") {
    PageTrail trail(k_root, "/items");
    REQUIRE(trail.next(page({1}, k_root + "/items?$skiptoken=a"), k_now, k_deadline).ok());
    auto result = trail.next(json{{"note", "no value here"}}, k_now, k_deadline);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().worth_retrying);
    CHECK(trail.path() == "/items?$skiptoken=a");
  }
}

TEST_CASE("paging links lead only back to our own Graph root", "[graph]") {
  for (const std::string link :
       {"https://evil.test/v1.0/items?$skiptoken=x", "https://graph.test/v1.0evil/items",
        "https://graph.test/beta/items", "http://graph.test/v1.0/items?$skiptoken=x"}) {
    PageTrail trail(k_root, "/items");
    auto result = trail.next(page({1}, link), k_now, k_deadline);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().error.kind == ErrorKind::refused);
    CHECK_FALSE(result.error().worth_retrying);
  }
}

TEST_CASE("a paging link already followed is not followed again", "[graph]") {
  SECTION("a page linking to itself") {
    PageTrail trail(k_root, "/items");
    auto result = trail.next(page(json::array(), k_root + "/items"), k_now, k_deadline);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().error.message == "Graph sent the same paging link again");
  }
  SECTION("two pages linking to each other") {
    PageTrail trail(k_root, "/items");
    REQUIRE(trail.next(page({1}, k_root + "/items?$skiptoken=a"), k_now, k_deadline).ok());
    REQUIRE(trail.next(page({2}, k_root + "/items?$skiptoken=b"), k_now, k_deadline).ok());
    auto result = trail.next(page({3}, k_root + "/items?$skiptoken=a"), k_now, k_deadline);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().error.kind == ErrorKind::malformed);
    CHECK_FALSE(result.error().worth_retrying);
  }
}

TEST_CASE("no page is followed past the run's deadline", "[graph]") {
  PageTrail trail(k_root, "/items");
  auto result = trail.next(page({1}, k_root + "/items?$skiptoken=a"), k_deadline + 1ms, k_deadline);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().error.kind == ErrorKind::gave_up);
  // The last page needs no further request, so it is still accepted.
  PageTrail late(k_root, "/items");
  CHECK(late.next(page({1}), k_deadline + 1ms, k_deadline).ok());
}
