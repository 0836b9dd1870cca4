#include "auth/client_assertion.hpp"
#include "auth_test_helpers.hpp"
#include "support/fake_transport.hpp"

#include "gdapcheck/auth/claims.hpp"
#include "gdapcheck/auth/client_credentials.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

using namespace gdap::auth;
using gdap::testing::TempDir;

namespace {

// A throw-away RSA key and self-signed certificate, made with the openssl tool.
bool make_certificate(const TempDir& tmp) {
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=gdap "
      "-keyout '" +
      (tmp.path() / "key.pem").string() + "' -out '" + (tmp.path() / "cert.pem").string() +
      "' >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;  // NOLINT(cert-env33-c): fixed test command
}

nlohmann::json segment(const std::string& jwt, std::size_t index) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < index; ++i) {
    start = jwt.find('.', start) + 1;
  }
  const auto end = jwt.find('.', start);
  return nlohmann::json::parse(*base64url_decode(jwt.substr(start, end - start)));
}

}  // namespace

TEST_CASE("auth: a certificate signs a PS256 client assertion with x5t#S256", "[auth]") {
  const TempDir tmp;
  if (!make_certificate(tmp)) {
    WARN("openssl tool not available; skipping");
    return;
  }
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  const ClientCertificate certificate{(tmp.path() / "cert.pem").string(),
                                      (tmp.path() / "key.pem").string()};
  const auto assertion =
      make_client_assertion(certificate, "app-1", "https://login.example/T/oauth2/v2.0/token", now);
  REQUIRE(assertion.ok());
  const std::string& jwt = assertion.value();
  const auto header = segment(jwt, 0);
  CHECK(header["alg"] == "PS256");
  CHECK(header["typ"] == "JWT");
  CHECK(header["x5t#S256"].get<std::string>().size() == 43);  // 32 bytes, base64url
  const auto claims = segment(jwt, 1);
  CHECK(claims["aud"] == "https://login.example/T/oauth2/v2.0/token");
  CHECK(claims["iss"] == "app-1");
  CHECK(claims["sub"] == "app-1");
  CHECK(claims["nbf"] == 1'800'000'000);
  CHECK(claims["exp"] == 1'800'000'600);
  CHECK(claims["jti"].get<std::string>().size() == 36);
  CHECK(jwt.substr(jwt.rfind('.') + 1).size() == 342);  // 256-byte signature

  SECTION("the client-credentials request carries the assertion, not a secret") {
    gdap::testing::FakeTransport transport;
    transport.push(200, gdap::testing::token_body("AT"));
    AuthConfig config;
    config.authority_host = "https://login.example";
    config.scope_resource = "https://graph.microsoft.com";
    config.client_id = "app-1";
    const auto reply = acquire_app_token(transport, config, "T", certificate, now);
    REQUIRE(reply.ok());
    CHECK(transport.field(0, "client_assertion_type") ==
          "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    CHECK(segment(transport.field(0, "client_assertion"), 1)["aud"] ==
          "https://login.example/T/oauth2/v2.0/token");
    CHECK(transport.field(0, "client_secret").empty());
  }

  SECTION("one PEM file with both certificate and key works") {
    const auto both = tmp.path() / "both.pem";
    REQUIRE(std::system(("cat '" + certificate.certificate_pem_path + "' '" +  // NOLINT
                         certificate.private_key_pem_path + "' > '" + both.string() + "'")
                            .c_str()) == 0);
    CHECK(make_client_assertion(ClientCertificate{both.string(), ""}, "a", "aud", now).ok());
  }
}

TEST_CASE("auth: unusable certificate files are reported, not crashed on", "[auth]") {
  const TempDir tmp;
  const auto now = std::chrono::system_clock::now();
  const auto missing = make_client_assertion(
      ClientCertificate{(tmp.path() / "nope.pem").string(), ""}, "a", "aud", now);
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.error().message, Catch::Contains("nope.pem"));
  if (!make_certificate(tmp)) {
    return;
  }
  const auto no_key = make_client_assertion(
      ClientCertificate{(tmp.path() / "cert.pem").string(), ""}, "a", "aud", now);
  REQUIRE_FALSE(no_key.ok());
  CHECK_THAT(no_key.error().message, Catch::Contains("private key"));
}
