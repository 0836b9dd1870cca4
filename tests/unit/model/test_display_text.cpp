// The one sanitiser for text other parties control: what a terminal must never receive.

#include "gdapcheck/model/display_text.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gdap::test {

using model::display_text;
using model::LineBreaks;

TEST_CASE("display_text neutralises terminal escape sequences and controls", "[model]") {
  SECTION("an OSC title change loses its ESC and BEL") {
    CHECK(display_text("Contoso\x1b]0;pwned\x07 Ltd") == "Contoso?]0;pwned? Ltd");
  }
  SECTION("a CSI colour sequence, a NUL and DEL") {
    CHECK(display_text(std::string("a\x1b[31mred\x00z\x7f", 12)) == "a?[31mred?z?");
  }
  SECTION("C1 controls, U+009B being a CSI on UTF-8 terminals") {
    CHECK(display_text("x\xc2\x9b"
                       "31my\xc2\x85z") == "x?31my?z");
  }
  SECTION("tab and carriage return become spaces; line feeds too unless kept") {
    CHECK(display_text("a\tb\rc\nd") == "a b c d");
    CHECK(display_text("a\tb\rc\nd", LineBreaks::keep) == "a b c\nd");
  }
  SECTION("bidi embeddings, overrides and isolates") {
    // "Contoso<RLO>gpj.exe" would show reversed: every one of the nine is replaced.
    CHECK(display_text("Contoso\xe2\x80\xaegpj.exe") == "Contoso?gpj.exe");
    for (const char* control :
         {"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad", "\xe2\x80\xae",
          "\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9"}) {
      CHECK(display_text(std::string("[") + control + "]") == "[?]");
    }
  }
  SECTION("invalid UTF-8 shows as U+FFFD, byte by byte") {
    CHECK(display_text("a\xff"
                       "b") ==
          "a\xef\xbf\xbd"
          "b");
    CHECK(display_text("\xc0\xaf") == "\xef\xbf\xbd\xef\xbf\xbd");                  // overlong '/'
    CHECK(display_text("\xed\xa0\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // a surrogate
    CHECK(display_text("end\xe2\x80") == "end\xef\xbf\xbd\xef\xbf\xbd");            // cut short
  }
  SECTION("every other character is kept as it is") {
    const std::string names = "Müller & Söhne GmbH — 日本語 (東京) 😀 עברית العربية";
    CHECK(display_text(names) == names);
  }
}

TEST_CASE("make_display_text cleans in place, in one pass however many controls", "[model]") {
  std::string hostile(200000, '\x1b');
  model::make_display_text(hostile);
  CHECK(hostile == std::string(200000, '?'));
  std::string clean = "Fabrikam";
  model::make_display_text(clean);
  CHECK(clean == "Fabrikam");
}

TEST_CASE("is_display_text says whether display_text would change anything", "[model]") {
  // Reports skip their cleaned copy when every text passes: a wrong "yes" would let a control
  // character through. Every byte, alone, starting a sequence and ending one, and whole strings.
  std::vector<std::string> texts = {
      "",
      "Fabrikam",
      "Müller 日本 😀",
      "Contoso\xe2\x80\xae"
      "exe",
      "x\xc2\x9b",
      "x\xc2\xa0",
      "end\xe2\x80",
      "\xed\xa0\x80",
  };
  for (int byte = 0; byte < 256; ++byte) {
    const std::string one(1, static_cast<char>(byte));
    texts.push_back("a" + one + "z");
    texts.push_back("\xc2" + one);
    texts.push_back(one + "\x80");
  }
  for (const auto& text : texts) {
    for (const auto line_breaks : {LineBreaks::keep, LineBreaks::replace}) {
      INFO(nlohmann::json(display_text(text, line_breaks)).dump());
      CHECK(model::is_display_text(text, line_breaks) == (display_text(text, line_breaks) == text));
    }
  }
  CHECK(model::is_display_text("a\nb", LineBreaks::keep));
  CHECK_FALSE(model::is_display_text("a\nb", LineBreaks::replace));
}

TEST_CASE("escape_invisible_in_json writes C1 and bidi controls as JSON escapes", "[model]") {
  const nlohmann::json value = {{"name",
                                 "a\xc2\x9b"
                                 "b\xe2\x80\xae"
                                 "c\xe2\x81\xa9"}};
  const auto escaped = model::escape_invisible_in_json(value.dump());
  CHECK(escaped == R"({"name":"a\u009bb\u202ec\u2069"})");
  CHECK(nlohmann::json::parse(escaped) == value);  // the same JSON value
  CHECK(model::escape_invisible_in_json(R"({"name":"Müller 日本"})") ==
        R"({"name":"Müller 日本"})");
}

}  // namespace gdap::test
