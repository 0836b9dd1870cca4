#pragma once

// The snapshot's JSON form: the one place it is (de)serialised (design §6).

#include "gdapcheck/model/json_reader.hpp"
#include "gdapcheck/model/snapshot.hpp"

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::model {

nlohmann::json to_json(const Snapshot& snapshot);

// Reads a snapshot, recording every problem (unknown key, wrong type, bad timestamp, newer
// schema) with its JSON path. The result is meaningful only when no problem was added.
Snapshot snapshot_from_json(const nlohmann::json& document, std::vector<Problem>& problems);

// Parses snapshot text; throws gdap::InputError naming `source` and each place on any problem.
Snapshot parse_snapshot(std::string_view text, std::string_view source);

// Reads and parses a snapshot file; throws gdap::InputError (exit 2) when it cannot.
Snapshot load_snapshot_file(const std::string& path);

// The snapshot as the document --save-snapshot writes: indented JSON and a final line break.
std::string snapshot_document(const Snapshot& snapshot);

// Writes a snapshot as indented JSON, through a temporary file renamed into place so a reader
// never sees half a file; throws gdap::InputError naming the file and the system's reason when
// it cannot (model::why_cannot_replace tells beforehand).
void save_snapshot_file(const std::string& path, const Snapshot& snapshot);

// Reads a whole file; throws gdap::InputError naming the file when it cannot.
std::string read_text_file(const std::string& path);

// Reads a whole stream (standard input), with the same size limit as a file; throws
// gdap::InputError naming `source` when it cannot.
std::string read_text_stream(std::istream& in, std::string_view source);

}  // namespace gdap::model
