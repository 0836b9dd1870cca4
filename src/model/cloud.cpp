#include "gdapcheck/model/cloud.hpp"

#include "gdapcheck/model/text.hpp"

#include <array>
#include <string>

namespace gdap::model {

namespace {

constexpr std::array<CloudHosts, 4> k_clouds = {{
    {"global", "https://login.microsoftonline.com", "https://graph.microsoft.com", "Global",
     "https://portal.azure.com", "https://api.partnercenter.microsoft.com"},
    {"usgov", "https://login.microsoftonline.us", "https://graph.microsoft.us", "USGov",
     "https://portal.azure.us", "https://api.partnercenter.microsoft.com"},
    {"usgovdod", "https://login.microsoftonline.us", "https://dod-graph.microsoft.us", "USGovDoD",
     "https://portal.azure.us", "https://api.partnercenter.microsoft.com"},
    {"china", "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn", "China",
     "https://portal.azure.cn", "https://partner.partnercenterapi.microsoftonline.cn"},
}};

}  // namespace

std::optional<CloudHosts> cloud_hosts(std::string_view cloud) {
  const std::string name = lowercase(cloud);
  for (const auto& hosts : k_clouds) {
    if (hosts.name == name) {
      return hosts;
    }
  }
  return std::nullopt;
}

std::string approval_link(std::string_view cloud, std::string_view relationship_id) {
  if (lowercase(cloud) == "global" || cloud.empty()) {
    return "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/"
           "granularAdminRelationships/" +
           std::string(relationship_id);
  }
  return "the approval link Partner Center shows for relationship " + std::string(relationship_id) +
         " (Microsoft publishes the link's form for the global cloud only)";
}

}  // namespace gdap::model
