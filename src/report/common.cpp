#include "report/common.hpp"

#include <algorithm>
#include <array>
#include <iterator>

namespace gdap::report::detail {

std::vector<TenantFindings> group_findings_by_tenant(const model::Diagnosis& diagnosis) {
  std::vector<TenantFindings> groups;
  groups.push_back({diagnosis.partner.tenant_id, true, nullptr, {}});
  for (const auto& customer : diagnosis.customers) {
    groups.push_back({customer.tenant_id, false, &customer, {}});
  }
  for (const auto& finding : diagnosis.findings) {
    auto group = std::find_if(groups.begin(), groups.end(), [&](const TenantFindings& candidate) {
      return candidate.tenant_id == finding.tenant_id;
    });
    if (group == groups.end()) {
      groups.push_back({finding.tenant_id, false, nullptr, {}});
      group = std::prev(groups.end());
    }
    group->findings.push_back(&finding);
  }
  std::erase_if(groups, [](const TenantFindings& group) { return group.findings.empty(); });
  return groups;
}

std::vector<StatusCount> count_statuses(const std::vector<model::CustomerResult>& customers) {
  constexpr std::array k_order{
      model::CustomerStatus::active,
      model::CustomerStatus::expiring,
      model::CustomerStatus::expired,
      model::CustomerStatus::missing_admin_relationship,
      model::CustomerStatus::missing_security_group,
      model::CustomerStatus::missing_roles,
      model::CustomerStatus::access_denied,
      model::CustomerStatus::unknown,
  };
  std::vector<StatusCount> counts;
  for (const auto status : k_order) {
    const auto count = static_cast<std::size_t>(std::count_if(
        customers.begin(), customers.end(),
        [status](const model::CustomerResult& customer) { return customer.status == status; }));
    if (count > 0) {
      counts.push_back({status, count});
    }
  }
  return counts;
}

SeverityCounts count_severities(const std::vector<model::Finding>& findings) {
  SeverityCounts counts;
  for (const auto& finding : findings) {
    switch (finding.severity) {
      case model::Severity::error:
        ++counts.error;
        break;
      case model::Severity::warning:
        ++counts.warning;
        break;
      case model::Severity::info:
        ++counts.info;
        break;
    }
  }
  return counts;
}

const model::CustomerResult* find_customer(const model::Diagnosis& diagnosis,
                                           std::string_view tenant_id) {
  const auto found = std::find_if(diagnosis.customers.begin(), diagnosis.customers.end(),
                                  [tenant_id](const model::CustomerResult& customer) {
                                    return customer.tenant_id == tenant_id;
                                  });
  return found == diagnosis.customers.end() ? nullptr : &*found;
}

std::string tenant_name(const model::Diagnosis& diagnosis, std::string_view tenant_id) {
  if (tenant_id == diagnosis.partner.tenant_id) {
    return diagnosis.partner.display_name.empty() ? std::string(tenant_id)
                                                  : diagnosis.partner.display_name;
  }
  if (const auto* customer = find_customer(diagnosis, tenant_id)) {
    if (!customer->display_name.empty()) {
      return customer->display_name;
    }
    if (!customer->default_domain.empty()) {
      return customer->default_domain;
    }
  }
  return std::string(tenant_id);
}

bool auto_extends(std::string_view duration) {
  // Any non-zero digit means a real period ("P180D"); "PT0S", "P0D" and "" all mean no renewal.
  return std::any_of(duration.begin(), duration.end(), [](char c) { return c >= '1' && c <= '9'; });
}

bool looks_like_powershell(std::string_view line) {
  const auto first = line.find_first_not_of(' ');
  if (first == std::string_view::npos) {
    return false;
  }
  line.remove_prefix(first);
  if (line.starts_with('$') || line.starts_with("PS>")) {
    return true;
  }
  // A cmdlet is Verb-Noun, both capitalised: Get-MgUser, New-MgServicePrincipal, Connect-MgGraph.
  const auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  const auto is_lower = [](char c) { return c >= 'a' && c <= 'z'; };
  std::size_t pos = 0;
  if (pos >= line.size() || !is_upper(line[pos])) {
    return false;
  }
  ++pos;
  while (pos < line.size() && is_lower(line[pos])) {
    ++pos;
  }
  if (pos < 2 || pos + 1 >= line.size() || line[pos] != '-' || !is_upper(line[pos + 1])) {
    return false;
  }
  pos += 2;
  while (pos < line.size() && line[pos] != ' ') {
    const char c = line[pos];
    if (!is_upper(c) && !is_lower(c) && !(c >= '0' && c <= '9')) {
      return false;
    }
    ++pos;
  }
  return true;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (true) {
    const auto newline = text.find('\n');
    if (newline == std::string_view::npos) {
      lines.push_back(text);
      return lines;
    }
    lines.push_back(text.substr(0, newline));
    text.remove_prefix(newline + 1);
  }
}

}  // namespace gdap::report::detail
