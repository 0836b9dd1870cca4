#pragma once

// Private to the HTML report: its fixed style and script, and the parts of the page that more
// than one section draws (findings with their steps, status badges).

#include "report/common.hpp"

#include "gdapcheck/model/diagnosis.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace gdap::report::detail {

// The page's one <style> and one <script>, fixed text: the Content-Security-Policy allows exactly
// these by their hashes, so nothing a tenant name could smuggle in ever runs.
std::string_view html_style();
std::string_view html_script();

// <span class="status status-…">word</span>
std::string status_badge(model::CustomerStatus status);

// Findings, each with its severity, rule id, title, detail, numbered steps (commands with a copy
// button) and references.
void append_html_findings(std::string& out, const std::vector<const model::Finding*>& findings);

// One card per customer: status, relationships, role grid, findings, what passed, what could not
// be checked or read.
void append_customer_card(std::string& out, const TenantIndex& tenants,
                          const model::CustomerResult& customer, std::size_t index);

// What the page's filter box matches a customer by: name, domain and tenant id, in lower case.
std::string customer_search_text(const model::CustomerResult& customer);

// Multi-line text as escaped HTML, lines joined by <br>.
std::string html_lines(std::string_view text);

}  // namespace gdap::report::detail
