#include "gdapcheck/result.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <string>

using gdap::Failure;
using gdap::Result;

namespace {

Result<int, std::string> half(int value) {
  if (value % 2 != 0) {
    return Failure{std::to_string(value) + " is odd"};
  }
  return value / 2;
}

}  // namespace

TEST_CASE("A Result holds a value or the error that explains why there is none", "[result]") {
  const auto even = half(8);
  REQUIRE(even.ok());
  CHECK(static_cast<bool>(even));
  CHECK(even.value() == 4);
  CHECK(*even == 4);

  const auto odd = half(7);
  REQUIRE_FALSE(odd.ok());
  CHECK(odd.error() == "7 is odd");
}

TEST_CASE("A Result tells value and error apart even when both have the same type", "[result]") {
  const Result<std::string, std::string> value = std::string("the value");
  const Result<std::string, std::string> error = Failure{std::string("why not")};
  CHECK(value.ok());
  CHECK(value.value() == "the value");
  CHECK_FALSE(error.ok());
  CHECK(error.error() == "why not");
}

TEST_CASE("A Result moves what it holds out", "[result]") {
  Result<std::unique_ptr<int>, std::string> owned = std::make_unique<int>(3);
  const auto taken = std::move(owned).value();
  REQUIRE(taken != nullptr);
  CHECK(*taken == 3);
}
