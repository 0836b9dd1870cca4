#pragma once

// The one table of Entra role template ids, well-known application ids and Microsoft Graph
// application-permission ids in the codebase (reference: shared/reference/roles-and-apps.md).
// Rules, profiles and reports look names up here; nothing else spells a GUID.

// Ids and names compare case-insensitively: the helpers for that live in text.hpp.
#include "gdapcheck/model/text.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace gdap::model {

struct CatalogEntry {
  std::string_view id;
  std::string_view name;
};

inline constexpr std::string_view k_global_administrator_role =
    "62e90394-69f5-4237-9190-012177145e10";
inline constexpr std::string_view k_microsoft_graph_app_id = "00000003-0000-0000-c000-000000000000";

// Built-in Entra roles that GDAP can grant (template ids).
std::span<const CatalogEntry> known_roles();
// First-party and well-known application ids.
std::span<const CatalogEntry> known_applications();
// Microsoft Graph application permissions (app-role ids on the Graph service principal).
std::span<const CatalogEntry> graph_application_permissions();

// Name for an id, or nullopt. Ids compare case-insensitively.
std::optional<std::string_view> find_name(std::span<const CatalogEntry> table, std::string_view id);
// Id for a name, or nullopt. Names compare case-insensitively.
std::optional<std::string_view> find_id(std::span<const CatalogEntry> table, std::string_view name);

// The role's name, or the id itself when the role is not in the table.
std::string role_name(std::string_view role_id);
// The same, as a view that stays valid for the whole run: into the table, or into the interned
// id. A large partner's diagnosis holds a few dozen role names per customer; this way each name
// is held once.
std::string_view role_name_view(std::string_view role_id);
// A copy of `text` that stays valid for the whole run, held once however often it is asked for.
std::string_view interned(std::string_view text);
// Text that many values repeat (role ids, a rule's references), held once for the run: a view
// of model::interned. Made only by interning, so it never dangles.
class InternedText {
 public:
  InternedText() = default;  // empty
  // Implicit: any text, a literal or a string about to go, becomes a lasting one.
  template <typename Text,
            typename = std::enable_if_t<std::is_convertible_v<const Text&, std::string_view>>>
  InternedText(const Text& text)  // NOLINT(*-explicit-*)
      : m_text(interned(std::string_view(text))) {}
  operator std::string_view() const { return m_text; }  // NOLINT(*-explicit-*)
  std::string_view view() const { return m_text; }
  // Exact, as strings compare.
  friend bool operator==(const InternedText& a, std::string_view b) { return a.m_text == b; }

 private:
  std::string_view m_text;  // empty, or held by model::interned
};

// The application's name, or the id itself.
std::string application_name(std::string_view app_id);

// Whether an access token's amr claim shows multifactor authentication: "mfa", or "ngcmfa"
// (Windows Hello / passwordless, which the claims reference calls equivalent).
bool amr_shows_mfa(const std::vector<std::string>& amr);

}  // namespace gdap::model
