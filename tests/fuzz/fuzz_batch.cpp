// Graph's answers as the live client meets them: `$batch` envelopes (sub-responses in any order,
// each with its own status, headers and body), lone answers, and Graph's error bodies. The input
// is a sequence of answers separated by NUL bytes, each an HTTP status (its first byte) and a
// body; the real client, over a simulated network, reads collections for two tenants (packed into
// a $batch) and one lone collection, following pages and retrying as it would live. Every read
// must end exactly once, with a value or a described error; nothing crashes or hangs.

#include "fuzz.hpp"
#include "support/fake_concurrent_transport.hpp"

#include "gdapcheck/graph/batch.hpp"
#include "gdapcheck/graph/client.hpp"
#include "gdapcheck/graph/error.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace {

constexpr std::array k_statuses{200, 200, 200, 400, 401, 403, 404, 429, 500, 503, 504, 302};

gdap::http::Response answer_from(std::string_view piece) {
  gdap::http::Response response;
  if (piece.empty()) {
    response.status = 200;
    return response;
  }
  response.status = k_statuses[static_cast<unsigned char>(piece.front()) % k_statuses.size()];
  response.body = std::string(piece.substr(1));
  response.headers = {{"content-type", "application/json"}};
  if (response.status == 429 || response.status == 503) {
    response.retry_after = std::chrono::seconds(static_cast<unsigned char>(piece.front()) % 7);
  }
  return response;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdap;
  const auto answers = fuzz::pieces(fuzz::as_text(data, size));

  // The envelope decoder alone, and every answer as an error body.
  for (const auto piece : answers) {
    const auto response = answer_from(piece);
    if (const auto decoded = graph::decode_batch(response.body)) {
      for (const auto& part : *decoded) {
        graph::describe(graph::error_from_answer(part.status, part.body));
      }
    }
    const auto body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    if (!body.is_discarded()) {
      graph::describe(graph::error_from_answer(response.status, body));
    }
  }

  std::size_t next = 0;
  testing::FakeConcurrentTransport transport([&](const http::Request&) -> http::Result {
    if (next < answers.size()) {
      return answer_from(answers[next++]);
    }
    return testing::json_response(404, R"({"error":{"code":"Request_ResourceNotFound"}})");
  });
  graph::ClientOptions options;
  options.graph_root = "https://graph.microsoft.com/v1.0";
  options.clock = transport.clock();
  options.seed = 7;
  options.retry.max_attempts = 3;
  std::size_t logged = 0;
  options.log = [&logged](const std::string& line) { logged += line.size(); };
  graph::Client client(transport, options);

  const auto token = std::make_shared<const std::string>("token");
  std::array<int, 3> finished{};
  const std::array<graph::Bearer, 3> bearers{graph::Bearer{"contoso", token, false},
                                             graph::Bearer{"contoso", token, false},
                                             graph::Bearer{"fabrikam", token, true}};
  const std::array<const char*, 3> paths{"/contracts", "/servicePrincipals?$top=999",
                                         "/tenantRelationships/delegatedAdminRelationships"};
  for (std::size_t i = 0; i < bearers.size(); ++i) {
    client.get(bearers.at(i), "read", paths.at(i), [&finished, i](graph::Outcome outcome) {
      ++finished.at(i);
      if (!outcome) {
        fuzz::check(!graph::describe(outcome.error()).empty(), "a failed read says nothing");
      }
    });
  }
  client.run();
  for (const int count : finished) {
    fuzz::check(count == 1, "a read did not end exactly once");
  }
  return 0;
}
