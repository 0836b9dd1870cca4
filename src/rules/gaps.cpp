#include "gaps.hpp"

#include "checks.hpp"

#include <algorithm>
#include <map>

namespace gdap::rules::detail {

std::vector<model::Inconclusive> settle_gaps(std::vector<PendingGap> gaps,
                                             const std::vector<model::Finding>& findings,
                                             const RuleSet& rules,
                                             std::span<const model::Customer* const> customers,
                                             const std::string& partner_tid) {
  // Gaps in rule order, then customer order, as the rules produced them one after the other.
  std::stable_sort(gaps.begin(), gaps.end(), [](const PendingGap& a, const PendingGap& b) {
    return a.rule_position != b.rule_position ? a.rule_position < b.rule_position
                                              : a.customer_position < b.customer_position;
  });

  // A gap a check says another check explains: blocked by the rule of that check that fired for
  // the same tenant or the partner (none fired: the gap stays unexplained).
  for (auto& pending : gaps) {
    if (pending.explaining_check.empty()) {
      continue;
    }
    for (const auto& finding : findings) {
      const Rule* rule = rules.find(finding.rule_id);
      if (rule != nullptr && rule->check == pending.explaining_check &&
          (finding.tenant_id == pending.gap.tenant_id || finding.tenant_id == partner_tid)) {
        pending.gap.blocked_by = finding.rule_id;
        break;
      }
    }
  }

  // Checks that read inside a customer cannot run where nothing lets us in: a failed sign-in, no
  // relationship at all, or an account that cannot use any. Which findings shut whom out is the
  // rules' "shutsOut"; their gaps are consequences of that one finding.
  std::map<std::string, std::string> customer_blockers;
  for (const auto& finding : findings) {
    const Rule* rule = rules.find(finding.rule_id);
    if (rule != nullptr && rule->shuts_out == ShutsOut::its_customer) {
      customer_blockers.try_emplace(finding.tenant_id, finding.rule_id);
    }
  }
  // A partner finding that shuts out every customer explains the customers gdapcheck never
  // entered (no sign-in attempted), and only those: one it did enter was not kept out by it.
  for (const auto& finding : findings) {
    const Rule* rule = rules.find(finding.rule_id);
    if (rule == nullptr || rule->shuts_out != ShutsOut::every_customer) {
      continue;
    }
    for (const auto* customer : customers) {
      if (customer->sign_in.state() == model::Fact<model::SignIn>::State::not_collected) {
        customer_blockers.try_emplace(customer->tenant_id, finding.rule_id);
      }
    }
  }
  for (auto& pending : gaps) {
    auto& gap = pending.gap;
    const Rule* rule = rules.find(gap.rule_id);
    const auto* check = rule != nullptr ? detail::find_check(rule->check) : nullptr;
    const auto blocker = customer_blockers.find(gap.tenant_id);
    if (gap.blocked_by.empty() && check != nullptr && check->reads_customer_tenant &&
        blocker != customer_blockers.end()) {
      gap.blocked_by = blocker->second;
    }
  }

  std::vector<model::Inconclusive> settled;
  settled.reserve(gaps.size());
  // A gap counts as explained only when the finding that explains it really fired.
  for (auto& pending : gaps) {
    auto& gap = pending.gap;
    if (!gap.blocked_by.empty()) {
      const bool explained =
          std::any_of(findings.begin(), findings.end(), [&](const model::Finding& finding) {
            return finding.rule_id == gap.blocked_by &&
                   (finding.tenant_id == gap.tenant_id || finding.tenant_id == partner_tid);
          });
      if (!explained) {
        gap.blocked_by.clear();
      }
    }
    settled.push_back(std::move(gap));
  }
  return settled;
}

}  // namespace gdap::rules::detail
