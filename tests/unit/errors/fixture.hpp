#pragma once

// The shipped error catalogue, loaded once, and small look-ups over a recognition.

#include "gdapcheck/errors/catalogue.hpp"
#include "gdapcheck/errors/recognise.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::test {

inline const errors::Catalogue& shipped_catalogue() {
  static const errors::Catalogue catalogue = errors::load_catalogue(
      GDAP_SOURCE_DIR "/rules/errors", errors::rule_ids_in(GDAP_SOURCE_DIR "/rules"));
  return catalogue;
}

inline std::vector<std::string> match_ids(const errors::Recognition& recognition) {
  std::vector<std::string> ids;
  for (const auto& match : recognition.matches) {
    ids.push_back(match.entry->id);
  }
  return ids;
}

inline bool recognises(const errors::Recognition& recognition, std::string_view id) {
  const auto ids = match_ids(recognition);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

inline std::string first_id(const errors::Recognition& recognition) {
  return recognition.matches.empty() ? std::string() : recognition.matches.front().entry->id;
}

// One recogniser for every test, as a run keeps one for all its messages: a test that passes
// alone but fails after another would show one text's scan leaking into the next.
inline errors::Recognition recognise(std::string_view text) {
  static const errors::Recogniser recogniser(shipped_catalogue());
  return recogniser.recognise(text);
}

// A realistic paste around `text`: a log line with a timestamp, tenant id and account before, a
// line break, and ids, a URL and a JSON tail after.
inline std::string in_a_log(std::string_view text) {
  return "2026-11-20T09:00:12.345Z ERROR [worker-3] tenant=5b18379b-2b4e-4c3a-9d1e-7f6a5b4c3d2e "
         "user=svc-gdap@northwindit.onmicrosoft.com job=https://portal.example.com/jobs/42?x=1\n" +
         std::string(text) +
         "\r\n   at Integration.Sync(Customer c) request-id: "
         "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a {\"retry\":false,\"attempt\":3}";
}

// The same text as a Graph JSON error body (the message JSON-escaped), as an API client prints it.
inline std::string in_a_json_body(std::string_view text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      escaped += '\\';
    }
    escaped += c;
  }
  return "{\"error\":{\"code\":\"Failure\",\"message\":\"" + escaped +
         "\",\"innerError\":{\"date\":\"2026-11-20T09:00:12\",\"request-id\":"
         "\"0f1e2d3c-4b5a-4968-8776-655443322110\"}}}";
}

// The text inside a portal's HTML, with entities for its quotes and a line break between words.
inline std::string in_html(std::string_view text) {
  std::string body;
  bool broke = false;
  for (const char c : text) {
    if (c == '\'') {
      body += "&#39;";
    } else if (c == '"') {
      body += "&quot;";
    } else if (c == '&') {
      body += "&amp;";
    } else if (c == '<') {
      body += "&lt;";
    } else if (c == ' ' && !broke) {
      body += "\n      ";
      broke = true;
    } else {
      body += c;
    }
  }
  return "<div class=\"alert alert-danger\"><p>Contoso Ltd (contoso.onmicrosoft.com) &ndash; "
         "<b>" +
         body + "</b></p><a href=\"https://portal.example.com/help\">Details</a></div>";
}

}  // namespace gdap::test
