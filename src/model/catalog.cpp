#include "gdapcheck/model/catalog.hpp"

#include <algorithm>
#include <array>
#include <mutex>
#include <set>

namespace gdap::model {

namespace {

// Template ids from the Entra built-in roles reference ("All roles" table), as distilled in
// shared/reference/roles-and-apps.md §1. Tests pin the canonical sets against that file.
constexpr std::array<CatalogEntry, 35> k_roles{{
    {"62e90394-69f5-4237-9190-012177145e10", "Global Administrator"},
    {"9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator"},
    {"0526716b-113d-4c15-b2c8-68e3c22b9f80", "Authentication Policy Administrator"},
    {"892c5842-a9a6-463a-8041-72aa08ca3cf6", "Cloud App Security Administrator"},
    {"7698a772-787b-4ac8-901f-60d6b08affd2", "Cloud Device Administrator"},
    {"29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator"},
    {"3a2c62db-5318-420d-8d74-23affee5d9d5", "Intune Administrator"},
    {"7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "Privileged Authentication Administrator"},
    {"e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"},
    {"194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator"},
    {"f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator"},
    {"69091246-20e8-4a56-aa4d-066075b2a7a8", "Teams Administrator"},
    {"fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"},
    {"b0f54661-2d74-4c50-afa3-1ec803f12efe", "Billing Administrator"},
    {"f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader"},
    {"8329153b-31d0-4727-b945-745eb3bc5f31", "Domain Name Administrator"},
    {"88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "Directory Readers"},
    {"9360feb5-f418-4baa-8175-e2a00bac4301", "Directory Writers"},
    {"4d6ac14f-3453-41d0-bef9-a3e0c569773a", "License Administrator"},
    {"f023fd81-a637-4b56-95fd-791ac0226033", "Service Support Administrator"},
    {"729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator"},
    {"158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator"},
    {"be2f45a1-457d-42af-a067-6ec1fa63bc45", "External Identity Provider Administrator"},
    {"c4e39bd9-1100-46d3-8c65-fb160da0071f", "Authentication Administrator"},
    {"966707d0-3269-4727-9be2-8c3a10f19b9d", "Password Administrator"},
    {"b1be1c3e-b65d-4f19-8427-f6fa0d97feb9", "Conditional Access Administrator"},
    {"5d6b6bb7-de71-4623-b4af-96380a352509", "Security Reader"},
    {"4a5d8f65-41da-4de4-8968-e035b65339cf", "Reports Reader"},
    {"17315797-102d-40b4-93e0-432062caca18", "Compliance Administrator"},
    {"e6d1a23a-da11-4be4-9570-befc86d067a7", "Compliance Data Administrator"},
    {"44367163-eba1-44c3-98af-f5787879f96a", "Dynamics 365 Administrator"},
    {"11648597-926c-4cf3-9c36-bcebb0ba8dcc", "Power Platform Administrator"},
    {"fdd7a751-b60b-444a-984c-02652fe8fa1c", "Groups Administrator"},
    {"4ba39ca4-527c-499a-b93d-d9b492c50246", "Partner Tier1 Support"},
    {"e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8", "Partner Tier2 Support"},
}};

constexpr std::array<CatalogEntry, 19> k_applications{{
    {"00000003-0000-0000-c000-000000000000", "Microsoft Graph"},
    {"00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online"},
    {"00000003-0000-0ff1-ce00-000000000000", "Office 365 SharePoint Online"},
    {"00000002-0000-0000-c000-000000000000", "Windows Azure Active Directory"},
    {"fc780465-2017-40d4-a0c5-307022471b92", "WindowsDefenderATP"},
    {"c5393580-f805-4401-95e8-94b7a6ef2fc2", "Office 365 Management APIs"},
    {"48ac35b8-9aa8-4d74-927d-1f4a14a0b239", "Skype and Teams Tenant Admin API"},
    {"00000012-0000-0000-c000-000000000000", "Azure Rights Management"},
    {"aeb86249-8ea3-49e2-900b-54cc8e308f85", "M365 licensing API"},
    {"797f4846-ba00-4fd7-ba43-dac1f8f63013", "Windows Azure Service Management API"},
    {"fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd", "Microsoft Partner Center API"},
    {"4990cffe-04e8-4e8b-808a-1175604b879f", "Microsoft Partner (Microsoft Developer Center) API"},
    {"2832473f-ec63-45fb-976f-5d45a7d4bb91", "Partner Customer Delegated Administration"},
    {"a3475900-ccec-4a69-98f5-a65cd5dc5306", "Partner Customer Delegated Admin Offline Processor"},
    {"14d82eec-204b-4c2f-b7e8-296a70dab67e", "Microsoft Graph Command Line Tools"},
    {"04b07795-8ddb-461a-bbee-02f9e1bf7b46", "Microsoft Azure CLI"},
    {"1950a258-227b-4e31-a9cf-717495945fc2", "Microsoft Azure PowerShell"},
    {"1b730954-1685-4b74-9bfd-dac224a7b894", "Azure AD PowerShell"},
    {"a3b79187-70b2-4139-83f9-6016c58cd27b", "WindowsDefenderATP Portal"},
}};

constexpr std::array<CatalogEntry, 8> k_graph_application_permissions{{
    {"df021288-bdef-4463-88db-98f22de89214", "User.Read.All"},
    {"98830695-27a2-44f7-8c18-0c3ebc9698f6", "GroupMember.Read.All"},
    {"f6e9e124-4586-492f-adc0-c6f96e4823fd", "DelegatedAdminRelationship.Read.All"},
    {"483bed4a-2ad3-4361-a73b-c83ccdbdc53c", "RoleManagement.Read.Directory"},
    {"9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30", "Application.Read.All"},
    {"7ab1d382-f21e-4acd-a863-ba3e13f7da61", "Directory.Read.All"},
    {"5b567255-7703-4780-807c-7be8301ae99b", "Group.Read.All"},
    {"246dd0d5-5bd0-4def-940b-0421030a5b68", "Policy.Read.All"},
}};

}  // namespace

bool amr_shows_mfa(const std::vector<std::string>& amr) {
  return std::any_of(amr.begin(), amr.end(), [](const std::string& method) {
    return method == "mfa" || method == "ngcmfa";
  });
}

std::span<const CatalogEntry> known_roles() {
  return k_roles;
}
std::span<const CatalogEntry> known_applications() {
  return k_applications;
}
std::span<const CatalogEntry> graph_application_permissions() {
  return k_graph_application_permissions;
}

std::optional<std::string_view> find_name(std::span<const CatalogEntry> table,
                                          std::string_view id) {
  for (const auto& entry : table) {
    if (equals_ignoring_case(entry.id, id)) {
      return entry.name;
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> find_id(std::span<const CatalogEntry> table,
                                        std::string_view name) {
  for (const auto& entry : table) {
    if (equals_ignoring_case(entry.name, name)) {
      return entry.id;
    }
  }
  return std::nullopt;
}

std::string role_name(std::string_view role_id) {
  return std::string(find_name(known_roles(), role_id).value_or(role_id));
}

std::string_view role_name_view(std::string_view role_id) {
  if (const auto name = find_name(known_roles(), role_id)) {
    return *name;
  }
  return interned(role_id);
}

std::string_view interned(std::string_view text) {
  // Set nodes never move, so the views stay valid; only texts outside the catalogue (role ids
  // Microsoft adds later, or that a snapshot makes up) come here, so it stays small.
  static std::mutex mutex;
  static std::set<std::string, std::less<>> texts;
  const std::lock_guard lock(mutex);
  const auto found = texts.find(text);
  return found != texts.end() ? std::string_view(*found) : *texts.emplace(text).first;
}

std::string application_name(std::string_view app_id) {
  return std::string(find_name(known_applications(), app_id).value_or(app_id));
}

}  // namespace gdap::model
