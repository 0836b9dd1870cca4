// The one customer matcher behind `gdapcheck tenant CUSTOMER...`, live and offline.

#include "gdapcheck/model/customer_selection.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace gdap::model {

namespace {

constexpr const char* k_contoso = "2b5c8e1f-7a4d-4c6b-9e3f-1d8a5c2e7b90";
constexpr const char* k_fabrikam = "5e8a1c4f-2d7b-4a9e-8c3f-6b1d4e7a0c29";
constexpr const char* k_adatum = "9c2e5a8d-1f4b-4e7c-a0d3-7f2b5e8c1a63";
constexpr const char* k_contoso_east = "0d4f7a2c-5b8e-4c1a-9f3d-2e6b8a1c4d70";

Customer customer(const char* tenant_id, const char* name, const char* domain,
                  std::vector<std::string> domains = {}) {
  Customer c;
  c.tenant_id = tenant_id;
  c.display_name = name;
  c.default_domain = domain;
  c.domains = std::move(domains);
  return c;
}

const std::vector<Customer>& customers() {
  static const std::vector<Customer> all = {
      customer(k_contoso, "Contoso Ltd", "contoso.onmicrosoft.com", {"contoso.com"}),
      customer(k_fabrikam, "Fabrikam Inc", "fabrikam.onmicrosoft.com", {"fabrikam.com"}),
      customer(k_adatum, "Adatum Corporation", "adatum.onmicrosoft.com"),
  };
  return all;
}

std::vector<std::string> selected(const std::vector<std::string>& queries,
                                  const std::vector<Customer>& from = customers()) {
  auto result = select_customers(queries, from);
  REQUIRE(result.ok());
  return result.value();
}

CustomerSelectionError failure(const std::vector<std::string>& queries,
                               const std::vector<Customer>& from = customers()) {
  auto result = select_customers(queries, from);
  REQUIRE_FALSE(result.ok());
  return result.error();
}

}  // namespace

TEST_CASE("a customer is named by tenant id, any domain or display name, in any case",
          "[customer-selection]") {
  CHECK(selected({std::string(k_fabrikam)}) == std::vector<std::string>{k_fabrikam});
  CHECK(selected({"2B5C8E1F-7A4D-4C6B-9E3F-1D8A5C2E7B90"}) == std::vector<std::string>{k_contoso});
  CHECK(selected({"ADATUM.onmicrosoft.com"}) == std::vector<std::string>{k_adatum});
  CHECK(selected({"Contoso.COM"}) == std::vector<std::string>{k_contoso});
  CHECK(selected({"fabrikam inc"}) == std::vector<std::string>{k_fabrikam});
}

TEST_CASE("several arguments select in argument order, each customer once",
          "[customer-selection]") {
  CHECK(selected({"adatum corporation", k_contoso, "contoso.com"}) ==
        std::vector<std::string>{k_adatum, k_contoso});
  CHECK(selected({}).empty());
}

TEST_CASE("part of a name or domain selects the one customer it belongs to",
          "[customer-selection]") {
  CHECK(match_customer("fabrikam", customers()[1]) == CustomerMatch::partial);
  CHECK(selected({"fabrikam"}) == std::vector<std::string>{k_fabrikam});
  CHECK(selected({"ADATUM"}) == std::vector<std::string>{k_adatum});
  CHECK(selected({"contoso.on"}) == std::vector<std::string>{k_contoso});
  // Too short to mean anything: "co" is in half the names of a partner.
  CHECK(match_customer("co", customers()[2]) == CustomerMatch::none);
  CHECK(failure({"Ad"}).unresolved.front().query == "Ad");
}

TEST_CASE("a whole name wins over names it is part of", "[customer-selection]") {
  auto with_east = customers();
  with_east.push_back(customer(k_contoso_east, "Contoso Ltd East", "contosoeast.onmicrosoft.com"));
  CHECK(selected({"contoso ltd"}, with_east) == std::vector<std::string>{k_contoso});
  // The same whole display name twice: both are meant.
  auto twins = customers();
  twins.push_back(customer(k_contoso_east, "Contoso Ltd", "contosoeast.onmicrosoft.com"));
  CHECK(selected({"Contoso Ltd"}, twins) == std::vector<std::string>{k_contoso, k_contoso_east});
}

TEST_CASE("part of several names is ambiguous and lists them", "[customer-selection]") {
  auto with_east = customers();
  with_east.push_back(customer(k_contoso_east, "Contoso East", "contosoeast.onmicrosoft.com"));
  const auto error = failure({"contoso"}, with_east);
  REQUIRE(error.unresolved.size() == 1);
  CHECK(error.unresolved[0].ambiguous);
  CHECK(error.unresolved[0].candidates ==
        std::vector<std::string>{"Contoso Ltd (contoso.onmicrosoft.com)",
                                 "Contoso East (contosoeast.onmicrosoft.com)"});
  CHECK(error.message() ==
        "customer \"contoso\" is ambiguous: it is part of \"Contoso Ltd "
        "(contoso.onmicrosoft.com)\" and \"Contoso East (contosoeast.onmicrosoft.com)\"; give "
        "more of the name, the domain or the tenant id");
}

TEST_CASE("an ambiguous part lists five customers and counts the rest", "[customer-selection]") {
  std::vector<Customer> many;
  std::vector<std::string> ids;
  for (int i = 0; i < 8; ++i) {
    ids.push_back("00000000-0000-4000-8000-00000000000" + std::to_string(i));
  }
  for (int i = 0; i < 8; ++i) {
    many.push_back(customer(ids[static_cast<std::size_t>(i)].c_str(),
                            ("Tailspin " + std::to_string(i)).c_str(), ""));
  }
  const auto message = failure({"tailspin"}, many).message();
  CHECK(message ==
        "customer \"tailspin\" is ambiguous: it is part of \"Tailspin 0\", \"Tailspin 1\", "
        "\"Tailspin 2\", \"Tailspin 3\", \"Tailspin 4\" and 3 more; give more of the name, the "
        "domain or the tenant id");
}

TEST_CASE("an unknown customer suggests the closest ones", "[customer-selection]") {
  const auto error = failure({"Fabrikm Inc"});
  REQUIRE(error.unresolved.size() == 1);
  CHECK_FALSE(error.unresolved[0].ambiguous);
  CHECK(error.unresolved[0].candidates ==
        std::vector<std::string>{"Fabrikam Inc (fabrikam.onmicrosoft.com)"});
  CHECK(error.message() ==
        "unknown customer \"Fabrikm Inc\": no customer has this tenant id, domain or name; did "
        "you mean \"Fabrikam Inc (fabrikam.onmicrosoft.com)\"?");
  CHECK(failure({"fabrikan.onmicrosoft.com"}).unresolved[0].candidates ==
        std::vector<std::string>{"Fabrikam Inc (fabrikam.onmicrosoft.com)"});
  // A typo at the start of a name still finds it.
  CHECK(failure({"Fabrikm"}).unresolved[0].candidates ==
        std::vector<std::string>{"Fabrikam Inc (fabrikam.onmicrosoft.com)"});
}

TEST_CASE("a name close to nothing suggests nothing", "[customer-selection]") {
  CHECK(failure({"Northwind Traders"}).message() ==
        "unknown customer \"Northwind Traders\": no customer has this tenant id, domain or name");
  CHECK(failure({"Northwind Traders"}, {}).unresolved[0].candidates.empty());
}

TEST_CASE("every argument that selects nobody is reported, one line each", "[customer-selection]") {
  const auto error = failure({"contoso.com", "nosuch.example", "Fabrikm Inc"});
  REQUIRE(error.unresolved.size() == 2);
  CHECK(error.unresolved[0].query == "nosuch.example");
  CHECK(error.unresolved[1].query == "Fabrikm Inc");
  CHECK(error.message().find('\n') != std::string::npos);
}

TEST_CASE("a customer without a name is shown by its tenant id", "[customer-selection]") {
  CHECK(customer_label(customer(k_adatum, "", "")) == k_adatum);
  CHECK(customer_label(customer(k_adatum, "", "adatum.onmicrosoft.com")) ==
        std::string(k_adatum) + " (adatum.onmicrosoft.com)");
}

}  // namespace gdap::model
