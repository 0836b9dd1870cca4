#!/usr/bin/env python3
"""Turn a gdapcheck snapshot (examples/*.json) into an emulator scenario, or generate a
synthetic partner with N healthy customers.

Collected live from the emulator, a converted scenario should give the same facts (and so the
same findings) as the snapshot diagnosed offline:

  - the partner account's claims (tid, oid, upn, name, amr; wids = the partner directory roles),
    its directory roles (as directoryRole memberships), its transitive group memberships, the
    AdminAgents group (present, absent, or present without the account), contracts,
    relationships and their access assignments (groups named as in the snapshot);
  - each customer: organization (name, domains), sign-in (a failed one becomes
    tenants.{id}.error with its AADSTS codes), the service principals that are present, the
    conditional access policies, the integration app (application with its password and key
    credentials, its service principal, and the Microsoft Graph app roles granted to it); the
    apps whose service principal is absent go in graph.applications_catalog, so a fix can create
    it (POST /servicePrincipals);
  - a read the snapshot records as failed with an HTTP answer ("403 Authorization_RequestDenied:
    message") becomes a faults.fail rule for that endpoint and tenant; other reasons (for example
    "signing in to the customer tenant failed ...", "not read: ...") inject nothing, because the
    live run reaches them the same way.

The emulated tenant is the snapshot's tenant seen now: every date in it (relationships, access
assignments, credentials) moves by the time since the snapshot's collectedAt, so a relationship
that had four days left at collection has four days left today, on any day. A live run (evaluated
now) then gives the verdict the snapshot gives at its own collection time. The synthetic partner's
dates are likewise relative to now.

The scenario never makes refresh tokens single-use (refresh.revoke_old false, as Entra), and
signs in instantly (device.interval 0, auto approval).

Usage:
  scenario_from_snapshot.py examples/healthy.json [-o scenario.json] [--app-id ID]
  scenario_from_snapshot.py --synthetic 500 [--seed 7] [-o scenario.json]
"""

import argparse
import copy
import json
import os
import random
import re
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

MICROSOFT_GRAPH_APP = "00000003-0000-0000-c000-000000000000"
WINDOWS_DEFENDER_ATP = "fc780465-2017-40d4-a0c5-307022471b92"
GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10"
# The 12 roles of the `default` profile (Syncro and CIPP both require them).
DEFAULT_ROLES = [
    "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "0526716b-113d-4c15-b2c8-68e3c22b9f80",
    "892c5842-a9a6-463a-8041-72aa08ca3cf6", "7698a772-787b-4ac8-901f-60d6b08affd2",
    "29232cdf-9323-42fd-ade2-1d097af3e4de", "3a2c62db-5318-420d-8d74-23affee5d9d5",
    "7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "e8611ab8-c189-46e8-94e1-60213ab1f814",
    "194ae4cb-b126-40b2-bd5b-6091b380977d", "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
    "69091246-20e8-4a56-aa4d-066075b2a7a8", "fe930be7-5e62-47db-91af-98c3a49a38b1",
]
HELPDESK_ROLES = ["f2ef992c-3afb-46b9-b7cf-a126ee74c451", "729827e3-9c14-49f7-bb1b-9608f156bbb8"]

HTTP_FAILURE = re.compile(r"^\s*(\d{3})\s+([A-Za-z_][\w.]*)\s*:\s*(.*)$", re.S)

BASE = {
    "device": {"interval": 0, "approve": "auto", "pending_polls": 0},
    "refresh": {"rotate": True, "revoke_old": False},
}


def _value(read):
    """The value of a snapshot Read ({"value": ...}), or None when it was not read."""
    if isinstance(read, dict) and "value" in read:
        return read["value"]
    return None


def _error(read):
    if isinstance(read, dict) and "value" not in read and "error" in read:
        return read["error"]
    return None


def _stable(*parts):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join(str(p) for p in parts)))


def _fail_rule(reason, path, tenant, method="GET"):
    """A faults.fail rule for a read the snapshot says failed with an HTTP answer, else None."""
    match = HTTP_FAILURE.match(reason or "")
    if not match:
        return None
    status = int(match.group(1))
    rule = {"method": method, "path": path, "tenant": tenant, "status": status,
            "code": match.group(2), "message": match.group(3).strip() or "Emulated failure."}
    if status == 429:
        rule["message"] = "Please retry again later."  # the snapshot's text is the client's
    if status in (429, 503):
        rule["retry_after"] = 0  # the client exhausts its retries quickly, as in the snapshot
    return rule


def _escape(text):
    return re.escape(text)


TIMESTAMP = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z$")


def _parse_time(text):
    match = TIMESTAMP.match(text)
    if not match:
        raise ValueError(f"not an ISO-8601 UTC timestamp: {text!r}")
    return datetime.strptime(match.group(1), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc), match.group(2) or ""


def _format_time(moment, fraction=""):
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"


def _moved(text, shift):
    """`text` (an ISO-8601 UTC timestamp, or None) moved by `shift`, keeping its precision."""
    if not text:
        return text
    moment, fraction = _parse_time(text)
    return _format_time(moment + shift, fraction)


def _now(now):
    return datetime.fromtimestamp(time.time() if now is None else now, timezone.utc).replace(microsecond=0)


def _shift_to_now(snapshot, now):
    """How far the snapshot's dates move so that its collection time becomes `now`."""
    collected = snapshot.get("collectedAt")
    if not collected:
        return timedelta(0)
    return _now(now) - _parse_time(collected)[0]


def from_snapshot(snapshot, app_id=None, now=None):
    """The scenario for `snapshot` (a parsed snapshot dict), its dates moved so that its collection
    time is `now` (Unix seconds; default: the current time). With `app_id`, every customer's
    integration app takes that app id (the CLI checks one --app-id for every customer)."""
    shift = _shift_to_now(snapshot, now)
    partner = snapshot["partner"]
    tenant_id = partner["tenantId"]
    user = partner.get("user", {})
    user_id = user.get("id") or _stable(tenant_id, "user")
    fail = []
    scenario = copy.deepcopy(BASE)

    # The account and its token claims.
    amr = _value(partner.get("amr"))
    roles = _value(partner.get("directoryRoles"))
    scenario["account"] = {"tid": tenant_id, "oid": user_id, "upn": user.get("userPrincipalName"),
                           "name": user.get("displayName"), "amr": amr if amr is not None else ["pwd"],
                           "wids": list(roles or [])}

    # Groups: every group the account is in (directly, as the snapshot keeps them flat), every
    # group an access assignment names, and AdminAgents.
    groups = {}
    memberships = _value(partner.get("groupMemberships"))
    for group in memberships or []:
        groups[group["id"]] = {"id": group["id"], "displayName": group.get("displayName", ""),
                               "securityEnabled": True, "members": [user_id]}
    admin_agents = _value(partner.get("adminAgentsGroup"))
    if admin_agents:
        groups.setdefault(admin_agents["id"], {"id": admin_agents["id"],
                                               "displayName": admin_agents.get("displayName", "AdminAgents"),
                                               "securityEnabled": True, "members": []})
    relationships = _value(partner.get("relationships")) or []
    for rel in relationships:
        for assignment in _value(rel.get("accessAssignments")) or []:
            gid = assignment.get("groupId")
            name = assignment.get("groupDisplayName")
            if gid and name and gid not in groups:
                groups[gid] = {"id": gid, "displayName": name, "securityEnabled": True, "members": []}

    upn = user.get("userPrincipalName") or ""
    partner_domain = upn.split("@", 1)[1] if "@" in upn else None
    graph_partner = {
        "tenantId": tenant_id,
        "displayName": partner.get("displayName", ""),
        "defaultDomain": partner_domain,
        "domains": [partner_domain] if partner_domain else [],
        "user": {"id": user_id, "userPrincipalName": user.get("userPrincipalName"),
                 "displayName": user.get("displayName")},
        "directoryRoles": list(roles or []),
        "groups": list(groups.values()),
        "contracts": [dict(c) for c in (_value(partner.get("contracts")) or [])],
        "relationships": [],
    }
    for key, path in (("groupMemberships", r"^/me/transitiveMemberOf$"),
                      ("directoryRoles", r"^/me/transitiveMemberOf$"),
                      ("adminAgentsGroup", r"^/groups$"),
                      ("contracts", r"^/contracts$"),
                      ("relationships", r"^/tenantRelationships/delegatedAdminRelationships$")):
        rule = _fail_rule(_error(partner.get(key)), path, tenant_id)
        if rule and rule not in fail:
            fail.append(rule)
    for rel in relationships:
        out = {k: v for k, v in rel.items() if k != "accessAssignments"}
        for key in ("createdDateTime", "activatedDateTime", "endDateTime"):
            out[key] = _moved(rel.get(key), shift)
        assignments = _value(rel.get("accessAssignments"))
        out["accessAssignments"] = []
        for a in assignments or []:
            moved = {k: v for k, v in a.items() if k != "groupDisplayName"}
            for key in ("createdDateTime", "lastModifiedDateTime"):
                moved[key] = _moved(a.get(key), shift)
            out["accessAssignments"].append(moved)
        rule = _fail_rule(_error(rel.get("accessAssignments")),
                          r"^/tenantRelationships/delegatedAdminRelationships/" + _escape(rel["id"])
                          + r"/accessAssignments$", tenant_id)
        if rule:
            fail.append(rule)
        graph_partner["relationships"].append(out)

    customers = {}
    tenants = {}
    missing_apps = {}  # appId (lower) -> appId: service principals some customer lacks
    for customer in snapshot.get("customers", []):
        cid = customer["tenantId"]
        data = {"displayName": customer.get("displayName", ""),
                "defaultDomain": customer.get("defaultDomain"),
                "domains": list(customer.get("domains", [])),
                "servicePrincipals": [], "conditionalAccessPolicies": [], "applications": [],
                "appRoleAssignments": {}}
        sign_in = _value(customer.get("signIn"))
        if sign_in is not None and not sign_in.get("succeeded", False):
            tenants[cid] = {"error": {"error": sign_in.get("error") or "invalid_grant",
                                      "codes": list(sign_in.get("errorCodes") or []), "status": 400}}
        sps = _value(customer.get("servicePrincipals"))
        absent = set()
        for sp in sps or []:
            if sp.get("present"):
                entry = {"appId": sp["appId"], "id": sp.get("id") or _stable(cid, "sp", sp["appId"]),
                         "displayName": sp.get("displayName") or sp["appId"]}
                if sp.get("accountEnabled") is not None:
                    entry["accountEnabled"] = sp["accountEnabled"]
                data["servicePrincipals"].append(entry)
            else:
                absent.add(sp["appId"].lower())
                missing_apps.setdefault(sp["appId"].lower(), sp["appId"])
        rule = _fail_rule(_error(customer.get("servicePrincipals")), r"^/servicePrincipals$", cid)
        if rule:
            fail.append(rule)
        policies = _value(customer.get("conditionalAccessPolicies"))
        data["conditionalAccessPolicies"] = copy.deepcopy(policies or [])
        rule = _fail_rule(_error(customer.get("conditionalAccessPolicies")),
                          r"^/identity/conditionalAccess/policies$", cid)
        if rule:
            fail.append(rule)

        app = _value(customer.get("integrationApp"))
        rule = _fail_rule(_error(customer.get("integrationApp")), r"^/applications$", cid)
        if rule:
            fail.append(rule)
        if app is not None:
            wanted = app_id or app.get("appId")
            if app.get("registrationFound"):
                data["applications"].append({
                    "appId": wanted, "id": _stable(cid, "application", wanted),
                    "displayName": app.get("displayName") or "Integration",
                    "passwordCredentials": [dict(c, endDateTime=_moved(c.get("endDateTime"), shift))
                                            for c in app.get("passwordCredentials", [])],
                    "keyCredentials": [dict(c, endDateTime=_moved(c.get("endDateTime"), shift))
                                       for c in app.get("keyCredentials", [])]})
                have = {sp["appId"].lower() for sp in data["servicePrincipals"]}
                if wanted.lower() not in have:
                    data["servicePrincipals"].append({"appId": wanted, "id": _stable(cid, "sp", wanted),
                                                      "displayName": app.get("displayName") or "Integration",
                                                      "accountEnabled": True})
                if MICROSOFT_GRAPH_APP not in have and MICROSOFT_GRAPH_APP not in absent:
                    data["servicePrincipals"].append({"appId": MICROSOFT_GRAPH_APP,
                                                      "id": _stable(cid, "sp", MICROSOFT_GRAPH_APP),
                                                      "displayName": "Microsoft Graph",
                                                      "accountEnabled": True})
                granted = _value(app.get("grantedGraphAppRoles"))
                data["appRoleAssignments"][wanted] = [{"appRoleId": r, "resourceAppId": MICROSOFT_GRAPH_APP}
                                                      for r in granted or []]
                rule = _fail_rule(_error(app.get("grantedGraphAppRoles")),
                                  r"^/servicePrincipals(\(appId=.*\)|/[^/]+)/appRoleAssignments$", cid)
                if rule:
                    fail.append(rule)
        customers[cid] = data

    scenario["graph"] = {"partner": graph_partner, "customers": customers,
                         "applications_catalog": _catalog(missing_apps, customers)}
    if tenants:
        scenario["tenants"] = tenants
    scenario["faults"] = {"fail": fail}
    return scenario


def _catalog(missing_apps, customers):
    """The apps whose service principal a customer lacks, for POST /servicePrincipals to create:
    named as another customer's instance names them, else by their appId."""
    names = {sp["appId"].lower(): sp.get("displayName") for data in customers.values()
             for sp in data["servicePrincipals"]}
    return [{"appId": app_id, "displayName": names.get(key) or app_id} for key, app_id in missing_apps.items()]


def from_example(name, app_id=None, now=None):
    """The scenario of one of the project's examples/ snapshots, by file name."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(root, "examples", name), encoding="utf-8") as handle:
        return from_snapshot(json.load(handle), app_id, now)


def synthetic(count, seed=7, multi_every=4, partner_name="Contoso Managed Services", now=None):
    """A partner with `count` healthy customers (status active under the default profile) as seen
    at `now` (Unix seconds; default: the current time): relationships activated between one and
    eleven months before, lasting 730 days, auto-extending.

    Every `multi_every`-th customer has several relationships: the integration one, a helpdesk
    one and a terminated Microsoft-led (MLT_) one. The account reaches the GDAP group through a
    nested group, so transitive membership matters."""
    rng = random.Random(seed)
    today = _now(now).replace(hour=10, minute=0, second=0)

    def guid():
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    partner_id = guid()
    user_id = guid()
    admin_agents, gdap_admins, helpdesk, tier2 = guid(), guid(), guid(), guid()
    domain = "contosoms.onmicrosoft.com"
    account = {"tid": partner_id, "oid": user_id, "upn": f"svc-rmm@{domain}", "name": "RMM service account",
               "amr": ["pwd", "mfa"], "wids": [GLOBAL_ADMIN]}
    groups = [
        {"id": admin_agents, "displayName": "AdminAgents", "members": [user_id]},
        {"id": tier2, "displayName": "Tier 2 Technicians", "members": [user_id]},
        {"id": gdap_admins, "displayName": "GDAP Integration Admins", "members": [tier2]},
        {"id": helpdesk, "displayName": "GDAP Helpdesk", "members": [guid()]},
    ]
    words = ["Alpine", "Bayside", "Cedar", "Delta", "Evergreen", "Falcon", "Granite", "Harbor", "Iris",
             "Juniper", "Keystone", "Lakeside", "Maple", "Northwind", "Oakridge", "Pioneer", "Quarry",
             "Riverside", "Summit", "Tidewater", "Union", "Vista", "Willow", "Yardley", "Zenith"]
    kinds = ["Dental", "Logistics", "Legal", "Bakery", "Clinic", "Builders", "Realty", "Foods", "Labs",
             "Motors", "Partners", "Studios"]
    contracts, relationships, customers = [], [], {}
    for number in range(count):
        cid = guid()
        name = f"{words[number % len(words)]} {kinds[(number // len(words)) % len(kinds)]} {number + 1:04d}"
        slug = re.sub(r"[^a-z0-9]", "", name.lower())
        initial = f"{slug}.onmicrosoft.com"
        custom = f"{slug}.example"
        contracts.append({"customerId": cid, "displayName": name, "defaultDomainName": initial,
                          "contractType": "ResellerPartner"})
        activated_at = today - timedelta(days=30 + (number * 29) % 300)
        activated = _format_time(activated_at)
        end = _format_time(activated_at + timedelta(days=730))
        created = _format_time(activated_at - timedelta(days=2))
        rel_id = f"{guid()}-{cid}"
        relationships.append({
            "id": rel_id, "displayName": f"CMS_{slug[:20]}_Integration", "status": "active",
            "customer": {"tenantId": cid, "displayName": name}, "roles": list(DEFAULT_ROLES),
            "duration": "P730D", "autoExtendDuration": "P180D", "createdDateTime": created,
            "activatedDateTime": activated, "endDateTime": end, "reseller": number % 7 == 3,
            "isPartnerConsentPending": False,
            "accessAssignments": [{"id": guid(), "status": "active", "groupId": gdap_admins,
                                   "roles": list(DEFAULT_ROLES), "createdDateTime": activated,
                                   "lastModifiedDateTime": activated}]})
        if multi_every and number % multi_every == 0:
            relationships.append({
                "id": f"{guid()}-{cid}", "displayName": f"CMS_{slug[:20]}_Helpdesk", "status": "active",
                "customer": {"tenantId": cid, "displayName": name}, "roles": list(HELPDESK_ROLES),
                "duration": "P730D", "autoExtendDuration": "P180D", "createdDateTime": created,
                "activatedDateTime": activated, "endDateTime": end, "reseller": False,
                "accessAssignments": [{"id": guid(), "status": "active", "groupId": helpdesk,
                                       "roles": list(HELPDESK_ROLES), "createdDateTime": activated}]})
            relationships.append({
                "id": f"{guid()}-{cid}", "displayName": f"MLT_{slug[:20]}", "status": "terminated",
                "customer": {"tenantId": cid, "displayName": name}, "roles": list(HELPDESK_ROLES),
                "duration": "P730D", "autoExtendDuration": "PT0S",
                "createdDateTime": _format_time(today - timedelta(days=1420)),
                "activatedDateTime": _format_time(today - timedelta(days=1416)),
                "endDateTime": _format_time(today - timedelta(days=700)),
                "reseller": False, "accessAssignments": []})
        customers[cid] = {
            "displayName": name, "defaultDomain": custom, "domains": [custom, initial],
            "servicePrincipals": [
                {"appId": MICROSOFT_GRAPH_APP, "id": guid(), "displayName": "Microsoft Graph"},
                {"appId": WINDOWS_DEFENDER_ATP, "id": guid(), "displayName": "WindowsDefenderATP"}],
            "conditionalAccessPolicies": [{
                "id": guid(), "displayName": "Require MFA for all users", "state": "enabled",
                "users": {"includeUsers": ["All"]}, "applications": {"includeApplications": ["All"]},
                "grantControls": {"operator": "OR", "builtInControls": ["mfa"]}}],
            "applications": [], "appRoleAssignments": {}}
    scenario = copy.deepcopy(BASE)
    scenario["account"] = account
    scenario["graph"] = {
        "partner": {"tenantId": partner_id, "displayName": partner_name,
                    "defaultDomain": domain, "domains": [domain],
                    "user": {"id": user_id, "userPrincipalName": account["upn"], "displayName": account["name"]},
                    "directoryRoles": [GLOBAL_ADMIN], "groups": groups, "contracts": contracts,
                    "relationships": relationships},
        "customers": customers}
    return scenario


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("snapshot", nargs="?", help="snapshot file (examples/*.json)")
    parser.add_argument("-o", "--output", help="write the scenario here (default stdout)")
    parser.add_argument("--app-id", help="give every customer's integration app this app id")
    parser.add_argument("--synthetic", type=int, metavar="N", help="generate N healthy customers instead")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.synthetic is not None:
        scenario = synthetic(args.synthetic, seed=args.seed)
    elif args.snapshot:
        with open(args.snapshot, encoding="utf-8") as handle:
            scenario = from_snapshot(json.load(handle), app_id=args.app_id)
    else:
        parser.error("give a snapshot file or --synthetic N")
    text = json.dumps(scenario, indent=1)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
