#pragma once

// A fresh temporary folder for a test, removed with everything in it at scope exit.

#include <filesystem>
#include <fstream>
#include <stdlib.h>  // mkdtemp
#include <string>
#include <system_error>

namespace gdap::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "gdap-test-XXXXXX").string();
    m_path = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&&) = delete;
  TempDir& operator=(TempDir&&) = delete;
  const std::filesystem::path& path() const { return m_path; }
  // Writes `text` to the file `name` in the folder.
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(m_path / name) << text;
  }

 private:
  std::filesystem::path m_path;
};

}  // namespace gdap::testing
