#pragma once

// Following a collection's pages (graph-api.md §12) safely. Each page must carry its "value"
// array; its @odata.nextLink must lead back to our own Graph root (the bearer token goes with
// it), must not repeat a link already followed (a loop would never end), and is not followed
// past the run's deadline. Pure: the caller fetches the pages and supplies the time.

#include "gdapcheck/graph/error.hpp"
#include "gdapcheck/result.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <set>
#include <string>

namespace gdap::graph {

// Why a collection cannot be read on.
struct PageFailure {
  GraphError error;
  bool worth_retrying = false;  // asking for the same page again may bring it back whole
};

class PageTrail {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // `graph_root` is "{host}/v1.0" without a trailing slash; `first_path` is relative to it.
  PageTrail(std::string graph_root, std::string first_path);

  // The page to read now, relative to the Graph root.
  const std::string& path() const { return m_path; }
  std::size_t pages_read() const { return m_pages_read; }

  // Judge `page`, the answer for path(): the path of the next page (which path() becomes),
  // nothing after the last page, or why reading stops here.
  Result<std::optional<std::string>, PageFailure> next(const nlohmann::json& page, TimePoint now,
                                                       TimePoint deadline);

 private:
  std::string m_root;
  std::string m_path;
  std::size_t m_pages_read = 0;
  std::set<std::string> m_followed;  // every path asked for so far
};

// Whether a page carries its elements.
bool has_value_array(const nlohmann::json& page);

}  // namespace gdap::graph
