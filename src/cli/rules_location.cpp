#include "rules_location.hpp"

#include "gdapcheck/build_info.hpp"

#include <CLI/CLI.hpp>

namespace gdap::cli {

void add_rules_dir_option(CLI::App& command, std::string& value) {
  command
      .add_option("--rules-dir", value,
                  "Directory of rule files and the error catalogue (default: the shipped rules; "
                  "env GDAPCHECK_RULES_DIR)")
      ->type_name("DIR");
}

std::filesystem::path find_rules_directory(const Context& context, const std::string& flag_value) {
  if (!flag_value.empty()) {
    return flag_value;
  }
  if (const auto from_env = context.env("GDAPCHECK_RULES_DIR"); from_env && !from_env->empty()) {
    return *from_env;
  }
  const std::filesystem::path exe_dir = context.executable_dir;
  std::error_code ec;
  for (const auto& candidate :
       {exe_dir / "rules", exe_dir / build::installed_rules_dir_from_executable()}) {
    if (!context.executable_dir.empty() && std::filesystem::is_directory(candidate, ec)) {
      return candidate.lexically_normal();
    }
  }
  throw InputError("cannot find the rules directory next to the executable (" +
                   context.executable_dir + "); set --rules-dir or GDAPCHECK_RULES_DIR");
}

}  // namespace gdap::cli
