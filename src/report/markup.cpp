#include "report/markup.hpp"

#include <array>
#include <cstdint>
#include <openssl/evp.h>

namespace gdap::report::detail {

namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the UTF-8 sequence starting at `pos` and its code point, or 0 when it is not valid
// (overlong, surrogate, past U+10FFFF, truncated).
std::size_t decode(std::string_view text, std::size_t pos, std::uint32_t& code_point) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  std::size_t length = 0;
  std::uint32_t minimum = 0;
  if (lead < 0x80U) {
    code_point = lead;
    return 1;
  }
  if ((lead & 0xE0U) == 0xC0U) {
    length = 2;
    code_point = lead & 0x1FU;
    minimum = 0x80;
  } else if ((lead & 0xF0U) == 0xE0U) {
    length = 3;
    code_point = lead & 0x0FU;
    minimum = 0x800;
  } else if ((lead & 0xF8U) == 0xF0U) {
    length = 4;
    code_point = lead & 0x07U;
    minimum = 0x10000;
  } else {
    return 0;
  }
  if (pos + length > text.size()) {
    return 0;
  }
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xC0U) != 0x80U) {
      return 0;
    }
    code_point = (code_point << 6U) | (byte(pos + i) & 0x3FU);
  }
  const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (code_point < minimum || code_point > 0x10FFFF || surrogate) {
    return 0;
  }
  return length;
}

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
    std::uint32_t code_point = 0;
    const auto length = decode(text, pos, code_point);
    if (length == 0) {
      out += k_replacement;
      ++pos;
      continue;
    }
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
