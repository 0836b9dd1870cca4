#include "gdapcheck/model/cloud.hpp"

#include "gdapcheck/model/text.hpp"

#include <array>
#include <string>

namespace gdap::model {

namespace {

constexpr std::array<CloudHosts, 4> k_clouds = {{
    {"global", "https://login.microsoftonline.com", "https://graph.microsoft.com"},
    {"usgov", "https://login.microsoftonline.us", "https://graph.microsoft.us"},
    {"usgovdod", "https://login.microsoftonline.us", "https://dod-graph.microsoft.us"},
    {"china", "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn"},
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

}  // namespace gdap::model
