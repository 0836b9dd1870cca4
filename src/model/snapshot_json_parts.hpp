#pragma once

// Private to model: the pieces of the snapshot's JSON form that more than one file uses. A fact is
// {"value": …} when it was read, {"error": "why"} when the read failed (the run is incomplete),
// and {"notCollected": "why"} (or absent, in older snapshots) when it was deliberately not read.

#include "gdapcheck/model/json_reader.hpp"
#include "gdapcheck/model/snapshot.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace gdap::model::detail {

// Sets out[key] to the fact's JSON form, so a saved snapshot diagnoses exactly as the run that
// saved it.
template <typename T, typename Write>
void put_fact(nlohmann::json& out, const char* key, const Fact<T>& fact, Write write) {
  switch (fact.state()) {
    case Fact<T>::State::read:
      out[key] = nlohmann::json{{"value", write(fact.value())}};
      break;
    case Fact<T>::State::failed:
      out[key] = nlohmann::json{{"error", fact.reason()}};
      break;
    case Fact<T>::State::not_collected:
      out[key] = nlohmann::json{{"notCollected", fact.reason()}};
      break;
  }
}

// The fact under `key`; `absent` is the reason given when the key is missing (older snapshots).
template <typename T, typename Parse>
Fact<T> read_fact(const JsonNode& parent, std::string_view key, Parse parse,
                  const std::string& absent = {}) {
  const auto node = parent.child(key);
  if (!node) {
    return absent.empty() ? Fact<T>{} : Fact<T>::not_collected(absent);
  }
  if (!node->expect_object()) {
    return Fact<T>{};
  }
  node->allow_only({"value", "error", "notCollected"});
  const int states = (node->has("value") ? 1 : 0) + (node->has("error") ? 1 : 0) +
                     (node->has("notCollected") ? 1 : 0);
  if (states != 1) {
    node->problem(
        R"(expected exactly one of "value" (the fact was read), "error" (why the read failed) )"
        R"(or "notCollected" (why it was not read))");
    return Fact<T>{};
  }
  if (node->has("error")) {
    return Fact<T>::failed(node->string("error"));
  }
  if (node->has("notCollected")) {
    return Fact<T>::not_collected(node->string("notCollected"));
  }
  return Fact<T>::of(parse(*node->child("value")));
}

template <typename T, typename Parse>
std::vector<T> list_of(const JsonNode& node, Parse parse) {
  std::vector<T> items;
  node.for_each_element([&](const JsonNode& element) { items.push_back(parse(element)); });
  return items;
}

std::vector<std::string> string_list(const JsonNode& node);

nlohmann::json service_principal_json(const ServicePrincipal& sp);
ServicePrincipal parse_service_principal(const JsonNode& node);

// The integration app's consent in a customer (snapshot_json_consent.cpp).
nlohmann::json integration_consent_json(const IntegrationConsent& consent);
IntegrationConsent parse_integration_consent(const JsonNode& node);

}  // namespace gdap::model::detail
