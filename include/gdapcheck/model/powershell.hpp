#pragma once

// PowerShell as gdapcheck prints it: values made safe to paste as arguments, and the
// Connect-MgGraph / Disconnect-MgGraph lines that frame a block of Microsoft Graph commands.

#include "gdapcheck/model/diagnosis.hpp"

#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::model {

// `value` as one PowerShell argument: bare when it is a plain token (a GUID, an app id, a domain),
// otherwise in single quotes with every quote character doubled, so no value can end the
// argument, start a variable or run anything.
std::string powershell_argument(std::string_view value);

// `value` as a PowerShell string literal: always in single quotes, every quote character doubled.
// Where PowerShell reads an expression (a hashtable's value, an array's element) a bare word
// would be a command name, so there every value is quoted.
std::string powershell_string(std::string_view value);

// "Connect-MgGraph -TenantId T -Scopes 'A','B'" with "-Environment E" outside the global cloud.
std::string connect_mg_graph(std::string_view tenant_id, std::span<const std::string> scopes,
                             std::string_view environment);

inline constexpr std::string_view k_disconnect_mg_graph = "Disconnect-MgGraph";

// Splits `items` into the runs one Connect-MgGraph serves — in a row, in one tenant and one cloud,
// as the first of `commands_of(item)` says — and calls `on_run(begin, end, scopes)` for each with
// every scope their commands need, each once, in the order first needed.
template <typename Item, typename CommandsOf, typename OnRun>
void for_each_connection(std::span<const Item> items, CommandsOf commands_of, OnRun on_run) {
  std::size_t begin = 0;
  while (begin < items.size()) {
    const Command& first = commands_of(items[begin]).front();
    std::size_t end = begin;
    std::vector<std::string> scopes;
    for (; end < items.size(); ++end) {
      const auto& commands = commands_of(items[end]);
      if (commands.front().tenant_id != first.tenant_id ||
          commands.front().environment != first.environment) {
        break;
      }
      for (const Command& command : commands) {
        for (const auto& scope : command.scopes) {
          if (std::find(scopes.begin(), scopes.end(), scope) == scopes.end()) {
            scopes.push_back(scope);
          }
        }
      }
    }
    on_run(begin, end, scopes);
    begin = end;
  }
}

// A finding's commands as one script: per run of commands in one tenant (and cloud), the
// Connect-MgGraph with every scope they need, the commands, then Disconnect-MgGraph.
std::vector<std::string> powershell_script(std::span<const Command> commands);

}  // namespace gdap::model
