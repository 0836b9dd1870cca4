#include "gdapcheck/model/snapshot_json.hpp"

#include "conditional_access_json.hpp"
#include "snapshot_json_parts.hpp"

#include "gdapcheck/error.hpp"
#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/files.hpp"
#include "gdapcheck/model/time.hpp"

#include <array>
#include <filesystem>
#include <fstream>
#include <istream>
#include <iterator>
#include <sstream>

namespace gdap::model {

using nlohmann::json;

namespace detail {

std::vector<std::string> string_list(const JsonNode& node) {
  std::vector<std::string> items;
  node.for_each_element([&](const JsonNode& element) {
    if (element.json().is_string()) {
      items.push_back(element.json().get<std::string>());
    } else {
      element.problem("expected a string, got " + std::string(describe_type(element.json())));
    }
  });
  return items;
}

json service_principal_json(const ServicePrincipal& sp) {
  json item = {{"appId", sp.app_id}, {"present", sp.present}};
  if (sp.present) {
    item["id"] = sp.id;
    item["displayName"] = sp.display_name;
    item["accountEnabled"] = sp.account_enabled ? json(*sp.account_enabled) : json(nullptr);
  }
  return item;
}

ServicePrincipal parse_service_principal(const JsonNode& node) {
  ServicePrincipal sp;
  if (!node.expect_object()) {
    return sp;
  }
  node.allow_only({"appId", "present", "id", "displayName", "accountEnabled"});
  sp.app_id = node.string("appId");
  if (!node.has("present")) {
    node.problem_at("present", "missing required key \"present\"");
  }
  sp.present = node.boolean("present", false);
  sp.id = node.optional_string("id").value_or("");
  sp.display_name = node.optional_string("displayName").value_or("");
  sp.account_enabled = node.optional_boolean("accountEnabled");
  return sp;
}

}  // namespace detail

namespace {

using detail::list_of;
using detail::parse_service_principal;
using detail::put_fact;
using detail::read_fact;
using detail::service_principal_json;
using detail::string_list;

// Input files are small documents; anything larger is a mistake (or an attack) and is refused
// before parsing rather than exhausting memory.
constexpr std::uintmax_t k_max_input_bytes = 256ULL * 1024 * 1024;
// A snapshot file is read as it is parsed, never whole, at about 4 KB per customer: 8 GiB is two
// million customers, far beyond any partner.
constexpr std::uintmax_t k_max_snapshot_bytes = 8ULL * 1024 * 1024 * 1024;

// Schema 1 kept only the users, applications and grant controls of a conditional access policy:
// too little for a verdict (a legacy-authentication block would look like a block of everything).
constexpr long k_schema_without_ca_conditions = 1;

void forget_ca_policies_without_conditions(Snapshot& snapshot) {
  for (auto& customer : snapshot.customers) {
    if (customer.conditional_access_policies.ok()) {
      customer.conditional_access_policies = Fact<std::vector<CaPolicy>>::not_collected(
          "the snapshot (schema version 1) does not record the conditions of conditional access "
          "policies (client apps, platforms, locations, ...); collect again to judge them");
    }
  }
}

// --- Writing ------------------------------------------------------------------------------

json optional_string(const std::optional<std::string>& value) {
  return value ? json(*value) : json(nullptr);
}

// For fields where "" means unset: null, because the reader refuses "" where a value must be.
json string_or_null(const std::string& value) {
  return value.empty() ? json(nullptr) : json(value);
}

json group_json(const Group& group) {
  return {{"id", group.id}, {"displayName", group.display_name}};
}

json assignment_json(const AccessAssignment& a) {
  return {{"id", a.id},
          {"status", a.status},
          {"groupId", a.group_id},
          {"groupDisplayName", a.group_display_name},
          {"roles", a.roles},
          {"createdDateTime", optional_string(a.created)},
          {"lastModifiedDateTime", optional_string(a.last_modified)}};
}

json relationship_json(const Relationship& r) {
  json out = {
      {"id", r.id},
      {"displayName", r.display_name},
      {"status", r.status},
      {"customer", {{"tenantId", r.customer_tenant_id}, {"displayName", r.customer_display_name}}},
      {"roles", r.roles},
      {"duration", r.duration},
      {"autoExtendDuration", r.auto_extend_duration},
      {"createdDateTime", optional_string(r.created)},
      {"activatedDateTime", optional_string(r.activated)},
      {"endDateTime", optional_string(r.end_date_time)},
      {"reseller", r.reseller}};
  if (r.partner_consent_pending) {
    out["isPartnerConsentPending"] = *r.partner_consent_pending;
  }
  put_fact(out, "accessAssignments", r.access_assignments, [](const auto& list) {
    json items = json::array();
    for (const auto& a : list) {
      items.push_back(assignment_json(a));
    }
    return items;
  });
  return out;
}

json credentials_json(const std::vector<Credential>& credentials) {
  json items = json::array();
  for (const auto& c : credentials) {
    items.push_back({{"keyId", c.key_id},
                     {"displayName", c.display_name},
                     {"endDateTime", optional_string(c.end_date_time)}});
  }
  return items;
}

json customer_json(const Customer& c) {
  json out = {{"tenantId", c.tenant_id},
              {"displayName", c.display_name},
              {"defaultDomain", c.default_domain},
              {"domains", c.domains}};
  put_fact(out, "signIn", c.sign_in, [](const SignIn& s) {
    json v = {{"succeeded", s.succeeded}};
    if (!s.succeeded) {
      v["error"] = s.error;
      v["errorCodes"] = s.error_codes;
      v["errorDescription"] = s.description;
      v["traceId"] = s.trace_id;
      v["correlationId"] = s.correlation_id;
    }
    return v;
  });
  put_fact(out, "servicePrincipals", c.service_principals, [](const auto& list) {
    json items = json::array();
    for (const auto& sp : list) {
      items.push_back(service_principal_json(sp));
    }
    return items;
  });
  put_fact(out, "conditionalAccessPolicies", c.conditional_access_policies, [](const auto& list) {
    json items = json::array();
    for (const auto& p : list) {
      items.push_back(ca_policy_json(p));
    }
    return items;
  });
  put_fact(out, "integrationApp", c.integration_app, [](const IntegrationApp& app) {
    json v = {{"appId", app.app_id},
              {"displayName", app.display_name},
              {"registrationFound", app.registration_found},
              {"passwordCredentials", credentials_json(app.password_credentials)},
              {"keyCredentials", credentials_json(app.key_credentials)}};
    put_fact(v, "grantedGraphAppRoles", app.granted_graph_app_roles,
             [](const auto& ids) { return json(ids); });
    return v;
  });
  put_fact(out, "integrationConsent", c.integration_consent, detail::integration_consent_json);
  return out;
}

// --- Reading ------------------------------------------------------------------------------

void check_timestamp(const JsonNode& node, std::string_view key,
                     const std::optional<std::string>& value) {
  if (value && !parse_timestamp(*value)) {
    node.problem_at(key, "not an ISO-8601 timestamp: \"" + *value + "\"");
  }
}

std::optional<std::string> timestamp(const JsonNode& node, std::string_view key) {
  auto value = node.optional_string(key);
  check_timestamp(node, key, value);
  return value;
}

Group parse_group(const JsonNode& node) {
  Group group;
  if (node.expect_object()) {
    node.allow_only({"id", "displayName"});
    group.id = node.string("id");
    group.display_name = node.optional_string("displayName").value_or("");
  }
  return group;
}

AccessAssignment parse_assignment(const JsonNode& node) {
  AccessAssignment a;
  if (!node.expect_object()) {
    return a;
  }
  node.allow_only({"id", "status", "groupId", "groupDisplayName", "roles", "createdDateTime",
                   "lastModifiedDateTime"});
  a.id = node.string("id");
  a.status = node.string("status");
  a.group_id = node.string("groupId");
  a.group_display_name = node.optional_string("groupDisplayName").value_or("");
  const auto roles = node.strings("roles");
  a.roles.assign(roles.begin(), roles.end());
  a.created = timestamp(node, "createdDateTime");
  a.last_modified = timestamp(node, "lastModifiedDateTime");
  return a;
}

Relationship parse_relationship(const JsonNode& node) {
  Relationship r;
  if (!node.expect_object()) {
    return r;
  }
  node.allow_only({"id", "displayName", "status", "customer", "roles", "duration",
                   "autoExtendDuration", "createdDateTime", "activatedDateTime", "endDateTime",
                   "reseller", "isPartnerConsentPending", "accessAssignments"});
  r.id = node.string("id");
  r.display_name = node.optional_string("displayName").value_or("");
  r.status = node.string("status");
  if (const auto customer = node.required("customer"); customer && customer->expect_object()) {
    customer->allow_only({"tenantId", "displayName"});
    r.customer_tenant_id = customer->string("tenantId");
    r.customer_display_name = customer->optional_string("displayName").value_or("");
  }
  const auto roles = node.strings("roles");
  r.roles.assign(roles.begin(), roles.end());
  r.duration = node.optional_string("duration").value_or("");
  r.auto_extend_duration = node.optional_string("autoExtendDuration").value_or("PT0S");
  if (!duration_days(r.auto_extend_duration)) {
    node.problem_at("autoExtendDuration",
                    "not an ISO-8601 duration: \"" + r.auto_extend_duration + "\"");
  }
  r.created = timestamp(node, "createdDateTime");
  r.activated = timestamp(node, "activatedDateTime");
  r.end_date_time = timestamp(node, "endDateTime");
  r.reseller = node.boolean("reseller", false);
  r.partner_consent_pending = node.optional_boolean("isPartnerConsentPending");
  r.access_assignments = read_fact<std::vector<AccessAssignment>>(
      node, "accessAssignments",
      [](const JsonNode& v) { return list_of<AccessAssignment>(v, parse_assignment); });
  return r;
}

Contract parse_contract(const JsonNode& node) {
  Contract c;
  if (node.expect_object()) {
    node.allow_only({"customerId", "displayName", "defaultDomainName", "contractType"});
    c.customer_tenant_id = node.string("customerId");
    c.display_name = node.optional_string("displayName").value_or("");
    c.default_domain = node.optional_string("defaultDomainName").value_or("");
    c.contract_type = node.optional_string("contractType").value_or("");
  }
  return c;
}

Partner parse_partner(const JsonNode& node) {
  Partner p;
  if (!node.expect_object()) {
    return p;
  }
  node.allow_only({"tenantId", "displayName", "signIn", "user", "amr", "directoryRoles",
                   "groupMemberships", "adminAgentsGroup", "contracts", "relationships"});
  p.tenant_id = node.string("tenantId");
  // Absent in snapshots of delegated runs (and of versions before app-only runs were kept apart).
  const auto sign_in = node.optional_string("signIn").value_or("delegated");
  if (sign_in != "delegated" && sign_in != "app") {
    node.problem_at("signIn", R"(expected "delegated" or "app")");
  }
  p.sign_in = sign_in == "app" ? SignInKind::app : SignInKind::delegated;
  p.display_name = node.optional_string("displayName").value_or("");
  if (const auto user = node.required("user"); user && user->expect_object()) {
    user->allow_only({"id", "userPrincipalName", "displayName"});
    p.user.id = user->string("id");
    p.user.upn = user->string("userPrincipalName");
    p.user.display_name = user->optional_string("displayName").value_or("");
  }
  p.amr = read_fact<std::vector<std::string>>(node, "amr", string_list);
  p.directory_roles = read_fact<std::vector<std::string>>(node, "directoryRoles", string_list);
  p.group_memberships = read_fact<std::vector<Group>>(
      node, "groupMemberships", [](const JsonNode& v) { return list_of<Group>(v, parse_group); });
  p.admin_agents_group = read_fact<std::optional<Group>>(
      node, "adminAgentsGroup", [](const JsonNode& v) -> std::optional<Group> {
        if (v.json().is_null()) {
          return std::nullopt;
        }
        return parse_group(v);
      });
  p.contracts = read_fact<std::vector<Contract>>(
      node, "contracts", [](const JsonNode& v) { return list_of<Contract>(v, parse_contract); });
  p.relationships = read_fact<std::vector<Relationship>>(
      node, "relationships",
      [](const JsonNode& v) { return list_of<Relationship>(v, parse_relationship); });
  return p;
}

SignIn parse_sign_in(const JsonNode& node) {
  SignIn s;
  if (!node.expect_object()) {
    return s;
  }
  node.allow_only(
      {"succeeded", "error", "errorCodes", "errorDescription", "traceId", "correlationId"});
  if (!node.has("succeeded")) {
    node.problem_at("succeeded", "missing required key \"succeeded\"");
  }
  s.succeeded = node.boolean("succeeded", false);
  s.error = node.optional_string("error").value_or("");
  s.error_codes = node.integers("errorCodes");
  s.description = node.optional_string("errorDescription").value_or("");
  s.trace_id = node.optional_string("traceId").value_or("");
  s.correlation_id = node.optional_string("correlationId").value_or("");
  return s;
}

Credential parse_credential(const JsonNode& node) {
  Credential c;
  if (node.expect_object()) {
    node.allow_only({"keyId", "displayName", "endDateTime"});
    c.key_id = node.optional_string("keyId").value_or("");
    c.display_name = node.optional_string("displayName").value_or("");
    c.end_date_time = timestamp(node, "endDateTime");
  }
  return c;
}

IntegrationApp parse_integration_app(const JsonNode& node) {
  IntegrationApp app;
  if (!node.expect_object()) {
    return app;
  }
  node.allow_only({"appId", "displayName", "registrationFound", "passwordCredentials",
                   "keyCredentials", "grantedGraphAppRoles"});
  app.app_id = node.string("appId");
  app.display_name = node.optional_string("displayName").value_or("");
  app.registration_found = node.boolean("registrationFound", false);
  node.for_each("passwordCredentials", [&](const JsonNode& c) {
    app.password_credentials.push_back(parse_credential(c));
  });
  node.for_each("keyCredentials",
                [&](const JsonNode& c) { app.key_credentials.push_back(parse_credential(c)); });
  app.granted_graph_app_roles =
      read_fact<std::vector<std::string>>(node, "grantedGraphAppRoles", string_list);
  return app;
}

Customer parse_customer(const JsonNode& node) {
  Customer c;
  if (!node.expect_object()) {
    return c;
  }
  node.allow_only({"tenantId", "displayName", "defaultDomain", "domains", "signIn",
                   "servicePrincipals", "conditionalAccessPolicies", "integrationApp",
                   "integrationConsent"});
  c.tenant_id = node.string("tenantId");
  c.display_name = node.optional_string("displayName").value_or("");
  c.default_domain = node.optional_string("defaultDomain").value_or("");
  c.domains = node.strings("domains");
  c.sign_in = read_fact<SignIn>(node, "signIn", parse_sign_in);
  c.service_principals = read_fact<std::vector<ServicePrincipal>>(
      node, "servicePrincipals",
      [](const JsonNode& v) { return list_of<ServicePrincipal>(v, parse_service_principal); });
  c.conditional_access_policies = read_fact<std::vector<CaPolicy>>(
      node, "conditionalAccessPolicies",
      [](const JsonNode& v) { return list_of<CaPolicy>(v, parse_ca_policy); });
  c.integration_app = read_fact<IntegrationApp>(node, "integrationApp", parse_integration_app);
  c.integration_consent = read_fact<IntegrationConsent>(
      node, "integrationConsent", detail::parse_integration_consent,
      "not read: the snapshot is from before gdapcheck read the integration app's consent");
  return c;
}

}  // namespace

json to_json(const Snapshot& snapshot) {
  const Partner& p = snapshot.partner;
  json partner = {{"tenantId", p.tenant_id},
                  {"displayName", p.display_name},
                  {"user",
                   {{"id", p.user.id},
                    {"userPrincipalName", p.user.upn},
                    {"displayName", p.user.display_name}}}};
  if (p.sign_in == SignInKind::app) {
    partner["signIn"] = "app";  // delegated is the default, left out as before
  }
  const auto identity = [](const auto& value) { return json(value); };
  put_fact(partner, "amr", p.amr, identity);
  put_fact(partner, "directoryRoles", p.directory_roles, identity);
  put_fact(partner, "groupMemberships", p.group_memberships, [](const auto& groups) {
    json items = json::array();
    for (const auto& g : groups) {
      items.push_back(group_json(g));
    }
    return items;
  });
  put_fact(partner, "adminAgentsGroup", p.admin_agents_group,
           [](const std::optional<Group>& g) { return g ? group_json(*g) : json(nullptr); });
  put_fact(partner, "contracts", p.contracts, [](const auto& contracts) {
    json items = json::array();
    for (const auto& c : contracts) {
      items.push_back({{"customerId", c.customer_tenant_id},
                       {"displayName", c.display_name},
                       {"defaultDomainName", c.default_domain},
                       {"contractType", c.contract_type}});
    }
    return items;
  });
  put_fact(partner, "relationships", p.relationships, [](const auto& relationships) {
    json items = json::array();
    for (const auto& r : relationships) {
      items.push_back(relationship_json(r));
    }
    return items;
  });
  json customers = json::array();
  for (const auto& c : snapshot.customers) {
    customers.push_back(customer_json(c));
  }
  return {{"schemaVersion", snapshot.schema_version},
          {"collectedAt", string_or_null(snapshot.collected_at)},
          {"toolVersion", snapshot.tool_version},
          {"cloud", snapshot.cloud},
          {"profile", string_or_null(snapshot.profile)},
          {"app", string_or_null(snapshot.app)},
          {"clientId", string_or_null(snapshot.client_id)},
          {"partner", partner},
          {"customers", customers}};
}

namespace {

// The lists that grow with the partner's size, read element by element while the text is parsed
// (input::JsonStreaming), so that neither the text nor the whole document is ever in memory.
struct StreamedLists {
  std::vector<Contract> contracts;
  std::vector<Relationship> relationships;
  std::vector<Customer> customers;
  std::vector<Problem> problems;  // kept apart: they count only if the schema version is read
};

constexpr std::string_view k_contracts_pointer = "/partner/contracts/value";
constexpr std::string_view k_relationships_pointer = "/partner/relationships/value";
constexpr std::string_view k_customers_pointer = "/customers";

// Puts the streamed lists where the document (which holds them empty) says they belong.
void place_streamed(Snapshot& snapshot, StreamedLists& streamed, std::vector<Problem>& problems) {
  if (snapshot.partner.contracts.ok()) {
    snapshot.partner.contracts.value() = std::move(streamed.contracts);
  }
  if (snapshot.partner.relationships.ok()) {
    snapshot.partner.relationships.value() = std::move(streamed.relationships);
  }
  if (snapshot.customers.empty()) {
    snapshot.customers = std::move(streamed.customers);
  } else {
    std::move(streamed.customers.begin(), streamed.customers.end(),
              std::back_inserter(snapshot.customers));
  }
  std::move(streamed.problems.begin(), streamed.problems.end(), std::back_inserter(problems));
}

Snapshot snapshot_from_root(const json& document, std::vector<Problem>& problems,
                            StreamedLists* streamed) {
  Snapshot snapshot;
  const JsonNode root(document, "", problems);
  if (!root.expect_object()) {
    return snapshot;
  }
  root.allow_only({"$schema", "schemaVersion", "collectedAt", "toolVersion", "cloud", "profile",
                   "app", "clientId", "partner", "customers"});
  const auto version = root.optional_integer("schemaVersion");
  if (!version) {
    if (!root.has("schemaVersion")) {
      root.problem_at("schemaVersion", "missing required key \"schemaVersion\"");
    }
    return snapshot;
  }
  if (*version != k_snapshot_schema_version && *version != k_schema_without_ca_conditions) {
    root.problem_at("schemaVersion", "unsupported snapshot schema version " +
                                         std::to_string(*version) +
                                         " (this gdapcheck reads versions 1 to " +
                                         std::to_string(k_snapshot_schema_version) + ")");
    return snapshot;
  }
  snapshot.schema_version = static_cast<int>(*version);
  snapshot.collected_at = root.optional_string("collectedAt").value_or("");
  check_timestamp(root, "collectedAt", root.optional_string("collectedAt"));
  snapshot.tool_version = root.optional_string("toolVersion").value_or("");
  snapshot.cloud = root.optional_string("cloud").value_or("global");
  // Absent in snapshots written before they were recorded: the caller picks its defaults.
  snapshot.profile = root.optional_string("profile").value_or("");
  snapshot.app = root.optional_string("app").value_or("");
  snapshot.client_id = root.optional_string("clientId").value_or("");
  if (const auto partner = root.required("partner")) {
    snapshot.partner = parse_partner(*partner);
  }
  if (!root.has("customers")) {
    root.problem_at("customers", "missing required key \"customers\"");
  }
  root.for_each("customers",
                [&](const JsonNode& c) { snapshot.customers.push_back(parse_customer(c)); });
  if (streamed != nullptr) {
    place_streamed(snapshot, *streamed, problems);
  }
  if (snapshot.schema_version == k_schema_without_ca_conditions) {
    forget_ca_policies_without_conditions(snapshot);
    snapshot.schema_version = k_snapshot_schema_version;  // what it now holds
  }
  return snapshot;
}

// Reads a snapshot from `input` (text or a stream) as it is parsed.
template <typename Input>
Snapshot read_snapshot(Input& input, std::string_view source) {
  StreamedLists streamed;
  input::JsonStreaming streaming;
  streaming.arrays = {std::string(k_contracts_pointer), std::string(k_relationships_pointer),
                      std::string(k_customers_pointer)};
  streaming.sink = [&](const std::string& pointer, json&& element) {
    const JsonNode node(element, pointer, streamed.problems);
    if (pointer.starts_with(k_customers_pointer)) {
      streamed.customers.push_back(parse_customer(node));
    } else if (pointer.starts_with(k_relationships_pointer)) {
      streamed.relationships.push_back(parse_relationship(node));
    } else {
      streamed.contracts.push_back(parse_contract(node));
    }
  };
  input::JsonLimits limits;
  limits.allow_comments = true;
  auto document = input::parse_json(input, limits, &streaming);
  std::vector<Problem> problems;
  Snapshot snapshot;
  if (document) {
    snapshot = snapshot_from_root(document.value(), problems, &streamed);
  } else {
    problems.push_back(problem_from(std::move(document).error()));
  }
  if (!problems.empty()) {
    std::string message = format_problems(source, problems);
    message.pop_back();  // the trailing newline; the caller adds its own
    throw InputError("invalid snapshot\n" + message);
  }
  return snapshot;
}

void check_file_size(const std::string& path, std::uintmax_t limit) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    throw InputError(path + ": cannot read: " + ec.message());
  }
  if (size > limit) {
    throw InputError(path + ": file is too large (" + std::to_string(size) + " bytes)");
  }
}

}  // namespace

Snapshot snapshot_from_json(const json& document, std::vector<Problem>& problems) {
  return snapshot_from_root(document, problems, nullptr);
}

Snapshot parse_snapshot(std::string_view text, std::string_view source) {
  return read_snapshot(text, source);
}

std::string read_text_file(const std::string& path) {
  check_file_size(path, k_max_input_bytes);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(path + ": cannot open for reading");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string read_text_stream(std::istream& in, std::string_view source) {
  std::string text;
  std::array<char, 65536> buffer{};
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > k_max_input_bytes) {
      throw InputError(std::string(source) + ": too large (more than " +
                       std::to_string(k_max_input_bytes) + " bytes)");
    }
  }
  if (in.bad()) {
    throw InputError(std::string(source) + ": cannot read");
  }
  return text;
}

Snapshot load_snapshot_file(const std::string& path) {
  check_file_size(path, k_max_snapshot_bytes);
  std::ifstream in;
  // Read in large blocks: the parser takes one character at a time from the stream's buffer.
  std::vector<char> buffer(std::size_t{1} << 20U);
  in.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  in.open(path, std::ios::binary);
  if (!in) {
    throw InputError(path + ": cannot open for reading");
  }
  return read_snapshot(in, path);
}

std::string snapshot_document(const Snapshot& snapshot) {
  return to_json(snapshot).dump(2) + "\n";
}

void save_snapshot_file(const std::string& path, const Snapshot& snapshot) {
  using std::filesystem::perms;
  // Readable like any document the user writes (the umask decides); a snapshot holds no secrets.
  const auto permissions = perms::owner_read | perms::owner_write | perms::group_read |
                           perms::group_write | perms::others_read | perms::others_write;
  if (auto failure = replace_file(path, snapshot_document(snapshot), permissions)) {
    throw InputError(path + ": cannot write the snapshot: " + *failure);
  }
}

}  // namespace gdap::model
