#include "gdapcheck/http/url.hpp"

#include <catch2/catch.hpp>

using namespace gdap::http;

TEST_CASE("http: parse_url splits scheme, host, port and path", "[http]") {
  const auto url = parse_url("HTTPS://Login.MicrosoftOnline.com:8443/organizations/oauth2?x=1");
  REQUIRE(url);
  CHECK(url->scheme == "https");
  CHECK(url->host == "login.microsoftonline.com");
  CHECK(url->port == 8443);
  CHECK(url->path == "/organizations/oauth2?x=1");

  const auto v6 = parse_url("http://[::1]:5000");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->path == "/");

  const auto userinfo = parse_url("http://127.0.0.1@evil.example/x");
  REQUIRE(userinfo);
  CHECK(userinfo->host == "evil.example");

  CHECK_FALSE(parse_url("login.microsoftonline.com"));
  CHECK_FALSE(parse_url("http://host:99999/"));
  CHECK_FALSE(parse_url("http://:80/"));
}

TEST_CASE("http: loopback hosts are localhost, 127.0.0.0/8 and ::1 only", "[http]") {
  const auto [host, loopback] = GENERATE(table<const char*, bool>({
      {"localhost", true},
      {"LOCALHOST", true},
      {"127.0.0.1", true},
      {"127.255.3.4", true},
      {"::1", true},
      {"128.0.0.1", false},
      {"127.0.0.1.evil.example", false},
      {"localhost.evil.example", false},
      {"127.1", false},
      {"0.0.0.0", false},
      {"login.microsoftonline.com", false},
  }));
  CAPTURE(host);
  CHECK(is_loopback_host(host) == loopback);
}

TEST_CASE("http: plain http is refused unless the host is loopback", "[http]") {
  CHECK_FALSE(check_url_allowed("https://login.microsoftonline.com/x"));
  CHECK_FALSE(check_url_allowed("http://127.0.0.1:8080/x"));
  CHECK_FALSE(check_url_allowed("http://localhost/x"));
  CHECK_FALSE(check_url_allowed("http://[::1]:1/x"));
  const auto remote = check_url_allowed("http://login.microsoftonline.com/x");
  REQUIRE(remote);
  CHECK_THAT(*remote, Catch::Contains("loopback"));
  CHECK(check_url_allowed("ftp://127.0.0.1/x"));
  CHECK(check_url_allowed("http://127.0.0.1@evil.example/"));
  CHECK(check_url_allowed("not a url"));
}

TEST_CASE("http: form bodies encode and decode", "[http]") {
  const FormFields fields = {{"scope", "https://graph.microsoft.com/.default offline_access"},
                             {"client_id", "abc-123"},
                             {"weird", "a&b=c+d~é"}};
  const std::string body = form_encode(fields);
  CHECK(body ==
        "scope=https%3A%2F%2Fgraph.microsoft.com%2F.default%20offline_access&client_id=abc-123&"
        "weird=a%26b%3Dc%2Bd~%C3%A9");
  CHECK(form_decode(body) == fields);
  CHECK(form_decode("a=1+2&&b&c=%zz") == FormFields{{"a", "1 2"}, {"b", ""}, {"c", "%zz"}});
  CHECK(trim_trailing_slashes("https://host//") == "https://host");
}
