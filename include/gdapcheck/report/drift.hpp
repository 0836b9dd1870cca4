#pragma once

// `gdapcheck diff` output: what changed between two runs, for people (text) and for scripts
// (JSON). Formats only; model::compare_reports judges what is worse or better.

#include "gdapcheck/model/drift.hpp"

#include <string>

namespace gdap::report {

// What each side was read from, for the heading ("yesterday.json").
struct DriftSources {
  std::string older;
  std::string newer;
};

inline constexpr int k_drift_schema_version = 1;

std::string render_drift_text(const model::Drift& drift, const DriftSources& sources);
std::string render_drift_json(const model::Drift& drift, const DriftSources& sources);

}  // namespace gdap::report
