"""The Graph v1.0 writes a `gdapcheck fix --apply` sends, as Microsoft Graph answers them.

A mixin of the emulator: every handler changes the scenario's directory (the one source the reads
are built from) and rebuilds the Graph view, so the next read, a re-collection, sees the change.
Nothing here deletes or terminates anything. Each answer, permission and error follows Microsoft
Learn (the page is named next to each handler); where Learn is silent the emulator's choice is said
so, here and in README.md.
"""

import copy
import datetime
import re
import uuid

from graph_common import GLOBAL_ADMIN, Reply, etag, graph_error, stable_uuid

DENIED = "Insufficient privileges to complete the operation."
# Durations Graph accepts for delegatedAdminRelationship.autoExtendDuration (resource page).
AUTO_EXTEND_VALUES = {"PT0S", "P0D", "P180D"}
_DURATION = re.compile(r"^P(?:(\d+)D|(\d+)Y)$")
_OBJECT_URL = re.compile(r"^https://graph\.microsoft\.com/v1\.0/(?:directoryObjects|users|groups)/"
                         r"(?P<id>[0-9A-Za-z-]+)$", re.I)
_REL = r"/tenantRelationships/delegatedAdminRelationships"

# Permissions per write, (delegated scopes, application roles): the least privileged one and the
# higher ones Learn lists on each page.
CREATE_SP = ({"Application.ReadWrite.All", "Directory.ReadWrite.All"},
             {"Application.ReadWrite.OwnedBy", "Application.ReadWrite.All", "Directory.ReadWrite.All"})
ADD_MEMBER = ({"GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All"},
              {"GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All"})
GDAP_WRITE = ({"DelegatedAdminRelationship.ReadWrite.All"}, {"DelegatedAdminRelationship.ReadWrite.All"})
GDAP_READ = ({"DelegatedAdminRelationship.Read.All", "DelegatedAdminRelationship.ReadWrite.All"},
             {"DelegatedAdminRelationship.Read.All", "DelegatedAdminRelationship.ReadWrite.All"})


def now_text():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def duration_days(text):
    match = _DURATION.match(text or "")
    if not match:
        return None
    return int(match.group(1)) if match.group(1) else 365 * int(match.group(2))


def role_ids(access_details):
    roles = (access_details or {}).get("unifiedRoles") if isinstance(access_details, dict) else None
    if not isinstance(roles, list):
        return None
    ids = [r.get("roleDefinitionId") for r in roles if isinstance(r, dict)]
    return ids if ids and all(isinstance(i, str) and i for i in ids) else None


class GraphWrites:
    """Handlers for the write routes (WRITE_ROUTES); mixed into the emulator."""

    # --- shared checks ---------------------------------------------------------------------
    def granted(self, call, permissions):
        """403 unless the token carries one of the permissions: `scp` for a signed-in user,
        `roles` for an app-only token."""
        delegated, application = permissions
        if self.app_only(call):
            held, wanted = set(call.claims.get("roles") or []), application
        else:
            held, wanted = set(str(call.claims.get("scp") or "").split()), delegated
        if held & wanted:
            return None
        return graph_error(403, "Authorization_RequestDenied", DENIED, call.client_request_id)

    def changed(self):
        """The scenario changed: rebuild the Graph view the reads serve."""
        self._index = None
        return self.index

    def partner_source(self):
        return self.scenario.setdefault("graph", {}).setdefault("partner", {})

    def bad_request(self, call, message, code="badRequest"):
        return graph_error(400, code, message, call.client_request_id)

    def visible_relationship(self, call, rel_id):
        """The relationship (Graph shape) and its scenario source, or the 404 a read gives:
        outside AdminAgents the partner sees none, as the list reads do."""
        directory = call.directory
        for rel in directory.relationships if directory.in_admin_agents else []:
            if rel["id"] == rel_id:
                source = next(r for r in self.partner_source().get("relationships", []) if r["id"] == rel_id)
                return rel, source, None
        return None, None, graph_error(404, "notFound", f"The delegatedAdminRelationship with id '{rel_id}' "
                                       "was not found.", call.client_request_id)

    def relationship_to_change(self, call, match):
        """The relationship a GDAP write names, or the answer refusing the write."""
        denied = self.partner_only(call) or self.granted(call, GDAP_WRITE)
        if denied:
            return None, None, denied
        return self.visible_relationship(call, match.group("id"))

    def auto_extend_refusal(self, call, extend, roles):
        """400 for an autoExtendDuration Graph does not take, or P180D with Global Administrator."""
        if extend not in AUTO_EXTEND_VALUES:
            return self.bad_request(call, f"The autoExtendDuration '{extend}' is invalid. Supported values are: "
                                    "PT0S, P0D, P180D.")
        if extend == "P180D" and GLOBAL_ADMIN in roles:
            # Partner Center: "Don't autoextend GDAP with Global Administrator" (https://learn.microsoft.com/
            # partner-center/customers/expiring-gdap-relationships-and-auto-extend-gdap).
            return self.bad_request(call, "Auto extension is not supported for a relationship that contains the "
                                    "Global Administrator role.")
        return None

    def created_entity(self, call, obj, context, status=201, headers=None):
        reply = self.entity(call, obj, context)
        reply.status = status
        reply.headers.update(headers or {})
        if "@odata.etag" in obj:
            reply.headers["ETag"] = obj["@odata.etag"]
        return reply

    # --- POST /servicePrincipals --------------------------------------------------------------
    # https://learn.microsoft.com/graph/api/serviceprincipal-post-serviceprincipals?view=graph-rest-1.0
    def w_create_service_principal(self, call, match):
        denied = self.granted(call, CREATE_SP)
        if denied:
            return denied
        body = call.body if isinstance(call.body, dict) else {}
        app_id = body.get("appId")
        if not isinstance(app_id, str) or not app_id:
            return self.bad_request(call, "Property 'appId' is required.", "Request_BadRequest")
        if self.owned_by_only(call) and app_id.lower() != str(call.claims.get("appid", "")).lower():
            # Application.ReadWrite.OwnedBy reaches only applications the caller owns; the emulator
            # models the caller owning itself and nothing else.
            return graph_error(403, "Authorization_RequestDenied", DENIED, call.client_request_id)
        if self.find_sp(call, app_id):
            # Not on Learn; Graph's answer as reported (KelvinTegelaar/CIPP#1142,
            # Azure/reliable-web-app-pattern-java#185): 409 with this code and wording.
            return graph_error(409, "Request_MultipleObjectsWithSameKeyValue", "The service principal cannot be "
                               "created, updated, or restored because the service principal name "
                               f"{app_id} is already in use.", call.client_request_id)
        template = self.known_application(app_id)
        if template is None:
            return self.bad_request(call, f"The appId '{app_id}' of the service principal does not reference a "
                                    "valid application object.", "Request_BadRequest")
        tenant = call.directory.tenant_id
        source = self.tenant_source(tenant)
        entry = {k: copy.deepcopy(v) for k, v in template.items() if k != "id"}
        entry["id"] = stable_uuid(tenant, "sp", app_id.lower())
        source.setdefault("servicePrincipals", []).append(entry)
        directory = self.changed().lookup(tenant)
        created = next(sp for sp in directory.service_principals if sp["id"] == entry["id"])
        return self.created_entity(call, created, "servicePrincipals")

    def owned_by_only(self, call):
        roles = set(call.claims.get("roles") or []) if self.app_only(call) else set()
        return "Application.ReadWrite.OwnedBy" in roles and not roles & (CREATE_SP[1] - {
            "Application.ReadWrite.OwnedBy"})

    def known_application(self, app_id):
        """The multi-tenant application an appId names: one the scenario knows, either as a
        service principal in some tenant or in `graph.applications_catalog`."""
        wanted = app_id.lower()
        graph = self.scenario.get("graph", {})
        for app in graph.get("applications_catalog") or []:
            if app.get("appId", "").lower() == wanted:
                return app
        tenants = [graph.get("partner") or {}] + list((graph.get("customers") or {}).values())
        for data in tenants:
            for sp in data.get("servicePrincipals", []):
                if sp.get("appId", "").lower() == wanted:
                    return sp
        return None

    def tenant_source(self, tenant_id):
        graph = self.scenario.setdefault("graph", {})
        if tenant_id.lower() == self.index.partner.tenant_id.lower():
            return self.partner_source()
        return next(data for key, data in graph.get("customers", {}).items() if key.lower() == tenant_id.lower())

    # --- POST /groups/{id}/members/$ref -------------------------------------------------------
    # https://learn.microsoft.com/graph/api/group-post-members?view=graph-rest-1.0
    # 204 on success; "400 Bad Request when the object is already a member of the group" (Learn),
    # not 409; 404 when the object being added does not exist.
    def w_add_member(self, call, match):
        denied = self.granted(call, ADD_MEMBER)
        if denied:
            return denied
        group_id = match.group("group")
        directory = call.directory
        if group_id not in directory.groups:
            return graph_error(404, "Request_ResourceNotFound", f"Resource '{group_id}' does not exist or one of "
                               "its queried reference-property objects are not present.", call.client_request_id)
        body = call.body if isinstance(call.body, dict) else {}
        reference = _OBJECT_URL.match(str(body.get("@odata.id") or ""))
        if reference is None:
            return self.bad_request(call, "Invalid object identifier '" + str(body.get("@odata.id")) + "'.",
                                    "Request_BadRequest")
        member_id = reference.group("id")
        if member_id not in directory.users and member_id not in directory.groups:
            return graph_error(404, "Request_ResourceNotFound", f"Resource '{member_id}' does not exist or one "
                               "of its queried reference-property objects are not present.",
                               call.client_request_id)
        group = next(g for g in self.partner_source().get("groups", []) if g["id"] == group_id)
        members = group.setdefault("members", [])
        if member_id in members:
            # Graph's wording for this 400 (seen in ansible-collections/azure#1519).
            return self.bad_request(call, "One or more added object references already exist for the "
                                    "following modified properties: 'members'.", "Request_BadRequest")
        members.append(member_id)
        self.changed()
        return Reply(204, None)

    # --- PATCH /tenantRelationships/delegatedAdminRelationships/{id} -------------------------
    # https://learn.microsoft.com/graph/api/delegatedadminrelationship-update?view=graph-rest-1.0
    # Learn: If-Match is required; autoExtendDuration may change while the status is created or
    # active, anything else only while created; 200 OK with the updated relationship. (The 202 +
    # operation of the issue text is Learn's long-running removal of Global Administrator from an
    # active relationship, which these writes never do.)
    def w_update_relationship(self, call, match):
        rel, source, refused = self.relationship_to_change(call, match)
        if refused:
            return refused
        if_match = call.header("If-Match")
        if not if_match:
            # Learn marks the header Required without documenting the answer: emulator's choice.
            return self.bad_request(call, "The If-Match header is required to update a delegatedAdminRelationship.")
        if if_match.strip() not in ("*", rel["@odata.etag"]):
            return graph_error(412, "preconditionFailed", "The ETag in the If-Match header does not match the "
                               "current version of the delegatedAdminRelationship.", call.client_request_id)
        body = call.body if isinstance(call.body, dict) else None
        if not body:
            return self.bad_request(call, "The request body is empty.")
        extend = body.get("autoExtendDuration")
        others = [k for k in body if k != "autoExtendDuration" and not k.startswith("@odata.")]  # SDKs send @odata.type
        if others and rel["status"] != "created":
            return self.bad_request(call, "A delegatedAdminRelationship can only be updated in the 'created' "
                                    f"status; this one is '{rel['status']}'.")
        if extend is not None:
            if rel["status"] not in ("created", "active"):
                return self.bad_request(call, "The autoExtendDuration can only be updated in the 'created' or "
                                        f"'active' status; this one is '{rel['status']}'.")
            roles = role_ids(body.get("accessDetails")) or \
                [r["roleDefinitionId"] for r in rel["accessDetails"]["unifiedRoles"]]
            refused = self.auto_extend_refusal(call, extend, roles)
            if refused:
                return refused
        for key in ("displayName", "duration", "customer", "accessDetails", "autoExtendDuration"):
            if key in body:
                self.set_relationship_field(source, key, body[key])
        self.touch(source, rel)
        updated = self.find_relationship(rel["id"])
        return self.created_entity(call, updated, "tenantRelationships/delegatedAdminRelationships", status=200)

    @staticmethod
    def set_relationship_field(source, key, value):
        if key == "accessDetails" and "accessDetails" not in source:  # snapshot shape keeps roles
            source["roles"] = role_ids(value) or []
        else:
            source[key] = copy.deepcopy(value)

    def touch(self, source, rel):
        """A changed relationship gets a new lastModifiedDateTime and so a new ETag."""
        stamp = now_text()
        source["lastModifiedDateTime"] = stamp
        source["@odata.etag"] = etag(rel["id"], stamp, str(uuid.uuid4()))
        self.changed()

    def find_relationship(self, rel_id):
        return next(r for r in self.index.partner.relationships if r["id"] == rel_id)

    # --- POST …/delegatedAdminRelationships/{id}/accessAssignments ----------------------------
    # https://learn.microsoft.com/graph/api/delegatedadminrelationship-post-accessassignments?view=graph-rest-1.0
    # 201 Created with Location; the new assignment is "pending" in that answer. The emulator makes
    # it "active" for every later read (Learn: it becomes active once provisioned).
    def w_create_assignment(self, call, match):
        rel, source, refused = self.relationship_to_change(call, match)
        if refused:
            return refused
        body = call.body if isinstance(call.body, dict) else {}
        container = body.get("accessContainer") if isinstance(body.get("accessContainer"), dict) else {}
        group_id = container.get("accessContainerId")
        if container.get("accessContainerType") != "securityGroup" or not isinstance(group_id, str):
            return self.bad_request(call, "accessContainer must name a securityGroup by accessContainerId.")
        group = call.directory.groups.get(group_id)
        if group is None or not group.get("securityEnabled"):
            return self.bad_request(call, f"The access container '{group_id}' does not exist or is not a "
                                    "security group in the partner tenant.")
        roles = role_ids(body.get("accessDetails"))
        if roles is None:
            return self.bad_request(call, "accessDetails.unifiedRoles must list at least one roleDefinitionId.")
        if rel["status"] != "active":
            return self.bad_request(call, "Access assignments can only be created on an 'active' relationship; "
                                    f"this one is '{rel['status']}'.")
        held = {r["roleDefinitionId"] for r in rel["accessDetails"]["unifiedRoles"]}
        outside = [r for r in roles if r not in held]
        if outside:
            return self.bad_request(call, "The roles " + ", ".join(outside) + " are not part of the "
                                    "delegatedAdminRelationship's access details.")
        for existing in call.directory.assignments.get(rel["id"], []):
            if (existing["accessContainer"]["accessContainerId"] == group_id
                    and existing["status"] not in ("deleted", "deleting")):
                # Not on Learn (emulator's choice): one assignment per group per relationship.
                return graph_error(409, "conflict", f"An access assignment for the access container '{group_id}' "
                                   f"already exists: '{existing['id']}'.", call.client_request_id)
        stamp = now_text()
        assignment_id = str(uuid.uuid4())
        stored = {"@odata.type": "#microsoft.graph.delegatedAdminAccessAssignment",
                  "@odata.etag": etag(assignment_id, stamp), "id": assignment_id, "status": "active",
                  "createdDateTime": stamp, "lastModifiedDateTime": stamp,
                  "accessContainer": {"accessContainerId": group_id, "accessContainerType": "securityGroup"},
                  "accessDetails": {"unifiedRoles": [{"roleDefinitionId": r} for r in roles]}}
        source.setdefault("accessAssignments", []).append(stored)
        self.changed()
        answer = dict(stored, status="pending")
        location = f"{self.graph_base}{_REL}/{rel['id']}/accessAssignments/{assignment_id}"
        return self.created_entity(call, answer, f"tenantRelationships/delegatedAdminRelationships('{rel['id']}')"
                                   "/accessAssignments", headers={"Location": location})

    # --- POST /tenantRelationships/delegatedAdminRelationships ---------------------------------
    # https://learn.microsoft.com/graph/api/tenantrelationship-post-delegatedadminrelationships?view=graph-rest-1.0
    def w_create_relationship(self, call, match):
        denied = self.partner_only(call) or self.granted(call, GDAP_WRITE)
        if denied:
            return denied
        body = call.body if isinstance(call.body, dict) else {}
        name = body.get("displayName")
        customer = body.get("customer") if isinstance(body.get("customer"), dict) else {}
        roles = role_ids(body.get("accessDetails"))
        days = duration_days(body.get("duration"))
        extend = body.get("autoExtendDuration", "PT0S")
        if not isinstance(name, str) or not name.strip():
            return self.bad_request(call, "displayName is required.")
        if days is None or not 1 <= days <= 730:
            return self.bad_request(call, "duration must be between P1D and P2Y inclusive.")
        if roles is None:
            return self.bad_request(call, "accessDetails.unifiedRoles must list at least one roleDefinitionId.")
        refused = self.auto_extend_refusal(call, extend, roles)
        if refused:
            return refused
        if any(r.get("displayName", "").lower() == name.lower() for r in call.directory.relationships):
            # Learn (update page): displayName must be unique across all the partner's relationships.
            return self.bad_request(call, f"A delegatedAdminRelationship named '{name}' already exists.")
        stamp = now_text()
        rel_id = f"{uuid.uuid4()}-{uuid.uuid4()}"  # two GUIDs joined by '-', as Graph's ids are
        stored = {"@odata.type": "#microsoft.graph.delegatedAdminRelationship",
                  "@odata.etag": etag(rel_id, stamp), "id": rel_id, "displayName": name,
                  "duration": body["duration"],
                  "customer": {"tenantId": customer.get("tenantId"), "displayName": customer.get("displayName")},
                  "accessDetails": {"unifiedRoles": [{"roleDefinitionId": r} for r in roles]},
                  "status": "created", "autoExtendDuration": extend, "createdDateTime": stamp,
                  "lastModifiedDateTime": stamp, "activatedDateTime": None, "endDateTime": None,
                  "accessAssignments": []}
        self.partner_source().setdefault("relationships", []).append(stored)
        self.changed()
        return self.created_entity(call, self.find_relationship(rel_id),
                                   "tenantRelationships/delegatedAdminRelationships",
                                   headers={"Location": f"{self.graph_base}{_REL}/{rel_id}"})

    # --- POST …/delegatedAdminRelationships/{id}/requests ---------------------------------------
    # https://learn.microsoft.com/graph/api/delegatedadminrelationship-post-requests?view=graph-rest-1.0
    # Only lockForApproval (created → approvalPending) is played; the approval is the customer's
    # (POST /_control/approve-relationship). terminate is refused: these routes never end anything.
    def w_relationship_request(self, call, match):
        rel, source, refused = self.relationship_to_change(call, match)
        if refused:
            return refused
        action = (call.body or {}).get("action") if isinstance(call.body, dict) else None
        if action != "lockForApproval":
            return self.bad_request(call, f"The action '{action}' is not supported by this emulator; only "
                                    "lockForApproval is.")
        if rel["status"] != "created":
            return self.bad_request(call, "lockForApproval is only allowed in the 'created' status; this "
                                    f"relationship is '{rel['status']}'.")
        stamp = now_text()
        request = {"@odata.type": "#microsoft.graph.delegatedAdminRelationshipRequest",
                   "id": str(uuid.uuid4()), "action": "lockForApproval", "status": "created",
                   "createdDateTime": stamp, "lastModifiedDateTime": stamp}
        source.setdefault("requests", []).append(request)
        source["status"] = "approvalPending"
        self.touch(source, rel)
        location = f"{self.graph_base}{_REL}/{rel['id']}/requests/{request['id']}"
        return self.created_entity(call, request, f"tenantRelationships/delegatedAdminRelationships('{rel['id']}')"
                                   "/requests", headers={"Location": location})

    # --- GET …/{id}/requests[/{childId}] and …/{id}/operations[/{childId}] -----------------------
    # https://learn.microsoft.com/graph/api/delegatedadminrelationship-list-requests?view=graph-rest-1.0
    # https://learn.microsoft.com/graph/api/delegatedadminrelationship-list-operations?view=graph-rest-1.0
    # Requests read back what lockForApproval sent. No write here starts a long-running operation
    # (Learn answers the auto-extend update with 200), so operations is what Graph shows for such a
    # relationship: an empty list, and any operation id is unknown.
    def g_relationship_children(self, call, match):
        denied = self.partner_only(call)
        if denied:
            return denied
        rel, source, missing = self.visible_relationship(call, match.group("id"))
        if missing:
            return missing
        children = match.group("children")
        items = source.get(children, [])
        context = f"tenantRelationships/delegatedAdminRelationships('{rel['id']}')/{children}"
        child_id = match.group("child")
        if child_id:
            found = next((item for item in items if item["id"] == child_id), None)
            if found is None:
                kind = "Request" if children == "requests" else "Operation"
                return graph_error(404, "notFound", f"The delegatedAdminRelationship{kind} with id '{child_id}' "
                                   "was not found.", call.client_request_id)
            return self.entity(call, found, context)
        return self.collection(call, items, context, endpoint_max=300)

    # --- control: the customer approves -------------------------------------------------------
    def approve_relationship(self, rel_id):
        """The customer's approval of a locked relationship: approvalPending → active, activated now,
        ending after its duration. Returns the new status, or None when nothing matched."""
        source = next((r for r in self.partner_source().get("relationships", []) if r["id"] == rel_id), None)
        if source is None or source.get("status") != "approvalPending":
            return None
        now = datetime.datetime.now(datetime.timezone.utc)
        days = duration_days(source.get("duration")) or 730
        source["status"] = "active"
        source["activatedDateTime"] = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        source["endDateTime"] = (now + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        self.touch(source, {"id": rel_id})
        return "active"


# Write routes (method, regex on the path after /v1.0, handler name, kind), added to GRAPH_ROUTES.
WRITE_ROUTES = [
    ("POST", re.compile(r"^/servicePrincipals/?$"), "w_create_service_principal", "servicePrincipals:create"),
    ("POST", re.compile(r"^/groups/(?P<group>[^/]+)/members/\$ref/?$"), "w_add_member", "groups/members:add"),
    ("PATCH", re.compile("^" + _REL + r"/(?P<id>[^/]+)/?$"), "w_update_relationship",
     "delegatedAdminRelationship:update"),
    ("POST", re.compile("^" + _REL + r"/(?P<id>[^/]+)/accessAssignments/?$"), "w_create_assignment",
     "accessAssignments:create"),
    ("POST", re.compile("^" + _REL + r"/?$"), "w_create_relationship", "delegatedAdminRelationships:create"),
    ("POST", re.compile("^" + _REL + r"/(?P<id>[^/]+)/requests/?$"), "w_relationship_request",
     "relationshipRequests:create"),
    ("GET", re.compile("^" + _REL + r"/(?P<id>[^/]+)/(?P<children>requests|operations)(?:/(?P<child>[^/]+))?/?$"),
     "g_relationship_children", "relationshipRequestsOrOperations"),
]
WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}
