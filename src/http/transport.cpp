#include "gdapcheck/http/transport.hpp"

#include <algorithm>
#include <cctype>

namespace gdap::http {

std::optional<std::string> Response::header(std::string_view name) const {
  const auto same = [name](const Header& header) {
    return std::equal(header.first.begin(), header.first.end(), name.begin(), name.end(),
                      [](char a, char b) {
                        return std::tolower(static_cast<unsigned char>(a)) ==
                               std::tolower(static_cast<unsigned char>(b));
                      });
  };
  const auto found = std::find_if(headers.begin(), headers.end(), same);
  if (found == headers.end()) {
    return std::nullopt;
  }
  return found->second;
}

std::string_view method_name(Method method) {
  switch (method) {
    case Method::get:
      return "GET";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::patch:
      return "PATCH";
    case Method::del:
      return "DELETE";
  }
  return "GET";
}

}  // namespace gdap::http
