#include "gdapcheck/cli/app.hpp"
#include "gdapcheck/error.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Run {
  int code = 0;
  std::string out;
  std::string err;
};

Run run_with(const std::vector<const char*>& args, const gdap::cli::EnvLookup& env) {
  std::ostringstream out;
  std::ostringstream err;
  const gdap::cli::Streams streams{out, err};
  std::vector<const char*> argv{"gdapcheck"};
  argv.insert(argv.end(), args.begin(), args.end());
  const int code = gdap::cli::run(static_cast<int>(argv.size()), argv.data(), streams, env);
  return {code, out.str(), err.str()};
}

}  // namespace

TEST_CASE("A bug ends the run with exit 70, never with the codes of findings or missing data",
          "[cli]") {
  // The environment is injected; one that fails stands in for any unexpected exception.
  const gdap::cli::EnvLookup broken = [](const std::string&) -> std::optional<std::string> {
    throw std::logic_error("simulated defect");
  };
  // Without --rules-dir, the run asks the environment for GDAPCHECK_RULES_DIR first.
  const auto result =
      run_with({"tenant", "--snapshot", GDAP_SOURCE_DIR "/examples/healthy.json"}, broken);
  CHECK(result.code == gdap::to_int(gdap::ExitCode::internal));
  CHECK(result.code == 70);
  CHECK(result.out.empty());
  CHECK(result.err.find("internal error") != std::string::npos);
  CHECK(result.err.find("simulated defect") != std::string::npos);
}

TEST_CASE("A healthy example through the same entry point exits 0", "[cli]") {
  const gdap::cli::EnvLookup empty = [](const std::string&) -> std::optional<std::string> {
    return std::nullopt;
  };
  const auto result = run_with({"tenant", "--rules-dir", GDAP_SOURCE_DIR "/rules", "--snapshot",
                                GDAP_SOURCE_DIR "/examples/healthy.json"},
                               empty);
  CHECK(result.code == 0);
  CHECK(result.err.empty());
}
