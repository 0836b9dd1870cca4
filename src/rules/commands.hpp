#pragma once

// A rule's commands with the evidence filled in: complete PowerShell lines, each with the tenant
// it runs in and the Graph scopes it needs.

#include "template.hpp"

#include "gdapcheck/model/diagnosis.hpp"
#include "gdapcheck/rules/rule.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace gdap::rules::detail {

// `values` holds the evidence, parameters and context (partnerTenantId, customerTenantId,
// graphEnvironment, upn, userId). A command whose values are not all known is left out; an
// unknown userId is looked up by UPN inside the command instead (one more scope).
std::vector<model::Command> render_commands(const Rule& rule, const nlohmann::json& evidence,
                                            const Values& values);

}  // namespace gdap::rules::detail
