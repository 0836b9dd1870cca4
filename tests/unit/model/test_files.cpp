// Writing a file that nobody ever reads half of, and knowing beforehand whether it will work.

#include "support/temp_dir.hpp"

#include "gdapcheck/error.hpp"
#include "gdapcheck/model/files.hpp"
#include "gdapcheck/model/snapshot_json.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <sys/stat.h>

namespace gdap::model {

namespace {

using Catch::Matchers::Contains;
using gdap::testing::TempDir;
using std::filesystem::perms;

std::string text_of(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> names_in(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("replace_file writes new files and replaces old ones, leaving no temporary behind",
          "[model]") {
  const TempDir tmp;
  const auto path = tmp.path() / "out.json";
  REQUIRE_FALSE(replace_file(path, "first\n", perms::owner_read | perms::owner_write));
  CHECK(text_of(path) == "first\n");
  REQUIRE_FALSE(replace_file(path, "second\n", perms::owner_read | perms::owner_write));
  CHECK(text_of(path) == "second\n");
  CHECK(names_in(tmp.path()) == std::vector<std::string>{"out.json"});
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777U) == 0600U);
}

TEST_CASE("replace_file written piece by piece keeps the order and undoes a producer that fails",
          "[model]") {
  // Reports are written this way, so a large one is never in memory whole.
  const TempDir tmp;
  const auto path = tmp.path() / "report.html";
  REQUIRE_FALSE(replace_file(
      path,
      [](const ContentSink& write) {
        write("<html>");
        write("");
        write("<body>\n");
        write("</html>\n");
      },
      perms::owner_read | perms::owner_write));
  CHECK(text_of(path) == "<html><body>\n</html>\n");
  // A renderer that throws halfway: the old report stays whole, nothing is left beside it.
  CHECK_THROWS_AS(replace_file(
                      path,
                      [](const ContentSink& write) {
                        write("<html>half");
                        throw InputError("the renderer gave up");
                      },
                      perms::owner_read | perms::owner_write),
                  InputError);
  CHECK(text_of(path) == "<html><body>\n</html>\n");
  CHECK(names_in(tmp.path()) == std::vector<std::string>{"report.html"});
}

TEST_CASE("replace_file says why it failed, in the system's words", "[model]") {
  const TempDir tmp;
  const auto failure = replace_file(tmp.path() / "missing" / "out.json", "x", perms::owner_read);
  REQUIRE(failure);
  CHECK_THAT(*failure, Contains("cannot create a file in " + (tmp.path() / "missing").string() +
                                ": No such file or directory"));
  // A folder where the file should go: the temporary is written, the rename fails and is undone.
  std::filesystem::create_directories(tmp.path() / "taken" / "inside");
  const auto rename_failure = replace_file(tmp.path() / "taken", "x", perms::owner_read);
  REQUIRE(rename_failure);
  CHECK_THAT(*rename_failure, Contains("directory"));
  CHECK(names_in(tmp.path()) == std::vector<std::string>{"taken"});
}

TEST_CASE("why_cannot_replace names what is wrong before anything is written", "[model]") {
  const TempDir tmp;
  CHECK_FALSE(why_cannot_replace(tmp.path() / "new.json"));
  CHECK(names_in(tmp.path()).empty());  // the probe is gone
  CHECK(why_cannot_replace(tmp.path() / "missing" / "x.json") ==
        "the folder " + (tmp.path() / "missing").string() + " does not exist");
  std::ofstream(tmp.path() / "plain") << "x";
  CHECK(why_cannot_replace(tmp.path() / "plain" / "x.json") ==
        (tmp.path() / "plain").string() + " is not a folder");
  CHECK(why_cannot_replace(tmp.path()) == tmp.path().string() + " is a folder");
  // An existing file can be replaced; a folder that refuses new files (even to root) cannot.
  CHECK_FALSE(why_cannot_replace(tmp.path() / "plain"));
  if (std::filesystem::is_directory("/sys")) {
    const auto refused = why_cannot_replace("/sys/x.json");
    REQUIRE(refused);
    CHECK_THAT(*refused, Contains("cannot create a file in /sys: "));
  }
}

TEST_CASE("a snapshot that cannot be saved names the file and the reason", "[model]") {
  const TempDir tmp;
  const auto path = (tmp.path() / "missing" / "saved.json").string();
  try {
    save_snapshot_file(path, Snapshot{});
    FAIL("expected an InputError");
  } catch (const InputError& error) {
    CHECK_THAT(error.what(),
               Contains(path + ": cannot write the snapshot: cannot create a file in") &&
                   Contains("No such file or directory"));
  }
}

}  // namespace gdap::model
