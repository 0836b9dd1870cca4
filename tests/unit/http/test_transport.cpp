#include "support/fake_transport.hpp"

#include "gdapcheck/http/curl_transport.hpp"
#include "gdapcheck/http/global_init.hpp"
#include "gdapcheck/http/logging_transport.hpp"

#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using namespace gdap::http;

namespace {

Request form_request(std::string url, const FormFields& fields) {
  Request request;
  request.method = Method::post;
  request.url = std::move(url);
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Authorization", "Bearer eyJhbGciOiJub25lIn0.SECRETPAYLOAD.sig"}};
  request.body = form_encode(fields);
  return request;
}

// A loopback port with nothing listening on it.
int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);  // NOLINT
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);  // NOLINT
  const int port = ntohs(address.sin_port);
  close(fd);
  return port;
}

}  // namespace

TEST_CASE("http: verbose request lines never show credential values", "[http]") {
  const auto request = form_request(
      "https://login.microsoftonline.com/t/oauth2/v2.0/token?code=QUERYSECRET&api-version=1",
      {{"grant_type", "refresh_token"},
       {"client_id", "my-client"},
       {"refresh_token", "RT-SECRET"},
       {"client_secret", "CS-SECRET"},
       {"device_code", "DC-SECRET"},
       {"client_assertion", "ASSERTION-SECRET"},
       {"password", "PW-SECRET"},
       {"scope", "https://graph.microsoft.com/.default"}});
  const std::string line = describe_request(request);
  for (const char* secret : {"QUERYSECRET", "RT-SECRET", "CS-SECRET", "DC-SECRET",
                             "ASSERTION-SECRET", "PW-SECRET", "SECRETPAYLOAD", "Bearer"}) {
    CAPTURE(secret);
    CHECK(line.find(secret) == std::string::npos);
  }
  CHECK_THAT(line, Catch::Contains("grant_type=refresh_token"));
  CHECK_THAT(line, Catch::Contains("client_id=my-client"));
  CHECK_THAT(line, Catch::Contains("refresh_token=[redacted]"));
  CHECK_THAT(line, Catch::Contains("api-version=1"));
}

TEST_CASE("http: the logging transport describes each exchange and passes it through", "[http]") {
  gdap::testing::FakeTransport fake;
  fake.push(400, R"({"error":"invalid_grant","access_token":"LEAK"})");
  std::vector<std::string> lines;
  auto logged =
      make_logging_transport(fake, [&](const std::string& line) { lines.push_back(line); });
  const auto result = logged->send(form_request("https://h/t", {{"refresh_token", "RT-SECRET"}}));
  REQUIRE(std::holds_alternative<Response>(result));
  CHECK(std::get<Response>(result).status == 400);
  REQUIRE(lines.size() == 2);
  CHECK_THAT(lines[1], Catch::StartsWith("http: -> 400"));
  for (const auto& line : lines) {
    CHECK(line.find("RT-SECRET") == std::string::npos);
    CHECK(line.find("LEAK") == std::string::npos);
  }
}

TEST_CASE("http: the curl transport refuses plain http to remote hosts as a value", "[http]") {
  const GlobalInit init;
  auto transport = make_curl_transport(CurlOptions{});
  Request request;
  request.url = "http://login.microsoftonline.com/organizations/oauth2/v2.0/token";
  const auto result = transport->send(request);
  REQUIRE(std::holds_alternative<TransportError>(result));
  CHECK(std::get<TransportError>(result).kind == TransportErrorKind::refused_url);

  request.url = "file:///etc/passwd";
  const auto file = transport->send(request);
  REQUIRE(std::holds_alternative<TransportError>(file));
  CHECK(std::get<TransportError>(file).kind == TransportErrorKind::refused_url);
}

TEST_CASE("http: the curl transport reports an unreachable loopback port as a connect error",
          "[http]") {
  const GlobalInit init;
  CurlOptions options;
  options.connect_timeout = std::chrono::milliseconds(2000);
  auto transport = make_curl_transport(options);
  Request request;
  request.url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/x";
  const auto result = transport->send(request);
  REQUIRE(std::holds_alternative<TransportError>(result));
  CHECK(std::get<TransportError>(result).kind == TransportErrorKind::connect);
}
