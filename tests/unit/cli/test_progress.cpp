#include "cli/live_collection.hpp"

#include <catch2/catch.hpp>

using gdap::cli::progress_line;
using std::chrono::milliseconds;

TEST_CASE("progress shows customers done, elapsed time and what is left", "[cli]") {
  CHECK(progress_line(0, 500, milliseconds(300)) == "gdapcheck: 0/500 customers, 0.3 s elapsed");
  CHECK(progress_line(100, 500, milliseconds(1000)) ==
        "gdapcheck: 100/500 customers, 1.0 s elapsed, about 4.0 s left");
  CHECK(progress_line(500, 500, milliseconds(2500)) ==
        "gdapcheck: 500/500 customers, 2.5 s elapsed");
}
