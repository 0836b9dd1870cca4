#include "gdapcheck/graph/batch.hpp"

#include "gdapcheck/input/json.hpp"

#include <cstdlib>

namespace gdap::graph {

namespace {

// Retry-After inside a sub-response: a number of seconds, as a string or a number.
std::optional<std::chrono::seconds> retry_after_of(const nlohmann::json& headers) {
  if (!headers.is_object()) {
    return std::nullopt;
  }
  for (const auto& [name, value] : headers.items()) {
    if (!http::same_header_name(name, "retry-after")) {
      continue;
    }
    if (value.is_number_integer() && value.get<long long>() >= 0) {
      return std::chrono::seconds(value.get<long long>());
    }
    if (value.is_string()) {
      const std::string text = value.get<std::string>();
      char* end = nullptr;
      const long long seconds = std::strtoll(text.c_str(), &end, 10);
      if (end != text.c_str() && *end == '\0' && seconds >= 0) {
        return std::chrono::seconds(seconds);
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::string encode_batch(const std::vector<BatchPart>& parts) {
  nlohmann::json requests = nlohmann::json::array();
  for (const auto& part : parts) {
    nlohmann::json request = {{"id", part.id},
                              {"method", std::string(http::method_name(part.method))},
                              {"url", part.url}};
    if (part.body) {
      request["body"] = *part.body;
      request["headers"] = {{"Content-Type", "application/json"}};
    }
    requests.push_back(std::move(request));
  }
  return nlohmann::json{{"requests", std::move(requests)}}.dump();
}

Result<std::vector<BatchAnswer>, std::string> decode_batch(const std::string& body) {
  auto parsed = input::parse_json(body);
  if (!parsed) {
    return Failure{"the $batch answer is not JSON within limits (" +
                   input::describe(parsed.error()) + ")"};
  }
  auto& document = parsed.value();
  if (!document.is_object()) {
    return Failure{std::string("the $batch answer is not a JSON object")};
  }
  const auto responses = document.find("responses");  // parts are moved out, not copied
  if (responses == document.end() || !responses->is_array()) {
    return Failure{std::string("the $batch answer has no \"responses\" array")};
  }
  std::vector<BatchAnswer> answers;
  answers.reserve(responses->size());
  for (auto& item : *responses) {
    if (!item.is_object() || !item.contains("id") || !item["id"].is_string() ||
        !item.contains("status") || !item["status"].is_number_integer()) {
      return Failure{std::string("a $batch sub-response lacks its id or status")};
    }
    BatchAnswer answer;
    answer.id = item["id"].get<std::string>();
    answer.status = item["status"].get<int>();
    if (const auto found = item.find("body"); found != item.end()) {
      answer.body = std::move(*found);
    }
    if (const auto found = item.find("headers"); found != item.end()) {
      answer.retry_after = retry_after_of(*found);
    }
    answers.push_back(std::move(answer));
  }
  return answers;
}

}  // namespace gdap::graph
