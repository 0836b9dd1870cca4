#include "commands.hpp"

#include "template.hpp"

#include "gdapcheck/model/powershell.hpp"

#include <algorithm>
#include <optional>
#include <string>

namespace gdap::rules::detail {

using nlohmann::json;

namespace {

// How a command's values are written: as arguments (bare when plain), or always quoted in a
// command that builds a hashtable (`@{…}`), where values are expressions.
Quote quoting_for(std::string_view command) {
  return command.find("@{") != std::string_view::npos ? model::powershell_string
                                                      : model::powershell_argument;
}

bool uses(const ParsedTemplate& parsed, std::string_view key) {
  return std::any_of(parsed.placeholders.begin(), parsed.placeholders.end(),
                     [&](const Placeholder& placeholder) { return placeholder.key == key; });
}

std::string text_of(const Values& values, std::string_view key) {
  const auto found = values.find(key);
  return found.value != nullptr && found.value->is_string() ? found.value->get<std::string>()
                                                            : std::string();
}

// The scope Get-MgUser needs to read another user's id (least privileged, Microsoft Graph
// "Get user" permissions).
constexpr const char* k_read_users_scope = "User.ReadBasic.All";

// A list value as display() renders it ("a, b"): role template ids, which hold no comma.
std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(", ", start);
    const auto end = comma == std::string::npos ? text.size() : comma;
    if (end > start) {
      items.push_back(text.substr(start, end - start));
    }
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 2;
  }
  return items;
}

// The change each line of a command makes, in step with render_each(command): one per element
// of the list both repeat over. A value that is unknown leaves that line without an action (the
// command may still be printed, e.g. with a Get-MgUser lookup in place of an id).
std::vector<std::optional<model::Action>> render_actions(const ApplyTemplate& apply,
                                                         const Values& values, std::size_t lines) {
  std::vector<std::optional<model::Action>> actions(lines);
  for (auto& action : actions) {
    action = model::Action{};
    action->kind = apply.kind;
    action->one_of = apply.one_of;
  }
  const auto described = render_each(apply.what, values);
  for (std::size_t i = 0; i < lines && i < described.size(); ++i) {
    actions[i]->what = described[i];
  }
  for (const auto& [field, text] : apply.fields) {
    const auto rendered = render_each(text, values);
    for (std::size_t i = 0; i < lines; ++i) {
      if (!actions[i]) {
        continue;
      }
      if (i >= rendered.size() || rendered[i].empty() ||
          rendered[i].find("(unknown)") != std::string::npos) {
        actions[i].reset();
        continue;
      }
      auto& action = *actions[i];
      if (field == "groupId") {
        action.group_id = rendered[i];
      } else if (field == "memberId") {
        action.member_id = rendered[i];
      } else if (field == "appId") {
        action.app_id = rendered[i];
      } else if (field == "relationshipId") {
        action.relationship_id = rendered[i];
      } else if (field == "roleIds") {
        action.role_ids = split_list(rendered[i]);
      } else if (field == "customerTenantId") {
        action.customer_tenant_id = rendered[i];
      } else if (field == "displayName") {
        action.display_name = rendered[i];
      }
    }
  }
  return actions;
}

}  // namespace

std::vector<model::Command> render_commands(const Rule& rule, const json& evidence,
                                            const Values& values) {
  std::vector<model::Command> commands;
  const std::string user_id = text_of(values, "userId");
  const std::string upn = text_of(values, "upn");
  const bool look_up_user = user_id.empty() && !upn.empty();
  // An unknown user id is looked up inside the command, written as PowerShell, never quoted.
  const json user_lookup =
      look_up_user
          ? json{{"userId", "(Get-MgUser -UserId " + model::powershell_argument(upn) + ").Id"}}
          : json::object();
  const Values arguments = values.before(user_lookup, true);
  for (const auto& command : rule.commands) {
    if (!command.when.empty() && !truthy(evidence.value(command.when, json()))) {
      continue;
    }
    if (!command.unless.empty() && truthy(evidence.value(command.unless, json()))) {
      continue;
    }
    std::vector<std::string> scopes = command.scopes;
    if (look_up_user && uses(parse_template(command.text), "userId") &&
        std::find(scopes.begin(), scopes.end(), k_read_users_scope) == scopes.end()) {
      scopes.emplace_back(k_read_users_scope);
    }
    const std::string tenant = text_of(
        values, command.tenant == CommandTenant::customer ? "customerTenantId" : "partnerTenantId");
    auto lines = render_each(command.text, arguments, quoting_for(command.text));
    const auto actions = command.apply ? render_actions(*command.apply, values, lines.size())
                                       : std::vector<std::optional<model::Action>>(lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      auto& line = lines[i];
      // A value the evidence lacks renders as "(unknown)"; a filled-in value never does (it is
      // quoted), so this marks a command that cannot be run as printed.
      if (line.find("(unknown)") != std::string::npos || tenant.empty()) {
        continue;
      }
      const bool seen = std::any_of(commands.begin(), commands.end(), [&](const auto& other) {
        return other.command == line && other.tenant_id == tenant;
      });
      if (!seen) {
        commands.push_back({"powershell", std::move(line), tenant, scopes,
                            text_of(values, "graphEnvironment"), actions[i]});
      }
    }
  }
  return commands;
}

}  // namespace gdap::rules::detail
