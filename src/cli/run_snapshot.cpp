#include "run_snapshot.hpp"

#include "gdapcheck/model/files.hpp"
#include "gdapcheck/model/snapshot_json.hpp"

#include <string_view>

namespace gdap::cli {

model::UnixTime evaluation_time(const std::string& as_of, const model::Snapshot* offline,
                                model::UnixTime wall_now) {
  if (as_of == "now" || (as_of.empty() && offline == nullptr)) {
    return wall_now;
  }
  if (as_of.empty()) {
    const auto collected = model::parse_timestamp(offline->collected_at);
    if (!collected) {
      throw InputError(
          "the snapshot does not say when it was collected (collectedAt); give the "
          "evaluation time with --as-of now or --as-of DATE");
    }
    return *collected;
  }
  const auto parsed = model::parse_timestamp(as_of);
  if (!parsed) {
    throw UsageError(R"(--as-of: not "now" nor an ISO-8601 timestamp: ")" + as_of +
                     "\" (e.g. 2026-11-22T10:00:00Z)");
  }
  return *parsed;
}

model::Snapshot read_snapshot(const Context& context, const std::string& path) {
  if (path != "-") {
    return model::load_snapshot_file(path);
  }
  if (context.streams.in == nullptr) {
    throw InputError("--snapshot -: there is no standard input to read");
  }
  constexpr std::string_view k_source = "standard input";
  return model::parse_snapshot(model::read_text_stream(*context.streams.in, k_source), k_source);
}

void save_snapshot(const Context& context, const std::string& path,
                   const model::Snapshot& snapshot) {
  if (path == "-") {
    context.streams.out << model::snapshot_document(snapshot);
    context.streams.out.flush();
  } else {
    model::save_snapshot_file(path, snapshot);
  }
}

}  // namespace gdap::cli
