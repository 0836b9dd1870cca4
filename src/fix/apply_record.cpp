#include "gdapcheck/fix/apply_record.hpp"

#include "gdapcheck/model/display_text.hpp"

#include <algorithm>

namespace gdap::fix {

namespace {

const model::Finding* finding_after(const model::Diagnosis& after, const Attempt& attempt) {
  const auto found =
      std::find_if(after.findings.begin(), after.findings.end(), [&](const model::Finding& f) {
        return f.rule_id == attempt.rule_id && f.tenant_id == attempt.finding_tenant_id;
      });
  return found == after.findings.end() ? nullptr : &*found;
}

}  // namespace

std::string audit_line(const AuditEntry& entry) {
  nlohmann::json line{{"time", entry.time},
                      {"account", entry.account},
                      {"tenant", entry.tenant},
                      {"ruleId", entry.rule_id},
                      {"action", entry.action},
                      {"request",
                       {{"method", http::method_name(entry.method)},
                        {"path", entry.path},
                        {"body", entry.body ? *entry.body : nlohmann::json()}}},
                      {"status", entry.status},
                      {"result", to_string(entry.outcome)},
                      {"requestId", entry.request_id},
                      {"message", entry.message}};
  // Names and messages come from other parties: invalid UTF-8 must not stop the log.
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::vector<std::string> before_after(const std::vector<Attempt>& attempts,
                                      const model::Diagnosis& after) {
  std::vector<std::string> lines;
  std::vector<std::pair<std::string, std::string>> seen;
  for (const auto& attempt : attempts) {
    const std::pair key{attempt.rule_id, attempt.finding_tenant_id};
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      continue;
    }
    seen.push_back(key);
    bool any_made = false;
    bool accepted = false;
    const Attempt* requested = nullptr;
    for (const auto& other : attempts) {
      if (other.rule_id == attempt.rule_id &&
          other.finding_tenant_id == attempt.finding_tenant_id) {
        any_made = any_made || in_place(other.outcome);
        accepted = accepted || (other.outcome && *other.outcome == Outcome::accepted);
        if (other.outcome && *other.outcome == Outcome::requested) {
          requested = &other;
        }
      }
    }
    const std::string what =
        attempt.rule_id + " in " + model::display_text(attempt.finding_tenant_name) + ": ";
    const auto* still = finding_after(after, attempt);
    if (still == nullptr) {
      lines.push_back(what + "fixed");
    } else if (requested != nullptr) {
      lines.push_back(what + "awaiting approval: " + model::display_text(requested->message) +
                      "; run gdapcheck fix --apply again once it is approved, to give it to a "
                      "group");
    } else if (any_made && still->detail != attempt.detail_before) {
      lines.push_back(what + "partly fixed: " + model::display_text(still->detail));
    } else if (accepted) {
      lines.push_back(what +
                      "propagating: Microsoft accepted the change and applies it in the "
                      "background; run gdapcheck tenant again in a few minutes");
    } else if (any_made) {
      lines.push_back(what + "still failing: " + model::display_text(still->title));
    } else {
      lines.push_back(what + "not changed (every change to it was skipped or failed): " +
                      model::display_text(still->title));
    }
  }
  return lines;
}

}  // namespace gdap::fix
