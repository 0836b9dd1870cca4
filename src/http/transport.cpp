#include "gdapcheck/http/transport.hpp"

#include <algorithm>
#include <cctype>

namespace gdap::http {

bool same_header_name(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::optional<std::string> Response::header(std::string_view name) const {
  const auto same = [name](const Header& header) { return same_header_name(header.first, name); };
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
