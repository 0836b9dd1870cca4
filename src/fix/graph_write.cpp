#include "gdapcheck/fix/graph_write.hpp"

#include "gdapcheck/graph/error.hpp"
#include "gdapcheck/input/json.hpp"
#include "gdapcheck/model/catalog.hpp"

#include <algorithm>
#include <array>

namespace gdap::fix {

namespace {

using nlohmann::json;

constexpr std::string_view k_relationships = "/tenantRelationships/delegatedAdminRelationships/";
// What Microsoft lets a relationship auto-extend by (Learn, delegatedAdminRelationship:
// autoExtendDuration supports PT0S, P0D and P180D).
constexpr std::string_view k_auto_extend = "P180D";

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

constexpr std::array<ActionFacts, 3> k_actions{{
    {model::ActionKind::add_group_member, "GroupMember.ReadWrite.All",
     "the account is now a member"},
    {model::ActionKind::create_service_principal, "Application.ReadWrite.All",
     "the service principal is created"},
    {model::ActionKind::enable_auto_extend, "DelegatedAdminRelationship.ReadWrite.All",
     "auto-extend is on (P180D)"},
}};

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
  return std::any_of(roles->begin(), roles->end(), [](const json& role) {
    return text_at(role, "roleDefinitionId") == model::k_global_administrator_role;
  });
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
  }
  return "failed";
}

bool in_place(const std::optional<Outcome>& outcome) {
  return outcome && (*outcome == Outcome::done || *outcome == Outcome::already_done ||
                     *outcome == Outcome::accepted);
}

std::string request_id_of(const http::Response& response) {
  if (auto header = response.header("request-id")) {
    return *header;
  }
  return graph::error_from_answer(response.status, body_of(response)).request_id;
}

std::optional<GraphRequest> read_before_write(const model::Action& action) {
  if (action.kind != model::ActionKind::enable_auto_extend) {
    return std::nullopt;
  }
  return GraphRequest{
      http::Method::get, std::string(k_relationships) + action.relationship_id, std::nullopt, {}};
}

std::optional<Judgement> judge_read(const model::Action& action, const http::Response& response,
                                    std::string& etag) {
  if (!is_success(response.status)) {
    return failure(response);
  }
  const json relationship = body_of(response);
  const std::string id = request_id_of(response);
  if (action.kind != model::ActionKind::enable_auto_extend || !relationship.is_object()) {
    return Judgement{Outcome::failed, "the answer is not a relationship", id};
  }
  const std::string status = text_at(relationship, "status");
  if (text_at(relationship, "autoExtendDuration") == k_auto_extend) {
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
              json{{"autoExtendDuration", k_auto_extend}},
              {{"If-Match", std::string(etag)}}};
  }
  return {};
}

Judgement judge_write(const model::Action& action, const http::Response& response) {
  const std::string id = request_id_of(response);
  if (response.status == 202) {
    return {Outcome::accepted, "accepted; Microsoft applies it in the background", id};
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
  }
  return {Outcome::failed, graph::describe(error), id};
}

}  // namespace gdap::fix
