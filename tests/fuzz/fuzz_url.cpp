// URLs (from the environment, Graph's @odata.nextLink, redirects) and form bodies: parsing never
// crashes, encoding round-trips, and no URL passes the "https, or http to loopback" rule that
// should not.

#include "fuzz.hpp"

#include "gdapcheck/http/url.hpp"

#include <algorithm>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdap;
  const auto text = fuzz::as_text(data, size);
  const auto url = http::parse_url(text);
  const bool allowed = !http::check_url_allowed(text).has_value();
  if (allowed) {
    fuzz::check(url.has_value(), "an allowed URL must parse");
    fuzz::check(
        url->scheme == "https" || (url->scheme == "http" && http::is_loopback_host(url->host)),
        "plain http allowed to a host that is not loopback", text);
  }
  http::trim_trailing_slashes(text);

  fuzz::check(http::percent_decode(http::percent_encode(text)) == text,
              "percent encoding does not round-trip");
  // Fields split at the bytes '\x01' (between fields) and '\x02' (name from value).
  http::FormFields fields;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\x01', start), text.size());
    const auto field = text.substr(start, end - start);
    const auto split = field.find('\x02');
    fields.emplace_back(
        std::string(field.substr(0, split)),
        split == std::string_view::npos ? "" : std::string(field.substr(split + 1)));
    start = end + 1;
  }
  fuzz::check(http::form_decode(http::form_encode(fields)) == fields,
              "form encoding does not round-trip");
  http::form_decode(text);
  return 0;
}
