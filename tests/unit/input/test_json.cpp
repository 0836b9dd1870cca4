#include "gdapcheck/input/json.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using Catch::Contains;
using gdap::input::JsonLimits;
using gdap::input::JsonStreaming;
using gdap::input::parse_json;
using nlohmann::json;

namespace {

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

}  // namespace

TEST_CASE("well-formed JSON within the limits is the document nlohmann reads", "[input]") {
  const std::string text = R"({"a":[1,-2,3.5,"x",true,null,{"b":{}}],"c":18446744073709551615})";
  const auto parsed = parse_json(text);
  REQUIRE(parsed.ok());
  CHECK(parsed.value() == json::parse(text));
  CHECK(parsed.value()["c"].is_number_unsigned());
}

TEST_CASE("nesting deeper than the limit is refused, however deep, without recursion", "[input]") {
  SECTION("a million levels") {
    const auto parsed = parse_json(nested_arrays(1'000'000));
    REQUIRE_FALSE(parsed.ok());
    CHECK_THAT(parsed.error().message, Contains("nested deeper than the 64 levels allowed"));
    std::string sixty_four_down;
    for (int level = 0; level < 64; ++level) {
      sixty_four_down += "/0";
    }
    CHECK(parsed.error().path == sixty_four_down);
  }
  SECTION("the limit itself is allowed") {
    CHECK(parse_json(nested_arrays(64)).ok());
    CHECK_FALSE(parse_json(nested_arrays(65)).ok());
    JsonLimits shallow;
    shallow.max_depth = 2;
    CHECK(parse_json(R"({"a":[1]})", shallow).ok());
    const auto deep = parse_json(R"({"a":{"b":{}}})", shallow);
    REQUIRE_FALSE(deep.ok());
    CHECK(deep.error().path == "/a/b");
  }
}

TEST_CASE("a number too large for a double is an error naming its place", "[input]") {
  const auto parsed = parse_json(R"({"customers":[{"id":"x"},{"n":[0,1e400]}]})");
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().path == "/customers/1/n/1");
  CHECK(parsed.error().message == "the number 1e400 is too large");
  CHECK(gdap::input::describe(parsed.error()) == "/customers/1/n/1: the number 1e400 is too large");
  SECTION("an integer too long is read as a double, and refused when it is infinite") {
    const auto big = parse_json("{\"a\":1" + std::string(400, '0') + "}");
    REQUIRE_FALSE(big.ok());
    CHECK(big.error().path == "/a");
    CHECK(parse_json("[-1e308]").ok());
    CHECK_FALSE(parse_json("[-1e309]").ok());
  }
  SECTION("keys are escaped in the pointer") {
    const auto escaped = parse_json(R"({"a/b~c":1e999})");
    REQUIRE_FALSE(escaped.ok());
    CHECK(escaped.error().path == "/a~1b~0c");
  }
  SECTION("the document itself") {
    const auto top = parse_json("1e400");
    REQUIRE_FALSE(top.ok());
    CHECK(top.error().path.empty());
    CHECK(gdap::input::describe(top.error()) == "/: the number 1e400 is too large");
  }
}

TEST_CASE("strings and keys longer than the limit are refused", "[input]") {
  JsonLimits limits;
  limits.max_string_bytes = 8;
  CHECK(parse_json(R"({"key":"12345678"})", limits).ok());
  const auto value = parse_json(R"({"key":["123456789"]})", limits);
  REQUIRE_FALSE(value.ok());
  CHECK(value.error().path == "/key/0");
  CHECK_THAT(value.error().message, Contains("a string of 9 bytes, more than the 8 allowed"));
  const auto key = parse_json(R"({"a":{"123456789":1}})", limits);
  REQUIRE_FALSE(key.ok());
  CHECK(key.error().path == "/a");
}

TEST_CASE("syntax errors name the line and column, and truncation", "[input]") {
  SECTION("truncated") {
    const auto parsed = parse_json("{\n  \"a\": [1,");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().path.empty());
    CHECK_THAT(parsed.error().message, Contains("invalid JSON at line 2") &&
                                           Contains("truncated") &&
                                           Contains("unexpected end of input"));
  }
  SECTION("in the middle") {
    const auto parsed = parse_json("{\n  \"a\": 1,,\n}");
    REQUIRE_FALSE(parsed.ok());
    CHECK_THAT(parsed.error().message,
               Contains("invalid JSON at line 2, column 10") && !Contains("truncated"));
  }
  SECTION("comments only when allowed") {
    CHECK_FALSE(parse_json("{} // note").ok());
    JsonLimits limits;
    limits.allow_comments = true;
    CHECK(parse_json("/* a */ {} // note", limits).ok());
  }
  SECTION("from a stream too") {
    std::istringstream in("[1, 2");
    const auto parsed = parse_json(in);
    REQUIRE_FALSE(parsed.ok());
    CHECK_THAT(parsed.error().message, Contains("truncated"));
  }
}

TEST_CASE("elements of a streamed array go to the sink one by one, with their pointer", "[input]") {
  std::vector<std::pair<std::string, json>> seen;
  JsonStreaming streaming;
  streaming.arrays = {"/customers", "/partner/list"};
  streaming.sink = [&](const std::string& pointer, json&& element) {
    seen.emplace_back(pointer, std::move(element));
  };
  std::istringstream in(R"({"customers":[{"id":"a","n":[1]},{"id":"b"}],
                           "partner":{"list":[3,"x"],"other":[4]},"nested":{"customers":[5]}})");
  const auto parsed = parse_json(in, {}, &streaming);
  REQUIRE(parsed.ok());
  CHECK(parsed.value() == json::parse(R"({"customers":[],"partner":{"list":[],"other":[4]},
                                         "nested":{"customers":[5]}})"));
  REQUIRE(seen.size() == 4);
  CHECK(seen[0].first == "/customers/0");
  CHECK(seen[0].second == json::parse(R"({"id":"a","n":[1]})"));
  CHECK(seen[1].first == "/customers/1");
  CHECK(seen[2].first == "/partner/list/0");
  CHECK(seen[2].second == 3);
  CHECK(seen[3].first == "/partner/list/1");
  CHECK(seen[3].second == "x");
}

namespace {

// A streamed read's outcome: the document or the error, and every element the sink was given.
struct Streamed {
  gdap::Result<json, gdap::input::JsonError> result;
  std::vector<std::pair<std::string, json>> elements;
};

Streamed read_streamed(const std::string& text, bool from_stream, JsonLimits limits = {}) {
  std::vector<std::pair<std::string, json>> elements;
  JsonStreaming streaming;
  streaming.arrays = {"/customers"};
  streaming.sink = [&](const std::string& pointer, json&& element) {
    elements.emplace_back(pointer, std::move(element));
  };
  if (from_stream) {
    std::istringstream in(text);
    auto result = parse_json(in, limits, &streaming);
    return {std::move(result), std::move(elements)};
  }
  auto result = parse_json(text, limits, &streaming);
  return {std::move(result), std::move(elements)};
}

// Many megabytes of events: the reading thread hands over many blocks.
std::string large_document(std::size_t customers) {
  std::string text = R"({"partner":{"id":"p"},"customers":[)";
  for (std::size_t i = 0; i < customers; ++i) {
    text += (i == 0 ? "" : ",");
    text += R"({"tenantId":"00000000-0000-0000-0000-)" + std::to_string(100000000000 + i) +
            R"(","n":)" + std::to_string(i) +
            R"(,"f":2.5,"ok":true,"none":null,"roles":["a","b"]})";
  }
  return text + "]}";
}

}  // namespace

TEST_CASE(
    "a streamed file is read on two threads and gives the document and elements and errors of its "
    "text",
    "[input]") {
  SECTION("a large document in many blocks") {
    const auto text = large_document(60'000);
    const auto from_text = read_streamed(text, false);
    const auto from_stream = read_streamed(text, true);
    REQUIRE(from_text.result.ok());
    REQUIRE(from_stream.result.ok());
    CHECK(from_stream.result.value() == from_text.result.value());
    REQUIRE(from_stream.elements.size() == 60'000);
    CHECK(from_stream.elements == from_text.elements);
    CHECK(from_stream.elements.back().first == "/customers/59999");
  }
  SECTION("every failure is the one the text gives - far into the file too") {
    const auto large = large_document(30'000);
    const auto at_customer = [&](std::size_t index) {
      std::string customer = R"({"tenantId":"00000000-0000-0000-0000-)";
      customer += std::to_string(100000000000 + index);
      return large.find(customer);
    };
    const std::vector<std::string> broken = {
        large.substr(0, large.size() / 2),  // truncated
        large + "\n}",                      // a stray brace at the end
        std::string(large).insert(at_customer(20'000) + 1, "\"huge\":1e400,"),
        std::string(large).insert(large.size() - 1, ",\"x\":" + nested_arrays(100'000)),
        std::string(large).insert(at_customer(25'000) + 1, "\"a\" 1,"),  // syntax error
        "",
        "[1, 2",
    };
    for (const auto& text : broken) {
      CAPTURE(text.substr(0, 40), text.size());
      const auto from_text = read_streamed(text, false);
      const auto from_stream = read_streamed(text, true);
      REQUIRE_FALSE(from_text.result.ok());
      REQUIRE_FALSE(from_stream.result.ok());
      CHECK(from_stream.result.error().path == from_text.result.error().path);
      CHECK(from_stream.result.error().message == from_text.result.error().message);
    }
  }
  SECTION(
      "a limit the builder hits early stops the reading thread - no hang and no more elements") {
    JsonLimits limits;
    limits.max_string_bytes = 12;
    const auto read = read_streamed(large_document(60'000), true, limits);
    REQUIRE_FALSE(read.result.ok());
    CHECK(read.result.error().path == "/customers/0/tenantId");
    CHECK(read.elements.empty());
  }
  SECTION("what the sink throws reaches the caller and the reading thread ends") {
    JsonStreaming streaming;
    streaming.arrays = {"/customers"};
    streaming.sink = [](const std::string& pointer, json&& /*element*/) {
      if (pointer == "/customers/40000") {
        throw std::runtime_error("sink refused " + pointer);
      }
    };
    std::istringstream in(large_document(60'000));
    CHECK_THROWS_WITH(parse_json(in, {}, &streaming), "sink refused /customers/40000");
  }
}

TEST_CASE("an answer that is not JSON within limits reads as discarded", "[input]") {
  CHECK(gdap::input::parse_json_or_discarded("{\"a\":1}").is_object());
  CHECK(gdap::input::parse_json_or_discarded("{").is_discarded());
  CHECK(gdap::input::parse_json_or_discarded(nested_arrays(100'000)).is_discarded());
  CHECK(gdap::input::parse_json_or_discarded("[1e400]").is_discarded());
}
