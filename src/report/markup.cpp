#include "report/markup.hpp"

#include "gdapcheck/model/display_text.hpp"

#include <array>
#include <cstdint>
#include <openssl/evp.h>

namespace gdap::report::detail {

namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD

// XML 1.0's Char production (HTML's parser accepts these too).
bool allowed_in_markup(std::uint32_t code_point) {
  if (code_point < 0x20) {
    return code_point == '\t' || code_point == '\n' || code_point == '\r';
  }
  return code_point != 0x7F && code_point != 0xFFFE && code_point != 0xFFFF;
}

}  // namespace

std::string escape_markup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const auto decoded = model::decode_utf8_at(text, pos);
    if (!decoded) {
      out += k_replacement;
      ++pos;
      continue;
    }
    const auto code_point = static_cast<std::uint32_t>(decoded->value);
    const std::size_t length = decoded->length;
    if (!allowed_in_markup(code_point)) {
      out += k_replacement;
    } else if (code_point == '&') {
      out += "&amp;";
    } else if (code_point == '<') {
      out += "&lt;";
    } else if (code_point == '>') {
      out += "&gt;";
    } else if (code_point == '"') {
      out += "&quot;";
    } else if (code_point == '\'') {
      out += "&#39;";
    } else {
      out += text.substr(pos, length);
    }
    pos += length;
  }
  return out;
}

std::string csp_hash_source(std::string_view inline_text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_size = 0;
  EVP_Digest(inline_text.data(), inline_text.size(), digest.data(), &digest_size, EVP_sha256(),
             nullptr);
  std::array<unsigned char, 4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1> encoded{};
  const int encoded_size =
      EVP_EncodeBlock(encoded.data(), digest.data(), static_cast<int>(digest_size));
  return "'sha256-" +
         std::string(reinterpret_cast<const char*>(encoded.data()),
                     static_cast<std::size_t>(encoded_size)) +
         "'";
}

}  // namespace gdap::report::detail
