#include "gdapcheck/report/explain.hpp"

#include "report/json_values.hpp"
#include "report/wrap.hpp"

#include "gdapcheck/model/display_text.hpp"

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

namespace gdap::report {

namespace {

using detail::append_wrapped;
using detail::Json;
using detail::string_array;
using detail::string_or_null;

std::string bold(std::string_view text, bool color) {
  return color ? fmt::format("\x1b[1m{}\x1b[0m", text) : std::string(text);
}

template <typename Text>
std::string joined(const std::vector<Text>& values, std::string_view separator = ", ") {
  std::string out;
  for (const auto& value : values) {
    if (!out.empty()) {
      out += separator;
    }
    out += std::string_view(value);
  }
  return out;
}

void append_list(std::string& out, std::string_view heading, const std::vector<std::string>& items,
                 bool numbered, const ExplainTextOptions& options) {
  out += "    " + bold(heading, options.color) + "\n";
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto marker = numbered ? fmt::format("      {}. ", i + 1) : std::string("      - ");
    append_wrapped(out, marker, std::string(marker.size(), ' '), items[i], options.width);
  }
}

void append_match(std::string& out, std::size_t number, const errors::Match& match,
                  const model::Explanation& explanation, const ExplainTextOptions& options) {
  append_wrapped(
      out, fmt::format("{}. ", number), "   ",
      fmt::format("{}  ({})", bold(explanation.title, options.color), explanation.id.view()),
      options.width);
  if (!match.excerpt.empty()) {
    // The excerpt is pasted text: its bidi controls would reorder the line on the terminal.
    append_wrapped(out, "    Seen: ", "          ", model::display_text(match.excerpt),
                   options.width);
  }
  append_wrapped(out, "    ", "    ", explanation.meaning, options.width);
  if (!explanation.causes.empty()) {
    append_wrapped(out, "    " + bold("Most likely cause:", options.color) + " ", "      ",
                   explanation.causes.front(), options.width);
    if (explanation.causes.size() > 1) {
      append_list(out, "Other causes:", {explanation.causes.begin() + 1, explanation.causes.end()},
                  false, options);
    }
  }
  append_list(out, "Fix:", explanation.fix, true, options);
  out += "    " + bold("Confirm:", options.color) + " " + explanation.confirm + "\n";
  if (!explanation.rule_ids.empty()) {
    append_wrapped(out, "    Rules that detect it: ", "      ", joined(explanation.rule_ids),
                   options.width);
  }
  if (!explanation.references.empty()) {
    out += "    More:\n";
    for (const auto& reference : explanation.references) {
      out += fmt::format("      {}\n", reference.view());
    }
  }
}

struct EvidenceLine {
  std::string_view label;
  std::string value;
};

std::vector<EvidenceLine> evidence_lines(const errors::Evidence& evidence) {
  std::vector<EvidenceLine> lines{
      {"Tenant names", joined(evidence.tenant_names)},
      {"Tenant ids", joined(evidence.tenant_ids)},
      {"App ids", joined(evidence.app_ids)},
      {"Accounts", joined(evidence.upns)},
      {"Trace id", evidence.trace_id},
      {"Correlation id", evidence.correlation_id},
      {"Request id", evidence.request_id},
      {"Timestamp", evidence.timestamp},
      {"HTTP status", evidence.http_status ? std::to_string(*evidence.http_status) : ""},
  };
  std::erase_if(lines, [](const EvidenceLine& line) { return line.value.empty(); });
  return lines;
}

void append_evidence(std::string& out, const errors::Evidence& evidence,
                     const ExplainTextOptions& options) {
  const auto lines = evidence_lines(evidence);
  if (lines.empty()) {
    return;
  }
  out += bold("Evidence in the text", options.color) + "\n";
  for (const auto& line : lines) {
    const auto prefix = fmt::format("  {:<16}", line.label);
    append_wrapped(out, prefix, std::string(prefix.size(), ' '), line.value, options.width);
  }
}

void append_unrecognised(std::string& out, const errors::Recognition& recognition,
                         const ExplainTextOptions& options) {
  if (recognition.bytes == 0) {
    out += "Nothing to explain: the text is empty.\n";
  } else if (recognition.looks_binary) {
    out += fmt::format(
        "The input looks like binary data ({} bytes), not an error message; nothing recognised.\n",
        recognition.bytes);
  } else {
    out += "gdapcheck does not recognise this error.\n";
  }
  for (const auto& code : recognition.unknown_codes) {
    append_wrapped(out, "", "  ",
                   fmt::format("{} is not in gdapcheck's catalogue; Microsoft describes it at "
                               "https://login.microsoftonline.com/error?code={}",
                               code, code.substr(6)),
                   options.width);
  }
  if (!recognition.suggestions.empty()) {
    out += "Closest entries (gdapcheck explain ID shows one):\n";
    for (const auto* entry : recognition.suggestions) {
      append_wrapped(out, fmt::format("  {}  ", entry->id), "    ", entry->title, options.width);
    }
  }
  out += "Every entry: gdapcheck explain --list\n";
}

}  // namespace

Json explanation_json(const model::Explanation& explanation) {
  Json json = Json::object();
  json["id"] = explanation.id.view();
  json["title"] = explanation.title.view();
  json["codes"] = string_array(explanation.codes);
  json["meaning"] = explanation.meaning.view();
  json["causes"] = string_array(explanation.causes);
  json["fix"] = string_array(explanation.fix);
  json["ruleIds"] = string_array(explanation.rule_ids);
  json["confirm"] = explanation.confirm;
  json["references"] = string_array(explanation.references);
  return json;
}

std::string render_explain_text(const errors::Recognition& recognition,
                                const ExplainTextOptions& options) {
  std::string out;
  if (recognition.matches.empty()) {
    append_unrecognised(out, recognition, options);
  } else {
    out += recognition.matches.size() == 1
               ? std::string("1 error recognised.\n")
               : fmt::format("{} errors recognised; the most specific first.\n",
                             recognition.matches.size());
    for (std::size_t i = 0; i < recognition.matches.size(); ++i) {
      const auto& match = recognition.matches[i];
      out += "\n";
      append_match(out, i + 1, match, errors::explain(*match.entry, recognition.evidence), options);
    }
  }
  const bool evidence = !evidence_lines(recognition.evidence).empty();
  if (evidence) {
    out += "\n";
    append_evidence(out, recognition.evidence, options);
  }
  if (recognition.masked_secrets > 0) {
    out += fmt::format(
        "\n{} secret{} in the text (tokens, secrets, passwords) hidden: never paste "
        "them into tickets.\n",
        recognition.masked_secrets, recognition.masked_secrets == 1 ? "" : "s");
  }
  return out;
}

std::string render_explain_json(const errors::Recognition& recognition) {
  Json report = Json::object();
  report["schemaVersion"] = k_explain_schema_version;
  report["matches"] = Json::array();
  for (const auto& match : recognition.matches) {
    Json json = explanation_json(errors::explain(*match.entry, recognition.evidence));
    json["found"] = string_array(match.found);
    json["excerpt"] = match.excerpt;
    report["matches"].push_back(std::move(json));
  }
  const auto& evidence = recognition.evidence;
  Json found = Json::object();
  found["tenantIds"] = string_array(evidence.tenant_ids);
  found["tenantNames"] = string_array(evidence.tenant_names);
  found["appIds"] = string_array(evidence.app_ids);
  found["upns"] = string_array(evidence.upns);
  found["traceId"] = string_or_null(evidence.trace_id);
  found["correlationId"] = string_or_null(evidence.correlation_id);
  found["requestId"] = string_or_null(evidence.request_id);
  found["timestamp"] = string_or_null(evidence.timestamp);
  found["httpStatus"] = evidence.http_status ? Json(*evidence.http_status) : Json();
  report["evidence"] = std::move(found);
  report["suggestions"] = Json::array();
  for (const auto* entry : recognition.suggestions) {
    report["suggestions"].push_back({{"id", entry->id}, {"title", entry->title}});
  }
  report["unknownCodes"] = string_array(recognition.unknown_codes);
  report["input"] = {{"bytes", recognition.bytes},
                     {"looksBinary", recognition.looks_binary},
                     {"hiddenSecrets", recognition.masked_secrets}};
  return model::escape_invisible_in_json(
             report.dump(2, ' ', false, Json::error_handler_t::replace)) +
         "\n";
}

std::string render_catalogue_text(const errors::Catalogue& catalogue) {
  std::string out;
  for (const auto& family : catalogue.families) {
    std::vector<const errors::Entry*> members;
    std::size_t id_width = 2;
    for (const auto& entry : catalogue.entries) {
      if (entry.id.rfind(family.name + ".", 0) == 0) {
        members.push_back(&entry);
        id_width = std::max(id_width, entry.id.size());
      }
    }
    out += (out.empty() ? "" : "\n") + family.title + "\n";
    for (const auto* entry : members) {
      out += fmt::format("  {:<{}}  {}\n", entry->id, id_width, entry->title);
    }
  }
  out += fmt::format("\n{} entries. gdapcheck explain TEXT recognises them in any message.\n",
                     catalogue.entries.size());
  return out;
}

std::string render_catalogue_json(const errors::Catalogue& catalogue) {
  Json report = Json::object();
  report["schemaVersion"] = k_explain_schema_version;
  report["entries"] = Json::array();
  for (const auto& entry : catalogue.entries) {
    Json json = Json::object();
    json["id"] = entry.id;
    json["title"] = entry.title;
    json["codes"] = string_array(entry.codes);
    json["ruleIds"] = string_array(entry.rule_ids);
    report["entries"].push_back(std::move(json));
  }
  return model::escape_invisible_in_json(
             report.dump(2, ' ', false, Json::error_handler_t::replace)) +
         "\n";
}

}  // namespace gdap::report
