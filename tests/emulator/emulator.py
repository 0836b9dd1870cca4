#!/usr/bin/env python3
"""Loopback emulator of Microsoft's login endpoints (and, later, Graph) for gdapcheck tests.

Python 3 standard library only. Listens on 127.0.0.1 on an ephemeral port and prints the port
number as its first line on stdout. Behaviour comes from a scenario (JSON file given with
--scenario, merged over DEFAULT_SCENARIO) that tests can change at run time through /_control.

Answers use Microsoft's JSON shapes (identity.md §2-§5): the devicecode body, token bodies, and
token errors with error, error_description ("AADSTSnnnn: ...\\r\\nTrace ID: ..."), error_codes,
timestamp, trace_id, correlation_id, error_uri.

Routes live in one table (ROUTES: method, path regex, handler); Graph endpoints are added the
same way (a handler takes the Emulator, the request and the regex match, and returns a Reply).

Control endpoints (JSON in, JSON out):
  POST /_control/approve   {"user_code": optional}   approve pending device codes
  POST /_control/decline   {"user_code": optional}   decline them
  POST /_control/scenario  {...}                     deep-merge into the scenario
  GET  /_control/state                               requests seen, polls, every secret issued
"""

import argparse
import base64
import copy
import datetime
import json
import re
import secrets
import string
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PARTNER_TENANT = "11111111-2222-3333-4444-555555555555"
GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10"

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
}

ALIASES = {"organizations", "common", "consumers"}

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
    90099: "The application has not been authorized in the tenant.",
    900144: "The request body must contain the following parameter.",
}


def deep_merge(base, update):
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            deep_merge(base[key], value)
        else:
            base[key] = value
    return base


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Reply:
    def __init__(self, status, body, headers=None):
        self.status = status
        self.body = body
        self.headers = headers or {}


def json_reply(status, body):
    return Reply(status, body, {"Cache-Control": "no-store", "Pragma": "no-cache"})


def error_reply(error, codes, status=400):
    trace = str(uuid.uuid4())
    correlation = str(uuid.uuid4())
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")
    code = codes[0] if codes else 0
    text = ERROR_TEXT.get(code, "Emulated failure.")
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
    return json_reply(status, body)


class Emulator:
    def __init__(self, scenario):
        self.lock = threading.RLock()
        self.scenario = deep_merge(copy.deepcopy(DEFAULT_SCENARIO), scenario or {})
        self.device_codes = {}    # device_code -> state
        self.refresh_tokens = {}  # refresh token -> {"valid": bool}
        self.issued = []          # every secret handed out (for leak checks)
        self.requests = []        # method, path, form field names, grant_type, tenant, time
        self.polls = []           # {"time":..., "answer":...}

    # --- helpers -------------------------------------------------------------------------
    def remember(self, value):
        self.issued.append(value)
        return value

    def make_jwt(self, claims):
        now = int(time.time())
        payload = {"aud": "https://graph.microsoft.com", "iss": f"https://sts.windows.net/{claims.get('tid')}/",
                   "iat": now, "nbf": now, "exp": now + int(self.scenario["tokens"]["expires_in"]),
                   "ver": "1.0", "appid": claims.pop("appid", "14d82eec-204b-4c2f-b7e8-296a70dab67e"),
                   "appidacr": "0"}
        payload.update({k: v for k, v in claims.items() if v is not None})
        header = {"typ": "JWT", "alg": "RS256", "kid": "emulator"}
        signature = "SIG" + secrets.token_urlsafe(32)
        return ".".join([b64url(json.dumps(header).encode()), b64url(json.dumps(payload).encode()),
                         signature])

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

    def delegated_tokens(self, tenant, with_refresh=True):
        claims = self.account_claims(tenant)
        tokens = self.scenario["tokens"]
        if tokens.get("format") == "opaque":
            access = "opaque-" + secrets.token_urlsafe(40)
        else:
            access = self.make_jwt(dict(claims))
        body = {"token_type": "Bearer",
                "scope": "https://graph.microsoft.com/User.Read https://graph.microsoft.com/.default",
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
            "status": "pending", "polls": 0, "last_poll": None, "pending_sent": 0,
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
            return answer(json_reply(200, self.delegated_tokens(tenant)), "tokens")
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
        delay = float(self.scenario["refresh"].get("delay", 0))
        if delay:
            time.sleep(delay)
        token = form.get("refresh_token", "")
        record = self.refresh_tokens.get(token)
        if record is None or not record["valid"]:
            return error_reply("invalid_grant", [70008])
        failure = self.tenant_settings(tenant).get("error")
        if failure:
            return error_reply(failure["error"], failure.get("codes", []), failure.get("status", 400))
        rotate = self.scenario["refresh"].get("rotate", True)
        body = self.delegated_tokens(tenant, with_refresh=rotate)
        if rotate and self.scenario["refresh"].get("revoke_old", True):
            record["valid"] = False
        return json_reply(200, body)

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
        failure = self.tenant_settings(tenant).get("error")
        if failure:
            return error_reply(failure["error"], failure.get("codes", []), failure.get("status", 400))
        claims = {"tid": tenant, "oid": app.get("sp_oid", str(uuid.uuid4())), "appid": form["client_id"],
                  "roles": app.get("roles", ["Directory.Read.All"])}
        access = self.remember(self.make_jwt(claims))
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
        deep_merge(self.scenario, request.json or {})
        return json_reply(200, self.scenario)

    def control_state(self, request, match):
        pending = [{"user_code": s["user_code"], "status": s["status"]} for s in self.device_codes.values()]
        secrets_known = list(self.issued) + [a.get("secret") for a in self.scenario["apps"].values()
                                             if a.get("secret")]
        return json_reply(200, {"requests": self.requests, "polls": self.polls,
                                "issued": secrets_known, "device_codes": pending})


ROUTES = [
    ("POST", re.compile(r"^/(?P<tenant>[^/]+)/oauth2/v2\.0/devicecode$"), Emulator.devicecode),
    ("POST", re.compile(r"^/(?P<tenant>[^/]+)/oauth2/v2\.0/token$"), Emulator.token),
    ("POST", re.compile(r"^/_control/(?P<action>approve|decline)$"), Emulator.control_decide),
    ("POST", re.compile(r"^/_control/scenario$"), Emulator.control_scenario),
    ("GET", re.compile(r"^/_control/state$"), Emulator.control_state),
]


class Request:
    def __init__(self, method, path, headers, body):
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.form = {}
        self.json = None
        content_type = headers.get("Content-Type", "")
        if content_type.startswith("application/x-www-form-urlencoded"):
            self.form = dict(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
        elif content_type.startswith("application/json") and body:
            self.json = json.loads(body)


def make_handler(emulator):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the real service

        def log_message(self, *args):  # quiet: tests read stdout for the port only
            pass

        def handle_any(self, method):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            path = urllib.parse.urlsplit(self.path).path
            request = Request(method, path, self.headers, body)
            with emulator.lock:
                if not path.startswith("/_control/"):
                    emulator.requests.append({
                        "time": time.time(), "method": method, "path": path,
                        "content_type": self.headers.get("Content-Type", ""),
                        "grant_type": request.form.get("grant_type"),
                        "client_id": request.form.get("client_id"),
                        "scope": request.form.get("scope"),
                        "fields": sorted(request.form.keys()),
                        "refresh_token": request.form.get("refresh_token"),
                        "client_assertion": request.form.get("client_assertion"),
                    })
                reply = None
                for route_method, pattern, handler in ROUTES:
                    match = pattern.match(path)
                    if match and route_method == method:
                        if (method == "POST" and not path.startswith("/_control/")
                                and not request.headers.get("Content-Type", "").startswith(
                                    "application/x-www-form-urlencoded")):
                            reply = error_reply("invalid_request", [900144])
                        else:
                            reply = handler(emulator, request, match)
                        break
            if reply is None:
                reply = json_reply(404, {"error": "not_found", "path": path})
            payload = json.dumps(reply.body).encode()
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self):  # noqa: N802
            self.handle_any("GET")

        def do_POST(self):  # noqa: N802
            self.handle_any("POST")

    return Handler


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
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(emulator))
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
