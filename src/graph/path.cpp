#include "gdapcheck/graph/path.hpp"

#include "gdapcheck/http/url.hpp"

namespace gdap::graph {

std::string percent_encode(std::string_view text) {
  return http::percent_encode(text);
}

}  // namespace gdap::graph
