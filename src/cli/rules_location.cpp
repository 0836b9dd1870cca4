#include "rules_location.hpp"

#include "gdapcheck/build_info.hpp"

#include <CLI/CLI.hpp>

namespace gdap::cli {

void add_rules_dir_option(CLI::App& command, std::string& value) {
  command
      .add_option("--rules-dir", value,
                  "Your own rules, profiles and error catalogue, laid over the shipped ones (env "
                  "GDAPCHECK_RULES_DIR)")
      ->type_name("DIR");
}

rules::RuleFolders find_rule_folders(const Context& context, const std::string& flag_value) {
  rules::RuleFolders folders;
  if (!flag_value.empty()) {
    folders.custom = flag_value;
  } else if (const auto from_env = context.env("GDAPCHECK_RULES_DIR");
             from_env && !from_env->empty()) {
    folders.custom = *from_env;
  }
  if (context.executable_dir.empty()) {
    return folders;
  }
  const std::filesystem::path exe_dir = context.executable_dir;
  std::error_code ec;
  for (const auto& candidate :
       {exe_dir / "rules", exe_dir / build::installed_rules_dir_from_executable()}) {
    if (std::filesystem::is_directory(candidate, ec)) {
      folders.shipped = candidate.lexically_normal();
      break;
    }
  }
  return folders;
}

std::string describe(const rules::RuleFolders& folders) {
  const std::string shipped =
      folders.shipped.empty() ? "not found next to gdapcheck" : folders.shipped.string();
  return folders.custom.empty() ? shipped
                                : shipped + ", with your rules from " + folders.custom.string();
}

}  // namespace gdap::cli
