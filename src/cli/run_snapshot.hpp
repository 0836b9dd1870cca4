#pragma once

// Where a `gdapcheck tenant` run's snapshot comes from and goes (--snapshot, --save-snapshot,
// - for the standard streams), and the one time it is judged at (--as-of). Private to cli.

#include "commands.hpp"

#include "gdapcheck/model/snapshot.hpp"
#include "gdapcheck/model/time.hpp"

#include <string>

namespace gdap::cli {

// The one evaluation time of a run (design §6): `--as-of DATE`, or `--as-of now`; otherwise a live
// run evaluates when it collects and an offline run when its snapshot was collected, so a ticket's
// snapshot and every example give the same verdict next year as today. `offline` is the snapshot
// read with --snapshot, or nullptr for a live run.
model::UnixTime evaluation_time(const std::string& as_of, const model::Snapshot* offline,
                                model::UnixTime wall_now);

// --snapshot FILE, or - for standard input.
model::Snapshot read_snapshot(const Context& context, const std::string& path);

// --save-snapshot FILE (written whole or not at all), or - for standard output.
void save_snapshot(const Context& context, const std::string& path,
                   const model::Snapshot& snapshot);

}  // namespace gdap::cli
