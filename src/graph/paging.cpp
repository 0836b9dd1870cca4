#include "paging.hpp"

#include <utility>

namespace gdap::graph {

namespace {

Failure<PageFailure> stop(ErrorKind kind, std::string message, bool worth_retrying = false) {
  GraphError error;
  error.kind = kind;
  error.message = std::move(message);
  return Failure{PageFailure{std::move(error), worth_retrying}};
}

}  // namespace

bool has_value_array(const nlohmann::json& page) {
  const auto values = page.find("value");
  return values != page.end() && values->is_array();
}

PageTrail::PageTrail(std::string graph_root, std::string first_path)
    : m_root(std::move(graph_root)), m_path(std::move(first_path)), m_followed{m_path} {}

Result<std::optional<std::string>, PageFailure> PageTrail::next(const nlohmann::json& page,
                                                                TimePoint now, TimePoint deadline) {
  const auto link = page.find("@odata.nextLink");
  const bool more = link != page.end() && link->is_string();
  if ((more || m_pages_read > 0) && !has_value_array(page)) {
    // A page of a collection without its elements: accepting it would leave a gap in a list
    // that then looks complete.
    return stop(ErrorKind::malformed, "a page of a collection has no \"value\" array",
                /*worth_retrying=*/true);
  }
  ++m_pages_read;
  if (!more) {
    return std::optional<std::string>();
  }
  const auto& url = link->get_ref<const std::string&>();
  if (url.rfind(m_root + "/", 0) != 0) {
    return stop(ErrorKind::refused,
                "Graph sent a paging link to another host; it was not followed");
  }
  std::string path = url.substr(m_root.size());
  if (!m_followed.insert(path).second) {
    return stop(ErrorKind::malformed, "Graph sent the same paging link again");
  }
  if (now > deadline) {
    return stop(ErrorKind::gave_up, "paging did not finish before the run's deadline");
  }
  m_path = path;
  return std::optional<std::string>(std::move(path));
}

}  // namespace gdap::graph
