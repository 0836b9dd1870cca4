// Telling a refusal of gdapcheck's own client apart from one of the account's GDAP access.

#include "gdapcheck/model/own_client.hpp"

#include <catch2/catch.hpp>

namespace gdap::model {

TEST_CASE("refusals of the client gdapcheck signs in with", "[model]") {
  SECTION("not authorized, not consented, absent or disabled concern only the client") {
    for (const long code :
         {90099L, 65001L, 65004L, 90094L, 90095L, 700016L, 700011L, 7000112L, 70001L}) {
      INFO(code);
      CHECK(refusal_concerns_own_client({code}));
    }
  }
  SECTION("GDAP, MFA, conditional access, risk and session failures concern the account") {
    for (const long code : {50020L, 50076L, 50079L, 53000L, 53003L, 530003L, 530034L, 530035L,
                            50177L, 50178L, 70043L, 900421L, 50173L, 9999999L}) {
      INFO(code);
      CHECK_FALSE(refusal_concerns_own_client({code}));
    }
    CHECK_FALSE(refusal_concerns_own_client({}));
  }
  SECTION("any client code among several makes it the client's refusal") {
    CHECK(refusal_concerns_own_client({50076, 65001}));
  }
}

TEST_CASE("the admin-consent link of a customer, per cloud", "[model]") {
  const char* const tenant = "5e8a1c4f-2d7b-4a9e-8c3f-6b1d4e7a0c29";
  const char* const client = "14d82eec-204b-4c2f-b7e8-296a70dab67e";
  CHECK(admin_consent_url("global", tenant, client) ==
        "https://login.microsoftonline.com/5e8a1c4f-2d7b-4a9e-8c3f-6b1d4e7a0c29/"
        "adminconsent?client_id=14d82eec-204b-4c2f-b7e8-296a70dab67e");
  CHECK(
      admin_consent_url("usgov", tenant, client).starts_with("https://login.microsoftonline.us/"));
  CHECK(admin_consent_url("USGOVDOD", tenant, client)
            .starts_with("https://login.microsoftonline.us/"));
  CHECK(admin_consent_url("china", tenant, client).starts_with("https://login.chinacloudapi.cn/"));
  // A snapshot that names no cloud we know was collected in the global one (its default).
  CHECK(admin_consent_url("", tenant, client).starts_with("https://login.microsoftonline.com/"));
  CHECK(aadsts_list({90099, 65001}) == "AADSTS90099, AADSTS65001");
}

}  // namespace gdap::model
