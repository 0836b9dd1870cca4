#pragma once

// What every fuzz target shares: the input as text, inputs split into several pieces, and oracle
// checks that stop the run the way a sanitizer does (libFuzzer keeps the input that made a
// target abort as a crash, and the replay test fails on it).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace gdap::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the bytes are the text
  return {reinterpret_cast<const char*>(data), size};
}

// Targets that need several inputs (a sequence of HTTP answers, an access token and an id token)
// take them separated by NUL bytes, which none of these texts holds in practice.
inline std::vector<std::string_view> pieces(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find('\0', start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) {
      return parts;
    }
    start = end + 1;
  }
}

// An oracle violation: print what was expected and abort, so the input is kept as a crash.
[[noreturn]] inline void violated(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz oracle violated: %s\n", what);
  std::fwrite(detail.data(), 1, detail.size(), stderr);
  std::fputc('\n', stderr);
  std::abort();
}

inline void check(bool holds, const char* what, std::string_view detail = {}) {
  if (!holds) {
    violated(what, detail);
  }
}

}  // namespace gdap::fuzz

// The entry point libFuzzer calls, and the replay runner in ordinary test builds.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
