#pragma once

// Building the path of a Graph read: whatever a caller puts into a query-string value (an OData
// $filter expression) or a key in parentheses (appId='...') is percent-encoded here, so callers
// of the Graph client need no HTTP helpers of their own.

#include <string>
#include <string_view>

namespace gdap::graph {

// Percent-encode `text` for a Graph path or query value (RFC 3986 unreserved characters stay).
std::string percent_encode(std::string_view text);

}  // namespace gdap::graph
