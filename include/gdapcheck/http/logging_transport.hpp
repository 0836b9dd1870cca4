#pragma once

// A Transport decorator for --verbose: one line per request and per answer, with every value
// that could be a credential left out (allow-list of harmless form fields, no headers, no bodies).

#include "gdapcheck/http/transport.hpp"

#include <functional>
#include <memory>
#include <string>

namespace gdap::http {

using LogSink = std::function<void(const std::string& line)>;

// Wrap `inner` (which must outlive the result) so each exchange is described to `sink`.
std::unique_ptr<Transport> make_logging_transport(Transport& inner, LogSink sink);

// Describe a request for a log: method, URL with query values redacted, and the form body with
// only known-harmless fields shown.
std::string describe_request(const Request& request);

}  // namespace gdap::http
