#include "gaps.hpp"

#include "checks.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

namespace gdap::rules::detail {

namespace {

// The findings about one tenant or about the partner, in the evaluation's order: what may explain
// a gap of that tenant. Indexed once, since a partner whose reads fail everywhere has gaps in
// every customer, and a walk over every finding for each gap grew with the square of its size.
class FindingsByTenant {
 public:
  FindingsByTenant(const std::vector<model::Finding>& findings, const std::string& partner_tid)
      : m_findings(findings), m_partner_tid(partner_tid) {
    for (std::size_t i = 0; i < findings.size(); ++i) {
      m_by_tenant[findings[i].tenant_id].push_back(i);
    }
  }

  // The first finding, in the evaluation's order, about `tenant_id` or the partner that `wanted`
  // accepts; null when none does.
  template <typename Wanted>
  const model::Finding* first(const std::string& tenant_id, const Wanted& wanted) const {
    std::size_t best = m_findings.size();
    for (const auto& tenant : {std::string_view(tenant_id), std::string_view(m_partner_tid)}) {
      const auto found = m_by_tenant.find(tenant);
      if (found == m_by_tenant.end()) {
        continue;
      }
      for (const auto index : found->second) {
        if (index >= best) {
          break;
        }
        if (wanted(m_findings[index])) {
          best = index;
          break;
        }
      }
    }
    return best < m_findings.size() ? &m_findings[best] : nullptr;
  }

 private:
  const std::vector<model::Finding>& m_findings;
  const std::string& m_partner_tid;
  std::unordered_map<std::string_view, std::vector<std::size_t>> m_by_tenant;
};

}  // namespace

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
  const FindingsByTenant about(findings, partner_tid);
  for (auto& pending : gaps) {
    if (pending.explaining_check.empty()) {
      continue;
    }
    const auto* explaining = about.first(pending.gap.tenant_id, [&](const model::Finding& finding) {
      const Rule* rule = rules.find(finding.rule_id);
      return rule != nullptr && rule->check == pending.explaining_check;
    });
    if (explaining != nullptr) {
      pending.gap.blocked_by = explaining->rule_id;
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
      const bool explained = about.first(gap.tenant_id, [&](const model::Finding& finding) {
        return finding.rule_id == gap.blocked_by;
      }) != nullptr;
      if (!explained) {
        gap.blocked_by.clear();
      }
    }
    settled.push_back(std::move(gap));
  }
  return settled;
}

}  // namespace gdap::rules::detail
