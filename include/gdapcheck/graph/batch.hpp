#pragma once

// JSON batching (graph-api.md §11): up to 20 requests in one POST /$batch. The envelope's 200
// says nothing about its parts; every sub-response carries its own status, headers (a throttled
// part has its own Retry-After) and body, in any order, matched back by id. Pure functions.

#include "gdapcheck/http/transport.hpp"
#include "gdapcheck/result.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace gdap::graph {

inline constexpr std::size_t k_max_batch_requests = 20;

struct BatchPart {
  std::string id;
  http::Method method = http::Method::get;
  std::string url;                     // relative to the version root: "/me?$select=id"
  std::optional<nlohmann::json> body;  // JSON body of a POST part
};

// nlohmann::json moves without throwing; bugprone-exception-escape only sees its debug-build
// invariant assertion.
struct BatchAnswer {  // NOLINT(bugprone-exception-escape)
  std::string id;
  int status = 0;
  nlohmann::json body;  // null when the part had no body
  std::optional<std::chrono::seconds> retry_after;
};

// The request body of POST /$batch for `parts` (at most k_max_batch_requests, unique ids).
std::string encode_batch(const std::vector<BatchPart>& parts);

// The sub-responses of a batch answer, or why the answer is not one.
Result<std::vector<BatchAnswer>, std::string> decode_batch(const std::string& body);

}  // namespace gdap::graph
