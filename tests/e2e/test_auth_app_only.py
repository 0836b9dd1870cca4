#!/usr/bin/env python3
"""App-only sign-in (client credentials): secret from GDAPCHECK_CLIENT_SECRET or stdin, never argv."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "emulator"))
import harness  # noqa: E402

BINARY = harness.binary_from_argv()
APP = "99999999-8888-7777-6666-555555555555"
CUSTOMER = "aaaaaaaa-1111-2222-3333-444444444444"
OTHER = "bbbbbbbb-1111-2222-3333-444444444444"
SECRET = "s3cr3t~Value.For-Tests_0123456789"
SCENARIO = {"apps": {APP: {"secret": SECRET, "roles": ["User.Read.All", "GroupMember.Read.All"]}},
            "tenants": {OTHER: {"error": {"error": "invalid_client", "codes": [700016], "status": 400}}}}


class AppOnlyTest(harness.PrivateCacheTest):
    def test_secret_from_environment(self):
        with harness.Emulator(SCENARIO) as emu:
            result = harness.run(BINARY, ["login", "--tenant", CUSTOMER, "--client-id", APP],
                                 self.env(emu, GDAPCHECK_CLIENT_SECRET=SECRET))
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("Signed in as application", result.stdout)
            (request,) = emu.state()["requests"]
            self.assertEqual(request["path"], f"/{CUSTOMER}/oauth2/v2.0/token")
            self.assertEqual(request["grant_type"], "client_credentials")
            self.assertEqual(request["scope"], "https://graph.microsoft.com/.default")
            who = harness.run(BINARY, ["whoami", "--json"], self.env(emu, GDAPCHECK_CLIENT_ID=APP))
            self.assertEqual(who.returncode, 0, who.stderr)
            data = json.loads(who.stdout)
            self.assertEqual(data["kind"], "app")
            self.assertEqual(data["tenantId"], CUSTOMER)
            self.assertEqual(data["appRoles"], ["User.Read.All", "GroupMember.Read.All"])
            self.assertIsNone(data["mfa"])

    def test_secret_from_stdin(self):
        with harness.Emulator(SCENARIO) as emu:
            result = harness.run(BINARY, ["login", "--tenant", CUSTOMER, "--client-id", APP,
                                          "--client-secret-stdin"], self.env(emu), stdin=SECRET + "\n")
            self.assertEqual(result.returncode, 0, result.stderr)
            empty = harness.run(BINARY, ["login", "--tenant", CUSTOMER, "--client-id", APP,
                                         "--client-secret-stdin"], self.env(emu), stdin="")
            self.assertEqual(empty.returncode, 2)

    def test_no_secret_flag_exists(self):
        with harness.Emulator(SCENARIO) as emu:
            result = harness.run(BINARY, ["login", "--tenant", CUSTOMER, "--client-id", APP,
                                          "--client-secret", SECRET], self.env(emu))
            self.assertEqual(result.returncode, 2)
            self.assertNotIn(SECRET, result.stdout + result.stderr)

    def test_wrong_and_expired_secrets(self):
        with harness.Emulator(SCENARIO) as emu:
            wrong = harness.run(BINARY, ["login", "--tenant", CUSTOMER, "--client-id", APP],
                                self.env(emu, GDAPCHECK_CLIENT_SECRET="not-the-secret"))
            self.assertEqual(wrong.returncode, 3)
            self.assertIn("AADSTS7000215", wrong.stderr)
            self.assertIn("secret's value", wrong.stderr)
            emu.update({"apps": {APP: {"expired": True}}})
            expired = harness.run(BINARY, ["login", "--tenant", CUSTOMER, "--client-id", APP],
                                  self.env(emu, GDAPCHECK_CLIENT_SECRET=SECRET))
            self.assertEqual(expired.returncode, 3)
            self.assertIn("AADSTS7000222", expired.stderr)

    def test_usage_errors(self):
        with harness.Emulator(SCENARIO) as emu:
            alias = harness.run(BINARY, ["login", "--client-id", APP],
                                self.env(emu, GDAPCHECK_CLIENT_SECRET=SECRET))
            self.assertEqual(alias.returncode, 2)
            self.assertIn("--tenant", alias.stderr)
            default_client = harness.run(BINARY, ["login", "--tenant", CUSTOMER],
                                         self.env(emu, GDAPCHECK_CLIENT_SECRET=SECRET))
            self.assertEqual(default_client.returncode, 2)
            self.assertIn("--client-id", default_client.stderr)
            self.assertEqual(emu.state()["requests"], [])

    def test_other_tenant_with_app_only(self):
        with harness.Emulator(SCENARIO) as emu:
            env = self.env(emu, GDAPCHECK_CLIENT_SECRET=SECRET, GDAPCHECK_CLIENT_ID=APP)
            self.assertEqual(harness.run(BINARY, ["login", "--tenant", CUSTOMER], env).returncode, 0)
            failed = harness.run(BINARY, ["whoami", "--tenant", OTHER], env)
            self.assertEqual(failed.returncode, 3)
            self.assertIn("AADSTS700016", failed.stderr)
            no_secret = dict(env)
            del no_secret["GDAPCHECK_CLIENT_SECRET"]
            result = harness.run(BINARY, ["whoami", "--tenant", "cccccccc-1111-2222-3333-444444444444"],
                                 no_secret)
            self.assertEqual(result.returncode, 3)
            self.assertIn("GDAPCHECK_CLIENT_SECRET", result.stderr)

    def test_certificate_assertion(self):
        import base64
        import hashlib
        import shutil
        import subprocess
        if shutil.which("openssl") is None:
            self.skipTest("openssl tool not available")
        key = os.path.join(self.tmp.name, "key.pem")
        cert = os.path.join(self.tmp.name, "cert.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=gdapcheck-test", "-keyout", key, "-out", cert],
                       check=True, capture_output=True)
        der = subprocess.run(["openssl", "x509", "-in", cert, "-outform", "DER"], check=True,
                             capture_output=True).stdout
        thumbprint = base64.urlsafe_b64encode(hashlib.sha256(der).digest()).rstrip(b"=").decode()
        scenario = {"apps": {APP: {"x5t#S256": thumbprint}}}
        with harness.Emulator(scenario) as emu:
            result = harness.run(BINARY, ["login", "--tenant", CUSTOMER, "--client-id", APP,
                                          "--certificate", cert, "--certificate-key", key], self.env(emu))
            self.assertEqual(result.returncode, 0, result.stderr)
            (request,) = emu.state()["requests"]
            self.assertNotIn("client_secret", request["fields"])
            assertion = request["client_assertion"]
            self.assertNotIn(assertion, result.stdout + result.stderr)
            # The signature verifies with the certificate's public key (RSA-PSS, SHA-256).
            signing_input, signature = assertion.rsplit(".", 1)
            paths = {name: os.path.join(self.tmp.name, name) for name in ("data", "sig", "pub.pem")}
            with open(paths["data"], "wb") as handle:
                handle.write(signing_input.encode())
            with open(paths["sig"], "wb") as handle:
                handle.write(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
            subprocess.run(["openssl", "x509", "-in", cert, "-pubkey", "-noout", "-out", paths["pub.pem"]],
                           check=True, capture_output=True)
            verify = subprocess.run(["openssl", "dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss",
                                     "-sigopt", "rsa_pss_saltlen:-1", "-verify", paths["pub.pem"],
                                     "-signature", paths["sig"], paths["data"]], capture_output=True, text=True)
            self.assertEqual(verify.returncode, 0, verify.stdout + verify.stderr)

            # The environment works too; a missing file is a clear exit 3, no crash.
            env = self.env(emu, GDAPCHECK_CLIENT_CERTIFICATE=cert, GDAPCHECK_CLIENT_CERTIFICATE_KEY=key)
            again = harness.run(BINARY, ["login", "--tenant", CUSTOMER, "--client-id", APP], env)
            self.assertEqual(again.returncode, 0, again.stderr)
            missing = harness.run(BINARY, ["login", "--tenant", CUSTOMER, "--client-id", APP,
                                           "--certificate", cert + ".missing"], self.env(emu))
            self.assertEqual(missing.returncode, 2)
            self.assertIn("cannot use the client certificate", missing.stderr)
            self.assertEqual(len(emu.state()["requests"]), 2, "nothing is sent without a credential")

            # --keep-secret with relative paths keeps where the files are (absolute), never the key.
            kept = subprocess.run([BINARY, "login", "--tenant", CUSTOMER, "--client-id", APP, "--certificate",
                                   "cert.pem", "--certificate-key", "key.pem", "--keep-secret"],
                                  env=self.env(emu), cwd=self.tmp.name, capture_output=True, text=True,
                                  timeout=60)
            self.assertEqual(kept.returncode, 0, kept.stderr)
            with open(os.path.join(self.cache, "tokens.json"), encoding="utf-8") as handle:
                cache_text = handle.read()
            (account,) = json.loads(cache_text)["accounts"].values()
            self.assertEqual(account["keptCredential"], {"certificate": cert, "privateKey": key})
            self.assertNotIn("PRIVATE KEY", cache_text)
            # From another folder and with nothing in the environment, a new token is signed with it.
            before = len(emu.state()["requests"])
            other = subprocess.run([BINARY, "whoami", "--tenant", "cccccccc-1111-2222-3333-444444444444"],
                                   env=self.env(emu), cwd="/", capture_output=True, text=True, timeout=60)
            self.assertNotIn("GDAPCHECK_CLIENT_SECRET", other.stderr)
            requests = emu.state()["requests"][before:]
            self.assertEqual(len(requests), 1, other.stderr)
            self.assertIn("client_assertion", requests[0])


if __name__ == "__main__":
    unittest.main(verbosity=2)
