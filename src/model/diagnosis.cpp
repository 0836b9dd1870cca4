#include "gdapcheck/model/diagnosis.hpp"

#include <array>
#include <utility>

namespace gdap::model {

namespace {

constexpr std::array<std::pair<Severity, std::string_view>, 3> k_severity_names{{
    {Severity::info, "info"},
    {Severity::warning, "warning"},
    {Severity::error, "error"},
}};

constexpr std::array<std::pair<CustomerStatus, std::string_view>, 8> k_status_names{{
    {CustomerStatus::active, "active"},
    {CustomerStatus::expiring, "expiring"},
    {CustomerStatus::expired, "expired"},
    {CustomerStatus::missing_admin_relationship, "missing_admin_relationship"},
    {CustomerStatus::missing_security_group, "missing_security_group"},
    {CustomerStatus::missing_roles, "missing_roles"},
    {CustomerStatus::access_denied, "access_denied"},
    {CustomerStatus::unknown, "unknown"},
}};

// The names rule files give actions ("apply": {"action": ...}).
constexpr std::array<std::pair<ActionKind, std::string_view>, 6> k_action_names{{
    {ActionKind::add_group_member, "add-group-member"},
    {ActionKind::create_service_principal, "create-service-principal"},
    {ActionKind::enable_auto_extend, "enable-auto-extend"},
    {ActionKind::create_access_assignment, "create-access-assignment"},
    {ActionKind::create_relationship, "create-relationship"},
    {ActionKind::lock_for_approval, "lock-for-approval"},
}};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                         Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) {
      return name;
    }
  }
  return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                             std::string_view text) {
  for (const auto& [value, name] : table) {
    if (name == text) {
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(RoleState state) {
  switch (state) {
    case RoleState::held:
      return "held";
    case RoleState::not_held:
      return "not_held";
    case RoleState::not_in_relationship:
      return "not_in_relationship";
  }
  return "unknown";
}

std::string_view to_string(Severity severity) {
  return name_of(k_severity_names, severity);
}

std::optional<Severity> severity_from_string(std::string_view text) {
  return value_of(k_severity_names, text);
}

std::string_view to_string(CustomerStatus status) {
  return name_of(k_status_names, status);
}

std::optional<CustomerStatus> status_from_string(std::string_view text) {
  return value_of(k_status_names, text);
}

std::string_view to_string(ActionKind kind) {
  return name_of(k_action_names, kind);
}

std::optional<ActionKind> action_kind_from_string(std::string_view text) {
  return value_of(k_action_names, text);
}

}  // namespace gdap::model
