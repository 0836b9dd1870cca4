#pragma once

// Graph failures as values: what the collector records as the reason a fact was not read.
// Branch on `status` and `code`, never on `message` (graph-api.md §13).

#include "gdapcheck/http/transport.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace gdap::graph {

enum class ErrorKind {
  http,       // Graph answered with an error status (code, message, request id when given)
  transport,  // no answer at all: connection refused or reset, timeout, truncated body
  gave_up,    // throttled or unavailable on every attempt until the retry budget ran out
  malformed,  // an answer that is not the JSON Graph sends
  refused,    // a paging link pointing away from the Graph host: tokens are never sent there
};

struct GraphError {
  ErrorKind kind = ErrorKind::http;
  int status = 0;  // HTTP status when there was one
  std::string code;
  std::string message;
  std::string request_id;
  int attempts = 1;
};

// The error an HTTP answer carries: Graph's {"error":{code,message,innerError{request-id}}}
// when the body has it, else the bare status.
GraphError error_from_answer(int status, const nlohmann::json& body);

GraphError error_from_transport(const http::TransportError& transport);

// "403 Authorization_RequestDenied: Insufficient privileges to complete the operation.
// (request-id 93b6…)", with "after N attempts" when retries were spent.
std::string describe(const GraphError& error);

}  // namespace gdap::graph
