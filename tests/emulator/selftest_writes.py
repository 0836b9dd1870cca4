#!/usr/bin/env python3
"""Self-test of the Graph writes the emulator plays (graph_writes.py), with a plain Python client.

Each write: success and its read-back, the duplicate (idempotent) answer, 403 without the write
permission (delegated `scp` and app-only `roles`), the wrong tenant, ETag preconditions, `$batch`,
fault rules, and the `writes` log of /_control/state (never a token).

Usage: python3 tests/emulator/selftest_writes.py   (selftest.py runs these too)
"""

import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402
import scenario_from_snapshot  # noqa: E402
from selftest import Client, sign_in  # noqa: E402

GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10"
GLOBAL_READER = "f2ef992c-3afb-46b9-b7cf-a126ee74c451"
GRAPH_APP = "00000003-0000-0000-c000-000000000000"
PCDA_APP = "2832473f-ec63-45fb-976f-5d45a7d4bb91"  # Partner Customer Delegated Administration
OWNED_BY_APP = "0e0ed000-0000-4000-8000-000000000000"
REL = "/v1.0/tenantRelationships/delegatedAdminRelationships"


def consent(client, *scopes):
    """Incremental consent: a device-code sign-in that names the permissions (a refresh token
    cannot ask for new ones; the emulator answers AADSTS65001 as Entra does)."""
    named = " ".join(f"https://graph.microsoft.com/{s}" for s in scopes)
    _, _, device = client.call("POST", "/organizations/oauth2/v2.0/devicecode",
                               form={"client_id": "cli", "scope": "offline_access openid " + named})
    status, _, tokens = client.call("POST", "/organizations/oauth2/v2.0/token", form={
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code", "client_id": "cli",
        "device_code": device["device_code"]})
    assert status == 200, tokens


def scoped_token(client, refresh_token, tenant, *scopes):
    """A token for tenant; scopes named one by one are consented incrementally first."""
    if scopes:
        consent(client, *scopes)
    scope = " ".join(["https://graph.microsoft.com/.default"] + [f"https://graph.microsoft.com/{s}" for s in scopes])
    status, _, body = client.call("POST", f"/{tenant}/oauth2/v2.0/token", form={
        "grant_type": "refresh_token", "client_id": "cli", "refresh_token": refresh_token, "scope": scope})
    assert status == 200, body
    return body["access_token"]


def app_token(client, tenant, client_id):
    status, _, body = client.call("POST", f"/{tenant}/oauth2/v2.0/token", form={
        "grant_type": "client_credentials", "client_id": client_id, "client_secret": "s3cret",
        "scope": "https://graph.microsoft.com/.default"})
    assert status == 200, body
    return body["access_token"]


class GraphWritesTest(unittest.TestCase):
    def start(self, extra=None):
        scenario = scenario_from_snapshot.synthetic(4, seed=3)
        partner = scenario["graph"]["partner"]
        ga = dict(partner["relationships"][0], id="ga000000-0000-0000-0000-000000000000-" + partner["relationships"][0]
                  ["customer"]["tenantId"], displayName="With Global Administrator", autoExtendDuration="PT0S",
                  roles=[GLOBAL_ADMIN, GLOBAL_READER], accessAssignments=[])
        partner["relationships"].append(ga)
        partner["relationships"][1]["autoExtendDuration"] = "PT0S"  # an active one not auto-extended
        scenario["graph"]["applications_catalog"] = [{"appId": PCDA_APP,
                                                      "displayName": "Partner Customer Delegated Administration"}]
        scenario["apps"] = {OWNED_BY_APP: {"secret": "s3cret", "roles": ["Application.ReadWrite.OwnedBy"]},
                            "app-writer": {"secret": "s3cret", "roles": ["Application.ReadWrite.All"]},
                            "reader": {"secret": "s3cret", "roles": ["Directory.Read.All"]}}
        scenario["graph"]["applications_catalog"].append({"appId": OWNED_BY_APP, "displayName": "Owned by itself"})
        if extra:
            __import__("emulator").deep_merge(scenario, extra)
        emu = harness.Emulator(scenario).__enter__()
        self.addCleanup(emu.__exit__)
        client = Client(emu.port)
        self.addCleanup(client.close)
        tokens = sign_in(client)
        return scenario, emu, client, tokens

    def assertGraphError(self, answer, status, code, words=""):
        got_status, _, body = answer
        self.assertEqual(got_status, status, body)
        self.assertEqual(body["error"]["code"], code, body)
        self.assertIn(words, body["error"]["message"])
        self.assertIn("request-id", body["error"]["innerError"])

    def assertNoSecrets(self, emu):
        state = emu.state()
        logged = json.dumps(state["writes"])
        for secret in state["issued"]:
            self.assertNotIn(secret, logged)

    # --- POST /servicePrincipals -------------------------------------------------------------
    def test_a_refresh_token_cannot_consent(self):
        scenario, emu, client, tokens = self.start()
        customer = list(scenario["graph"]["customers"])[0]
        scope = "https://graph.microsoft.com/GroupMember.ReadWrite.All offline_access"
        form = {"grant_type": "refresh_token", "client_id": "cli", "refresh_token": tokens["refresh_token"],
                "scope": scope}
        status, _, body = client.call("POST", f"/{customer}/oauth2/v2.0/token", form=form)
        self.assertEqual((status, body["error"], body["error_codes"], body.get("suberror")),
                         (400, "invalid_grant", [65001], "consent_required"))
        consent(client, "GroupMember.ReadWrite.All")
        status, _, body = client.call("POST", f"/{customer}/oauth2/v2.0/token", form=form)
        self.assertEqual(status, 200, body)
        self.assertIn("https://graph.microsoft.com/GroupMember.ReadWrite.All", body["scope"].split())
        status, _, body = client.call("POST", f"/{customer}/oauth2/v2.0/token", form=dict(
            form, refresh_token=body["refresh_token"], scope="https://graph.microsoft.com/.default"))
        self.assertIn("https://graph.microsoft.com/GroupMember.ReadWrite.All", body["scope"].split(),
                      ".default grants every permission consented to")

    def test_create_service_principal(self):
        scenario, emu, client, tokens = self.start()
        customer = list(scenario["graph"]["customers"])[0]
        reader = scoped_token(client, tokens["refresh_token"], customer)
        self.assertGraphError(client.call("POST", "/v1.0/servicePrincipals", body={"appId": PCDA_APP}, token=reader),
                              403, "Authorization_RequestDenied", "Insufficient privileges")
        writer = scoped_token(client, tokens["refresh_token"], customer, "Application.ReadWrite.All")
        status, headers, created = client.call("POST", "/v1.0/servicePrincipals", body={"appId": PCDA_APP},
                                               token=writer)
        self.assertEqual(status, 201, created)
        self.assertTrue(created["@odata.context"].endswith("$metadata#servicePrincipals/$entity"))
        self.assertEqual((created["appId"], created["displayName"], created["accountEnabled"]),
                         (PCDA_APP, "Partner Customer Delegated Administration", True))
        status, _, read = client.get(f"/v1.0/servicePrincipals(appId='{PCDA_APP}')", writer)
        self.assertEqual(status, 200, "a re-collection sees the new service principal")
        self.assertEqual(set(read), set(created), "the 201 carries every property the reads serve")
        self.assertEqual(read["id"], created["id"])
        _, _, existing = client.get(f"/v1.0/servicePrincipals(appId='{GRAPH_APP}')", writer)
        self.assertEqual(set(existing), set(created))
        self.assertGraphError(client.call("POST", "/v1.0/servicePrincipals", body={"appId": PCDA_APP}, token=writer),
                              409, "Request_MultipleObjectsWithSameKeyValue", f"{PCDA_APP} is already in use")
        self.assertGraphError(client.call("POST", "/v1.0/servicePrincipals",
                                          body={"appId": "99999999-9999-9999-9999-999999999999"}, token=writer),
                              400, "Request_BadRequest", "does not reference a valid application object")
        other = list(scenario["graph"]["customers"])[1]
        status, _, _ = client.get(f"/v1.0/servicePrincipals(appId='{PCDA_APP}')",
                                  scoped_token(client, tokens["refresh_token"], other))
        self.assertEqual(status, 404, "only the tenant the token is for changed")
        writes = emu.state()["writes"]
        self.assertEqual([(w["method"], w["path"], w["tenant"], w["status"], w["body_keys"]) for w in writes],
                         [("POST", "/servicePrincipals", customer, s, ["appId"]) for s in (403, 201, 409, 400)])
        self.assertNoSecrets(emu)

    def test_missing_service_principal_of_an_example_can_be_created(self):
        scenario = scenario_from_snapshot.from_example("tenant-missing-service-principal.json")
        missing = [(cid, app["appId"]) for cid, data in scenario["graph"]["customers"].items()
                   for app in scenario["graph"]["applications_catalog"]
                   if app["appId"].lower() not in {sp["appId"].lower() for sp in data["servicePrincipals"]}]
        self.assertTrue(missing, "the example lacks a service principal")
        with harness.Emulator(scenario) as emu:
            client = Client(emu.port)
            self.addCleanup(client.close)
            tokens = sign_in(client)
            customer, app_id = missing[0]
            token = scoped_token(client, tokens["refresh_token"], customer, "Application.ReadWrite.All")
            self.assertEqual(client.get(f"/v1.0/servicePrincipals(appId='{app_id}')", token)[0], 404)
            status, _, created = client.call("POST", "/v1.0/servicePrincipals", body={"appId": app_id}, token=token)
            self.assertEqual((status, created["appId"]), (201, app_id))
            self.assertEqual(client.get(f"/v1.0/servicePrincipals(appId='{app_id}')", token)[0], 200)

    def test_create_service_principal_app_only(self):
        scenario, emu, client, tokens = self.start()
        customer = list(scenario["graph"]["customers"])[0]
        self.assertGraphError(client.call("POST", "/v1.0/servicePrincipals", body={"appId": PCDA_APP},
                                          token=app_token(client, customer, "reader")),
                              403, "Authorization_RequestDenied")
        owned_by = app_token(client, customer, OWNED_BY_APP)
        self.assertGraphError(client.call("POST", "/v1.0/servicePrincipals", body={"appId": PCDA_APP},
                                          token=owned_by), 403, "Authorization_RequestDenied",
                              "Insufficient privileges")
        status, _, body = client.call("POST", "/v1.0/servicePrincipals", body={"appId": OWNED_BY_APP},
                                      token=owned_by)
        self.assertEqual(status, 201, "Application.ReadWrite.OwnedBy reaches the caller's own app")
        status, _, body = client.call("POST", "/v1.0/servicePrincipals", body={"appId": PCDA_APP},
                                      token=app_token(client, customer, "app-writer"))
        self.assertEqual(status, 201, body)

    # --- POST /groups/{id}/members/$ref --------------------------------------------------------
    def test_add_group_member(self):
        scenario, emu, client, tokens = self.start()
        partner = scenario["graph"]["partner"]
        user = partner["user"]["id"]
        helpdesk = next(g["id"] for g in partner["groups"] if g["displayName"] == "GDAP Helpdesk")
        reference = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{user}"}
        target = f"/v1.0/groups/{helpdesk}/members/$ref"
        self.assertGraphError(client.call("POST", target, body=reference, token=tokens["access_token"]),
                              403, "Authorization_RequestDenied")
        token = scoped_token(client, tokens["refresh_token"], partner["tenantId"], "GroupMember.ReadWrite.All")
        status, headers, body = client.call("POST", target, body=reference, token=token)
        self.assertEqual((status, body), (204, None))
        _, _, mine = client.get("/v1.0/me/transitiveMemberOf?$top=999", token)
        self.assertIn(helpdesk, [m["id"] for m in mine["value"]], "the membership shows in the reads")
        _, _, theirs = client.get(f"/v1.0/users/{user}/transitiveMemberOf?$top=999", token)
        self.assertIn(helpdesk, [m["id"] for m in theirs["value"]])
        # Learn: already a member → 400 Bad Request (not 409).
        self.assertGraphError(client.call("POST", target, body=reference, token=token), 400, "Request_BadRequest",
                              "One or more added object references already exist")
        self.assertGraphError(client.call("POST", "/v1.0/groups/00000000-0000-0000-0000-000000000001/members/$ref",
                                          body=reference, token=token), 404, "Request_ResourceNotFound")
        self.assertGraphError(client.call("POST", target, token=token, body={
            "@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/00000000-0000-0000-0000-000000000002"}),
            404, "Request_ResourceNotFound")
        customer = list(scenario["graph"]["customers"])[0]
        elsewhere = scoped_token(client, tokens["refresh_token"], customer, "GroupMember.ReadWrite.All")
        self.assertGraphError(client.call("POST", target, body=reference, token=elsewhere), 404,
                              "Request_ResourceNotFound")
        self.assertEqual([w["status"] for w in emu.state()["writes"]], [403, 204, 400, 404, 404, 404])

    def test_joining_admin_agents_shows_the_relationships(self):
        scenario, emu, client, tokens = self.start()
        partner = scenario["graph"]["partner"]
        user = partner["user"]["id"]
        admin_agents = next(g for g in partner["groups"] if g["displayName"] == "AdminAgents")
        emu.update({"graph": {"partner": {"groups": [dict(admin_agents, members=[])] + [
            g for g in partner["groups"] if g is not admin_agents]}}})
        token = scoped_token(client, tokens["refresh_token"], partner["tenantId"], "GroupMember.ReadWrite.All")
        _, _, before = client.get(REL, token)
        self.assertEqual(before["value"], [], "outside AdminAgents the list is empty")
        status, _, _ = client.call("POST", f"/v1.0/groups/{admin_agents['id']}/members/$ref", token=token, body={
            "@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{user}"})
        self.assertEqual(status, 204)
        _, _, after = client.get(REL, token)
        self.assertEqual(len(after["value"]), len(partner["relationships"]), "a re-collection sees the fix")

    def test_writes_in_batch(self):
        scenario, emu, client, tokens = self.start()
        partner = scenario["graph"]["partner"]
        user = partner["user"]["id"]
        helpdesk = next(g["id"] for g in partner["groups"] if g["displayName"] == "GDAP Helpdesk")
        token = scoped_token(client, tokens["refresh_token"], partner["tenantId"], "GroupMember.ReadWrite.All")
        add = {"method": "POST", "url": f"/groups/{helpdesk}/members/$ref", "headers": {
            "Content-Type": "application/json"}, "body": {
            "@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{user}"}}
        status, _, envelope = client.call("POST", "/v1.0/$batch", token=token, body={"requests": [
            dict(add, id="1"), dict(add, id="2", dependsOn=["1"])]})
        self.assertEqual(status, 200)
        self.assertEqual({r["id"]: r["status"] for r in envelope["responses"]}, {"1": 204, "2": 400})
        writes = emu.state()["writes"]
        self.assertEqual([(w["in_batch"], w["status"]) for w in writes], [(True, 204), (True, 400)])

    # --- PATCH a relationship -------------------------------------------------------------------
    def test_update_relationship_auto_extend(self):
        scenario, emu, client, tokens = self.start()
        partner = scenario["graph"]["partner"]
        rel = next(r for r in partner["relationships"] if r["status"] == "active"
                   and r["autoExtendDuration"] != "P180D" and GLOBAL_ADMIN not in r["roles"])
        target = f"{REL}/{rel['id']}"
        token = scoped_token(client, tokens["refresh_token"], partner["tenantId"],
                             "DelegatedAdminRelationship.ReadWrite.All")
        _, _, before = client.get(target, token)
        current = before["@odata.etag"]
        body = {"autoExtendDuration": "P180D"}
        self.assertGraphError(client.call("PATCH", target, body=body, token=tokens["access_token"],
                                          headers={"If-Match": current}), 403, "Authorization_RequestDenied")
        self.assertGraphError(client.call("PATCH", target, body=body, token=token), 400, "badRequest", "If-Match")
        self.assertGraphError(client.call("PATCH", target, body=body, token=token,
                                          headers={"If-Match": 'W/"stale"'}), 412, "preconditionFailed")
        status, headers, updated = client.call("PATCH", target, token=token, headers={"If-Match": current}, body=dict(
            body, **{"@odata.type": "#microsoft.graph.delegatedAdminRelationship"}))  # as the SDKs send it
        self.assertEqual(status, 200, updated)
        self.assertEqual(updated["autoExtendDuration"], "P180D")
        self.assertNotEqual(updated["@odata.etag"], current, "a change gives a new ETag")
        self.assertEqual(headers.get("ETag"), updated["@odata.etag"])
        _, _, after = client.get(target, token)
        self.assertEqual((after["autoExtendDuration"], after["@odata.etag"]), ("P180D", updated["@odata.etag"]))
        self.assertGraphError(client.call("PATCH", target, body=body, token=token, headers={"If-Match": current}),
                              412, "preconditionFailed", "If-Match")
        self.assertGraphError(client.call("PATCH", target, body={"displayName": "x"}, token=token,
                                          headers={"If-Match": after["@odata.etag"]}), 400, "badRequest",
                              "'created' status")
        ga = next(r for r in partner["relationships"] if GLOBAL_ADMIN in r["roles"])
        _, _, ga_now = client.get(f"{REL}/{ga['id']}", token)
        self.assertGraphError(client.call("PATCH", f"{REL}/{ga['id']}", body=body, token=token,
                                          headers={"If-Match": ga_now["@odata.etag"]}), 400, "badRequest",
                              "Global Administrator")
        ended = next(r for r in partner["relationships"] if r["status"] == "terminated")
        _, _, ended_now = client.get(f"{REL}/{ended['id']}", token)
        self.assertGraphError(client.call("PATCH", f"{REL}/{ended['id']}", body=body, token=token,
                                          headers={"If-Match": ended_now["@odata.etag"]}), 400, "badRequest",
                              "'terminated'")
        customer = list(scenario["graph"]["customers"])[0]
        self.assertGraphError(client.call("PATCH", target, body=body, headers={"If-Match": after["@odata.etag"]},
                                          token=scoped_token(client, tokens["refresh_token"], customer,
                                                             "DelegatedAdminRelationship.ReadWrite.All")),
                              403, "Authorization_RequestDenied")
        self.assertGraphError(client.call("PATCH", f"{REL}/nope", body=body, token=token,
                                          headers={"If-Match": "*"}), 404, "notFound")

    # --- POST …/accessAssignments ---------------------------------------------------------------
    def test_create_access_assignment(self):
        scenario, emu, client, tokens = self.start()
        partner = scenario["graph"]["partner"]
        rel = next(r for r in partner["relationships"] if r["status"] == "active" and GLOBAL_READER in r["roles"]
                   and GLOBAL_ADMIN not in r["roles"])
        used = {a["groupId"] for a in rel["accessAssignments"]}
        group = next(g["id"] for g in partner["groups"] if g["id"] not in used)
        token = scoped_token(client, tokens["refresh_token"], partner["tenantId"],
                             "DelegatedAdminRelationship.ReadWrite.All")
        body = {"accessContainer": {"accessContainerId": group, "accessContainerType": "securityGroup"},
                "accessDetails": {"unifiedRoles": [{"roleDefinitionId": GLOBAL_READER}]}}
        target = f"{REL}/{rel['id']}/accessAssignments"
        self.assertGraphError(client.call("POST", target, body=body, token=tokens["access_token"]), 403,
                              "Authorization_RequestDenied")
        status, headers, created = client.call("POST", target, body=body, token=token)
        self.assertEqual(status, 201, created)
        self.assertEqual(created["status"], "pending", "Learn: a new assignment starts pending")
        self.assertTrue(headers["Location"].endswith(f"/accessAssignments/{created['id']}"))
        _, _, listed = client.get(target + "?$top=300", token)
        mine = [a for a in listed["value"] if a["id"] == created["id"]]
        self.assertEqual([a["status"] for a in mine], ["active"], "active on the next read")
        self.assertEqual(mine[0]["accessContainer"]["accessContainerId"], group)
        self.assertGraphError(client.call("POST", target, body=body, token=token), 409, "conflict", "already exists")
        outside = dict(body, accessDetails={"unifiedRoles": [{"roleDefinitionId": GLOBAL_ADMIN}]})
        other_group = next(g["id"] for g in partner["groups"] if g["id"] not in used | {group})
        outside["accessContainer"] = {"accessContainerId": other_group, "accessContainerType": "securityGroup"}
        self.assertGraphError(client.call("POST", target, body=outside, token=token), 400, "badRequest",
                              "not part of the delegatedAdminRelationship")
        ended = next(r for r in partner["relationships"] if r["status"] == "terminated")
        self.assertGraphError(client.call("POST", f"{REL}/{ended['id']}/accessAssignments",
                                          body=dict(body, accessContainer=outside["accessContainer"]), token=token),
                              400, "badRequest", "'active' relationship")

    # --- POST a relationship, lock it, the customer approves ------------------------------------
    def test_create_relationship_lock_and_approve(self):
        scenario, emu, client, tokens = self.start()
        partner = scenario["graph"]["partner"]
        customer = list(scenario["graph"]["customers"])[0]
        token = scoped_token(client, tokens["refresh_token"], partner["tenantId"],
                             "DelegatedAdminRelationship.ReadWrite.All")
        body = {"displayName": "gdapcheck missing roles", "duration": "P730D", "autoExtendDuration": "P180D",
                "customer": {"tenantId": customer},
                "accessDetails": {"unifiedRoles": [{"roleDefinitionId": GLOBAL_READER}]}}
        self.assertGraphError(client.call("POST", REL, body=body, token=tokens["access_token"]), 403,
                              "Authorization_RequestDenied")
        status, headers, created = client.call("POST", REL, body=body, token=token)
        self.assertEqual(status, 201, created)
        self.assertEqual((created["status"], created["autoExtendDuration"], len(created["id"])),
                         ("created", "P180D", 73))
        self.assertIn("@odata.etag", created)
        self.assertGraphError(client.call("POST", REL, body=body, token=token), 400, "badRequest", "already exists")
        with_ga = dict(body, displayName="with GA", accessDetails={"unifiedRoles": [
            {"roleDefinitionId": GLOBAL_ADMIN}]})
        self.assertGraphError(client.call("POST", REL, body=with_ga, token=token), 400, "badRequest",
                              "Global Administrator")
        requests = f"{REL}/{created['id']}/requests"
        status, headers, locked = client.call("POST", requests, body={"action": "lockForApproval"}, token=token)
        self.assertEqual(status, 201, locked)
        self.assertEqual((locked["action"], locked["status"]), ("lockForApproval", "created"))
        _, _, pending = client.get(f"{REL}/{created['id']}", token)
        self.assertEqual(pending["status"], "approvalPending")
        self.assertGraphError(client.call("POST", requests, body={"action": "lockForApproval"}, token=token), 400,
                              "badRequest", "'created' status")
        self.assertGraphError(client.call("POST", requests, body={"action": "terminate"}, token=token), 400,
                              "badRequest")
        _, _, sent = client.get(requests, token)
        self.assertEqual([r["id"] for r in sent["value"]], [locked["id"]])
        status, _, one = client.get(f"{requests}/{locked['id']}", token)
        self.assertEqual((status, one["action"]), (200, "lockForApproval"))
        _, _, operations = client.get(f"{REL}/{created['id']}/operations", token)
        self.assertEqual(operations["value"], [], "no write here starts a long-running operation")
        self.assertGraphError(client.get(f"{REL}/{created['id']}/operations/nope", token), 404, "notFound")
        self.assertEqual(emu.approve_relationship(created["id"]), {"status": "active"})
        _, _, active = client.get(f"{REL}/{created['id']}", token)
        self.assertEqual(active["status"], "active")
        self.assertIsNotNone(active["activatedDateTime"])
        self.assertGraphError(client.call("POST", REL, body=dict(body, displayName="other"),
                                          token=scoped_token(client, tokens["refresh_token"], customer,
                                                             "DelegatedAdminRelationship.ReadWrite.All")),
                              403, "Authorization_RequestDenied")
        self.assertNoSecrets(emu)

    def test_fault_rules_apply_to_writes(self):
        scenario, emu, client, tokens = self.start({"faults": {"fail": [
            {"method": "POST", "path": r"^/servicePrincipals", "status": 503, "times": 1}]}})
        customer = list(scenario["graph"]["customers"])[0]
        writer = scoped_token(client, tokens["refresh_token"], customer, "Application.ReadWrite.All")
        status, _, _ = client.call("POST", "/v1.0/servicePrincipals", body={"appId": PCDA_APP}, token=writer)
        self.assertEqual(status, 503)
        status, _, _ = client.get(f"/v1.0/servicePrincipals(appId='{PCDA_APP}')", writer)
        self.assertEqual(status, 404, "a failed write changes nothing")
        status, _, _ = client.call("POST", "/v1.0/servicePrincipals", body={"appId": PCDA_APP}, token=writer)
        self.assertEqual(status, 201)
        self.assertEqual([w["status"] for w in emu.state()["writes"]], [503, 201])


if __name__ == "__main__":
    unittest.main(verbosity=2)
