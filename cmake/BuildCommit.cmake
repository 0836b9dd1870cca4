# Writes OUTPUT, the C++ source of gdap::build::commit(): GDAP_BUILD_COMMIT when the packager
# gave one, else `git describe --always --dirty` of SOURCE_DIR, else "unknown" (a source tarball,
# or no git). Runs at every build and rewrites OUTPUT only when the answer changes, so a new
# commit relinks the binary without a reconfigure, and an unchanged one rebuilds nothing.
#   cmake -DSOURCE_DIR=... -DOUTPUT=... [-DGDAP_BUILD_COMMIT=...] -P BuildCommit.cmake
set(commit "${GDAP_BUILD_COMMIT}")
if(commit STREQUAL "")
  set(commit "unknown")
  find_package(Git QUIET)
  if(GIT_FOUND)
    # Only the project's own repository counts, not one it happens to be unpacked inside.
    execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" rev-parse --show-toplevel
      OUTPUT_VARIABLE top RESULT_VARIABLE status OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    file(REAL_PATH "${SOURCE_DIR}" source_real)
    if(status EQUAL 0)
      file(REAL_PATH "${top}" top)
    endif()
    if(status EQUAL 0 AND top STREQUAL source_real)
      execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" describe --always --dirty
        OUTPUT_VARIABLE described RESULT_VARIABLE status OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
      if(status EQUAL 0 AND NOT described STREQUAL "")
        set(commit "${described}")
      endif()
    endif()
  endif()
endif()
string(REPLACE "\\" "\\\\" commit "${commit}")
string(REPLACE "\"" "\\\"" commit "${commit}")
file(CONFIGURE OUTPUT "${OUTPUT}" @ONLY CONTENT [=[
// Generated at build time by cmake/BuildCommit.cmake; do not edit.
#include "gdapcheck/build_info.hpp"

namespace gdap::build {

std::string_view commit() {
  return "@commit@";
}

}  // namespace gdap::build
]=])
