// PowerShell as reports print it: arguments that stay one argument, and the Connect-MgGraph /
// Disconnect-MgGraph frame around each tenant's commands.

#include "gdapcheck/model/powershell.hpp"

#include <catch2/catch.hpp>

namespace gdap::test {

using model::Command;
using model::powershell_argument;

TEST_CASE("A value becomes one PowerShell argument", "[model]") {
  CHECK(powershell_argument("0d2f4b6a-8c0e-4d2f-b6a8-c0e2f4b6a8c0") ==
        "0d2f4b6a-8c0e-4d2f-b6a8-c0e2f4b6a8c0");
  CHECK(powershell_argument("svc@contoso.onmicrosoft.com") == "svc@contoso.onmicrosoft.com");
  CHECK(powershell_argument("Helpdesk Agents") == "'Helpdesk Agents'");
  CHECK(powershell_argument("O'Brien's group") == "'O''Brien''s group'");
  // PowerShell also ends a single-quoted string at the typographic quotes.
  CHECK(powershell_argument("it\u2019s") == "'it\u2019\u2019s'");
  CHECK(powershell_argument("$(Remove-Item x)") == "'$(Remove-Item x)'");
  CHECK(powershell_argument("-Force") == "'-Force'");
  CHECK(powershell_argument("") == "''");
}

TEST_CASE("Connect-MgGraph names the tenant, the scopes and a national cloud", "[model]") {
  const std::vector<std::string> scopes{"GroupMember.ReadWrite.All", "User.ReadBasic.All"};
  CHECK(model::connect_mg_graph("t1", scopes, "Global") ==
        "Connect-MgGraph -TenantId t1 -Scopes 'GroupMember.ReadWrite.All','User.ReadBasic.All'");
  CHECK(model::connect_mg_graph("t1", {scopes.data(), 1}, "USGov") ==
        "Connect-MgGraph -TenantId t1 -Scopes 'GroupMember.ReadWrite.All' -Environment USGov");
}

TEST_CASE("A script connects once per tenant, with every scope its commands need", "[model]") {
  const std::vector<Command> commands{
      {"powershell",
       "New-MgServicePrincipal -AppId a",
       "c1",
       {"Application.ReadWrite.All"},
       "China",
       std::nullopt},
      {"powershell",
       "Update-MgServicePrincipal -ServicePrincipalId b -AccountEnabled:$true",
       "c1",
       {"Application.ReadWrite.All"},
       "China",
       std::nullopt},
      {"powershell",
       "New-MgGroupMember -GroupId g -DirectoryObjectId u",
       "p1",
       {"GroupMember.ReadWrite.All"},
       "China",
       std::nullopt}};
  CHECK(model::powershell_script(commands) ==
        std::vector<std::string>{
            "Connect-MgGraph -TenantId c1 -Scopes 'Application.ReadWrite.All' -Environment China",
            "New-MgServicePrincipal -AppId a",
            "Update-MgServicePrincipal -ServicePrincipalId b -AccountEnabled:$true",
            "Disconnect-MgGraph",
            "Connect-MgGraph -TenantId p1 -Scopes 'GroupMember.ReadWrite.All' -Environment China",
            "New-MgGroupMember -GroupId g -DirectoryObjectId u", "Disconnect-MgGraph"});
  CHECK(model::powershell_script({}).empty());
}

}  // namespace gdap::test
