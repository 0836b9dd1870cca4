#include "gdapcheck/graph/error.hpp"

namespace gdap::graph {

namespace {

std::string string_at(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) {
    return {};
  }
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

}  // namespace

GraphError error_from_answer(int status, const nlohmann::json& body) {
  GraphError error;
  error.kind = ErrorKind::http;
  error.status = status;
  if (body.is_object() && body.contains("error") && body["error"].is_object()) {
    const auto& inner = body["error"];
    error.code = string_at(inner, "code");
    error.message = string_at(inner, "message");
    if (inner.contains("innerError")) {
      error.request_id = string_at(inner["innerError"], "request-id");
    }
  }
  return error;
}

GraphError error_from_transport(const http::TransportError& transport) {
  GraphError error;
  error.kind = ErrorKind::transport;
  error.message = transport.message;
  return error;
}

std::string describe(const GraphError& error) {
  std::string text;
  switch (error.kind) {
    case ErrorKind::http:
    case ErrorKind::gave_up:
      text = error.status > 0 ? std::to_string(error.status) : std::string();
      if (!error.code.empty()) {
        text += (text.empty() ? "" : " ") + error.code;
      }
      if (!error.message.empty()) {
        text += (text.empty() ? "" : ": ") + error.message;
      }
      break;
    case ErrorKind::transport:
      text = "no answer from Microsoft Graph: " + error.message;
      break;
    case ErrorKind::malformed:
      text = "unexpected answer from Microsoft Graph: " + error.message;
      break;
    case ErrorKind::refused:
      text = error.message;
      break;
  }
  if (!error.request_id.empty()) {
    text += " (request-id " + error.request_id + ")";
  }
  if (error.attempts > 1) {
    text += " after " + std::to_string(error.attempts) + " attempts";
  }
  return text;
}

}  // namespace gdap::graph
