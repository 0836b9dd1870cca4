#include "gdapcheck/model/powershell.hpp"

#include <algorithm>

namespace gdap::model {

namespace {

bool plain_token(std::string_view value) {
  const auto plain = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '@';
  };
  // A leading '-' would read as a parameter name, a leading '@' as splatting or an array.
  return !value.empty() && value.front() != '-' && value.front() != '@' &&
         std::all_of(value.begin(), value.end(), plain);
}

// PowerShell ends a single-quoted string at ' and at the typographic single quotes too
// (U+2018, U+2019, U+201A, U+201B); each is escaped by doubling it.
std::size_t quote_length(std::string_view rest) {
  if (rest.front() == '\'') {
    return 1;
  }
  if (rest.size() >= 3 && static_cast<unsigned char>(rest[0]) == 0xE2 &&
      static_cast<unsigned char>(rest[1]) == 0x80) {
    const auto third = static_cast<unsigned char>(rest[2]);
    if (third >= 0x98 && third <= 0x9B) {
      return 3;
    }
  }
  return 0;
}

}  // namespace

std::string powershell_argument(std::string_view value) {
  if (plain_token(value)) {
    return std::string(value);
  }
  return powershell_string(value);
}

std::string powershell_string(std::string_view value) {
  std::string quoted = "'";
  std::size_t i = 0;
  while (i < value.size()) {
    const std::size_t quote = quote_length(value.substr(i));
    if (quote > 0) {
      quoted.append(value.substr(i, quote));
      quoted.append(value.substr(i, quote));
      i += quote;
    } else {
      quoted += value[i++];
    }
  }
  return quoted + "'";
}

std::string connect_mg_graph(std::string_view tenant_id, std::span<const std::string> scopes,
                             std::string_view environment) {
  std::string line = "Connect-MgGraph -TenantId " + powershell_argument(tenant_id);
  if (!scopes.empty()) {
    line += " -Scopes ";
    for (std::size_t i = 0; i < scopes.size(); ++i) {
      line += (i == 0 ? "'" : ",'") + scopes[i] + "'";
    }
  }
  if (!environment.empty() && environment != "Global") {
    line += " -Environment ";
    line += environment;
  }
  return line;
}

std::vector<std::string> powershell_script(std::span<const Command> commands) {
  std::vector<std::string> lines;
  for_each_connection(
      commands, [](const Command& command) { return std::span<const Command>(&command, 1); },
      [&](std::size_t begin, std::size_t end, const std::vector<std::string>& scopes) {
        const auto& first = commands[begin];
        lines.push_back(connect_mg_graph(first.tenant_id, scopes, first.environment));
        for (std::size_t i = begin; i < end; ++i) {
          lines.push_back(commands[i].command);
        }
        lines.emplace_back(k_disconnect_mg_graph);
      });
  return lines;
}

}  // namespace gdap::model
