#!/usr/bin/env python3
"""Loopback emulator of Microsoft's login endpoints and Microsoft Graph v1.0 for gdapcheck tests.

Python 3 standard library only. Listens on 127.0.0.1 on an ephemeral port and prints the port
number as its first line on stdout. Behaviour comes from a scenario (JSON file given with
--scenario, merged over DEFAULT_SCENARIO) that tests can change at run time through /_control.

Answers use Microsoft's JSON shapes (identity.md §2-§5): the devicecode body, token bodies, and
token errors with error, error_description ("AADSTSnnnn: ...\\r\\nTrace ID: ..."), error_codes,
timestamp, trace_id, correlation_id, error_uri. Graph answers follow graph-api.md: collections
with @odata.context and @odata.nextLink paging, $batch, and error bodies of §13.

The server is a small asyncio HTTP/1.1 server (keep-alive, Content-Length or chunked bodies,
`Expect: 100-continue`), so hundreds of connections and injected latency cost no threads and
never block each other.

Routes live in two tables: ROUTES (login and control: method, path regex, handler) and
GRAPH_ROUTES (method, regex on the path after /v1.0, handler, kind). A handler takes the
Emulator, the request (or a Graph call context) and the regex match, and returns a Reply.

Control endpoints (JSON in, JSON out; no latency, no faults, not logged):
  POST /_control/approve   {"user_code": optional}   approve pending device codes
  POST /_control/decline   {"user_code": optional}   decline them
  POST /_control/scenario  {...}                     deep-merge into the scenario
  POST /_control/reset-stats                         zero graph_stats and forget logged requests
  GET  /_control/state                               requests seen, polls, every secret issued,
                                                     graph_stats
"""

import argparse
import asyncio
import base64
import copy
import datetime
import hashlib
import json
import random
import re
import secrets
import signal
import socket
import string
import struct
import sys
import time
import urllib.parse
import uuid

from graph_common import GLOBAL_ADMIN, Reply, b64url, etag, graph_error, stable_uuid  # noqa: F401
import graph_writes

PARTNER_TENANT = "11111111-2222-3333-4444-555555555555"
MICROSOFT_GRAPH_APP = "00000003-0000-0000-c000-000000000000"

DEFAULT_SCENARIO = {
    # Who signs in: claims of the partner account's tokens.
    "account": {
        "tid": PARTNER_TENANT,
        "oid": "aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb",
        "upn": "admin@partner.example",
        "name": "Partner Admin",
        "amr": ["pwd", "mfa"],
        "wids": [GLOBAL_ADMIN],
    },
    "device": {
        "interval": 5,             # seconds; tests use 0 or 1
        "include_interval": True,  # False: the client must fall back to 5 s
        "expires_in": 900,
        "include_message": True,
        "approve": "auto",         # auto: after pending_polls; manual: wait for /_control/approve
        "pending_polls": 0,        # authorization_pending answers before the outcome
        "slow_down_polls": [],     # 1-based poll numbers answered with slow_down
        "outcome": "approve",      # approve | decline | access_denied | expire | bad_code | error
        "error": {"error": "invalid_grant", "codes": [50076], "status": 400},
        "enforce_interval": True,  # a poll sooner than the interval gets slow_down
        "devicecode_error": None,  # {"error":..., "codes":[...]} to fail the devicecode call
    },
    "tokens": {
        "expires_in": 3599,
        "format": "jwt",           # jwt | opaque
        "id_token": True,
    },
    "refresh": {
        "rotate": True,            # every refresh returns a new refresh token
        "revoke_old": True,        # a replaced refresh token is refused (stricter than Entra)
        "delay": 0.0,              # seconds to wait before answering (concurrency tests)
    },
    # Per-tenant behaviour for refresh and client credentials, keyed by tenant id or domain:
    # {"claims": {...}} overrides claims; {"error": {"error":..., "codes":[...], "status":400}}
    # makes every token request for that tenant fail.
    "tenants": {},
    # App registrations for client credentials: {client_id: {"secret": "...", "expired": false}}.
    "apps": {},
    # Added to every non-control request (login and Graph; a $batch envelope gets it once).
    "network": {"latency_ms": 0},
    # Fault injection on Graph requests (and on the token endpoint with include_token).
    "faults": {
        "seed": 1,
        "rate_429": 0.0,           # fraction answered 429 TooManyRequests with Retry-After
        "retry_after": 1,          # seconds, the Retry-After of injected 429s
        "rate_503": 0.0,           # fraction answered 503 serviceNotAvailable
        "rate_reset": 0.0,         # fraction whose connection is closed without an answer
        "rate_truncated": 0.0,     # fraction answered with half the body, then closed
        "include_token": False,    # apply the rates to the token endpoint too
        # Rules that always fail a matching Graph request (or $batch sub-request):
        # {"method": "GET", "path": "<regex on the path after /v1.0>", "query": "<regex>",
        #  "tenant": "<id>", "status": 500, "code": "...", "message": "...", "reset": false,
        #  "truncate": false, "retry_after": 0, "times": <only the first N matches>}
        "fail": [],
    },
    # The directory Graph serves: the partner tenant and each customer tenant (README.md).
    "graph": {
        "partner": {},
        "customers": {},
    },
}

ALIASES = {"organizations", "common", "consumers"}

GRAPH_RESOURCE = "https://graph.microsoft.com"
# The delegated permissions a signed-in account has consented to unless account.scp says otherwise:
# the read-only ones gdapcheck signs in with (src/auth/config.cpp). Writes need more (graph_writes).
DELEGATED_SCOPES = ["User.Read", "DelegatedAdminRelationship.Read.All", "GroupMember.Read.All",
                    "RoleManagement.Read.Directory", "Application.Read.All", "Policy.Read.All",
                    "Organization.Read.All", "Directory.Read.All"]
OIDC_SCOPES = {"openid", "profile", "offline_access", "email", ".default"}


def explicit_scopes(requested):
    """The Graph permissions a token request names one by one (not `.default`, not OIDC scopes)."""
    out = []
    for scope in (requested or "").split():
        name = scope[len(GRAPH_RESOURCE) + 1:] if scope.lower().startswith(GRAPH_RESOURCE + "/") else scope
        if name and name.lower() not in OIDC_SCOPES and "://" not in name and name not in out:
            out.append(name)
    return out

ERROR_TEXT = {
    70016: "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
    70018: "Invalid verification code.",
    70019: "Verification code expired.",
    70020: "The user has declined to authorize the device.",
    70008: "The provided authorization code or refresh token has expired due to inactivity.",
    7000215: "Invalid client secret provided.",
    7000222: "The provided client secret keys are expired.",
    7000218: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    700016: "Application was not found in the directory.",
    9001023: "The grant type is not supported over the /common or /consumers endpoints.",
    50020: "User account from identity provider does not exist in tenant and cannot access the application.",
    50076: "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication.",
    53003: "Access has been blocked by Conditional Access policies.",
    90033: "A transient error has occurred. Please try again.",
    90099: "The application '{app}' has not been authorized in the tenant '{tenant}'. Applications must be "
           "authorized to access the external tenant before partner delegated administrators can use them. "
           "Provide pre-consent or execute the appropriate Partner Center API to authorize the application.",
    65001: "The user or administrator has not consented to use the application with ID '{app}'. "
           "Send an interactive authorization request for this user and resource.",
    7000112: "Application '{app}' is disabled.",
    900144: "The request body must contain the following parameter.",
    90002: "Tenant not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.",
}

ROLE_NAMES = {
    GLOBAL_ADMIN: "Global Administrator",
    "f2ef992c-3afb-46b9-b7cf-a126ee74c451": "Global Reader",
    "fe930be7-5e62-47db-91af-98c3a49a38b1": "User Administrator",
    "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3": "Application Administrator",
    "e8611ab8-c189-46e8-94e1-60213ab1f814": "Privileged Role Administrator",
    "88d8e3e3-8f55-4a1e-953a-9b9898b8876b": "Directory Readers",
}

RESET = object()      # dispatch outcome: close the connection without answering
TRUNCATE = "truncate"  # Reply.fault: send the headers and half the body, then close


def deep_merge(base, update):
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            deep_merge(base[key], value)
        else:
            base[key] = value
    return base


class Headers(dict):
    """Header names are case-insensitive: stored lower-case."""

    def get(self, key, default=None):
        return dict.get(self, key.lower(), default)

    def __getitem__(self, key):
        return dict.__getitem__(self, key.lower())

    def __contains__(self, key):
        return dict.__contains__(self, key.lower())


def json_reply(status, body):
    return Reply(status, body, {"Cache-Control": "no-store", "Pragma": "no-cache"})


def error_reply(error, codes, status=400, app="", tenant="", suberror=None):
    trace = str(uuid.uuid4())
    correlation = str(uuid.uuid4())
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")
    code = codes[0] if codes else 0
    text = ERROR_TEXT.get(code, "Emulated failure.").replace("{app}", app).replace("{tenant}", tenant)
    body = {
        "error": error,
        "error_description": f"AADSTS{code}: {text}\r\nTrace ID: {trace}\r\n"
                             f"Correlation ID: {correlation}\r\nTimestamp: {stamp}",
        "error_codes": list(codes),
        "timestamp": stamp,
        "trace_id": trace,
        "correlation_id": correlation,
        "error_uri": f"https://login.microsoftonline.com/error?code={code}",
    }
    if suberror:
        body["suberror"] = suberror
    return json_reply(status, body)


# --- OData helpers ---------------------------------------------------------------------------

_QUOTED = r"'((?:[^']|'')*)'"
_FILTER_EQ = re.compile(r"^\s*(\w+)\s+eq\s+(?:" + _QUOTED + r"|(true|false|null))\s*$", re.I)
_FILTER_IN = re.compile(r"^\s*(\w+)\s+in\s+\((.*)\)\s*$", re.I)
_FILTER_STARTS = re.compile(r"^\s*startswith\(\s*(\w+)\s*,\s*" + _QUOTED + r"\s*\)\s*$", re.I)


class QueryError(Exception):
    def __init__(self, message, code="Request_UnsupportedQuery"):
        super().__init__(message)
        self.code = code


def parse_filter(text):
    """A small $filter: clauses joined by ' and ', each `p eq 'v'`, `p eq true`, `p in ('a',...)`
    or `startswith(p,'v')`. Returns a predicate over a Graph object."""
    clauses = []
    for part in re.split(r"\s+and\s+", text.strip(), flags=re.I):
        match = _FILTER_EQ.match(part)
        if match:
            prop, quoted, literal = match.group(1), match.group(2), match.group(3)
            if quoted is not None:
                wanted = quoted.replace("''", "'").casefold()
                clauses.append(lambda o, p=prop, w=wanted: isinstance(o.get(p), str) and o[p].casefold() == w)
            else:
                value = {"true": True, "false": False, "null": None}[literal.lower()]
                clauses.append(lambda o, p=prop, v=value: o.get(p) == v)
            continue
        match = _FILTER_IN.match(part)
        if match:
            prop = match.group(1)
            values = [v.replace("''", "'").casefold() for v in re.findall(_QUOTED, match.group(2))]
            if len(values) > 15:
                raise QueryError("Too many child clauses specified in search filter expression "
                                 f"containing 'OR' operators: {len(values)}. Max allowed: 15.")
            wanted = set(values)
            clauses.append(lambda o, p=prop, w=wanted: isinstance(o.get(p), str) and o[p].casefold() in w)
            continue
        match = _FILTER_STARTS.match(part)
        if match:
            prop, prefix = match.group(1), match.group(2).replace("''", "'").casefold()
            clauses.append(lambda o, p=prop, w=prefix: isinstance(o.get(p), str) and o[p].casefold().startswith(w))
            continue
        raise QueryError(f"Invalid filter clause: {part}", "BadRequest")
    return lambda obj: all(clause(obj) for clause in clauses)


def project(obj, select):
    """$select: the selected properties (those the object has) plus its @odata annotations."""
    if not select:
        return obj
    return {k: v for k, v in obj.items() if k in select or k.startswith("@odata.")}


# --- scenario data → Graph shapes --------------------------------------------------------------


def unified_roles(roles):
    return {"unifiedRoles": [{"roleDefinitionId": r} for r in roles]}


def relationship_to_graph(rel):
    if "accessDetails" in rel:  # already in Graph's shape
        return {k: v for k, v in rel.items() if k not in ("accessAssignments", "requests")}
    reseller = bool(rel.get("reseller"))
    out = {
        "@odata.type": "#microsoft.graph.resellerDelegatedAdminRelationship" if reseller
        else "#microsoft.graph.delegatedAdminRelationship",
        "@odata.etag": rel.get("@odata.etag") or etag(rel["id"], rel.get("status", "")),  # a write sets it
        "id": rel["id"],
        "displayName": rel.get("displayName", ""),
        "duration": rel.get("duration", "P730D"),
        "customer": dict(rel.get("customer", {})),
        "accessDetails": unified_roles(rel.get("roles", [])),
        "status": rel.get("status", "active"),
        "autoExtendDuration": rel.get("autoExtendDuration", "PT0S"),
        "createdDateTime": rel.get("createdDateTime"),
        "lastModifiedDateTime": rel.get("lastModifiedDateTime") or rel.get("activatedDateTime")
        or rel.get("createdDateTime"),
        "activatedDateTime": rel.get("activatedDateTime"),
        "endDateTime": rel.get("endDateTime"),
    }
    if reseller:
        out["isPartnerConsentPending"] = bool(rel.get("isPartnerConsentPending", False))
        out["indirectProviderTenantId"] = rel.get("indirectProviderTenantId")
    return out


def assignment_to_graph(assignment):
    if "accessContainer" in assignment:
        return assignment
    return {
        "@odata.type": "#microsoft.graph.delegatedAdminAccessAssignment",
        "@odata.etag": etag(assignment["id"], assignment.get("status", "")),
        "id": assignment["id"],
        "status": assignment.get("status", "active"),
        "createdDateTime": assignment.get("createdDateTime"),
        "lastModifiedDateTime": assignment.get("lastModifiedDateTime") or assignment.get("createdDateTime"),
        "accessContainer": {"accessContainerId": assignment.get("groupId"),
                            "accessContainerType": "securityGroup"},
        "accessDetails": unified_roles(assignment.get("roles", [])),
    }


def external_to_graph(external):
    if external is None:
        return None
    types = external.get("guestOrExternalUserTypes", [])
    if isinstance(types, list):
        types = ",".join(types)
    if "externalTenants" in external:
        tenants = external["externalTenants"]
    elif external.get("membershipKind", "all") == "enumerated":
        tenants = {"@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
                   "membershipKind": "enumerated", "members": list(external.get("tenants", []))}
    else:
        tenants = {"@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants",
                   "membershipKind": "all"}
    return {"guestOrExternalUserTypes": types, "externalTenants": tenants}


def _flags(values):
    """A Graph flags enum: one comma-separated string, null when none."""
    return ",".join(values) if values else None


def _users_to_graph(users):
    if users is None:
        return None
    return {
        "includeUsers": list(users.get("includeUsers", [])),
        "excludeUsers": list(users.get("excludeUsers", [])),
        "includeGroups": list(users.get("includeGroups", [])),
        "excludeGroups": list(users.get("excludeGroups", [])),
        "includeRoles": list(users.get("includeRoles", [])),
        "excludeRoles": list(users.get("excludeRoles", [])),
        "includeGuestsOrExternalUsers": external_to_graph(users.get("includeGuestsOrExternalUsers")),
        "excludeGuestsOrExternalUsers": external_to_graph(users.get("excludeGuestsOrExternalUsers")),
    }


def _strength_to_graph(policy_id, strength):
    if strength is None:
        return None
    out = {"id": strength["id"], "createdDateTime": "2021-12-01T00:00:00Z",
           "modifiedDateTime": "2021-12-01T00:00:00Z", "displayName": strength.get("displayName", ""),
           "description": None, "policyType": strength.get("policyType", "builtIn"),
           "requirementsSatisfied": _flags(strength.get("requirementsSatisfied", ["mfa"])) or "none",
           "allowedCombinations": list(strength.get("allowedCombinations", []))}
    return out


def _session_to_graph(session):
    """conditionalAccessSessionControls: every v1.0 key, null when not set (Graph's shape)."""
    if session is None:
        return None
    out = {"applicationEnforcedRestrictions": None, "cloudAppSecurity": None,
           "disableResilienceDefaults": None, "persistentBrowser": None,
           "secureSignInSession": None, "signInFrequency": None}
    frequency = session.get("signInFrequency")
    if frequency is not None:
        out["signInFrequency"] = {
            "isEnabled": frequency.get("isEnabled", True), "value": frequency.get("value"),
            "type": frequency.get("type") or None,
            "authenticationType": frequency.get("authenticationType") or "primaryAndSecondaryAuthentication",
            "frequencyInterval": frequency.get("frequencyInterval") or "timeBased"}
    if session.get("secureSignInSession"):
        out["secureSignInSession"] = {"isEnabled": True}
    for other in session.get("others", []):
        if other == "disableResilienceDefaults":
            out[other] = True
        elif other == "cloudAppSecurity":
            out[other] = {"isEnabled": True, "cloudAppSecurityType": "monitorOnly"}
        elif other == "persistentBrowser":
            out[other] = {"isEnabled": True, "mode": "never"}
        else:
            out[other] = {"isEnabled": True}
    return out


def ca_policy_to_graph(policy):
    """A snapshot's policy in Graph v1.0's conditionalAccessPolicy shape: every property of the
    entity and its complex types, null where Graph sends null, flags enums as one string."""
    if "conditions" in policy:  # already in Graph's shape
        return policy
    apps = policy.get("applications", {})
    grant = policy.get("grantControls")
    device_filter = policy.get("deviceFilter")
    flows = policy.get("authenticationFlows") or []
    base = f"https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies('{policy['id']}')"
    return {
        "id": policy["id"],
        "templateId": policy.get("templateId"),
        "displayName": policy.get("displayName", ""),
        "createdDateTime": policy.get("createdDateTime", "2025-01-15T10:00:00.0000000Z"),
        "modifiedDateTime": policy.get("modifiedDateTime"),
        "deletedDateTime": None,
        "description": policy.get("description"),
        "state": policy.get("state", "enabled"),
        "sessionControls": _session_to_graph(policy.get("sessionControls")),
        "conditions": {
            "userRiskLevels": list(policy.get("userRiskLevels", [])),
            "signInRiskLevels": list(policy.get("signInRiskLevels", [])),
            "clientAppTypes": list(policy.get("clientAppTypes") or ["all"]),
            "servicePrincipalRiskLevels": list(policy.get("servicePrincipalRiskLevels", [])),
            "insiderRiskLevels": _flags(policy.get("insiderRiskLevels") or []),
            "platforms": policy.get("platforms"),
            "locations": policy.get("locations"),
            "devices": None if device_filter is None else {"deviceFilter": device_filter},
            "clientApplications": policy.get("clientApplications"),
            "authenticationFlows": {"transferMethods": _flags(flows)} if flows else None,
            "applications": {
                "includeApplications": list(apps.get("includeApplications", [])),
                "excludeApplications": list(apps.get("excludeApplications", [])),
                "includeUserActions": list(apps.get("includeUserActions", [])),
                "includeAuthenticationContextClassReferences":
                    list(apps.get("includeAuthenticationContextClassReferences", [])),
                "applicationFilter": apps.get("applicationFilter"),
            },
            "users": _users_to_graph(policy.get("users", {})),
        },
        "grantControls": None if grant is None else {
            "operator": grant.get("operator", "OR"),
            "builtInControls": list(grant.get("builtInControls", [])),
            "customAuthenticationFactors": list(grant.get("customAuthenticationFactors", [])),
            "termsOfUse": list(grant.get("termsOfUse", [])),
            "authenticationStrength@odata.context": base + "/grantControls/authenticationStrength/$entity",
            "authenticationStrength": _strength_to_graph(policy["id"], grant.get("authenticationStrength")),
        },
    }


def credential_to_graph(credential, kind):
    out = {"customKeyIdentifier": None, "displayName": credential.get("displayName"),
           "endDateTime": credential.get("endDateTime"), "keyId": credential.get("keyId"),
           "startDateTime": credential.get("startDateTime", "2025-01-01T00:00:00Z")}
    if kind == "password":
        out.update({"hint": credential.get("hint", "Abc"), "secretText": None})
    else:
        out.update({"key": None, "type": credential.get("type", "AsymmetricX509Cert"),
                    "usage": credential.get("usage", "Verify")})
    return out


def domains_to_graph(customer):
    default = customer.get("defaultDomain")
    names = list(customer.get("domains") or ([default] if default else []))
    if default and default not in names:
        names.insert(0, default)
    initial = next((n for n in names if n.lower().endswith(".onmicrosoft.com")), None)
    out = []
    for name in names:
        if isinstance(name, dict):  # already Graph's verifiedDomain
            out.append(name)
            continue
        out.append({"capabilities": "Email, OfficeCommunicationsOnline", "isDefault": name == default,
                    "isInitial": name == initial, "name": name, "type": "Managed"})
    return out


class Directory:
    """One tenant as Graph shows it, built once from the scenario (rebuilt when it changes)."""

    def __init__(self, tenant_id, display_name, domains):
        self.tenant_id = tenant_id
        self.organization = {"id": tenant_id, "displayName": display_name, "verifiedDomains": domains,
                             "tenantType": "AAD"}
        self.user = None
        self.users = {}                # id -> Graph user: the signed-in one and graph.partner.users
        self.groups = {}               # id -> Graph group (with members kept aside)
        self.member_of = []            # the user's transitive memberships, Graph objects
        self.member_of_by_user = {}    # user id -> that user's transitive memberships
        self.in_admin_agents = False
        self.contracts = []
        self.relationships = []        # Graph shape
        self.assignments = {}          # relationship id -> [Graph shape]
        self.service_principals = []   # Graph shape
        self.ca_policies = []
        self.applications = []
        self.app_role_assignments = {}  # client appId (lower) -> [Graph shape]
        self.oauth2_grants = []        # oAuth2PermissionGrant, Graph shape
        self.is_partner = False


def graph_user(user_id, upn, name):
    return {"id": user_id, "userPrincipalName": upn, "displayName": name, "businessPhones": [],
            "givenName": None, "surname": None, "jobTitle": None, "mail": None, "mobilePhone": None,
            "officeLocation": None, "preferredLanguage": "en-US"}


def build_partner(scenario):
    account = scenario["account"]
    data = scenario.get("graph", {}).get("partner") or {}
    tenant_id = data.get("tenantId", account.get("tid", PARTNER_TENANT))
    directory = Directory(tenant_id, data.get("displayName", "Partner"), domains_to_graph(data))
    directory.is_partner = True
    user = data.get("user", {})
    user_id = user.get("id", account.get("oid"))
    directory.user = graph_user(user_id, user.get("userPrincipalName", account.get("upn")),
                                user.get("displayName", account.get("name")))
    directory.users[user_id] = directory.user
    # Other partner accounts (graph.partner.users: [{id, userPrincipalName, displayName,
    # directoryRoles}]), for /users/{id | userPrincipalName} and its transitiveMemberOf.
    roles_by_user = {user_id: data.get("directoryRoles", [])}
    for other in data.get("users", []):
        directory.users[other["id"]] = graph_user(other["id"], other.get("userPrincipalName"),
                                                  other.get("displayName"))
        roles_by_user[other["id"]] = other.get("directoryRoles", [])
    members = {}
    for group in data.get("groups", []):
        directory.groups[group["id"]] = {
            "@odata.type": "#microsoft.graph.group", "id": group["id"],
            "displayName": group.get("displayName", ""), "description": group.get("description"),
            "securityEnabled": group.get("securityEnabled", True), "mailEnabled": False,
            "groupTypes": [], "isAssignableToRole": group.get("isAssignableToRole"),
            "mailNickname": re.sub(r"[^A-Za-z0-9]", "", group.get("displayName", "")) or "group",
        }
        members[group["id"]] = set(group.get("members", []))
    insides = {}
    for uid in directory.users:
        # Transitive membership: groups containing the user, then groups containing those, ...
        inside = set()
        frontier = {uid}
        while frontier:
            found = {gid for gid, ids in members.items() if ids & frontier and gid not in inside}
            inside |= found
            frontier = found
        insides[uid] = inside
        memberships = [directory.groups[gid] for gid in directory.groups if gid in inside]
        for template in roles_by_user[uid]:
            memberships.append({
                "@odata.type": "#microsoft.graph.directoryRole", "id": stable_uuid(tenant_id, "role", template),
                "deletedDateTime": None, "description": None,
                "displayName": ROLE_NAMES.get(template, "Directory role"), "roleTemplateId": template})
        directory.member_of_by_user[uid] = memberships
    directory.member_of = directory.member_of_by_user[user_id]
    inside = insides[user_id]
    admin_agents = [gid for gid, g in directory.groups.items() if g["displayName"].lower() == "adminagents"]
    directory.in_admin_agents = any(gid in inside for gid in admin_agents)
    directory.contracts = [{"id": c.get("id", stable_uuid(tenant_id, "contract", c["customerId"])),
                            "deletedDateTime": None,
                            "contractType": c.get("contractType", "ResellerPartner"),
                            "customerId": c["customerId"], "defaultDomainName": c.get("defaultDomainName"),
                            "displayName": c.get("displayName")} for c in data.get("contracts", [])]
    for rel in data.get("relationships", []):
        directory.relationships.append(relationship_to_graph(rel))
        directory.assignments[rel["id"]] = [assignment_to_graph(a) for a in rel.get("accessAssignments", [])]
    fill_customer_side(directory, data)
    return directory


def fill_customer_side(directory, data):
    tenant_id = directory.tenant_id
    for sp in data.get("servicePrincipals", []):
        directory.service_principals.append({
            "id": sp.get("id") or stable_uuid(tenant_id, "sp", sp["appId"]), "deletedDateTime": None,
            "accountEnabled": sp.get("accountEnabled", True), "appDisplayName": sp.get("displayName"),
            "appId": sp["appId"], "appOwnerOrganizationId": sp.get("appOwnerOrganizationId"),
            "displayName": sp.get("displayName", sp["appId"]), "servicePrincipalType": "Application",
            "tags": [], "appRoles": [app_role_to_graph(r) for r in sp.get("appRoles", [])],
            "oauth2PermissionScopes": [scope_to_graph(sc) for sc in sp.get("oauth2PermissionScopes", [])],
            "keyCredentials": [], "passwordCredentials": []})
    directory.ca_policies = [ca_policy_to_graph(p) for p in data.get("conditionalAccessPolicies", [])]
    for app in data.get("applications", []):
        directory.applications.append({
            "id": app.get("id") or stable_uuid(tenant_id, "app", app["appId"]), "deletedDateTime": None,
            "appId": app["appId"], "displayName": app.get("displayName", app["appId"]),
            "signInAudience": "AzureADMyOrg",
            "passwordCredentials": [credential_to_graph(c, "password") for c in app.get("passwordCredentials", [])],
            "keyCredentials": [credential_to_graph(c, "key") for c in app.get("keyCredentials", [])]})
    sp_by_app = {sp["appId"].lower(): sp for sp in directory.service_principals}
    for app_id, grants in (data.get("appRoleAssignments") or {}).items():
        client = sp_by_app.get(app_id.lower())
        out = []
        for grant in grants:
            resource_app = grant.get("resourceAppId", MICROSOFT_GRAPH_APP)
            resource = sp_by_app.get(resource_app.lower())
            out.append({
                "id": b64url(hashlib.sha256(f"{tenant_id}/{app_id}/{grant['appRoleId']}".encode()).digest())[:43],
                "deletedDateTime": None, "appRoleId": grant["appRoleId"],
                "createdDateTime": grant.get("createdDateTime", "2025-02-01T10:00:00.0000000Z"),
                "principalDisplayName": client["displayName"] if client else app_id,
                "principalId": client["id"] if client else stable_uuid(tenant_id, "sp", app_id),
                "principalType": "ServicePrincipal",
                "resourceDisplayName": resource["displayName"] if resource else "Microsoft Graph",
                "resourceId": grant.get("resourceId") or (resource["id"] if resource
                                                          else stable_uuid(tenant_id, "sp", resource_app))})
        directory.app_role_assignments[app_id.lower()] = out
    # Tenant-wide delegated grants: {client appId: [{"resourceAppId", "scope", "consentType"}]}.
    for app_id, grants in (data.get("oauth2PermissionGrants") or {}).items():
        client = sp_by_app.get(app_id.lower())
        for grant in grants:
            resource = sp_by_app.get(grant.get("resourceAppId", MICROSOFT_GRAPH_APP).lower())
            client_id = client["id"] if client else stable_uuid(tenant_id, "sp", app_id)
            resource_id = resource["id"] if resource else stable_uuid(tenant_id, "sp", grant["resourceAppId"])
            consent = grant.get("consentType", "AllPrincipals")
            directory.oauth2_grants.append({
                "id": b64url(hashlib.sha256(f"{client_id}/{resource_id}/{consent}".encode()).digest())[:43],
                "clientId": client_id, "consentType": consent,
                "principalId": grant.get("principalId") if consent == "Principal" else None,
                "resourceId": resource_id, "scope": grant.get("scope", "")})


def app_role_to_graph(role):
    """appRole (v1.0): a scenario gives its id and value (a claim value such as User.Read.All)."""
    return {"allowedMemberTypes": role.get("allowedMemberTypes", ["Application"]),
            "description": role.get("description", role["value"]), "displayName": role.get("displayName", role["value"]),
            "id": role["id"], "isEnabled": role.get("isEnabled", True), "origin": "Application",
            "value": role["value"]}


def scope_to_graph(scope):
    """permissionScope (v1.0): a scenario gives its id and value (e.g. Directory.Read.All)."""
    return {"adminConsentDescription": scope.get("description", scope["value"]),
            "adminConsentDisplayName": scope.get("displayName", scope["value"]), "id": scope["id"],
            "isEnabled": scope.get("isEnabled", True), "origin": "Application", "type": scope.get("type", "Admin"),
            "userConsentDescription": None, "userConsentDisplayName": None, "value": scope["value"]}


def build_customer(tenant_id, data):
    directory = Directory(tenant_id, data.get("displayName", tenant_id), domains_to_graph(data))
    fill_customer_side(directory, data)
    return directory


class GraphIndex:
    def __init__(self, scenario):
        self.partner = build_partner(scenario)
        self.tenants = {self.partner.tenant_id.lower(): self.partner}
        self.domains = {}
        for tenant_id, data in scenario.get("graph", {}).get("customers", {}).items():
            self.tenants[tenant_id.lower()] = build_customer(tenant_id, data)
        for directory in self.tenants.values():
            for domain in directory.organization["verifiedDomains"]:
                self.domains[domain["name"].lower()] = directory

    def lookup(self, tenant):
        tenant = (tenant or "").lower()
        return self.tenants.get(tenant) or self.domains.get(tenant)


class GraphCall:
    """One Graph request (direct or a $batch sub-request) after authentication."""

    def __init__(self, method, path, query, body, claims, directory, client_request_id, headers=None):
        self.method = method
        self.headers = {k.lower(): v for k, v in (headers or {}).items()}
        self.path = path            # after /v1.0, percent-decoded
        self.raw_query = query      # as received (for nextLinks)
        self.params = dict(urllib.parse.parse_qsl(query, keep_blank_values=True)) if query else {}
        self.body = body
        self.claims = claims
        self.directory = directory
        self.client_request_id = client_request_id

    def option(self, name):
        return self.params.get(name, self.params.get(name.lstrip("$")))

    def header(self, name):
        return self.headers.get(name.lower())


class Emulator(graph_writes.GraphWrites):
    def __init__(self, scenario):
        self.scenario = deep_merge(copy.deepcopy(DEFAULT_SCENARIO), scenario or {})
        self.device_codes = {}    # device_code -> state
        self.refresh_tokens = {}  # refresh token -> {"valid": bool}
        self.access_tokens = {}   # access token -> claims (Graph authenticates with these)
        self.issued = []          # every secret handed out (for leak checks)
        self.requests = []        # method, path, form field names, grant_type, tenant, time
        self.subrequest_log = []  # (time, tenant, path, status) of every $batch part
        self.polls = []           # {"time":..., "answer":...}
        self.writes = []          # every Graph write: method, path, tenant, status, body keys
        # The delegated permissions the signed-in account has consented to for the client: the
        # scenario's (account.scp, else DELEGATED_SCOPES) plus what device-code sign-ins asked for.
        self.consented = []
        self.port = 0
        self._index = None
        self.rng = random.Random(self.scenario["faults"].get("seed", 1))
        self.shuffle_rng = random.Random(self.scenario["faults"].get("seed", 1) + 1)
        self.rule_hits = {}
        self.reset_stats()

    def reset_stats(self):
        self.in_flight = 0
        self.stats = {"requests": {}, "requests_total": 0, "subrequests": {}, "subrequests_total": 0,
                      "throttled": {"envelope": 0, "batch": 0, "total": 0},
                      "unavailable": {"envelope": 0, "batch": 0, "total": 0},
                      "failed_by_rule": 0, "resets": 0, "truncated": 0, "unauthorized": 0,
                      "peak_in_flight": 0, "connections": 0, "token_tenants": {}}

    @property
    def index(self):
        if self._index is None:
            self._index = GraphIndex(self.scenario)
        return self._index

    # --- helpers -------------------------------------------------------------------------
    def remember(self, value):
        self.issued.append(value)
        return value

    def make_jwt(self, claims, record=False):
        now = int(time.time())
        payload = {"aud": "https://graph.microsoft.com", "iss": f"https://sts.windows.net/{claims.get('tid')}/",
                   "iat": now, "nbf": now, "exp": now + int(self.scenario["tokens"]["expires_in"]),
                   "ver": "1.0", "appid": claims.pop("appid", "14d82eec-204b-4c2f-b7e8-296a70dab67e"),
                   "appidacr": "0"}
        payload.update({k: v for k, v in claims.items() if v is not None})
        header = {"typ": "JWT", "alg": "RS256", "kid": "emulator"}
        signature = "SIG" + secrets.token_urlsafe(32)
        token = ".".join([b64url(json.dumps(header).encode()), b64url(json.dumps(payload).encode()),
                          signature])
        if record:
            self.access_tokens[token] = payload
        return token

    def tenant_settings(self, tenant):
        for key, value in self.scenario["tenants"].items():
            if key.lower() == tenant.lower():
                return value
        return {}

    def account_claims(self, tenant):
        claims = copy.deepcopy(self.scenario["account"])
        if tenant.lower() not in ALIASES and tenant.lower() != claims.get("tid", "").lower():
            claims["tid"] = tenant
            claims["idp"] = f"https://sts.windows.net/{self.scenario['account']['tid']}/"
        claims.update(copy.deepcopy(self.tenant_settings(tenant).get("claims", {})))
        return claims

    def consented_scopes(self, claims):
        base = claims.get("scp", DELEGATED_SCOPES)
        base = base.split() if isinstance(base, str) else list(base)
        return base + [s for s in self.consented if s not in base]

    def delegated_tokens(self, tenant, with_refresh=True, requested="", consent=False):
        """Tokens for the signed-in account. `scp` holds every delegated permission consented
        to (`account.scp`, else DELEGATED_SCOPES, plus incremental consent). An interactive
        sign-in (`consent`: the device-code flow) consents to the permissions it names, as the
        user's consent prompt would; a refresh token cannot, so a permission it names that was
        never consented to is refused (None: the caller answers AADSTS65001)."""
        claims = self.account_claims(tenant)
        asked = explicit_scopes(requested)
        if consent:
            self.consented += [s for s in asked if s not in self.consented_scopes(claims)]
        consented = self.consented_scopes(claims)
        if any(s not in consented for s in asked):
            return None
        claims["scp"] = " ".join(consented)
        tokens = self.scenario["tokens"]
        if tokens.get("format") == "opaque":
            access = "opaque-" + secrets.token_urlsafe(40)
            self.access_tokens[access] = dict(claims, exp=int(time.time()) + int(tokens["expires_in"]))
        else:
            access = self.make_jwt(dict(claims), record=True)
        body = {"token_type": "Bearer",
                # Entra lists what the token grants: every consented permission of the resource.
                "scope": " ".join(GRAPH_RESOURCE + "/" + s for s in consented),
                "expires_in": int(tokens["expires_in"]), "ext_expires_in": int(tokens["expires_in"]),
                "access_token": self.remember(access)}
        if with_refresh:
            refresh = "RT." + secrets.token_urlsafe(48)
            self.refresh_tokens[refresh] = {"valid": True}
            body["refresh_token"] = self.remember(refresh)
        if tokens.get("id_token"):
            id_claims = {"tid": claims.get("tid"), "oid": claims.get("oid"),
                         "preferred_username": claims.get("upn"), "name": claims.get("name")}
            body["id_token"] = self.remember(self.make_jwt(id_claims))
        return body

    # --- login endpoints -----------------------------------------------------------------
    def devicecode(self, request, match):
        tenant = match.group("tenant")
        form = request.form
        failure = self.scenario["device"].get("devicecode_error")
        if failure:
            return error_reply(failure["error"], failure.get("codes", []), failure.get("status", 400))
        if not form.get("client_id"):
            return error_reply("invalid_request", [900144])
        scopes = form.get("scope", "").split()
        if "offline_access" not in scopes:
            return error_reply("invalid_scope", [70011])
        device = self.scenario["device"]
        device_code = self.remember("DC." + secrets.token_urlsafe(40))
        user_code = "".join(secrets.choice(string.ascii_uppercase) for _ in range(9))
        self.device_codes[device_code] = {
            "user_code": user_code, "tenant": tenant, "client_id": form["client_id"],
            "status": "pending", "polls": 0, "last_poll": None, "pending_sent": 0, "scope": form.get("scope", ""),
            "interval": int(device["interval"]), "issued": time.time(),
        }
        body = {"device_code": device_code, "user_code": user_code,
                "verification_uri": "https://microsoft.com/devicelogin",
                "expires_in": int(device["expires_in"])}
        if device.get("include_interval", True):
            body["interval"] = int(device["interval"])
        if device.get("include_message", True):
            body["message"] = ("To sign in, use a web browser to open the page "
                               "https://microsoft.com/devicelogin and enter the code "
                               f"{user_code} to authenticate.")
        return json_reply(200, body)

    def token(self, request, match):
        tenant = match.group("tenant")
        counts = self.stats["token_tenants"]
        counts[tenant.lower()] = counts.get(tenant.lower(), 0) + 1
        grant = request.form.get("grant_type", "")
        if grant == "urn:ietf:params:oauth:grant-type:device_code":
            return self.poll(tenant, request.form)
        if grant == "refresh_token":
            return self.refresh(tenant, request.form)
        if grant == "client_credentials":
            return self.client_credentials(tenant, request.form)
        return error_reply("unsupported_grant_type", [70003])

    def poll(self, tenant, form):
        state = self.device_codes.get(form.get("device_code", ""))
        now = time.time()

        def answer(reply, label):
            self.polls.append({"time": now, "answer": label})
            return reply

        if state is None:
            return answer(error_reply("bad_verification_code", [70018]), "bad_verification_code")
        device = self.scenario["device"]
        state["polls"] += 1
        number = state["polls"]
        early = (state["last_poll"] is not None and device.get("enforce_interval", True)
                 and now - state["last_poll"] < state["interval"] - 0.25)
        state["last_poll"] = now
        if number in device.get("slow_down_polls", []) or early:
            state["interval"] += 5
            return answer(error_reply("slow_down", [70016]), "slow_down")
        if now - state["issued"] > int(device["expires_in"]):
            return answer(error_reply("expired_token", [70019]), "expired_token")
        if state["status"] == "declined":
            return answer(error_reply("authorization_declined", [70020]), "authorization_declined")
        if form.get("client_id") != state["client_id"]:
            return answer(error_reply("invalid_grant", [70000]), "invalid_grant")
        if device.get("approve") == "manual" and state["status"] != "approved":
            return answer(error_reply("authorization_pending", [70016]), "authorization_pending")
        if device.get("approve") != "manual" and state["pending_sent"] < int(device.get("pending_polls", 0)):
            state["pending_sent"] += 1
            return answer(error_reply("authorization_pending", [70016]), "authorization_pending")
        outcome = device.get("outcome", "approve")
        if state["status"] == "approved" or outcome == "approve":
            del self.device_codes[form["device_code"]]
            return answer(json_reply(200, self.delegated_tokens(tenant, requested=state["scope"], consent=True)),
                          "tokens")
        if outcome == "decline":
            return answer(error_reply("authorization_declined", [70020]), "authorization_declined")
        if outcome == "access_denied":
            return answer(error_reply("access_denied", [70020]), "access_denied")
        if outcome == "expire":
            return answer(error_reply("expired_token", [70019]), "expired_token")
        if outcome == "bad_code":
            return answer(error_reply("bad_verification_code", [70018]), "bad_verification_code")
        if outcome == "never":
            return answer(error_reply("authorization_pending", [70016]), "authorization_pending")
        failure = device["error"]
        return answer(error_reply(failure["error"], failure.get("codes", []),
                                  failure.get("status", 400)), failure["error"])

    def refresh(self, tenant, form):
        # refresh.delay is awaited by the server before this runs (it never blocks the loop).
        token = form.get("refresh_token", "")
        record = self.refresh_tokens.get(token)
        if record is None or not record["valid"]:
            return error_reply("invalid_grant", [70008])
        refused = self.client_refusal(tenant, form.get("client_id", ""))
        if refused:
            return refused
        failure = self.tenant_settings(tenant).get("error")
        if failure:
            return error_reply(failure["error"], failure.get("codes", []), failure.get("status", 400))
        rotate = self.scenario["refresh"].get("rotate", True)
        body = self.delegated_tokens(tenant, with_refresh=rotate, requested=form.get("scope", ""))
        if body is None:
            # Learn (v2 OAuth, incremental consent): a refresh token cannot ask the user for a
            # permission not yet consented to; Entra answers invalid_grant, AADSTS65001,
            # suberror consent_required.
            return error_reply("invalid_grant", [65001], 400, app=form.get("client_id", ""),
                               tenant=tenant, suberror="consent_required")
        if rotate and self.scenario["refresh"].get("revoke_old", True):
            record["valid"] = False
        return json_reply(200, body)

    def client_refusal(self, tenant, client_id):
        """Entra's answer when the tenant does not let this client in, however good the account's
        GDAP is (tenants.X.refuse_clients: {client id: {"codes": [90099]}}): not authorized for
        partner delegated administrators (90099), not consented (65001, suberror consent_required),
        not in the tenant (700016) or disabled (7000112), each with the error Entra pairs it with."""
        for key, failure in self.tenant_settings(tenant).get("refuse_clients", {}).items():
            if key.lower() != client_id.lower():
                continue
            codes = failure.get("codes", [90099])
            default_error = "unauthorized_client" if codes[0] in (700016, 7000112) else "invalid_grant"
            return error_reply(failure.get("error", default_error), codes, failure.get("status", 400),
                               app=client_id, tenant=tenant,
                               suberror="consent_required" if codes[0] == 65001 else None)
        return None

    def client_credentials(self, tenant, form):
        if tenant.lower() in ALIASES:
            return error_reply("invalid_request", [9001023])
        app = self.scenario["apps"].get(form.get("client_id", ""))
        if app is None:
            return error_reply("unauthorized_client", [700016])
        secret = form.get("client_secret")
        assertion = form.get("client_assertion")
        if not secret and not assertion:
            return error_reply("invalid_client", [7000218], 401)
        if secret is not None and secret != app.get("secret"):
            return error_reply("invalid_client", [7000215], 401)
        if assertion is not None and not self.assertion_ok(assertion, form["client_id"], tenant, app):
            return error_reply("invalid_client", [700027], 401)
        if app.get("expired"):
            return error_reply("invalid_client", [7000222], 401)
        refused = self.client_refusal(tenant, form["client_id"])
        if refused:
            return refused
        failure = self.tenant_settings(tenant).get("error")
        if failure:
            return error_reply(failure["error"], failure.get("codes", []), failure.get("status", 400))
        claims = {"tid": tenant, "oid": app.get("sp_oid", str(uuid.uuid4())), "appid": form["client_id"],
                  "roles": app.get("roles", ["Directory.Read.All"])}
        access = self.remember(self.make_jwt(claims, record=True))
        return json_reply(200, {"token_type": "Bearer",
                                "expires_in": int(self.scenario["tokens"]["expires_in"]),
                                "ext_expires_in": int(self.scenario["tokens"]["expires_in"]),
                                "access_token": access})

    def assertion_ok(self, assertion, client_id, tenant, app):
        """Structure check of a client assertion (no signature check: stdlib has no RSA)."""
        try:
            header_b64, payload_b64, signature = assertion.split(".")
            pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
            header = json.loads(base64.urlsafe_b64decode(pad(header_b64)))
            payload = json.loads(base64.urlsafe_b64decode(pad(payload_b64)))
        except (ValueError, json.JSONDecodeError):
            return False
        now = time.time()
        expected_thumbprint = app.get("x5t#S256")
        return (header.get("alg") == "PS256" and header.get("typ") == "JWT"
                and (expected_thumbprint is None or header.get("x5t#S256") == expected_thumbprint)
                and payload.get("iss") == client_id and payload.get("sub") == client_id
                and payload.get("aud", "").endswith(f"/{tenant}/oauth2/v2.0/token")
                and payload.get("nbf", now + 1) <= now + 60 and payload.get("exp", 0) > now
                and bool(payload.get("jti")) and len(signature) > 16)

    # --- Graph: paging and shapes ------------------------------------------------------------
    @property
    def graph_base(self):
        return f"http://127.0.0.1:{self.port}/v1.0"

    def collection(self, call, items, context, endpoint_max=999, select=True):
        """One page of `items` with @odata.context and, when more remain, @odata.nextLink (the
        original query plus an opaque $skiptoken)."""
        top = call.option("$top")
        if top is not None:
            if not top.isdigit() or not 1 <= int(top) <= endpoint_max:
                raise QueryError(f"Invalid page size specified: '{top}'. Must be between 1 and "
                                 f"{endpoint_max} inclusive.")
            size = int(top)
        else:
            size = min(100, endpoint_max)
        graph = self.scenario.get("graph", {})
        if graph.get("page_cap"):  # Graph may answer fewer than $top per page
            size = min(size, int(graph["page_cap"]))
        offset = 0
        token = call.option("$skiptoken")
        if token is not None:
            try:
                decoded = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
                offset = int(decoded.split(":")[1])
            except (ValueError, IndexError, UnicodeDecodeError):
                raise QueryError("The specified page token value has expired and can no longer be "
                                 "included in your request.", "Directory_ExpiredPageToken")
        fields = None
        if select and call.option("$select"):
            fields = set(call.option("$select").split(","))
        # A page may be empty and still have a nextLink (graph-api.md §10): with
        # graph.empty_first_page the first page of every collection is exactly that.
        empty_first = token is None and graph.get("empty_first_page")
        end = offset if empty_first else offset + size
        page = [project(item, fields) for item in items[offset:end]]
        body = {"@odata.context": f"{self.graph_base}/$metadata#{context}", "value": page}
        if end < len(items) or empty_first:
            kept = [p for p in call.raw_query.split("&")
                    if p and not p.lower().startswith(("$skiptoken=", "%24skiptoken="))]
            marker = b64url(f"RFNwdA:{end}:{secrets.token_hex(4)}".encode())
            kept.append("$skiptoken=" + marker)
            body["@odata.nextLink"] = f"{self.graph_base}{call.path}?" + "&".join(kept)
        return Reply(200, body)

    def entity(self, call, obj, context):
        fields = set(call.option("$select").split(",")) if call.option("$select") else None
        body = {"@odata.context": f"{self.graph_base}/$metadata#{context}/$entity"}
        body.update(project(obj, fields))
        return Reply(200, body)

    def filtered(self, call, items):
        text = call.option("$filter")
        if not text:
            return items
        predicate = parse_filter(text)
        return [item for item in items if predicate(item)]

    def partner_only(self, call):
        if not call.directory.is_partner:
            return graph_error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the "
                               "operation.", call.client_request_id)
        return None

    # --- Graph handlers ----------------------------------------------------------------------
    @staticmethod
    def app_only(call):
        return bool(call.claims.get("appid")) and not call.claims.get("upn") and call.claims.get("roles") is not None

    def me_refused(self, call):
        """/me needs a signed-in user: Graph refuses application permissions there."""
        if self.app_only(call):
            return graph_error(400, "BadRequest", "/me request is only valid with delegated authentication "
                               "flow.", call.client_request_id)
        return None

    def g_me(self, call, match):
        refused = self.me_refused(call)
        if refused:
            return refused
        if not call.directory.is_partner:
            return graph_error(404, "Request_ResourceNotFound", f"Resource '{call.claims.get('oid')}' does not "
                               "exist or one of its queried reference-property objects are not present.",
                               call.client_request_id)
        return self.entity(call, call.directory.user, "users")

    def g_organization(self, call, match):
        return self.collection(call, [call.directory.organization], "organization")

    def g_member_of(self, call, match):
        denied = self.me_refused(call) or self.partner_only(call)
        if denied:
            return denied
        # memberOf (direct only) is answered like transitiveMemberOf: nesting is not kept apart.
        return self.collection(call, call.directory.member_of, "directoryObjects")

    # Application permissions that may read another user and its memberships (Graph v1.0 "Get
    # user" and "List a user's memberships (direct and transitive)"; User.Read.All is the least).
    USER_READ_ROLES = {"User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}
    MEMBERSHIP_READ_ROLES = {"User.Read.All", "Directory.Read.All", "Directory.ReadWrite.All",
                             "Group.Read.All", "GroupMember.Read.All"}

    def find_user(self, call, match, roles):
        """The user /users/{id | userPrincipalName} names, or the error Graph gives."""
        denied = self.partner_only(call)
        if denied:
            return None, denied
        if self.app_only(call) and not set(call.claims.get("roles") or []) & roles:
            return None, graph_error(403, "Authorization_RequestDenied", "Insufficient privileges to complete "
                                     "the operation.", call.client_request_id)
        key = match.group("user").lower()
        for uid, user in call.directory.users.items():
            if uid.lower() == key or (user.get("userPrincipalName") or "").lower() == key:
                return user, None
        return None, graph_error(404, "Request_ResourceNotFound", f"Resource '{match.group('user')}' does not "
                                 "exist or one of its queried reference-property objects are not present.",
                                 call.client_request_id)

    def g_user(self, call, match):
        user, error = self.find_user(call, match, self.USER_READ_ROLES)
        return error or self.entity(call, user, "users")

    def g_user_member_of(self, call, match):
        user, error = self.find_user(call, match, self.MEMBERSHIP_READ_ROLES)
        return error or self.collection(call, call.directory.member_of_by_user[user["id"]], "directoryObjects")

    def g_groups(self, call, match):
        groups = self.filtered(call, list(call.directory.groups.values()))
        return self.collection(call, groups, "groups")

    def g_contracts(self, call, match):
        denied = self.partner_only(call)
        if denied:
            return denied
        return self.collection(call, self.filtered(call, call.directory.contracts), "contracts")

    def g_relationships(self, call, match):
        denied = self.partner_only(call)
        if denied:
            return denied
        # Graph's documented behaviour: outside AdminAgents the lists are empty, not an error.
        items = call.directory.relationships if call.directory.in_admin_agents else []
        return self.collection(call, self.filtered(call, items),
                               "tenantRelationships/delegatedAdminRelationships", endpoint_max=300)

    def g_relationship(self, call, match):
        denied = self.partner_only(call)
        if denied:
            return denied
        rel_id = match.group("id")
        for rel in call.directory.relationships if call.directory.in_admin_agents else []:
            if rel["id"] == rel_id:
                return self.entity(call, rel, "tenantRelationships/delegatedAdminRelationships")
        return graph_error(404, "notFound", f"The delegatedAdminRelationship with id '{rel_id}' was not found.",
                           call.client_request_id)

    def g_assignments(self, call, match):
        denied = self.partner_only(call)
        if denied:
            return denied
        rel_id = match.group("id")
        if rel_id not in call.directory.assignments:
            return graph_error(404, "notFound", f"The delegatedAdminRelationship with id '{rel_id}' was not "
                               "found.", call.client_request_id)
        items = call.directory.assignments[rel_id] if call.directory.in_admin_agents else []
        return self.collection(call, self.filtered(call, items),
                               "tenantRelationships/delegatedAdminRelationships('" + rel_id + "')/accessAssignments",
                               endpoint_max=300)

    def g_get_by_ids(self, call, match):
        body = call.body if isinstance(call.body, dict) else None
        if body is None or not isinstance(body.get("ids"), list):
            return graph_error(400, "Request_BadRequest", "Invalid request body: 'ids' is required.",
                               call.client_request_id)
        if len(body["ids"]) > 1000:
            return graph_error(400, "Request_BadRequest", "Too many ids: at most 1000.", call.client_request_id)
        types = [t.lower() for t in body.get("types") or []]
        found = []
        for object_id in body["ids"]:
            group = call.directory.groups.get(object_id)
            if group and (not types or "group" in types):
                found.append(group)
            elif call.directory.user and object_id == call.directory.user["id"] and (not types or "user" in types):
                found.append(dict(call.directory.user, **{"@odata.type": "#microsoft.graph.user"}))
        return Reply(200, {"@odata.context": f"{self.graph_base}/$metadata#directoryObjects", "value": found})

    def g_service_principals(self, call, match):
        items = self.filtered(call, call.directory.service_principals)
        return self.collection(call, items, "servicePrincipals")

    def find_sp(self, call, app_id):
        app_id = app_id.lower()
        return next((sp for sp in call.directory.service_principals if sp["appId"].lower() == app_id), None)

    def sp_not_found(self, call, app_id):
        return graph_error(404, "Request_ResourceNotFound", f"Resource '{app_id}' does not exist or one of its "
                           "queried reference-property objects are not present.", call.client_request_id)

    def g_service_principal(self, call, match):
        sp = self.find_sp(call, match.group("app"))
        if sp is None:
            return self.sp_not_found(call, match.group("app"))
        return self.entity(call, sp, "servicePrincipals")

    def g_app_role_assignments(self, call, match):
        app_id = match.group("app")
        sp = None
        if app_id is None:  # /servicePrincipals/{object id}/appRoleAssignments
            sp = next((s for s in call.directory.service_principals if s["id"] == match.group("spid")), None)
            app_id = sp["appId"] if sp else match.group("spid")
        else:
            sp = self.find_sp(call, app_id)
        if sp is None:
            return self.sp_not_found(call, app_id)
        items = call.directory.app_role_assignments.get(sp["appId"].lower(), [])
        return self.collection(call, items, "appRoleAssignments")

    def g_oauth2_grants(self, call, match):
        return self.collection(call, self.filtered(call, call.directory.oauth2_grants), "oauth2PermissionGrants")

    def g_ca_policies(self, call, match):
        return self.collection(call, call.directory.ca_policies, "identity/conditionalAccess/policies")

    def g_applications(self, call, match):
        items = self.filtered(call, call.directory.applications)
        return self.collection(call, items, "applications")

    # --- Graph: authentication, faults, dispatch ----------------------------------------------
    def authenticate(self, headers):
        value = headers.get("authorization") or ""
        if not value.startswith("Bearer "):
            return None, "Access token is empty."
        claims = self.access_tokens.get(value[7:].strip())
        if claims is None:
            return None, "CompactToken parsing failed with error code: 80049217"
        if claims.get("exp", 0) < time.time():
            return None, "Access token has expired or is not yet valid."
        return claims, None

    def count(self, table, kind):
        table[kind] = table.get(kind, 0) + 1

    def rule_fault(self, method, path, query, tenant, in_batch):
        for number, rule in enumerate(self.scenario["faults"].get("fail") or []):
            if rule.get("method") and rule["method"].upper() != method:
                continue
            if rule.get("tenant") and rule["tenant"].lower() != (tenant or "").lower():
                continue
            if rule.get("path") and not re.search(rule["path"], path):
                continue
            if rule.get("query") and not re.search(rule["query"], urllib.parse.unquote(query or "")):
                continue
            if rule.get("times") is not None:
                hits = self.rule_hits.get(number, 0)
                if hits >= int(rule["times"]):
                    continue
                self.rule_hits[number] = hits + 1
            self.stats["failed_by_rule"] += 1
            if rule.get("reset"):
                self.stats["resets"] += 1
                return RESET
            if rule.get("truncate"):
                self.stats["truncated"] += 1
                return TRUNCATE
            status = int(rule.get("status", 500))
            headers = {}
            if status in (429, 503) and rule.get("retry_after") is not None:
                headers["Retry-After"] = str(rule["retry_after"])
            code = rule.get("code") or {403: "Authorization_RequestDenied", 404: "Request_ResourceNotFound",
                                        429: "TooManyRequests", 503: "serviceNotAvailable",
                                        500: "generalException"}.get(status, "BadRequest")
            message = rule.get("message") or "Emulated failure."
            self.note_status(status, in_batch)
            return graph_error(status, code, message, None, headers)
        return None

    def note_status(self, status, in_batch):
        where = "batch" if in_batch else "envelope"
        if status == 429:
            self.stats["throttled"][where] += 1
            self.stats["throttled"]["total"] += 1
        elif status == 503:
            self.stats["unavailable"][where] += 1
            self.stats["unavailable"]["total"] += 1

    def random_fault(self, in_batch, token=False):
        faults = self.scenario["faults"]
        draw = self.rng.random()
        edge = 0.0
        if not in_batch:
            edge += float(faults.get("rate_reset", 0))
            if draw < edge:
                self.stats["resets"] += 1
                return RESET
            edge += float(faults.get("rate_truncated", 0))
            if draw < edge:
                self.stats["truncated"] += 1
                return TRUNCATE
        edge += float(faults.get("rate_429", 0))
        if draw < edge:
            self.note_status(429, in_batch)
            headers = {"Retry-After": str(faults.get("retry_after", 1))}
            if token:
                reply = error_reply("temporarily_unavailable", [90033], 429)
                reply.headers.update(headers)
                return reply
            return graph_error(429, "TooManyRequests", "Please retry again later.", None, headers)
        edge += float(faults.get("rate_503", 0))
        if draw < edge:
            self.note_status(503, in_batch)
            if token:
                return error_reply("temporarily_unavailable", [90033], 503)
            return graph_error(503, "serviceNotAvailable", "Service is temporarily unavailable.", None,
                               {"Retry-After": "1"})
        return None

    def route_graph(self, method, path):
        """The route for method and path; a path some route serves with other methods only is 405."""
        other = None
        for route_method, pattern, handler, kind in GRAPH_ROUTES:
            match = pattern.match(path)
            if match and route_method == method:
                return handler, match, kind, None
            if match and other is None:
                other = kind
        if other is not None:
            return None, None, other, graph_error(405, "Request_BadRequest", "Specified HTTP method is not "
                                                  "allowed for the request target.")
        return None, None, "unknown", None

    def graph_call(self, method, path, query, body, claims, client_request_id, in_batch, headers=None):
        """Route, fault-inject and answer one Graph request (a write is logged in `writes`).
        Returns (kind, Reply or RESET/TRUNCATE)."""
        kind, reply = self.answer_graph(method, path, query, body, claims, client_request_id, in_batch, headers)
        if method in graph_writes.WRITE_METHODS and kind != "directoryObjects/getByIds":
            self.writes.append({"time": time.time(), "method": method, "path": path, "kind": kind,
                                "tenant": claims.get("tid"), "in_batch": in_batch,
                                "status": reply.status if isinstance(reply, Reply) else "reset",
                                "body_keys": sorted(body) if isinstance(body, dict) else []})
        return kind, reply

    def answer_graph(self, method, path, query, body, claims, client_request_id, in_batch, headers):
        handler, match, kind, refused = self.route_graph(method, path)
        if in_batch:
            self.count(self.stats["subrequests"], kind)
            self.stats["subrequests_total"] += 1
        if refused:
            return kind, refused
        if handler is None:
            segment = path.strip("/").split("/")[0] or path
            return kind, graph_error(400, "BadRequest", f"Resource not found for the segment '{segment}'.",
                                     client_request_id)
        directory = self.index.lookup(claims.get("tid"))
        if directory is None:
            return kind, graph_error(403, "Authorization_RequestDenied", "Insufficient privileges to complete "
                                     "the operation.", client_request_id)
        fault = self.rule_fault(method, path, query, directory.tenant_id, in_batch)
        if fault is None:
            fault = self.random_fault(in_batch)
        truncate = fault is TRUNCATE
        if fault is not None and not truncate:
            return kind, fault
        call = GraphCall(method, path, query, body, claims, directory, client_request_id, headers)
        try:
            reply = handler(self, call, match)
        except QueryError as error:
            reply = graph_error(400, error.code, str(error), client_request_id)
        if truncate:
            reply.fault = TRUNCATE
        return kind, reply

    def batch(self, body, claims, client_request_id):
        if not isinstance(body, dict) or not isinstance(body.get("requests"), list):
            return graph_error(400, "BadRequest", "Invalid batch payload format.", client_request_id)
        requests = body["requests"]
        if len(requests) > 20:
            return graph_error(400, "BadRequest", "The number of batch requests (" + str(len(requests))
                               + ") exceeds the limit of 20.", client_request_id)
        seen = set()
        for sub in requests:
            if not isinstance(sub, dict) or not sub.get("id") or not sub.get("method") or not sub.get("url"):
                return graph_error(400, "BadRequest", "Each batch request needs id, method and url.",
                                   client_request_id)
            key = str(sub["id"]).lower()
            if key in seen:
                return graph_error(400, "BadRequest", f"Batch request ids must be unique: '{sub['id']}'.",
                                   client_request_id)
            seen.add(key)
        statuses = {}
        responses = []
        reset = truncate = False
        for sub in requests:
            sub_id = str(sub["id"])
            url = str(sub["url"])
            depends = sub.get("dependsOn") or []
            if any(statuses.get(str(d).lower(), 200) >= 400 for d in depends):
                reply = graph_error(424, "FailedDependency", "Failed dependency.", client_request_id)
            elif url.lower().startswith(("http://", "https://")):
                reply = graph_error(400, "BadRequest", "Invalid request URL: a batch request url must be "
                                    "relative to the version root.", client_request_id)
            else:
                target = url if url.startswith("/") else "/" + url
                split = urllib.parse.urlsplit(target)
                path = urllib.parse.unquote(split.path)
                if path.startswith("/v1.0/"):
                    reply = graph_error(400, "BadRequest", "Invalid request URL: the url is relative to "
                                        "/v1.0 and must not repeat it.", client_request_id)
                else:
                    _, reply = self.graph_call(str(sub["method"]).upper(), path, split.query, sub.get("body"),
                                               claims, client_request_id, in_batch=True,
                                               headers=sub.get("headers") if isinstance(sub.get("headers"), dict)
                                               else None)
            if reply is RESET:
                reset = True
                break
            if reply.fault == TRUNCATE:  # a truncate rule matched a sub-request: cut the envelope
                truncate = True
            statuses[sub_id.lower()] = reply.status
            self.subrequest_log.append((time.time(), claims.get("tid"), url.split("?", 1)[0], reply.status))
            headers = {"Cache-Control": "no-cache", "x-ms-resource-unit": "1",
                       "Content-Type": "application/json;odata.metadata=minimal;odata.streaming=true;"
                                       "IEEE754Compatible=false;charset=utf-8"}
            headers.update({k: v for k, v in reply.headers.items() if k in ("Retry-After", "Location", "ETag")})
            responses.append({"id": sub_id, "status": reply.status, "headers": headers, "body": reply.body})
        if reset:
            return RESET
        self.shuffle_rng.shuffle(responses)
        envelope = Reply(200, {"responses": responses})
        if truncate:
            envelope.fault = TRUNCATE
        return envelope

    def openid_configuration(self, request, match):
        """Sign-in metadata of a tenant named by id or by any verified domain: the issuer holds
        its tenant id (how a custom domain is turned into a tenant without a token)."""
        directory = self.index.lookup(urllib.parse.unquote(match.group("tenant")))
        if directory is None:
            return error_reply("invalid_tenant", [90002])
        tenant = directory.tenant_id
        base = f"https://login.microsoftonline.com/{tenant}"
        return json_reply(200, {"issuer": f"{base}/v2.0",
                                "token_endpoint": f"{base}/oauth2/v2.0/token",
                                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                                "tenant_region_scope": "EU"})

    # --- control -------------------------------------------------------------------------
    def control_decide(self, request, match):
        status = "approved" if match.group("action") == "approve" else "declined"
        wanted = (request.json or {}).get("user_code")
        changed = 0
        for state in self.device_codes.values():
            if wanted is None or state["user_code"] == wanted:
                state["status"] = status
                changed += 1
        return json_reply(200, {"changed": changed})

    def control_scenario(self, request, match):
        update = request.json or {}
        deep_merge(self.scenario, update)
        self._index = None
        if "graph" in update or "account" in update:
            self.index  # rebuild now rather than inside the next Graph request
        if "seed" in update.get("faults", {}):
            self.rng.seed(self.scenario["faults"]["seed"])
            self.shuffle_rng.seed(self.scenario["faults"]["seed"] + 1)
        return json_reply(200, self.scenario)

    def control_reset_stats(self, request, match):
        in_flight = self.in_flight
        self.reset_stats()
        self.in_flight = in_flight
        self.requests = []
        self.subrequest_log = []
        self.writes = []
        return json_reply(200, {"reset": True})

    def control_approve_relationship(self, request, match):
        """The customer approves a relationship locked for approval: {"id": relationship id}."""
        status = self.approve_relationship(str((request.json or {}).get("id", "")))
        if status is None:
            return json_reply(404, {"error": "no relationship with that id is approvalPending"})
        return json_reply(200, {"status": status})

    def control_state(self, request, match):
        pending = [{"user_code": s["user_code"], "status": s["status"]} for s in self.device_codes.values()]
        secrets_known = list(self.issued) + [a.get("secret") for a in self.scenario["apps"].values()
                                             if a.get("secret")]
        stats = copy.deepcopy(self.stats)
        stats["in_flight"] = self.in_flight - 1  # this request itself is not counted
        subrequests = [{"time": t, "tenant": tenant, "path": path, "status": status}
                       for t, tenant, path, status in self.subrequest_log]
        return json_reply(200, {"requests": self.requests, "subrequests": subrequests, "polls": self.polls,
                                "issued": secrets_known, "device_codes": pending, "graph_stats": stats,
                                "writes": self.writes})


ROUTES = [
    ("GET", re.compile(r"^/(?P<tenant>[^/]+)/v2\.0/\.well-known/openid-configuration$"),
     Emulator.openid_configuration),
    ("POST", re.compile(r"^/(?P<tenant>[^/]+)/oauth2/v2\.0/devicecode$"), Emulator.devicecode),
    ("POST", re.compile(r"^/(?P<tenant>[^/]+)/oauth2/v2\.0/token$"), Emulator.token),
    ("POST", re.compile(r"^/_control/(?P<action>approve|decline)$"), Emulator.control_decide),
    ("POST", re.compile(r"^/_control/scenario$"), Emulator.control_scenario),
    ("POST", re.compile(r"^/_control/reset-stats$"), Emulator.control_reset_stats),
    ("POST", re.compile(r"^/_control/approve-relationship$"), Emulator.control_approve_relationship),
    ("GET", re.compile(r"^/_control/state$"), Emulator.control_state),
]

_REL = r"/tenantRelationships/delegatedAdminRelationships"
# Paths after /v1.0, percent-decoded. kind names the route in graph_stats.
GRAPH_ROUTES = [
    ("GET", re.compile(r"^/me/?$"), Emulator.g_me, "me"),
    ("GET", re.compile(r"^/organization/?$"), Emulator.g_organization, "organization"),
    ("GET", re.compile(r"^/me/(?P<kind>transitiveMemberOf|memberOf)/?$"), Emulator.g_member_of,
     "me/transitiveMemberOf"),
    ("GET", re.compile(r"^/users/(?P<user>[^/]+)/?$"), Emulator.g_user, "users/{id}"),
    ("GET", re.compile(r"^/users/(?P<user>[^/]+)/(?:transitiveMemberOf|memberOf)/?$"), Emulator.g_user_member_of,
     "users/{id}/transitiveMemberOf"),
    ("GET", re.compile(r"^/groups/?$"), Emulator.g_groups, "groups"),
    ("GET", re.compile(r"^/contracts/?$"), Emulator.g_contracts, "contracts"),
    ("GET", re.compile("^" + _REL + r"/?$"), Emulator.g_relationships, "delegatedAdminRelationships"),
    ("GET", re.compile("^" + _REL + r"/(?P<id>[^/]+)/accessAssignments/?$"), Emulator.g_assignments,
     "accessAssignments"),
    ("GET", re.compile("^" + _REL + r"/(?P<id>[^/]+)/?$"), Emulator.g_relationship,
     "delegatedAdminRelationship"),
    ("POST", re.compile(r"^/directoryObjects/getByIds/?$"), Emulator.g_get_by_ids, "directoryObjects/getByIds"),
    ("GET", re.compile(r"^/servicePrincipals/?$"), Emulator.g_service_principals, "servicePrincipals"),
    ("GET", re.compile(r"^/servicePrincipals(?:\(appId='(?P<app>[^']*)'\)|/(?P<spid>[0-9a-fA-F-]{36}))"
                       r"/appRoleAssignments/?$"), Emulator.g_app_role_assignments, "appRoleAssignments"),
    ("GET", re.compile(r"^/servicePrincipals\(appId='(?P<app>[^']*)'\)/?$"), Emulator.g_service_principal,
     "servicePrincipal"),
    ("GET", re.compile(r"^/oauth2PermissionGrants/?$"), Emulator.g_oauth2_grants, "oauth2PermissionGrants"),
    ("GET", re.compile(r"^/identity/conditionalAccess/policies/?$"), Emulator.g_ca_policies,
     "conditionalAccess/policies"),
    ("GET", re.compile(r"^/applications/?$"), Emulator.g_applications, "applications"),
] + [(method, pattern, getattr(Emulator, name), kind) for method, pattern, name, kind in graph_writes.WRITE_ROUTES]


class Request:
    def __init__(self, method, path, headers, body, query=""):
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.form = {}
        self.json = None
        content_type = headers.get("Content-Type", "")
        try:
            if content_type.startswith("application/x-www-form-urlencoded"):
                self.form = dict(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
            elif content_type.startswith("application/json") and body:
                self.json = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            self.json = None


# --- the HTTP/1.1 server ---------------------------------------------------------------------

REASONS = {100: "Continue", 200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 400: "Bad Request",
           401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
           412: "Precondition Failed", 413: "Payload Too Large",
           424: "Failed Dependency", 429: "Too Many Requests", 431: "Request Header Fields Too Large",
           500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
           504: "Gateway Timeout"}


class Server:
    def __init__(self, emulator):
        self.emulator = emulator
        self.writers = set()

    def close_all(self):
        for writer in list(self.writers):
            writer.transport.abort()

    async def dispatch(self, method, target, headers, body):
        emu = self.emulator
        split = urllib.parse.urlsplit(target)
        path = split.path
        request = Request(method, path, headers, body, split.query)
        control = path.startswith("/_control/")
        entry = None
        if not control:
            entry = {"time": time.time(), "method": method, "path": path,
                     "content_type": headers.get("Content-Type", ""),
                     "grant_type": request.form.get("grant_type"),
                     "client_id": request.form.get("client_id"),
                     "scope": request.form.get("scope"),
                     "fields": sorted(request.form.keys()),
                     "refresh_token": request.form.get("refresh_token"),
                     "client_assertion": request.form.get("client_assertion")}
            emu.requests.append(entry)
            emu.stats["requests_total"] += 1
            latency = float(emu.scenario.get("network", {}).get("latency_ms", 0) or 0)
            if latency > 0:
                await asyncio.sleep(latency / 1000.0)
        if path.startswith("/v1.0/") or path == "/v1.0":
            kind, reply = self.graph(method, path[len("/v1.0"):], split.query, headers, request)
            entry["kind"] = kind
            entry["query"] = split.query
            entry["tenant"] = request.tenant
            entry["status"] = reply.status if isinstance(reply, Reply) else "reset"
            if isinstance(reply, Reply):
                # Graph answers every request with its request-id and the client's
                # client-request-id (or the same id); errors carry them in the body too.
                request_id = reply.headers.setdefault("request-id", str(uuid.uuid4()))
                reply.headers.setdefault("client-request-id", headers.get("client-request-id") or request_id)
            return reply
        for route_method, pattern, handler in ROUTES:
            match = pattern.match(path)
            if match and route_method == method:
                if control:
                    return handler(emu, request, match)
                if handler is Emulator.openid_configuration:  # public metadata: no form body
                    emu.count(emu.stats["requests"], "openid-configuration")
                    if entry is not None:
                        entry["kind"] = "openid-configuration"
                    return handler(emu, request, match)
                kind = "token" if handler is Emulator.token else "devicecode"
                emu.count(emu.stats["requests"], kind)
                if entry is not None:
                    entry["kind"] = kind
                if not headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                    return error_reply("invalid_request", [900144])
                if kind == "token":
                    if request.form.get("grant_type") == "refresh_token":
                        delay = float(emu.scenario["refresh"].get("delay", 0) or 0)
                        if delay:
                            await asyncio.sleep(delay)
                    if emu.scenario["faults"].get("include_token"):
                        fault = emu.random_fault(False, token=True)
                        if fault is not None:
                            return fault
                return handler(emu, request, match)
        return json_reply(404, {"error": "not_found", "path": path})

    def graph(self, method, path, query, headers, request):
        emu = self.emulator
        request.tenant = None
        path = urllib.parse.unquote(path)
        client_request_id = headers.get("client-request-id")
        kind = "$batch" if path.rstrip("/") == "/$batch" else emu.route_graph(method, path)[2]
        emu.count(emu.stats["requests"], kind)
        claims, problem = emu.authenticate(headers)
        if claims is None:
            emu.stats["unauthorized"] += 1
            return kind, graph_error(401, "InvalidAuthenticationToken", problem, client_request_id,
                                     {"WWW-Authenticate": 'Bearer realm="", authorization_uri='
                                      '"https://login.microsoftonline.com/common/oauth2/authorize"'})
        request.tenant = claims.get("tid")
        if kind == "$batch":
            if method != "POST":
                return kind, graph_error(405, "Request_BadRequest", "Specified HTTP method is not allowed for "
                                         "the request target.", client_request_id)
            directory = emu.index.lookup(claims.get("tid"))
            fault = emu.rule_fault(method, "/$batch", query, directory.tenant_id if directory else None, False)
            if fault is None:
                fault = emu.random_fault(False)
            truncate = fault is TRUNCATE
            if fault is not None and not truncate:
                return kind, fault
            if request.json is None and request.body:
                try:
                    request.json = json.loads(request.body)
                except ValueError:
                    request.json = None
            reply = emu.batch(request.json, claims, client_request_id)
            if truncate and reply is not RESET:
                reply.fault = TRUNCATE
            return kind, reply
        body = request.json
        if body is None and method in ("POST", "PATCH") and request.body:
            try:
                body = json.loads(request.body)
            except ValueError:
                body = None
        return emu.graph_call(method, path, query, body, claims, client_request_id, in_batch=False,
                              headers=headers)

    @staticmethod
    def encode(reply, keep_alive):
        payload = b"" if reply.body is None else json.dumps(reply.body, separators=(",", ":")).encode()
        lines = [f"HTTP/1.1 {reply.status} {REASONS.get(reply.status, 'Status')}",
                 "Content-Type: application/json; charset=utf-8",
                 f"Content-Length: {len(payload)}"]
        for name, value in reply.headers.items():
            lines.append(f"{name}: {value}")
        if not keep_alive:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        return head, payload

    async def connection(self, reader, writer):
        emu = self.emulator
        self.writers.add(writer)
        emu.stats["connections"] += 1
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                except asyncio.LimitOverrunError:
                    writer.write(b"HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\n"
                                 b"Connection: close\r\n\r\n")
                    return
                lines = head.decode("latin-1").split("\r\n")
                try:
                    method, target, version = lines[0].split(" ", 2)
                except ValueError:
                    return
                headers = Headers()
                for line in lines[1:]:
                    if line:
                        name, _, value = line.partition(":")
                        headers[name.strip().lower()] = value.strip()
                if headers.get("expect", "").lower() == "100-continue":
                    writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                try:
                    if "chunked" in headers.get("transfer-encoding", "").lower():
                        body = await self.read_chunked(reader)
                    else:
                        length = int(headers.get("content-length") or 0)
                        body = await reader.readexactly(length) if length else b""
                except (asyncio.IncompleteReadError, ConnectionError, ValueError):
                    return
                connection = headers.get("connection", "").lower()
                keep_alive = (connection != "close" if version.upper() == "HTTP/1.1"
                              else connection == "keep-alive")
                emu.in_flight += 1
                if emu.in_flight > emu.stats["peak_in_flight"]:
                    emu.stats["peak_in_flight"] = emu.in_flight
                try:
                    try:
                        reply = await self.dispatch(method.upper(), target, headers, body)
                    except Exception as error:  # a bug in a handler must not kill the connection silently
                        reply = graph_error(500, "emulatorError", f"{type(error).__name__}: {error}")
                    if reply is RESET:
                        self.reset(writer)
                        return
                    if reply.fault == TRUNCATE:
                        head_bytes, payload = self.encode(reply, True)
                        writer.write(head_bytes + payload[:len(payload) // 2])
                        await writer.drain()
                        self.reset(writer)
                        return
                    head_bytes, payload = self.encode(reply, keep_alive)
                    writer.write(head_bytes + payload)
                    await writer.drain()
                finally:
                    emu.in_flight -= 1
                if not keep_alive:
                    return
        except (ConnectionError, OSError):
            return
        except asyncio.CancelledError:
            return  # the emulator is shutting down with this request still waiting: not an error
        finally:
            self.writers.discard(writer)
            try:
                writer.close()
            except (ConnectionError, OSError, RuntimeError):
                pass

    @staticmethod
    async def read_chunked(reader):
        parts = []
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";")[0].strip(), 16)
            if size == 0:
                while (await reader.readuntil(b"\r\n")) != b"\r\n":
                    pass
                return b"".join(parts)
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)

    @staticmethod
    def reset(writer):
        """Close with RST: the client sees a reset connection, not a clean end of stream."""
        sock = writer.get_extra_info("socket")
        try:
            if sock is not None:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        writer.transport.abort()


async def serve(emulator, port):
    server = Server(emulator)
    emulator.index  # build the Graph view now, not inside the first (timed) request
    listener = await asyncio.start_server(server.connection, "127.0.0.1", port, backlog=2048,
                                          limit=1 << 20)
    emulator.port = listener.sockets[0].getsockname()[1]
    print(emulator.port, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    listener.close()
    server.close_all()  # idle keep-alive connections end now, quietly
    for _ in range(3):
        await asyncio.sleep(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", help="JSON file merged over the default scenario")
    parser.add_argument("--port", type=int, default=0, help="0: pick a free port")
    args = parser.parse_args()
    scenario = {}
    if args.scenario:
        with open(args.scenario, encoding="utf-8") as handle:
            scenario = json.load(handle)
    emulator = Emulator(scenario)
    try:
        asyncio.run(serve(emulator, args.port))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
