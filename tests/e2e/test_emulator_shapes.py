#!/usr/bin/env python3
"""The emulator answers in Graph v1.0's shapes, property for property.

Every entity and complex type the collector parses is checked, as the emulator serves it for the
example snapshots, against the property lists transcribed from Microsoft's v1.0 metadata
(tests/emulator/graph_v1_properties.py):
- a full read (no $select) has every structural property of the type, null or [] when unset;
- a $select read has exactly the selected properties (and id);
- no property outside the v1.0 type appears, except OData annotations;
- enum values are members as Graph spells them, flags enums one comma-separated string;
- a value declared with an abstract type names its concrete type in @odata.type.

It checks the emulator, not gdapcheck: the binary path CTest passes is accepted and ignored.
"""

import json
import os
import sys
import unittest
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
import graph_v1_properties as v1  # noqa: E402
import harness  # noqa: E402
import scenario_from_snapshot  # noqa: E402
from selftest import Client, all_pages, sign_in, tenant_token  # noqa: E402

EXAMPLES = ["healthy.json", "tenant-conditional-access-blocks-partner.json",
            "tenant-conditional-access-may-block-partner.json", "entra-sync-app-problems.json",
            "gdap-missing-security-group.json"]
# Abstract types and the concrete types Graph names in @odata.type.
ABSTRACT = {"conditionalAccessExternalTenants": {
    "#microsoft.graph.conditionalAccessAllExternalTenants": "conditionalAccessAllExternalTenants",
    "#microsoft.graph.conditionalAccessEnumeratedExternalTenants": "conditionalAccessEnumeratedExternalTenants"}}
PRIMITIVES = {"Edm.String": str, "Edm.Boolean": bool, "Edm.Int32": int, "Edm.DateTimeOffset": str,
              "Edm.Guid": str, "Edm.Duration": str, "Edm.Binary": str}


def element_type(declared):
    return declared[len("Collection("):-1] if declared.startswith("Collection(") else declared


class ShapeChecker:
    def __init__(self):
        self.problems = []
        self.checked = {}

    def value(self, where, declared, value):
        if value is None:
            return
        if declared.startswith("Collection("):
            if not isinstance(value, list):
                self.problems.append(f"{where}: expected an array, got {value!r}")
                return
            for i, item in enumerate(value):
                self.value(f"{where}/{i}", element_type(declared), item)
            return
        if declared in v1.ENUMS:
            members, flags = v1.ENUMS[declared]
            if not isinstance(value, str):
                self.problems.append(f"{where}: {declared} must be a string, got {value!r}")
                return
            for member in (value.split(",") if flags else [value]):
                if member.strip() not in members:
                    self.problems.append(f"{where}: {member!r} is not a {declared} member")
            return
        if declared in PRIMITIVES:
            if not isinstance(value, PRIMITIVES[declared]) or isinstance(value, bool) != (declared == "Edm.Boolean"):
                self.problems.append(f"{where}: expected {declared}, got {value!r}")
            return
        if declared in ABSTRACT:
            concrete = ABSTRACT[declared].get(value.get("@odata.type", ""))
            if concrete is None:
                self.problems.append(f"{where}: abstract {declared} without a known @odata.type")
                return
            declared = concrete
        if declared in v1.TYPES:
            self.entity(where, declared, value, full=True)

    def entity(self, where, type_name, value, full, selected=None):
        props = v1.TYPES[type_name]
        self.checked[type_name] = self.checked.get(type_name, 0) + 1
        if not isinstance(value, dict):
            self.problems.append(f"{where}: expected a {type_name} object")
            return
        keys = {k for k in value if "@odata." not in k}
        unknown = keys - set(props)
        if unknown:
            self.problems.append(f"{where}: not in v1.0 {type_name}: {sorted(unknown)}")
        if selected is not None:
            if keys != set(selected) | {"id"} and keys != set(selected):
                self.problems.append(f"{where}: $select={','.join(selected)} answered {sorted(keys)}")
        elif full:
            missing = {name for name, (_, kind) in props.items() if kind == "prop"} - keys
            if missing:
                self.problems.append(f"{where}: {type_name} lacks {sorted(missing)}")
        for key in keys & set(props):
            self.value(f"{where}/{key}", props[key][0], value[key])


def select_of(target):
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(target).query)
    return query["$select"][0].split(",") if "$select" in query else None


GRAPH = "00000003-0000-0000-c000-000000000000"
APP = "5b2e4f0a-6c1d-4e8b-9a73-0f2d1c3b4a5e"


def with_consent(scenario):
    """Every customer holds an integration app consented on Graph: a grant and an app role."""
    for customer in scenario["graph"]["customers"].values():
        for sp in customer["servicePrincipals"]:
            if sp["appId"] == GRAPH:
                sp["oauth2PermissionScopes"] = [{"id": "06da0dbc-49e2-44d2-8312-53f166ab848a",
                                                 "value": "Directory.Read.All"}]
                sp["appRoles"] = [{"id": "df021288-bdef-4463-88db-98f22de89214", "value": "User.Read.All"}]
        customer["servicePrincipals"].append({"appId": APP, "displayName": "Northwind RMM"})
        customer["oauth2PermissionGrants"] = {APP: [{"resourceAppId": GRAPH, "scope": "Directory.Read.All"}]}
        customer["appRoleAssignments"] = {APP: [{"appRoleId": "df021288-bdef-4463-88db-98f22de89214",
                                                 "resourceAppId": GRAPH}]}
    return scenario


class EmulatorShapes(unittest.TestCase):
    def test_every_entity_the_collector_parses(self):
        checker = ShapeChecker()
        for name in EXAMPLES:
            with open(os.path.join(ROOT, "examples", name), encoding="utf-8") as handle:
                snapshot = json.load(handle)
            scenario = with_consent(scenario_from_snapshot.from_snapshot(snapshot))
            with harness.Emulator(scenario) as emu:
                client = Client(emu.port)
                tokens = sign_in(client)
                partner = tokens["access_token"]
                self.read_partner(checker, client, partner, name)
                for customer in snapshot["customers"]:
                    status, body = tenant_token(client, tokens["refresh_token"], customer["tenantId"])
                    if status != 200:
                        continue
                    self.read_customer(checker, client, body["access_token"], f"{name} {customer['displayName']}")
                client.close()
        self.assertEqual(checker.problems, [], "\n".join(checker.problems[:40]))
        for type_name in ("conditionalAccessPolicy", "conditionalAccessConditionSet", "conditionalAccessUsers",
                          "conditionalAccessApplications", "conditionalAccessGrantControls",
                          "conditionalAccessSessionControls", "signInFrequencySessionControl",
                          "conditionalAccessClientApplications", "conditionalAccessLocations",
                          "conditionalAccessGuestsOrExternalUsers", "delegatedAdminRelationship",
                          "delegatedAdminAccessAssignment", "delegatedAdminAccessContainer", "contract",
                          "organization", "verifiedDomain", "group", "servicePrincipal",
                          "oAuth2PermissionGrant", "appRoleAssignment", "appRole", "permissionScope"):
            self.assertGreater(checker.checked.get(type_name, 0), 0, f"no {type_name} was checked")

    def read_partner(self, checker, client, token, where):
        relationships, _ = all_pages(client, "/v1.0/tenantRelationships/delegatedAdminRelationships", token)
        for i, r in enumerate(relationships):
            reseller = r.get("@odata.type", "").endswith("resellerDelegatedAdminRelationship")
            type_name = "resellerDelegatedAdminRelationship" if reseller else "delegatedAdminRelationship"
            checker.entity(f"{where} relationships/{i}", type_name, r, full=True)
            assignments, _ = all_pages(client, "/v1.0/tenantRelationships/delegatedAdminRelationships/"
                                       + r["id"] + "/accessAssignments?$top=300", token)
            for j, a in enumerate(assignments):
                checker.entity(f"{where} {r['displayName']} assignments/{j}", "delegatedAdminAccessAssignment", a,
                               full=True)
        for target, type_name in (
                ("/v1.0/contracts?$select=customerId,displayName,defaultDomainName,contractType&$top=999", "contract"),
                ("/v1.0/groups?$filter=" + urllib.parse.quote("displayName eq 'AdminAgents'")
                 + "&$select=id,displayName,securityEnabled", "group")):
            items, _ = all_pages(client, target, token)
            for i, item in enumerate(items):
                checker.entity(f"{where} {type_name}/{i}", type_name, item, full=False, selected=select_of(target))

    def read_customer(self, checker, client, token, where):
        policies, _ = all_pages(client, "/v1.0/identity/conditionalAccess/policies", token)
        for i, policy in enumerate(policies):
            checker.entity(f"{where} policies/{i}", "conditionalAccessPolicy", policy, full=True)
        org_target = "/v1.0/organization?$select=id,displayName,verifiedDomains"
        orgs, _ = all_pages(client, org_target, token)
        for i, org in enumerate(orgs):
            checker.entity(f"{where} organization/{i}", "organization", org, full=False,
                           selected=select_of(org_target))
        quoted = ",".join(f"'{a}'" for a in ("00000003-0000-0000-c000-000000000000",
                                             "fc780465-2017-40d4-a0c5-307022471b92"))
        sp_target = ("/v1.0/servicePrincipals?$filter=" + urllib.parse.quote(f"appId in ({quoted})")
                     + "&$select=id,appId,displayName,accountEnabled&$top=999")
        sps, _ = all_pages(client, sp_target, token)
        for i, sp in enumerate(sps):
            checker.entity(f"{where} servicePrincipals/{i}", "servicePrincipal", sp, full=False,
                           selected=select_of(sp_target))
        # The integration's consent, read as the collector reads it.
        resources_target = ("/v1.0/servicePrincipals?$filter=" + urllib.parse.quote(f"appId in ('{GRAPH}')")
                            + "&$select=id,appId,displayName,accountEnabled,appRoles,oauth2PermissionScopes&$top=999")
        resources, _ = all_pages(client, resources_target, token)
        for i, sp in enumerate(resources):
            checker.entity(f"{where} resources/{i}", "servicePrincipal", sp, full=False,
                           selected=select_of(resources_target))
        app_target = ("/v1.0/servicePrincipals?$filter=" + urllib.parse.quote(f"appId eq '{APP}'")
                      + "&$select=id,appId,displayName,accountEnabled")
        (app,), _ = all_pages(client, app_target, token)
        grants, _ = all_pages(client, "/v1.0/oauth2PermissionGrants?$filter=" + urllib.parse.quote(
            f"clientId eq '{app['id']}' and consentType eq 'AllPrincipals'"), token)
        self.assertEqual(len(grants), 1)
        for i, grant in enumerate(grants):
            checker.entity(f"{where} oauth2PermissionGrants/{i}", "oAuth2PermissionGrant", grant, full=True)
        roles, _ = all_pages(client, f"/v1.0/servicePrincipals/{app['id']}/appRoleAssignments", token)
        for i, role in enumerate(roles):
            checker.entity(f"{where} appRoleAssignments/{i}", "appRoleAssignment", role, full=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        sys.argv.pop(1)
    unittest.main(verbosity=2)
