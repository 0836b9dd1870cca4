#pragma once

// The Graph v1.0 requests `gdapcheck fix --apply` sends for each action, and what Microsoft's
// answers mean for it. Pure: no network; the caller sends the requests and hands the answers back.
// Every answer is judged so that running the same fix twice is harmless: what is already there is
// "already done", never an error.

#include "gdapcheck/http/transport.hpp"
#include "gdapcheck/model/diagnosis.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::fix {

// The delegated Graph permission an action needs: the least privileged one Microsoft Learn lists
// for its API.
std::string_view write_scope(model::ActionKind kind);

// One HTTP request, relative to the Graph version root ("/groups/…").
struct GraphRequest {
  http::Method method = http::Method::get;
  std::string path;
  std::optional<nlohmann::json> body;
  http::Headers headers;
};

// An action that reads before it writes: enable_auto_extend reads the relationship for its
// current ETag, status and roles; create_access_assignment reads the relationship's assignments
// for one its group may have already; lock_for_approval reads the relationship's status (only a
// 'created' one can be locked). nullopt: the action writes straight away.
std::optional<GraphRequest> read_before_write(const model::Action& action);

// What a write's outcome means.
enum class Outcome {
  done,          // Microsoft made the change
  already_done,  // it was already so: nothing changed
  accepted,      // Microsoft accepted it and applies it in the background (202)
  refused,       // gdapcheck did not send it: the fresh facts say it cannot or must not be done
  failed,        // Microsoft refused it, or no answer
  requested,     // a relationship was sent to the customer, whose approval it now awaits
};

std::string_view to_string(Outcome outcome);

// Whether the change is in place after this outcome: made, already there, accepted by Microsoft
// or sent for approval. Skipped (nullopt), refused and failed changes are not.
bool in_place(const std::optional<Outcome>& outcome);

struct Judgement {
  Outcome outcome = Outcome::failed;
  std::string message;  // in words, for a person; never a token
  std::string request_id;
};

// The read's answer decides whether to write at all: nullopt to go on with `etag` set, else the
// outcome (already done, or refused with why).
std::optional<Judgement> judge_read(const model::Action& action, const http::Response& response,
                                    std::string& etag);

// The write itself. `graph_host` is the cloud's Graph host ("https://graph.microsoft.com"), which
// a member reference must name; `etag` is what read_before_write's answer gave.
GraphRequest write_request(const model::Action& action, std::string_view graph_host,
                           std::string_view etag);

// What the write's answer means; `cloud` decides the approval link a locked relationship's
// customer is given.
Judgement judge_write(const model::Action& action, const http::Response& response,
                      std::string_view cloud);

// A request a made change still needs: a relationship just created is locked for approval, which
// is what sends it to the customer (Graph, "GDAP API overview").
struct FollowUp {
  GraphRequest request;
  std::string relationship_id;
};

// nullopt when the write's answer needs nothing more.
std::optional<FollowUp> follow_up(const model::Action& action, const http::Response& write_answer);

// What the follow-up's answer means; `cloud` decides the approval link given to the customer.
Judgement judge_follow_up(const model::Action& action, const FollowUp& follow_up,
                          const http::Response& response, std::string_view cloud);

// A Graph answer's request id: the request-id header, else the one in an error body.
std::string request_id_of(const http::Response& response);

}  // namespace gdap::fix
