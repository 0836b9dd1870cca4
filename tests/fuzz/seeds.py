#!/usr/bin/env python3
"""Writes the starting inputs of every fuzz target into OUTPUT/<target>/: the project's example
snapshots, shipped rules, profiles and error-catalogue files, the examples' Graph answers and
sign-in answers as the loopback emulator (tests/emulator) serves them, and the claim, cache, URL
and pasted-error shapes the unit and end-to-end tests use. tests/fuzz/run.sh --seed merges them
into the committed corpora (tests/fuzz/corpus/), keeping only inputs that add coverage.

Usage: seeds.py OUTPUT
"""
import glob
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "emulator"))

import emulator  # noqa: E402  (the emulator's own Graph and sign-in answers)
import scenario_from_snapshot  # noqa: E402

# Status bytes as the targets read them (fuzz_token_reply.cpp, fuzz_batch.cpp pick by index).
TOKEN_STATUS = {200: 0, 400: 1, 401: 2, 403: 3, 429: 4, 500: 5, 503: 6, 302: 7}
BATCH_STATUS = {200: 0, 400: 3, 401: 4, 403: 5, 404: 6, 429: 7, 500: 8, 503: 9, 504: 10, 302: 11}

PARTNER_PATHS = ["/me", "/organization", "/me/transitiveMemberOf", "/contracts",
                 "/tenantRelationships/delegatedAdminRelationships",
                 "/groups?$filter=displayName eq 'AdminAgents'"]
CUSTOMER_PATHS = ["/organization", "/identity/conditionalAccess/policies",
                  "/servicePrincipals?$filter=appId in ('00000003-0000-0000-c000-000000000000')",
                  "/oauth2PermissionGrants", "/applications"]

CLAIMS = [
    {"aud": "https://graph.microsoft.com", "iss": "https://sts.windows.net/t/", "iat": 1795000000,
     "nbf": 1795000000, "exp": 1795003600, "amr": ["pwd", "mfa"],
     "appid": "14d82eec-204b-4c2f-b7e8-296a70dab67e", "name": "Partner Admin",
     "oid": "aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb", "scp": "User.Read",
     "tid": "11111111-2222-3333-4444-555555555555", "upn": "admin@partner.example",
     "wids": ["62e90394-69f5-4237-9190-012177145e10"]},
    {"tid": "t", "azp": "app", "roles": ["User.Read.All", "GroupMember.Read.All"], "exp": 1.5e9},
    {"preferred_username": "a@b", "unique_name": "c@d", "exp": 2000000000},
    {"exp": -1, "amr": "mfa", "wids": "x", "roles": [1]},
]

CACHE = {"version": 1, "accounts": {
    "https://login.microsoftonline.com|14d82eec|admin@partner.example": {
        "kind": "delegated", "authorityHost": "https://login.microsoftonline.com",
        "clientId": "14d82eec", "account": "admin@partner.example",
        "homeTenant": "11111111-2222-3333-4444-555555555555", "refreshToken": "0.AAAA",
        "idToken": "", "updatedAt": 1795000000,
        "accessTokens": {"organizations": {"token": "eyJ0.eyJ0.c2ln", "expiresAt": 1795003600,
                                           "scope": "https://graph.microsoft.com/.default"}}},
    "https://login.microsoftonline.com|app|contoso": {
        "kind": "app", "authorityHost": "https://login.microsoftonline.com", "clientId": "app",
        "account": "contoso", "homeTenant": "contoso", "refreshToken": "", "idToken": "",
        "updatedAt": 0, "accessTokens": {}}},
    "current": {"https://login.microsoftonline.com|14d82eec":
                "https://login.microsoftonline.com|14d82eec|admin@partner.example"}}

URLS = [
    "https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships?$top=300&$skiptoken=abc",
    "http://127.0.0.1:8080/organizations/oauth2/v2.0/token", "http://[::1]:443/x",
    "http://localhost./a", "https://login.microsoftonline.us:8443", "http://127.1/",
    "https://user:pass@host/path#frag", "HTTPS://GRAPH.MICROSOFT.COM",
    "grant_type=refresh_token&client_id=14d82eec&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default+offline_access",
    "a=1&&b=%zz&c=%2&d=+%41",
]

PASTED = [
    "AADSTS50020: User account 'a@b.example' from identity provider "
    "'https://sts.windows.net/11111111-2222-3333-4444-555555555555/' does not exist in tenant "
    "'Contoso' and cannot access the application '14d82eec-204b-4c2f-b7e8-296a70dab67e'.\r\n"
    "Trace ID: 0f0e\r\nCorrelation ID: 1a2b\r\nTimestamp: 2026-11-20 09:00:00Z",
    "AADSTS50076: Due to a configuration change made by your administrator, or because you moved "
    "to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.",
    '{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete '
    'the operation.","innerError":{"request-id":"93b6"}}}',
    "403 Forbidden", "invalid_grant", "Expired", "AADSTS700016 AADSTS65001 AADSTS53003",
    "&lt;b&gt;AADSTS50105%3A The signed in user is not assigned to a role&lt;/b&gt;",
]


def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as handle:
        handle.write(data if isinstance(data, bytes) else data.encode())


def copy_files(pattern, folder):
    for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
        with open(path, "rb") as handle:
            write(folder, os.path.basename(path), handle.read())


def graph_answers(example):
    """(status, body) of each Graph read the collector makes, as the emulator answers them for
    the example's scenario, partner side and each customer's side."""
    emu = emulator.Emulator(scenario_from_snapshot.from_example(example))
    partner = emu.scenario["account"]["tid"]
    with open(os.path.join(ROOT, "examples", example), encoding="utf-8") as handle:
        customers = [c["tenantId"] for c in json.load(handle).get("customers", [])][:2]
    answers = []
    for tenant, paths in [(partner, PARTNER_PATHS)] + [(c, CUSTOMER_PATHS) for c in customers]:
        claims = emu.account_claims(tenant)
        for target in paths:
            path, _, query = target.partition("?")
            _, reply = emu.graph_call("GET", path, query, None, claims, None, in_batch=False)
            if isinstance(reply, emulator.Reply):
                answers.append((reply.status, reply.body))
        batch = {"requests": [{"id": str(i + 1), "method": "GET", "url": p}
                              for i, p in enumerate(paths[:3])]}
        reply = emu.batch(batch, claims, None)
        answers.append((reply.status, reply.body))
    return answers


def main():
    out = sys.argv[1]
    copy_files("examples/*.json", os.path.join(out, "snapshot"))
    copy_files("rules/*.json", os.path.join(out, "rule"))
    copy_files("rules/errors/*.json", os.path.join(out, "rule"))
    copy_files("rules/profiles/*.json", os.path.join(out, "profile"))

    examples = ["healthy.json", "gdap-missing-roles.json", "tenant-conditional-access-blocks-partner.json",
                "entra-sync-app-problems.json", "incomplete-reads.json"]
    for example in examples:
        answers = graph_answers(example)
        stem = example[:-len(".json")]
        for index, (status, body) in enumerate(answers):
            text = json.dumps(body)
            if "responses" not in body:
                write(os.path.join(out, "graph_page"), f"{stem}-{index}", text)
            write(os.path.join(out, "batch"), f"{stem}-{index}",
                  bytes([BATCH_STATUS.get(status, 0)]) + text.encode())
        # A sequence: the batch of the partner's first reads, then its next answers.
        sequence = b"\0".join(bytes([BATCH_STATUS.get(s, 0)]) + json.dumps(b).encode()
                              for s, b in answers[:8])
        write(os.path.join(out, "batch"), f"{stem}-sequence", sequence)

    emu = emulator.Emulator({})
    tenant = emu.scenario["account"]["tid"]
    replies = [(200, emu.delegated_tokens(tenant))]
    for error, codes, status in [("invalid_grant", [50020], 400), ("authorization_pending", [70016], 400),
                                 ("slow_down", [], 400), ("expired_token", [70020], 400),
                                 ("invalid_client", [7000215, 7000222], 401),
                                 ("interaction_required", [50076], 400)]:
        reply = emulator.error_reply(error, codes, status=status, tenant=tenant)
        replies.append((reply.status, reply.body))
    replies.append((200, {"user_code": "FQK5HW3UF", "device_code": "DAQABAAEAAAD",
                          "verification_uri": "https://microsoft.com/devicelogin", "expires_in": 900,
                          "interval": 5, "message": "To sign in, use a web browser to open the page "
                          "https://microsoft.com/devicelogin and enter the code FQK5HW3UF."}))
    replies.append((200, {"user_code": "A", "device_code": "B", "verification_uri": "https://x",
                          "expires_in": "900"}))
    replies.append((503, {"error": {"code": "ServiceUnavailable"}}))
    for index, (status, body) in enumerate(replies):
        write(os.path.join(out, "token_reply"), f"reply-{index}",
              bytes([TOKEN_STATUS.get(status, 0)]) + json.dumps(body).encode())

    for index, claims in enumerate(CLAIMS):
        id_claims = {"tid": claims.get("tid"), "preferred_username": "a@b", "name": "Partner Admin"}
        write(os.path.join(out, "jwt_claims"), f"claims-{index}",
              json.dumps(claims) + "\0" + json.dumps(id_claims))
    write(os.path.join(out, "token_cache"), "cache", json.dumps(CACHE, indent=2))
    write(os.path.join(out, "token_cache"), "empty", "")
    for index, url in enumerate(URLS):
        write(os.path.join(out, "url"), f"url-{index}", url)
    for index, text in enumerate(PASTED):
        write(os.path.join(out, "explain"), f"pasted-{index}", text)


if __name__ == "__main__":
    main()
