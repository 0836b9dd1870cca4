// One page of a Graph collection (or a single object) as a proxy or a compromised network could
// answer it: JSON parsed as the client parses an answer, judged by the paging rules (its "value",
// its @odata.nextLink), read by every collector's parser, and read as Graph's error body. Each
// read either gives its facts or fails with a message; nothing crashes.

#include "collect/reads.hpp"
#include "fuzz.hpp"
#include "graph/paging.hpp"

#include "gdapcheck/graph/error.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

namespace {

template <typename Read>
void read_with(const Read& read, const nlohmann::json& body) {
  const auto parsed = read.parse(body);
  gdap::fuzz::check(parsed.ok() || !parsed.error().empty(),
                    "a read that fails must say why (the report shows it as the reason)");
}

template <typename Read>
void read_each(const std::vector<Read>& reads, const nlohmann::json& body) {
  for (const auto& read : reads) {
    read_with(read, body);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdap;
  using namespace gdap::collect;
  const auto body = nlohmann::json::parse(fuzz::as_text(data, size), nullptr,
                                          /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    return 0;  // the client reports such an answer as malformed
  }

  graph::PageTrail trail("https://graph.microsoft.com/v1.0",
                         "/tenantRelationships/delegatedAdminRelationships?$top=300");
  const auto start = std::chrono::steady_clock::time_point{};
  for (int page = 0; page < 3; ++page) {
    const auto next = trail.next(body, start, start + std::chrono::seconds(300));
    if (!next || !*next) {
      break;  // a refusal or the last page; a repeated link must be refused on the second pass
    }
  }
  graph::has_value_array(body);
  for (const int status : {400, 403, 404, 429, 500}) {
    graph::describe(graph::error_from_answer(status, body));
  }

  read_with(reads::me(), body);
  read_with(reads::partner_organization(), body);
  read_with(reads::customer_organization(), body);
  read_with(reads::memberships(), body);
  read_with(reads::admin_agents(), body);
  read_each(reads::group_names({"11111111-2222-3333-4444-555555555555"}), body);
  read_with(reads::contracts(), body);
  read_with(reads::relationships(), body);
  read_with(reads::access_assignments("rel-1"), body);
  read_each(reads::service_principals({"14d82eec-204b-4c2f-b7e8-296a70dab67e"}), body);
  read_each(reads::resource_principals({"00000003-0000-0000-c000-000000000000"}), body);
  read_with(reads::integration_principal("14d82eec-204b-4c2f-b7e8-296a70dab67e"), body);
  read_with(reads::integration_principal("Contoso Backup"), body);
  read_with(reads::delegated_grants("sp-1"), body);
  read_with(reads::assigned_app_roles("sp-1"), body);
  read_with(reads::graph_service_principal(), body);
  read_with(reads::ca_policies(), body);
  read_with(reads::application("14d82eec-204b-4c2f-b7e8-296a70dab67e"), body);
  read_with(reads::application("Contoso Backup"), body);
  const auto grants =
      reads::app_role_assignments("14d82eec-204b-4c2f-b7e8-296a70dab67e").parse(body);
  if (grants) {
    reads::roles_granted_on(*grants, "sp-graph");
  }
  return 0;
}
