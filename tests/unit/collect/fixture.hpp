#pragma once

// Shared by the collector's unit tests: Microsoft Graph as the collector sees it, behind the
// fake concurrent transport (lone requests and $batch parts alike, answered by tenant and path),
// and a TokenSource with canned tokens and refusals.

#include "support/fake_concurrent_transport.hpp"

#include "gdapcheck/collect/token_source.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gdap::testing {

inline const std::string k_graph_root = "https://graph.test/v1.0";

// The bearer token the fake token source issues in `tenant` (the fake Graph reads it back).
inline std::string bearer_for(const std::string& tenant) {
  return "token-for-" + tenant;
}

class FakeGraph {
 public:
  struct Read {
    std::string tenant;
    std::string method;
    std::string path;  // relative to the version root, with its query
    nlohmann::json body;
  };

  // Answer reads of `path` in `tenant` with this body and status. A path without a query
  // answers whatever the query; one with a query (a later page) only that exact path.
  void on(const std::string& tenant, const std::string& path, nlohmann::json body,
          int status = 200) {
    m_answers[{tenant, path}] = {status, std::move(body)};
  }

  // A Graph error answer.
  void fail(const std::string& tenant, const std::string& path, int status,
            const std::string& code) {
    on(tenant, path,
       {{"error",
         {{"code", code},
          {"message", "Refused by the test."},
          {"innerError", {{"request-id", "r-1"}}}}}},
       status);
  }

  http::Result operator()(const http::Request& request) {
    const std::string tenant = tenant_of(request);
    const std::string path = request.url.substr(k_graph_root.size());
    if (path == "/$batch") {
      const auto batch = nlohmann::json::parse(request.body);
      nlohmann::json responses = nlohmann::json::array();
      for (const auto& part : batch["requests"]) {
        const auto [status, body] =
            answer({tenant, part["method"], part["url"], part.value("body", nlohmann::json())});
        const nlohmann::json part_answer = {{"id", part["id"]},
                                            {"status", status},
                                            {"headers", nlohmann::json::object()},
                                            {"body", body}};
        // Graph does not keep the order of the parts.
        responses.insert(responses.begin(), part_answer);
      }
      return json_response(200, nlohmann::json{{"responses", responses}}.dump());
    }
    const std::string method = std::string(http::method_name(request.method));
    const auto [status, body] =
        answer({tenant, method, path,
                request.body.empty() ? nlohmann::json() : nlohmann::json::parse(request.body)});
    return json_response(status, body.dump());
  }

  const std::vector<Read>& reads() const { return m_reads; }

  // How many reads of `path` (ignoring the query) were made in `tenant`.
  std::size_t count(const std::string& tenant, const std::string& path) const {
    return reads_of(tenant, path).size();
  }

  // Every read in `tenant` whose path (ignoring the query) is `path`.
  std::vector<Read> reads_of(const std::string& tenant, const std::string& path) const {
    std::vector<Read> found;
    for (const auto& read : m_reads) {
      if (read.tenant == tenant && without_query(read.path) == path) {
        found.push_back(read);
      }
    }
    return found;
  }

 private:
  static std::string without_query(const std::string& path) {
    return path.substr(0, path.find('?'));
  }

  static std::string tenant_of(const http::Request& request) {
    for (const auto& [name, value] : request.headers) {
      const std::string prefix = "Bearer token-for-";
      if (http::same_header_name(name, "authorization") && value.rfind(prefix, 0) == 0) {
        return value.substr(prefix.size());
      }
    }
    return "(no token)";
  }

  std::pair<int, nlohmann::json> answer(Read read) {
    m_reads.push_back(read);
    for (const auto& key : {read.path, without_query(read.path)}) {
      if (const auto found = m_answers.find({read.tenant, key}); found != m_answers.end()) {
        return found->second;
      }
    }
    return {404,
            {{"error", {{"code", "Request_ResourceNotFound"}, {"message", "Not in the test."}}}}};
  }

  std::map<std::pair<std::string, std::string>, std::pair<int, nlohmann::json>> m_answers;
  std::vector<Read> m_reads;
};

// Tokens for every tenant unless told otherwise; records what was asked.
class FakeTokens final : public collect::TokenSource {
 public:
  explicit FakeTokens(std::string partner_tenant) : m_partner(std::move(partner_tenant)) {}

  void partner_token(collect::TokenDone done) override {
    asked.push_back(m_partner);
    if (partner_failure) {
      done(Failure{*partner_failure});
      return;
    }
    collect::Token token = token_in(m_partner);
    token.object_id = "user-1";
    token.upn = "admin@partner.example";
    token.display_name = "From the token";
    token.amr = amr;
    done(token);
  }

  void customer_token(const std::string& tenant_id, collect::TokenDone done) override {
    asked.push_back(tenant_id);
    if (const auto found = failures.find(tenant_id); found != failures.end()) {
      done(Failure{found->second});
      return;
    }
    done(token_in(tenant_id));
  }

  void tenant_of_domain(const std::string& domain,
                        std::function<void(std::optional<std::string>)> done) override {
    looked_up.push_back(domain);
    const auto found = domains.find(domain);
    done(found == domains.end() ? std::nullopt : std::optional<std::string>(found->second));
  }

  std::optional<std::vector<std::string>> amr = std::vector<std::string>{"pwd", "mfa"};
  std::optional<collect::SignInFailure> partner_failure;
  std::map<std::string, collect::SignInFailure> failures;  // by customer tenant id
  std::map<std::string, std::string> domains;              // custom domain → tenant id
  std::vector<std::string> asked;                          // tenants, in the order asked
  std::vector<std::string> looked_up;                      // domains

 private:
  static collect::Token token_in(const std::string& tenant) {
    collect::Token token;
    token.bearer = std::make_shared<const std::string>(bearer_for(tenant));
    token.tenant_id = tenant;
    return token;
  }

  std::string m_partner;
};

}  // namespace gdap::testing
