// The recogniser: every entry and every reference string, alone and inside realistic noise; the
// order of several matches; codes in their many spellings; bounded time on hostile input.

#include "unit/errors/fixture.hpp"

#include <ctime>
#include <fstream>
#include <sstream>

using Catch::Matchers::Contains;

namespace gdap::test {

namespace {

struct ReferenceString {
  std::string id;
  std::string text;
  std::string in_context;  // how a bare status word appears on the page
  int line = 0;
};

std::vector<ReferenceString> reference_strings() {
  std::ifstream file(GDAP_SOURCE_DIR "/tests/data/errors/reference-strings.tsv");
  REQUIRE(file);
  std::vector<ReferenceString> strings;
  std::string line;
  int number = 0;
  while (std::getline(file, line)) {
    ++number;
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::vector<std::string> columns;
    std::stringstream stream(line);
    std::string column;
    while (std::getline(stream, column, '\t')) {
      columns.push_back(column);
    }
    REQUIRE(columns.size() >= 2);
    strings.push_back(
        {columns[0], columns[1], columns.size() > 2 ? columns[2] : columns[1], number});
  }
  return strings;
}

// Processor time, not wall time: the bound holds on a machine other jobs share.
double cpu_seconds_since(std::clock_t start) {
  return static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
}

}  // namespace

TEST_CASE("every string of the reference error catalogue is recognised", "[errors]") {
  const auto strings = reference_strings();
  CHECK(strings.size() > 150);
  for (const auto& reference : strings) {
    INFO("line " << reference.line << ": " << reference.text << " → " << reference.id);
    REQUIRE(shipped_catalogue().find(reference.id) != nullptr);
    const auto alone = recognise(reference.text);
    INFO("alone: " << Catch::StringMaker<std::vector<std::string>>::convert(match_ids(alone)));
    CHECK(first_id(alone) == reference.id);
    for (const auto& noisy : {in_a_log(reference.in_context), in_a_json_body(reference.in_context),
                              in_html(reference.in_context)}) {
      const auto found = recognise(noisy);
      INFO("in: " << noisy);
      INFO("found: " << Catch::StringMaker<std::vector<std::string>>::convert(match_ids(found)));
      CHECK(recognises(found, reference.id));
    }
  }
}

TEST_CASE("every entry is recognised by each of its codes and phrases, alone and in noise",
          "[errors]") {
  for (const auto& entry : shipped_catalogue().entries) {
    std::vector<std::string> samples = entry.codes;
    samples.insert(samples.end(), entry.phrases.begin(), entry.phrases.end());
    for (const auto& set : entry.phrase_sets) {
      std::string joined;
      for (const auto& part : set) {
        joined += (joined.empty() ? "" : " … ") + part;
      }
      samples.push_back(joined);
    }
    for (const auto& sample : samples) {
      INFO(entry.id << ": " << sample);
      CHECK(recognises(recognise(sample), entry.id));
      // In running text a bare number is a code only where something says so.
      const bool number = sample.find_first_not_of("0123456789") == std::string::npos;
      const auto labelled = number ? "error code " + sample : sample;
      CHECK(recognises(recognise(in_a_log(labelled)), entry.id));
      CHECK(recognises(recognise(in_a_json_body(labelled)), entry.id));
    }
    for (const auto& exact : entry.exactly) {
      INFO(entry.id << " exactly: " << exact);
      CHECK(first_id(recognise(exact)) == entry.id);
      CHECK(first_id(recognise("  " + exact + "\n")) == entry.id);
    }
  }
}

TEST_CASE("one recogniser kept for many texts answers each as a fresh one would", "[errors]") {
  // A run recognises every failed read with the one recogniser it built; what one text matched
  // (codes, phrase-set parts, the first words an exact status is compared with) must not carry
  // into the next.
  const errors::Recogniser kept(shipped_catalogue());
  const std::vector<std::string> texts{
      "AADSTS50020: User account from identity provider does not exist in tenant",
      "Expired",
      "Insufficient privileges to complete the operation.",
      "connection reset by peer",
      "Expired",
      "error code 50020",
      "AADSTS50020: User account from identity provider does not exist in tenant"};
  for (const auto& text : texts) {
    INFO(text);
    const auto fresh = errors::recognise(shipped_catalogue(), text);
    const auto again = kept.recognise(text);
    CHECK(match_ids(again) == match_ids(fresh));
    REQUIRE(again.matches.size() == fresh.matches.size());
    for (std::size_t i = 0; i < fresh.matches.size(); ++i) {
      CHECK(again.matches[i].found == fresh.matches[i].found);
      CHECK(again.matches[i].score == fresh.matches[i].score);
    }
    CHECK(again.suggestions == fresh.suggestions);
    CHECK(again.unknown_codes == fresh.unknown_codes);
  }
  CHECK(first_id(kept.recognise("Expired")) == "syncro.expired");
}

TEST_CASE("a bare status word is recognised only when it is the whole text", "[errors]") {
  CHECK(first_id(recognise("Expired")) == "syncro.expired");
  CHECK_FALSE(recognises(recognise("The relationship expired yesterday and is not active"),
                         "syncro.expired"));
  CHECK_FALSE(recognises(recognise("Your token is still active."), "syncro.csp-active"));
  CHECK(match_ids(recognise("Pending approval of relationship")).empty());
}

TEST_CASE("AADSTS codes in every spelling an error body uses", "[errors]") {
  CHECK(first_id(recognise("aadsts50020")) == "aadsts.50020");
  CHECK(first_id(recognise("AADSTS 53003")) == "aadsts.53003");
  CHECK(first_id(recognise("see https://login.microsoftonline.com/error?code=90099")) ==
        "aadsts.90099");
  CHECK(first_id(recognise("50177")) == "aadsts.50177");  // a number alone is a code
  CHECK(first_id(recognise("the entry aadsts.50020")) == "aadsts.50020");
  const auto listed =
      recognise(R"({"error":"invalid_grant","error_description":"…","error_codes":[50076,50079]})");
  CHECK(recognises(listed, "aadsts.50076"));
  CHECK(recognises(listed, "aadsts.50079"));
  CHECK_FALSE(recognises(listed, "oauth.invalid-grant"));  // generic: something specific matched
  SECTION("numbers that are not codes stay numbers") {
    const auto plain = recognise("Processed 50020 mailboxes in 53003 ms for 90099 users");
    CHECK(plain.matches.empty());
    CHECK(plain.unknown_codes.empty());
    CHECK(recognise("HTTP status code 403 returned").unknown_codes.empty());
  }
  SECTION("an AADSTS code the catalogue lacks is named, with nothing recognised") {
    const auto unknown = recognise("AADSTS12345: Something new went wrong.");
    CHECK(unknown.matches.empty());
    CHECK(unknown.unknown_codes == std::vector<std::string>{"AADSTS12345"});
  }
}

TEST_CASE("several errors in one paste are all recognised, most specific first", "[errors]") {
  const auto paste = recognise(
      "09:00 Contoso: Consent Failure\n"
      "09:01 Fabrikam: AADSTS53003: Access has been blocked by Conditional Access policies.\n"
      "09:02 Adatum: 403 Forbidden\n"
      "09:03 Litware: The user or administrator has not consented to use the application - "
      "AADSTS50020");
  const auto ids = match_ids(paste);
  CHECK(recognises(paste, "syncro.consent-failure"));
  CHECK(recognises(paste, "aadsts.53003"));
  CHECK(recognises(paste, "rewst.consent-aadsts50020"));
  CHECK(recognises(paste, "aadsts.50020"));
  CHECK_FALSE(recognises(paste, "http.403-forbidden"));  // generic, shown only alone
  // The Rewst entry names both the text and the code, so it is more specific than the code alone.
  const auto rewst = std::find(ids.begin(), ids.end(), "rewst.consent-aadsts50020");
  const auto code = std::find(ids.begin(), ids.end(), "aadsts.50020");
  CHECK(rewst < code);
  // Codes outrank phrases: the code-bearing matches come before the Syncro status.
  const auto status = std::find(ids.begin(), ids.end(), "syncro.consent-failure");
  CHECK(code < status);
  CHECK(first_id(recognise("403 Forbidden")) == "http.403-forbidden");
}

TEST_CASE("a phrase set needs its parts close together", "[errors]") {
  CHECK(first_id(recognise("Delegated admin consent creation failed: Forbidden")) ==
        "rewst.consent-creation-forbidden");
  std::string far = "Delegated admin consent creation failed.";
  for (int i = 0; i < 200; ++i) {
    far += " unrelated words";
  }
  far += " Forbidden";
  CHECK_FALSE(recognises(recognise(far), "rewst.consent-creation-forbidden"));
}

TEST_CASE("the excerpt quotes the text around the error, on one line", "[errors]") {
  const auto found = recognise(in_a_log("AADSTS50020: User account 'a@b.com' does not exist"));
  REQUIRE(!found.matches.empty());
  const auto& excerpt = found.matches.front().excerpt;
  CHECK_THAT(excerpt, Contains("AADSTS50020: User account 'a@b.com'"));
  CHECK(excerpt.find('\n') == std::string::npos);
  CHECK(excerpt.size() < 400);
}

TEST_CASE("nothing recognised: the closest entries are suggested", "[errors]") {
  const auto found = recognise("the consent thing is broken for our relationship roles");
  CHECK(found.matches.empty());
  CHECK_FALSE(found.suggestions.empty());
  CHECK(found.suggestions.size() <= 3);
}

TEST_CASE("hostile input: binary, invalid UTF-8, NUL bytes", "[errors]") {
  std::string binary;
  for (int i = 0; i < 4096; ++i) {
    binary += static_cast<char>((i * 7919) % 256);
  }
  const auto garbage = recognise(binary);
  CHECK(garbage.looks_binary);
  CHECK(garbage.suggestions.empty());
  const std::string with_nul = std::string("AADSTS53003\0\0\xff\xfe blocked", 24);
  const auto found = recognise(with_nul);
  CHECK(first_id(found) == "aadsts.53003");
  CHECK_FALSE(found.looks_binary);
  for (const auto& match : found.matches) {
    CHECK(match.excerpt.find('\0') == std::string::npos);
  }
  CHECK(recognise("\xc3\x28 \xe2\x82 Consent Failure \xf0\x28\x8c\x28").matches.size() == 1);
  CHECK(recognise("").matches.empty());
}

TEST_CASE("time is linear in the input, whatever it holds", "[errors][slow]") {
  constexpr std::size_t k_size = 4 * 1024 * 1024;
  const std::vector<std::pair<std::string, std::string>> patterns{
      {"words", "the quick brown fox jumps over the lazy dog 12345 "},
      {"one long word", "a"},
      {"tags", "<a"},
      {"entities", "&#"},
      {"escapes", "\\u"},
      {"percent", "%2"},
      {"at signs", "a@"},
      {"guids", "5b18379b-2b4e-4c3a-9d1e-7f6a5b4c3d2e "},
      {"tenant words", "tenant 'x "},
      {"code lists", "codes 1 2 3 4 5 "},
      {"phrase prefixes", "does not exist in "},
      {"digits", "2026-11-20 "},
      {"secrets", "eyJhbGciOiJIUzI1NiJ9."},
  };
  for (const auto& [name, unit] : patterns) {
    std::string text;
    text.reserve(k_size + 64);
    while (text.size() < k_size) {
      text += unit;
    }
    text += " AADSTS50020";
    const auto start = std::clock();
    const auto found = recognise(text);
    const auto elapsed = cpu_seconds_since(start);
    INFO(name << ": " << elapsed << " s");
    CHECK(elapsed < 10.0);  // generous for a loaded, sanitised CI build; typically ~0.2 s
    CHECK(recognises(found, "aadsts.50020"));
  }
}

}  // namespace gdap::test
