#include "gdapcheck/collect/collect.hpp"

#include <catch2/catch.hpp>

using gdap::collect::closest_customers;
using gdap::collect::KnownCustomer;

TEST_CASE("an unknown customer name suggests the closest known customers", "[collect]") {
  const std::vector<KnownCustomer> known = {
      {"2b5c8e1f-7a4d-4c6b-9e3f-1d8a5c2e7b90", "Contoso Ltd", "contoso.onmicrosoft.com"},
      {"5e8a1c4f-2d7b-4a9e-8c3f-6b1d4e7a0c29", "Fabrikam Inc", "fabrikam.onmicrosoft.com"},
      {"9c2e5a8d-1f4b-4e7c-a0d3-7f2b5e8c1a63", "Adatum Corporation", "adatum.onmicrosoft.com"},
  };
  CHECK(closest_customers("Contoso", known) ==
        std::vector<std::string>{"Contoso Ltd (contoso.onmicrosoft.com)"});
  CHECK(closest_customers("fabrikan.onmicrosoft.com", known) ==
        std::vector<std::string>{"Fabrikam Inc (fabrikam.onmicrosoft.com)"});
  CHECK(closest_customers("ADATUM", known).size() == 1);
  CHECK(closest_customers("Northwind Traders", known).empty());
}

TEST_CASE("a typo at the start of a name still finds it", "[collect]") {
  const std::vector<KnownCustomer> known = {{"t1", "Fabrikam Inc", ""}, {"t2", "Contoso Ltd", ""}};
  CHECK(closest_customers("Fabrikm", known) == std::vector<std::string>{"Fabrikam Inc"});
}
