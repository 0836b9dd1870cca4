#include "gdapcheck/fix/graph_write.hpp"

#include "gdapcheck/graph/error.hpp"
#include "gdapcheck/input/json.hpp"
#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/cloud.hpp"
#include "gdapcheck/model/relationship.hpp"
#include "gdapcheck/model/text.hpp"

#include <algorithm>
#include <array>

namespace gdap::fix {

namespace {

using nlohmann::json;

constexpr std::string_view k_relationships = "/tenantRelationships/delegatedAdminRelationships/";
using model::k_auto_extend_duration;

json body_of(const http::Response& response) {
  return input::parse_json_or_discarded(response.body);
}

std::string text_at(const json& object, const char* key) {
  if (!object.is_object()) {
    return {};
  }
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

Judgement failure(const http::Response& response) {
  const auto error = graph::error_from_answer(response.status, body_of(response));
  return {Outcome::failed, graph::describe(error), request_id_of(response)};
}

bool is_success(int status) {
  return status >= 200 && status < 300;
}

// Per action: the least privileged delegated permission Microsoft Learn lists for its API
// (group-post-members, serviceprincipal-post-serviceprincipals, delegatedadminrelationship-update)
// and what it made, in words.
struct ActionFacts {
  model::ActionKind kind;
  std::string_view scope;
  std::string_view made;
};

constexpr std::array<ActionFacts, 6> k_actions{{
    {model::ActionKind::add_group_member, "GroupMember.ReadWrite.All",
     "the account is now a member"},
    {model::ActionKind::create_service_principal, "Application.ReadWrite.All",
     "the service principal is created"},
    {model::ActionKind::enable_auto_extend, "DelegatedAdminRelationship.ReadWrite.All",
     "auto-extend is on (P180D)"},
    // delegatedadminrelationship-post-accessassignments, tenantrelationship-post-...
    {model::ActionKind::create_access_assignment, "DelegatedAdminRelationship.ReadWrite.All",
     "the access assignment is created and active"},
    {model::ActionKind::create_relationship, "DelegatedAdminRelationship.ReadWrite.All",
     "the relationship is created"},
    // delegatedadminrelationship-post-requests
    {model::ActionKind::lock_for_approval, "DelegatedAdminRelationship.ReadWrite.All",
     "the relationship is locked for approval"},
}};

json unified_roles(const std::vector<std::string>& role_ids) {
  json roles = json::array();
  for (const auto& id : role_ids) {
    roles.push_back({{"roleDefinitionId", id}});
  }
  return roles;
}

std::vector<std::string> role_ids_of(const json& access_details) {
  std::vector<std::string> ids;
  const auto roles =
      access_details.is_object() ? access_details.find("unifiedRoles") : json::const_iterator();
  if (access_details.is_object() && roles != access_details.end() && roles->is_array()) {
    for (const auto& role : *roles) {
      ids.push_back(model::lowercase(text_at(role, "roleDefinitionId")));
    }
  }
  return ids;
}

// Whether `assignment` (Graph's delegatedAdminAccessAssignment) gives `action`'s group every
// role the action would give it.
bool gives_every_role(const json& assignment, const model::Action& action) {
  const auto held = role_ids_of(assignment.value("accessDetails", json()));
  return std::all_of(action.role_ids.begin(), action.role_ids.end(), [&](const auto& id) {
    return std::find(held.begin(), held.end(), model::lowercase(id)) != held.end();
  });
}

// An assignment of the action's group already on the relationship (deleted ones aside), in the
// accessAssignments page read before writing; null when there is none.
const json* assignment_of_group(const json& page, const model::Action& action) {
  const auto values = page.is_object() ? page.find("value") : json::const_iterator();
  if (!page.is_object() || values == page.end() || !values->is_array()) {
    return nullptr;
  }
  for (const auto& assignment : *values) {
    if (!assignment.is_object()) {
      continue;
    }
    const auto container = assignment.value("accessContainer", json());
    const auto status = text_at(assignment, "status");
    if (model::lowercase(text_at(container, "accessContainerId")) ==
            model::lowercase(action.group_id) &&
        !model::is_removed_assignment(status)) {
      return &assignment;
    }
  }
  return nullptr;
}

std::optional<Judgement> judge_assignments_read(const model::Action& action, const json& page,
                                                const std::string& id) {
  if (!page.is_object() || !page.contains("value")) {
    return Judgement{Outcome::failed, "the answer is not a list of access assignments", id};
  }
  const json* existing = assignment_of_group(page, action);
  if (existing == nullptr) {
    return std::nullopt;
  }
  const auto status = text_at(*existing, "status");
  if (gives_every_role(*existing, action)) {
    return Judgement{Outcome::already_done,
                     "the group already has an assignment with these roles ('" + status + "')", id};
  }
  // Graph keeps one assignment per group on a relationship: adding roles is editing it.
  return Judgement{Outcome::refused,
                   "the group already has an assignment on this relationship ('" + status +
                       "') without some of these roles; add them to it in Partner Center "
                       "(gdapcheck never edits an assignment)",
                   id};
}

// A relationship left 'created' (delegatedAdminRelationshipStatus) is the only kind that can be
// locked; one already locked, approved or active needs nothing, and any other (ended, ending)
// must not be sent to the customer.
std::optional<Judgement> judge_relationship_to_lock(const json& relationship,
                                                    const std::string& id) {
  const std::string status = text_at(relationship, "status");
  if (status == "created") {
    return std::nullopt;
  }
  if (status == "approvalPending") {
    return Judgement{Outcome::already_done,
                     "it is already locked and awaits the approval of a Global Administrator of "
                     "the customer",
                     id};
  }
  if (status == "approved" || status == "activating" || status == "active") {
    return Judgement{Outcome::already_done,
                     "the customer has approved it already ('" + status + "')", id};
  }
  return Judgement{Outcome::refused,
                   "it is '" + status + "': only a relationship that is 'created' can be locked",
                   id};
}

// What a relationship that was just locked for approval waits for, and where the customer
// approves it. Partner Center FAQ: a request the customer does not act on expires after 90 days.
std::string awaiting_approval(const std::string& name, const std::string& relationship_id,
                              std::string_view cloud) {
  return "relationship " + name +
         " awaits the approval of a Global Administrator of the customer, at " +
         model::approval_link(cloud, relationship_id) + " (the request expires after 90 days)";
}

// Learn, delegatedadminrelationship-post-requests: lockForApproval sends it to the customer.
GraphRequest lock_request(const std::string& relationship_id) {
  return {http::Method::post,
          std::string(k_relationships) + relationship_id + "/requests",
          json{{"action", "lockForApproval"}},
          {}};
}

const ActionFacts& facts_of(model::ActionKind kind) {
  return *std::find_if(k_actions.begin(), k_actions.end(),
                       [kind](const ActionFacts& facts) { return facts.kind == kind; });
}

bool holds_global_administrator(const json& relationship) {
  const auto details = relationship.find("accessDetails");
  if (details == relationship.end() || !details->is_object()) {
    return false;
  }
  const auto roles = details->find("unifiedRoles");
  if (roles == details->end() || !roles->is_array()) {
    return false;
  }
  std::vector<std::string> role_ids;
  for (const auto& role : *roles) {
    role_ids.push_back(text_at(role, "roleDefinitionId"));
  }
  return model::includes_global_administrator(role_ids);
}

}  // namespace

std::string_view write_scope(model::ActionKind kind) {
  return facts_of(kind).scope;
}

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::done:
      return "done";
    case Outcome::already_done:
      return "already done";
    case Outcome::accepted:
      return "accepted";
    case Outcome::refused:
      return "not sent";
    case Outcome::failed:
      return "failed";
    case Outcome::requested:
      return "sent for approval";
  }
  return "failed";
}

bool in_place(const std::optional<Outcome>& outcome) {
  return outcome && (*outcome == Outcome::done || *outcome == Outcome::already_done ||
                     *outcome == Outcome::accepted || *outcome == Outcome::requested);
}

std::string request_id_of(const http::Response& response) {
  if (auto header = response.header("request-id")) {
    return *header;
  }
  return graph::error_from_answer(response.status, body_of(response)).request_id;
}

std::optional<GraphRequest> read_before_write(const model::Action& action) {
  switch (action.kind) {
    case model::ActionKind::enable_auto_extend:
    case model::ActionKind::lock_for_approval:
      return GraphRequest{http::Method::get,
                          std::string(k_relationships) + action.relationship_id,
                          std::nullopt,
                          {}};
    case model::ActionKind::create_access_assignment:
      // 300 is the most one page of assignments holds (Graph's $top for this list).
      return GraphRequest{
          http::Method::get,
          std::string(k_relationships) + action.relationship_id + "/accessAssignments?$top=300",
          std::nullopt,
          {}};
    default:
      return std::nullopt;
  }
}

std::optional<Judgement> judge_read(const model::Action& action, const http::Response& response,
                                    std::string& etag) {
  if (!is_success(response.status)) {
    return failure(response);
  }
  const json relationship = body_of(response);
  const std::string id = request_id_of(response);
  if (action.kind == model::ActionKind::create_access_assignment) {
    return judge_assignments_read(action, relationship, id);
  }
  if (!relationship.is_object()) {
    return Judgement{Outcome::failed, "the answer is not a relationship", id};
  }
  if (action.kind == model::ActionKind::lock_for_approval) {
    return judge_relationship_to_lock(relationship, id);
  }
  const std::string status = text_at(relationship, "status");
  if (text_at(relationship, "autoExtendDuration") == k_auto_extend_duration) {
    return Judgement{Outcome::already_done, "auto-extend is already on (P180D)", id};
  }
  if (holds_global_administrator(relationship)) {
    return Judgement{Outcome::refused,
                     "it holds Global Administrator, which Microsoft never auto-extends "
                     "(gdap.global-admin-blocks-auto-extend)",
                     id};
  }
  if (status != "active") {
    return Judgement{Outcome::refused, "it is '" + status + "', not active", id};
  }
  etag = text_at(relationship, "@odata.etag");
  if (etag.empty()) {
    etag = response.header("ETag").value_or("");
  }
  if (etag.empty()) {
    return Judgement{Outcome::failed, "Graph gave the relationship without an ETag", id};
  }
  return std::nullopt;
}

GraphRequest write_request(const model::Action& action, std::string_view graph_host,
                           std::string_view etag) {
  switch (action.kind) {
    case model::ActionKind::add_group_member:
      // Learn, group-post-members: the member as a reference to a directory object.
      return {http::Method::post,
              "/groups/" + action.group_id + "/members/$ref",
              json{{"@odata.id",
                    std::string(graph_host) + "/v1.0/directoryObjects/" + action.member_id}},
              {}};
    case model::ActionKind::create_service_principal:
      return {http::Method::post, "/servicePrincipals", json{{"appId", action.app_id}}, {}};
    case model::ActionKind::enable_auto_extend:
      // Learn, delegatedadminrelationship-update: If-Match is required.
      return {http::Method::patch,
              std::string(k_relationships) + action.relationship_id,
              json{{"autoExtendDuration", k_auto_extend_duration}},
              {{"If-Match", std::string(etag)}}};
    case model::ActionKind::create_access_assignment:
      // Learn, delegatedadminrelationship-post-accessassignments.
      return {
          http::Method::post,
          std::string(k_relationships) + action.relationship_id + "/accessAssignments",
          json{{"accessContainer",
                {{"accessContainerId", action.group_id}, {"accessContainerType", "securityGroup"}}},
               {"accessDetails", {{"unifiedRoles", unified_roles(action.role_ids)}}}},
          {}};
    case model::ActionKind::create_relationship: {
      // Learn, tenantrelationship-post-delegatedadminrelationships: the terms the plan showed.
      const auto terms = model::new_relationship_terms(action.role_ids);
      return {http::Method::post,
              std::string(k_relationships.substr(0, k_relationships.size() - 1)),
              json{{"displayName", action.display_name},
                   {"duration", terms.duration},
                   {"autoExtendDuration", terms.auto_extend_duration},
                   {"customer", {{"tenantId", action.customer_tenant_id}}},
                   {"accessDetails", {{"unifiedRoles", unified_roles(action.role_ids)}}}},
              {}};
    }
    case model::ActionKind::lock_for_approval:
      return lock_request(action.relationship_id);
  }
  return {};
}

Judgement judge_write(const model::Action& action, const http::Response& response,
                      std::string_view cloud) {
  const std::string id = request_id_of(response);
  if (response.status == 202) {
    return {Outcome::accepted, "accepted; Microsoft applies it in the background", id};
  }
  // Learn: a new assignment answers 'pending' and gives its roles once Microsoft provisions it.
  if (is_success(response.status) && action.kind == model::ActionKind::create_access_assignment &&
      text_at(body_of(response), "status") != "active") {
    return {Outcome::accepted,
            "the access assignment is created; it gives its roles once Microsoft provisions it, "
            "usually within minutes",
            id};
  }
  if (is_success(response.status) && action.kind == model::ActionKind::lock_for_approval) {
    return {Outcome::requested,
            awaiting_approval(action.relationship_id, action.relationship_id, cloud), id};
  }
  if (is_success(response.status)) {
    return {Outcome::done, std::string(facts_of(action.kind).made), id};
  }
  const auto error = graph::error_from_answer(response.status, body_of(response));
  switch (action.kind) {
    case model::ActionKind::add_group_member:
      // Learn, group-post-members: 400 when the object is already a member.
      if (response.status == 400 && error.message.find("already exist") != std::string::npos) {
        return {Outcome::already_done, "the account is already a member", id};
      }
      break;
    case model::ActionKind::create_service_principal:
      // Graph's answer for a service principal that exists (409, as MSPs report it).
      if (response.status == 409 || error.code == "Request_MultipleObjectsWithSameKeyValue") {
        return {Outcome::already_done, "the service principal already exists", id};
      }
      break;
    case model::ActionKind::enable_auto_extend:
      if (response.status == 412) {
        return {Outcome::failed,
                "the relationship changed after it was read (412); run gdapcheck fix again", id};
      }
      break;
    default:
      break;
  }
  return {Outcome::failed, graph::describe(error), id};
}

std::optional<FollowUp> follow_up(const model::Action& action, const http::Response& write_answer) {
  if (action.kind != model::ActionKind::create_relationship || !is_success(write_answer.status)) {
    return std::nullopt;
  }
  const auto relationship_id = text_at(body_of(write_answer), "id");
  if (relationship_id.empty()) {
    return std::nullopt;
  }
  return FollowUp{lock_request(relationship_id), relationship_id};
}

Judgement judge_follow_up(const model::Action& action, const FollowUp& follow_up,
                          const http::Response& response, std::string_view cloud) {
  const std::string id = request_id_of(response);
  const std::string name = "'" + action.display_name + "' (" + follow_up.relationship_id + ")";
  if (!is_success(response.status)) {
    const auto error = graph::error_from_answer(response.status, body_of(response));
    return {Outcome::failed,
            "relationship " + name +
                " was created but not locked for approval: " + graph::describe(error) +
                "; run gdapcheck fix --apply again to lock it and send it to the customer",
            id};
  }
  return {Outcome::requested, awaiting_approval(name, follow_up.relationship_id, cloud), id};
}

}  // namespace gdap::fix
