// The token cache file: whatever it holds (edited by hand, damaged, planted), reading it gives a
// cache or a refusal with a reason; a cache that reads writes back to the same thing.

#include "fuzz.hpp"

#include "gdapcheck/auth/token_cache.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdap;
  const auto parsed = auth::parse_cache(fuzz::as_text(data, size));
  if (!parsed) {
    fuzz::check(!parsed.error().message.empty(), "a refused cache says nothing");
    return 0;
  }
  const std::string saved = auth::serialise_cache(*parsed);
  const auto reread = auth::parse_cache(saved);
  if (!reread) {
    fuzz::violated("a written cache does not read back", reread.error().message);
  }
  fuzz::check(auth::serialise_cache(*reread) == saved, "the cache round trip changed it", saved);
  return 0;
}
