#include "gdapcheck/report/json.hpp"

#include "report/common.hpp"
#include "report/json_values.hpp"
#include "report/writer.hpp"

#include "gdapcheck/model/display_text.hpp"
#include "gdapcheck/report/explain.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace gdap::report {

namespace {

using detail::Json;
using detail::string_or_null;

Json optional_or_null(const std::optional<bool>& value) {
  return value ? Json(*value) : Json();
}

Json explanation_or_null(const std::optional<model::Explanation>& explanation) {
  return explanation ? explanation_json(*explanation) : Json();
}

Json partner_json(const model::PartnerResult& partner) {
  Json user = Json::object();
  user["id"] = string_or_null(partner.user_id);
  user["upn"] = string_or_null(partner.upn);
  user["mfa"] = optional_or_null(partner.mfa);
  user["globalAdmin"] = optional_or_null(partner.global_admin);
  user["inAdminAgents"] = optional_or_null(partner.in_admin_agents);
  Json json = Json::object();
  json["tenantId"] = string_or_null(partner.tenant_id);
  json["displayName"] = string_or_null(partner.display_name);
  // Additive to design §4: "app" for an app-only run, whose user.mfa is null because MFA does not
  // apply (see notApplicable), not because it is unknown.
  json["signIn"] = partner.app_only ? "app" : "delegated";
  json["user"] = std::move(user);
  return json;
}

// The text of one value as nlohmann's dump(2) of the whole document has it, written straight
// into `out` for the largest lists (customers, findings): building an ordered value per element
// only to dump it was a fifth of a large partner's run.
class JsonText {
 public:
  explicit JsonText(std::string& out) : m_out(out) {}

  // Most strings are printable ASCII, with at most quotes, backslashes and line breaks to escape:
  // written here as nlohmann writes them; any other goes through nlohmann (dumped below).
  void string(std::string_view text) {
    bool escapes = false;
    for (const char c : text) {
      if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
        continue;
      }
      if (escape_of(c) == nullptr) {
        dumped(Json(std::string(text)), 0);
        return;
      }
      escapes = true;
    }
    m_out += '"';
    std::size_t copied = 0;
    for (std::size_t at = 0; escapes && at < text.size(); ++at) {
      if (const char* escape = escape_of(text[at])) {
        m_out.append(text, copied, at - copied);
        m_out += escape;
        copied = at + 1;
      }
    }
    m_out.append(text, copied);
    m_out += '"';
  }
  void string_or_null(std::string_view text) {
    if (text.empty()) {
      m_out += "null";
    } else {
      string(text);
    }
  }
  void boolean(bool value) { m_out += value ? "true" : "false"; }
  void null() { m_out += "null"; }

  // Any value, its later lines indented by `indent` spaces: objects, arrays, strings and literals
  // written here, numbers by nlohmann (its own way with floating point).
  template <typename Value>
  void value(const Value& json, unsigned indent) {
    using Type = typename Value::value_t;
    switch (json.type()) {
      case Type::object:
        if (json.empty()) {
          m_out += "{}";
          return;
        }
        m_out += '{';
        for (auto member = json.begin(); member != json.end(); ++member) {
          m_out += member == json.begin() ? "\n" : ",\n";
          m_out.append(indent + 2, ' ');
          string(member.key());
          m_out += ": ";
          value(member.value(), indent + 2);
        }
        m_out += '\n';
        m_out.append(indent, ' ');
        m_out += '}';
        return;
      case Type::array:
        array(json, indent, [&](const auto& element, unsigned at) { value(element, at); });
        return;
      case Type::string:
        string(json.template get_ref<const std::string&>());
        return;
      case Type::boolean:
        boolean(json.template get<bool>());
        return;
      case Type::null:
        null();
        return;
      default:
        dumped(json, indent);
    }
  }

  // A value kept as its compact text (model::CompactJson), laid out as value() lays the value
  // out: the text is already escaped as a report's strings are, so only the spacing changes.
  void compact(std::string_view text, unsigned indent) {
    std::size_t copied = 0;
    const auto copy_to = [&](std::size_t end) {
      m_out.append(text, copied, end - copied);
      copied = end;
    };
    const auto new_line = [&] {
      m_out += '\n';
      m_out.append(indent, ' ');
    };
    for (std::size_t at = 0; at < text.size(); ++at) {
      switch (text[at]) {
        case '"':  // through the closing quote, past escaped ones
          for (++at; text[at] != '"'; ++at) {
            if (text[at] == '\\') {
              ++at;
            }
          }
          break;
        case '{':
        case '[':
          if (const char close = text[at] == '{' ? '}' : ']'; text[at + 1] == close) {
            ++at;  // empty: "{}" or "[]" as it is
            break;
          }
          copy_to(at + 1);
          indent += 2;
          new_line();
          break;
        case '}':
        case ']':
          copy_to(at);
          indent -= 2;
          new_line();
          break;
        case ',':
          copy_to(at + 1);
          new_line();
          break;
        case ':':
          copy_to(at + 1);
          m_out += ' ';
          break;
        default:
          break;
      }
    }
    copy_to(text.size());
  }

  // An array whose elements, at `indent` + 2, are written by `element(item, indent + 2)`.
  template <typename Items, typename Element>
  void array(const Items& items, unsigned indent, Element element) {
    if (items.empty()) {
      m_out += "[]";
      return;
    }
    bool first = true;
    for (const auto& item : items) {
      m_out += first ? "[\n" : ",\n";
      first = false;
      m_out.append(indent + 2, ' ');
      element(item, indent + 2);
    }
    m_out += '\n';
    m_out.append(indent, ' ');
    m_out += ']';
  }

  template <typename Strings>
  void strings(const Strings& items, unsigned indent) {
    array(items, indent, [&](const auto& item, unsigned /*indent*/) { string(item); });
  }

 private:
  // How nlohmann's dump escapes an ASCII character that needs it and has a short escape (the
  // other control characters go through nlohmann as \u00XX); nullptr for the rest.
  static const char* escape_of(char c) {
    switch (c) {
      case '"':
        return "\\\"";
      case '\\':
        return "\\\\";
      case '\n':
        return "\\n";
      case '\t':
        return "\\t";
      case '\r':
        return "\\r";
      case '\b':
        return "\\b";
      case '\f':
        return "\\f";
      default:
        return nullptr;
    }
  }

  // nlohmann's dump of `json` (invalid UTF-8 replaced, control characters escaped), then C1 and
  // bidi controls escaped, as for the whole report.
  template <typename Value>
  void dumped(const Value& json, unsigned indent) {
    std::string text;
    nlohmann::detail::serializer<Value> serializer(
        nlohmann::detail::output_adapter<char, std::string>(text), ' ',
        Json::error_handler_t::replace);
    serializer.dump(json, true, false, 2, indent);
    m_out += model::escape_invisible_in_json(std::move(text));
  }

  std::string& m_out;
};

// An object's members at `indent` + 2, written by key (then any value) or by the typed members;
// end() closes it at `indent`.
class JsonObject {
 public:
  JsonObject(JsonText& out, std::string& text, unsigned indent)
      : m_out(out), m_text(text), m_indent(indent) {}

  void key(std::string_view name) {
    m_text += m_empty ? "{\n" : ",\n";
    m_empty = false;
    m_text.append(m_indent + 2, ' ');
    m_text += '"';
    m_text += name;  // the report's own keys: plain ASCII
    m_text += "\": ";
  }
  void string(std::string_view name, std::string_view value) {
    key(name);
    m_out.string(value);
  }
  void string_or_null(std::string_view name, std::string_view value) {
    key(name);
    m_out.string_or_null(value);
  }
  template <typename Strings>
  void strings(std::string_view name, const Strings& items) {
    key(name);
    m_out.strings(items, m_indent + 2);
  }
  void end() {
    if (m_empty) {
      m_text += "{}";
      return;
    }
    m_text += '\n';
    m_text.append(m_indent, ' ');
    m_text += '}';
  }

 private:
  JsonText& m_out;
  std::string& m_text;
  unsigned m_indent;
  bool m_empty = true;
};

void write_relationship(JsonText& out, std::string& text,
                        const model::RelationshipSummary& relationship, unsigned indent) {
  JsonObject json(out, text, indent);
  json.string("id", relationship.id);
  json.string_or_null("displayName", relationship.display_name);
  json.string_or_null("status", relationship.status);
  json.string_or_null("endDateTime", relationship.end_date_time.value_or(""));
  json.string_or_null("autoExtendDuration", relationship.auto_extend_duration);
  // Additive to design §4: whether the rules count that duration as auto-extending (one
  // definition, the engine's), so scripts and `gdapcheck diff` need not judge durations.
  json.key("autoExtends");
  out.boolean(relationship.auto_extends);
  json.strings("roles", relationship.roles);
  json.end();
}

void write_customer(std::string& text, const model::CustomerResult& customer, unsigned indent) {
  JsonText out(text);
  JsonObject json(out, text, indent);
  json.string("tenantId", customer.tenant_id);
  json.string_or_null("displayName", customer.display_name);
  json.string_or_null("defaultDomain", customer.default_domain);
  json.string("status", model::to_string(customer.status));
  // Additive to design §4: scripts that see "unknown" deserve to know why.
  if (customer.status == model::CustomerStatus::unknown) {
    json.string_or_null("statusReason", customer.status_reason);
  }
  json.key("relationships");
  out.array(customer.relationships, indent + 2,
            [&](const model::RelationshipSummary& relationship, unsigned at) {
              write_relationship(out, text, relationship, at);
            });
  if (customer.missing_roles) {
    json.strings("missingRoles", *customer.missing_roles);
  } else {
    json.key("missingRoles");
    out.null();
  }
  json.end();
}

// A finding; with a suppression, as a suppressed one (the suppression's tenant, reason, expiry).
void write_finding(std::string& text, const model::Finding& finding, unsigned indent,
                   const model::SuppressedFinding* suppressed = nullptr) {
  JsonText out(text);
  JsonObject json(out, text, indent);
  json.string("ruleId", finding.rule_id);
  json.string("severity", model::to_string(finding.severity));
  json.string("tenantId", finding.tenant_id);
  json.string("title", finding.title);
  json.string("detail", finding.detail);
  // Evidence is free-form per rule; a rule that recorded nothing still yields an object.
  json.key("evidence");
  if (finding.evidence.is_null()) {
    text += "{}";
  } else {
    out.compact(finding.evidence.text(), indent + 2);
  }
  json.strings("remediation", finding.remediation);
  json.key("commands");
  out.array(finding.commands, indent + 2, [&](const model::Command& command, unsigned at) {
    JsonObject entry(out, text, at);
    entry.string("shell", command.shell);
    entry.string("command", command.command);
    entry.string("tenantId", command.tenant_id);
    entry.strings("scopes", command.scopes);
    entry.string("environment", command.environment);
    // Whether `gdapcheck fix --apply` makes this change itself, and what it does, in words.
    entry.key("apply");
    if (command.action) {
      JsonObject apply(out, text, at + 2);
      apply.string("action", model::to_string(command.action->kind));
      apply.string("what", command.action->what);
      apply.end();
    } else {
      out.null();
    }
    entry.end();
  });
  json.strings("references", finding.references);
  if (suppressed != nullptr) {
    json.key("suppression");
    JsonObject suppression(out, text, indent + 2);
    suppression.string("tenant", suppressed->tenant);
    suppression.string("reason", suppressed->reason);
    suppression.string("expires", suppressed->expires);
    suppression.end();
  }
  json.end();
}

Json summary_json(const model::Diagnosis& diagnosis) {
  Json by_status = Json::object();
  for (const auto& [status, count] : detail::count_statuses(diagnosis.customers)) {
    by_status[std::string(model::to_string(status))] = count;
  }
  const auto severities = detail::count_severities(diagnosis.findings);
  Json json = Json::object();
  json["customers"] = diagnosis.customers.size();
  json["byStatus"] = std::move(by_status);
  json["error"] = severities.error;
  json["warning"] = severities.warning;
  json["info"] = severities.info;
  json["suppressed"] = diagnosis.suppressed.size();  // additive to design §4
  return json;
}

// Writes the report piece by piece, each piece as nlohmann's dump(2) of the whole document would
// have it: the document is never built whole (a partner's 100,000 customers would hold it in
// memory three times: values, text, escaped text).
class ReportWriter {
 public:
  explicit ReportWriter(const ReportSink& sink) : m_sink(sink) { m_sink("{"); }

  void member(std::string_view key, const Json& value) {
    open_member(key);
    std::string text;
    JsonText(text).value(value, 2);
    m_sink(text);
  }

  // An array member whose elements are made one at a time by `element(item)`.
  template <typename Items, typename ToJson>
  void array_member(std::string_view key, const Items& items, ToJson element) {
    text_array_member(key, items, [&](std::string& text, const auto& item, unsigned indent) {
      JsonText(text).value(element(item), indent);
    });
  }

  // An array member whose elements are written as text by `write(text, item, indent)`.
  template <typename Items, typename Write>
  void text_array_member(std::string_view key, const Items& items, Write write) {
    open_member(key);
    if (items.empty()) {
      m_sink("[]");
      return;
    }
    std::string text;
    bool first = true;
    for (const auto& item : items) {
      text += first ? "[\n    " : ",\n    ";
      first = false;
      write(text, item, 4U);
      if (text.size() >= k_flush_bytes) {
        m_sink(text);
        text.clear();
      }
    }
    text += "\n  ]";
    m_sink(text);
  }

  void finish() { m_sink("\n}\n"); }

 private:
  void open_member(std::string_view key) {
    m_sink(m_first ? "\n  " : ",\n  ");
    m_first = false;
    m_sink(Json(std::string(key)).dump());
    m_sink(": ");
  }

  static constexpr std::size_t k_flush_bytes = std::size_t{64} * 1024;

  const ReportSink& m_sink;
  bool m_first = true;
};

Json error_json(const model::ReadError& error) {
  Json json = Json::object();
  json["tenantId"] = string_or_null(error.tenant_id);
  json["operation"] = error.operation;
  json["message"] = error.message;
  // Additive to design §4: what `gdapcheck explain` says about this error, or null.
  json["explanation"] = explanation_or_null(error.explanation);
  return json;
}

Json not_applicable_json(const model::NotApplicable& rule) {
  Json json = Json::object();
  json["ruleId"] = rule.rule_id;
  json["title"] = rule.title;
  json["reason"] = rule.reason;
  return json;
}

Json inconclusive_json(const model::Inconclusive& inconclusive) {
  Json json = Json::object();
  json["ruleId"] = inconclusive.rule_id;
  json["tenantId"] = inconclusive.tenant_id;
  json["reason"] = inconclusive.reason;
  // The finding that explains the gap; such gaps leave the report complete.
  json["blockedBy"] = string_or_null(inconclusive.blocked_by);
  json["explanation"] = explanation_or_null(inconclusive.explanation);
  return json;
}

}  // namespace

void render_json(const model::Diagnosis& diagnosis, const JsonReportOptions& options,
                 const ReportSink& sink) {
  ReportWriter report(sink);
  report.member("schemaVersion", k_json_schema_version);
  Json tool = Json::object();
  tool["name"] = "gdapcheck";
  tool["version"] = string_or_null(options.tool_version);
  report.member("tool", tool);
  report.member("generatedAt", string_or_null(diagnosis.generated_at));
  // Additive to design §4: the time the rules judged expiry by (the same as generatedAt) and
  // when the facts were read, which differ when an old snapshot is evaluated "now".
  report.member("evaluatedAt", string_or_null(diagnosis.generated_at));
  report.member("collectedAt", string_or_null(diagnosis.collected_at));
  report.member("profile", string_or_null(diagnosis.profile));
  report.member("app", string_or_null(diagnosis.app));
  report.member("complete", diagnosis.complete());
  report.member("partner", partner_json(diagnosis.partner));
  report.text_array_member("customers", diagnosis.customers, write_customer);
  report.text_array_member("findings", diagnosis.findings,
                           [](std::string& text, const model::Finding& finding, unsigned indent) {
                             write_finding(text, finding, indent);
                           });
  // Additive to design §4: findings accepted with a suppression, apart from `findings` (they fail
  // nothing and set no status), each with the suppression's tenant, reason and expiry.
  report.text_array_member(
      "suppressed", diagnosis.suppressed,
      [](std::string& text, const model::SuppressedFinding& accepted, unsigned indent) {
        write_finding(text, accepted.finding, indent, &accepted);
      });
  // Additive to design §4: about the run rather than the tenants (an old snapshot judged as of
  // now, a suppression that has expired or matches nothing).
  report.array_member("warnings", diagnosis.warnings,
                      [](const std::string& warning) { return Json(warning); });
  report.array_member("errors", diagnosis.errors, error_json);
  // Additive to design §4: which rules could not be decided, so "complete": false has a reason.
  report.array_member("inconclusive", diagnosis.inconclusive, inconclusive_json);
  // Additive to design §4: rules this run cannot ask (an app-only run: MFA; without --user, the
  // account's GDAP path), with why; neither passed nor unknown.
  report.array_member("notApplicable", diagnosis.not_applicable, not_applicable_json);
  report.member("summary", summary_json(diagnosis));
  report.finish();
}

std::string render_json(const model::Diagnosis& diagnosis, const JsonReportOptions& options) {
  return detail::rendered_to_string(
      [&](const ReportSink& sink) { render_json(diagnosis, options, sink); });
}

}  // namespace gdap::report
