#include "report/markup.hpp"
#include "unit/report/fixture.hpp"

#include "gdapcheck/report/csv.hpp"
#include "gdapcheck/report/html.hpp"
#include "gdapcheck/report/junit.hpp"
#include "gdapcheck/report/markdown.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

using Catch::Matchers::Contains;

namespace gdap::report {

namespace {

std::string between(const std::string& text, std::string_view open, std::string_view close) {
  const auto start = text.find(open);
  REQUIRE(start != std::string::npos);
  const auto end = text.find(close, start + open.size());
  REQUIRE(end != std::string::npos);
  return text.substr(start + open.size(), end - start - open.size());
}

}  // namespace

TEST_CASE("html markdown csv and junit reach their sink in pieces that join to the whole report",
          "[report]") {
  // Written to standard output or a file as rendered: 100,000 customers' HTML is 780 MB.
  auto diagnosis = test::sample_diagnosis();
  const auto fabrikam = diagnosis.customers[0];
  for (int i = 0; i < 1500; ++i) {
    auto customer = fabrikam;
    customer.tenant_id = "c-x" + std::to_string(i);
    customer.display_name = "Customer " + std::to_string(i);
    diagnosis.customers.push_back(customer);
  }
  const auto pieces_of = [](const std::function<void(const ReportSink&)>& render) {
    std::vector<std::string> pieces;
    render([&](std::string_view piece) { pieces.emplace_back(piece); });
    return pieces;
  };
  const auto joined = [](const std::vector<std::string>& pieces) {
    std::string whole;
    for (const auto& piece : pieces) {
      whole += piece;
    }
    return whole;
  };
  const auto html =
      pieces_of([&](const ReportSink& sink) { render_html(diagnosis, {"1.0"}, sink); });
  CHECK(html.size() > 1);
  CHECK(joined(html) == render_html(diagnosis, {"1.0"}));
  CHECK_THAT(joined(html), Contains("Customer 1499") && Contains("</html>"));
  const auto markdown =
      pieces_of([&](const ReportSink& sink) { render_markdown(diagnosis, sink); });
  CHECK(markdown.size() > 1);
  CHECK(joined(markdown) == render_markdown(diagnosis));
  const auto csv = pieces_of([&](const ReportSink& sink) { render_csv(diagnosis, sink); });
  CHECK(csv.size() > 1);
  CHECK(joined(csv) == render_csv(diagnosis));
  const auto junit = pieces_of([&](const ReportSink& sink) { render_junit(diagnosis, {}, sink); });
  CHECK(junit.size() > 1);
  CHECK(joined(junit) == render_junit(diagnosis, {}));
  // The totals lead the document although they are known only once every suite is counted.
  CHECK_THAT(junit.front(), Contains(R"(<testsuites name="gdapcheck default" tests="1505")"));
}

TEST_CASE("markup escaping", "[report]") {
  CHECK(detail::escape_markup("<a href='x'>&\"</a>") ==
        "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
  CHECK(detail::escape_markup("Café — 東京 🙂") == "Café — 東京 🙂");
  // Invalid UTF-8, surrogates, non-characters and NUL become U+FFFD.
  CHECK(detail::escape_markup(std::string("a\xC0\xAF"
                                          "b\xED\xA0\x80"
                                          "c\xEF\xBF\xBF"
                                          "d\0e",
                                          14)) ==
        "a\xEF\xBF\xBD\xEF\xBF\xBD"
        "b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
        "c\xEF\xBF\xBD"
        "d\xEF\xBF\xBD"
        "e");
  CHECK(detail::escape_markup("tab\tline\n") == "tab\tline\n");
}

TEST_CASE("CSP hash source is base64 SHA-256", "[report]") {
  CHECK(detail::csp_hash_source("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
}

TEST_CASE("html: one self-contained page whose policy allows exactly its own script and style",
          "[report]") {
  const auto page = render_html(test::sample_diagnosis(), {"1.2.3"});
  CHECK(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\" class=\"no-js\">"));
  const auto script = between(page, "<script>", "</script>");
  const auto style = between(page, "<style>", "</style>");
  const auto policy = between(page, "http-equiv=\"Content-Security-Policy\" content=\"", "\"");
  CHECK_THAT(policy, Contains("default-src 'none'"));
  CHECK_THAT(policy, Contains("script-src " + detail::csp_hash_source(script) + ";"));
  CHECK_THAT(policy, Contains("style-src " + detail::csp_hash_source(style) + ";"));
  CHECK(test::occurrences(page, "<script") == 1);
  // Nothing is fetched from anywhere.
  CHECK(page.find("src=") == std::string::npos);
  CHECK(page.find("<link") == std::string::npos);
  CHECK(page.find("@import") == std::string::npos);
  CHECK(page.find("url(") == std::string::npos);
}

TEST_CASE("html: partner chain, counts, table, cards", "[report]") {
  const auto page = render_html(test::sample_diagnosis(), {"1.2.3"});
  CHECK_THAT(page,
             Contains("<li class=\"bad\" data-link=\"admin-agents\"><b>In AdminAgents</b>no"));
  CHECK_THAT(page,
             Contains("<li class=\"unknown\" data-link=\"mfa\"><b>MFA at sign-in</b>unknown"));
  CHECK_THAT(page,
             Contains("data-status=\"all\" aria-pressed=\"true\">All <span class=\"count\">3"));
  CHECK_THAT(page, Contains("data-status=\"missing_roles\" aria-pressed=\"false\">missing_roles "
                            "<span class=\"count\">1"));
  CHECK(test::occurrences(page, "<article class=\"card\"") == 3);
  CHECK_THAT(page, Contains("<ol class=\"steps\">\n<li>Create a new relationship with Teams "
                            "Administrator.</li>\n<li>Assign the role to your security group."));
  CHECK_THAT(page, Contains("evaluated at <time id=\"evaluated-at\">2026-11-22T10:00:00Z</time>"));
  CHECK_THAT(page, Contains("Generated by gdapcheck 1.2.3."));
  CHECK_THAT(page, Contains("<td>c-3</td><td>list admin relationships</td><td>403 Forbidden</td>"));
}

TEST_CASE("html: a command in a step gets a copy button and stays verbatim", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.findings[1].remediation = {
      "Create it:\nNew-MgServicePrincipal -AppId '00000003-0000-0000-c000-000000000000'"};
  const auto page = render_html(diagnosis, {});
  CHECK_THAT(page, Contains("<li>Create it:<br><span class=\"cmd\"><code>New-MgServicePrincipal "
                            "-AppId &#39;00000003-0000-0000-c000-000000000000&#39;</code><button "
                            "type=\"button\" class=\"copy\""));
}

TEST_CASE("html: the run's profile, app, times and warnings head the page", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.profile = "entra-sync";
  diagnosis.app = "Pinnacle <Sync>";
  diagnosis.collected_at = "2026-10-01T08:00:00Z";
  CHECK(render_html(diagnosis, {}).find("class=\"warning\"") == std::string::npos);
  diagnosis.warnings = {"this snapshot is <old>"};
  const auto page = render_html(diagnosis, {});
  CHECK_THAT(page,
             Contains("Profile <b id=\"run-profile\">entra-sync (app Pinnacle &lt;Sync&gt;)</b> · "
                      "evaluated at <time id=\"evaluated-at\">2026-11-22T10:00:00Z</time> · "
                      "facts collected at <time id=\"collected-at\">2026-10-01T08:00:00Z</time>"));
  CHECK_THAT(page,
             Contains("<p class=\"warning\">Warning: this snapshot is &lt;old&gt;</p>\n</header>"));
}

TEST_CASE("html: the role grid", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.customers[1].roles = std::vector<model::RoleCoverage>{
      {"Helpdesk Administrator", true, model::RoleState::held, ""},
      {"Teams Administrator", true, model::RoleState::not_in_relationship, ""},
      {"User Administrator", true, model::RoleState::not_held,
       "on group X, which the account is not in"},
      {"Knowledge Administrator", false, model::RoleState::not_held, "on no access assignment"}};
  const auto page = render_html(diagnosis, {});
  // Unfolded: something is missing.
  CHECK_THAT(page, Contains("<details class=\"roles\" open><summary class=\"role-count\">1 of 3 "
                            "required roles held</summary>"));
  CHECK_THAT(page, Contains("<tr class=\"not_in_relationship\" data-state=\"not_in_relationship\">"
                            "<td>Teams Administrator</td><td></td><td></td><td class=\"mark\">✗"));
  CHECK_THAT(page, Contains("<td>Knowledge Administrator<span class=\"tag\">optional</span></td>"));
  CHECK_THAT(page, Contains("on group X, which the account is not in"));
  // Folded when every role is held, optional ones included.
  diagnosis.customers[1].roles = std::vector<model::RoleCoverage>{
      {"Helpdesk Administrator", true, model::RoleState::held, ""}};
  CHECK_THAT(render_html(diagnosis, {}),
             Contains("<details class=\"roles\"><summary class=\"role-count\">1 of 1 required "
                      "roles held</summary>"));
  // c-3's roles were not read: said so, not drawn as missing.
  CHECK_THAT(page, Contains("could not be worked out: admin relationships could not be read"));
}

TEST_CASE("html: tenant data is text, never markup", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.customers[0].display_name = "<script>alert(1)</script>";
  diagnosis.customers[0].default_domain = "\"><img src=x onerror=alert(2)>";
  diagnosis.partner.display_name = "</title><script>alert(3)</script>";
  diagnosis.findings[1].remediation = {"Run `<b>x</b>` then Get-MgUser -UserId '<i>'"};
  const auto page = render_html(diagnosis, {});
  CHECK(test::occurrences(page, "<script") == 1);  // only the page's own
  CHECK(page.find("<img") == std::string::npos);
  CHECK(page.find("<b>x") == std::string::npos);
  CHECK_THAT(page, Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK_THAT(page, Contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
  CHECK_THAT(page, Contains("<code>&lt;b&gt;x&lt;/b&gt;</code>"));
  // The script holds no tenant data: it is the same text whatever the names.
  CHECK(between(page, "<script>", "</script>") ==
        between(render_html(test::sample_diagnosis(), {}), "<script>", "</script>"));
}

}  // namespace gdap::report
