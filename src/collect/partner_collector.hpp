#pragma once

// Private to collect: the partner tenant's side of a run. With the partner's token it reads the
// signed-in account, its groups and roles, AdminAgents, the contracts and every admin
// relationship (page by page) with the access assignments of the active ones, and names the
// groups those assignments use. Each customer the lists show goes into the directory as soon as
// it is seen, so customer work can start before the partner's reads are done.

#include "customer_directory.hpp"

#include "gdapcheck/collect/token_source.hpp"
#include "gdapcheck/graph/client.hpp"
#include "gdapcheck/model/snapshot.hpp"
#include "gdapcheck/model/time.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace gdap::collect {

class PartnerCollector {
 public:
  // `lists_changed` runs whenever the directory learnt something from a page of the lists, and
  // when a list is finished. Relationships are judged active at `now`.
  PartnerCollector(graph::Client& client, CustomerDirectory& directory, model::UnixTime now,
                   std::function<void()> lists_changed);

  // Start every read with `token`, about the account `user` names (object id or UPN), else the
  // one the token belongs to; an app-only token without `user` checks no account.
  void start(const Token& token, const std::string& user = "");

  // Both lists (relationships and contracts) have been answered, read or not.
  bool lists_answered() const { return m_relationships_done && m_contracts_done; }
  // The relationships could not be read: nobody's GDAP access is known.
  bool relationships_failed() const { return !m_relationships_error.empty(); }

  // What was read, once the client has run dry.
  model::Partner finish();

 private:
  // The account's own record and its transitive memberships (/me, or /users/{user}).
  void read_account(const std::string& user);
  void relationship_page(std::vector<model::Relationship> page);
  void request_assignments(std::size_t index, const std::string& relationship_id);
  void maybe_name_groups();
  std::string group_name(const std::string& group_id) const;

  graph::Client& m_client;
  CustomerDirectory& m_directory;
  model::UnixTime m_now;
  std::function<void()> m_lists_changed;
  graph::Bearer m_bearer;
  model::Partner m_partner;
  std::vector<model::Relationship> m_relationships;
  std::string m_relationships_error;
  bool m_relationships_done = false;
  bool m_contracts_done = false;
  int m_pending_assignments = 0;
  bool m_names_requested = false;
  std::map<std::string, std::string> m_group_names;  // by lower-case id
};

}  // namespace gdap::collect
