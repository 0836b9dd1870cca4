// An entry's words with the evidence of one paste (or one live failure) filled in.
#include "fill.hpp"

#include "gdapcheck/errors/recognise.hpp"

#include <algorithm>

namespace gdap::errors {

namespace {

// One shell word: as is when it is plainly safe, else in single quotes.
std::string shell_word(std::string_view value) {
  const bool plain = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == '_' || c == '@';
  });
  if (plain) {
    return std::string(value);
  }
  std::string quoted = "'";
  for (const char c : value) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

std::map<std::string, std::string, std::less<>> template_values(const Evidence& evidence) {
  std::map<std::string, std::string, std::less<>> values;
  const auto& name = evidence.target_tenant_name;
  const auto& id = evidence.target_tenant_id;
  if (!name.empty() && !id.empty()) {
    values["tenant"] = "tenant '" + name + "' (" + id + ")";
  } else if (!name.empty()) {
    values["tenant"] = "tenant '" + name + "'";
  } else if (!id.empty()) {
    values["tenant"] = "tenant " + id;
  }
  // The customer argument of gdapcheck: an id is exact; a name or domain is matched too.
  if (!id.empty() || !name.empty()) {
    values["customer"] = shell_word(!id.empty() ? id : name);
  }
  values["tenantId"] = id;
  values["appId"] = evidence.app_ids.empty() ? std::string() : evidence.app_ids.front();
  values["upn"] = evidence.upns.empty() ? std::string() : evidence.upns.front();
  values["traceId"] = evidence.trace_id;
  values["correlationId"] = evidence.correlation_id;
  values["requestId"] = evidence.request_id;
  values["httpStatus"] = evidence.http_status ? std::to_string(*evidence.http_status) : "";
  values["timestamp"] = evidence.timestamp;
  values["signInCommand"] = evidence.sign_in_command;
  return values;
}

}  // namespace

model::Explanation explain(const Entry& entry, const Evidence& evidence) {
  const auto values = template_values(evidence);
  model::Explanation explanation;
  explanation.id = entry.id;
  explanation.title = entry.title;
  explanation.codes.assign(entry.codes.begin(), entry.codes.end());
  explanation.meaning = entry.meaning;
  explanation.causes.assign(entry.causes.begin(), entry.causes.end());
  for (const auto& step : entry.fix) {
    explanation.fix.push_back(detail::fill(step, values));
  }
  explanation.rule_ids.assign(entry.rule_ids.begin(), entry.rule_ids.end());
  explanation.confirm = detail::fill(entry.confirm, values);
  explanation.references.assign(entry.references.begin(), entry.references.end());
  return explanation;
}

std::optional<model::Explanation> Recogniser::explain_message(std::string_view message,
                                                              const Evidence& known) const {
  auto recognition = recognise(message);
  if (recognition.matches.empty()) {
    return std::nullopt;
  }
  auto evidence = recognition.evidence;
  if (!known.target_tenant_id.empty() || !known.target_tenant_name.empty()) {
    evidence.target_tenant_id = known.target_tenant_id;
    evidence.target_tenant_name = known.target_tenant_name;
  }
  if (!known.upns.empty()) {
    evidence.upns.insert(evidence.upns.begin(), known.upns.front());
  }
  return explain(*recognition.matches.front().entry, evidence);
}

}  // namespace gdap::errors
