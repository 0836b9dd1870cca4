#!/usr/bin/env python3
"""`gdapcheck tenant CUSTOMER...` collected live: a customer is named by tenant id, its
onmicrosoft.com domain (from the contracts) or display name, without regard to case; only the
named customers are reported and signed in to; a name that matches nothing exits 2 with a close
match suggested. A custom domain (contoso.com) is in none of the partner's lists; gdapcheck asks
the sign-in service's OpenID metadata which tenant it belongs to.
"""

import json
import os
import re
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
import harness  # noqa: E402
import scenario_from_snapshot  # noqa: E402

BINARY = harness.live_binary_from_argv()
CONTOSO = "2b5c8e1f-7a4d-4c6b-9e3f-1d8a5c2e7b90"
FABRIKAM = "5e8a1c4f-2d7b-4a9e-8c3f-6b1d4e7a0c29"
ADATUM = "9c2e5a8d-1f4b-4e7c-a0d3-7f2b5e8c1a63"


class LiveSelectionTest(harness.SignedInEmulatorTest):
    binary = BINARY

    @classmethod
    def make_scenario(cls):
        return scenario_from_snapshot.from_example("healthy.json")

    def tenant(self, *args):
        harness.reset_stats(self.emu)
        result = harness.run(BINARY, ["tenant", "--json", *args], harness.clean_env(self.emu, self.cache))
        return result, self.emu.state()

    def selected(self, *names):
        result, stats = self.tenant(*names)
        self.assertEqual(result.returncode, 0, result.stderr)
        report = json.loads(result.stdout)
        return sorted(c["tenantId"] for c in report["customers"]), stats

    def assert_only_read(self, state, tenants):
        """Customers that were not named get neither a token request nor a Graph read (the
        named ones may be served from the token cache)."""
        others = {CONTOSO, FABRIKAM, ADATUM} - set(tenants)
        touched = set(state["graph_stats"]["token_tenants"])
        touched |= {(r.get("tenant") or "").lower() for r in state["requests"] if r.get("kind")}
        self.assertEqual(touched & others, set(), "customers that were not named are left alone")

    def test_by_tenant_id_any_case(self):
        tenants, stats = self.selected(FABRIKAM.upper())
        self.assertEqual(tenants, [FABRIKAM])
        self.assert_only_read(stats, [FABRIKAM])

    def test_by_initial_domain(self):
        tenants, stats = self.selected("ADATUM.onmicrosoft.com")
        self.assertEqual(tenants, [ADATUM])

    def test_by_custom_domain(self):
        tenants, stats = self.selected("Fabrikam.COM")
        self.assertEqual(tenants, [FABRIKAM])
        self.assert_only_read(stats, [FABRIKAM])
        lookups = [r for r in stats["requests"] if r["path"].endswith("/.well-known/openid-configuration")]
        self.assertEqual(len(lookups), 1, "one metadata lookup, no token needed")

    def test_by_display_name_and_several(self):
        tenants, stats = self.selected("fabrikam inc", CONTOSO)
        self.assertEqual(tenants, sorted([FABRIKAM, CONTOSO]))
        self.assert_only_read(stats, [FABRIKAM, CONTOSO])

    def test_by_part_of_a_name(self):
        tenants, stats = self.selected("FABRIK")
        self.assertEqual(tenants, [FABRIKAM])
        self.assert_only_read(stats, [FABRIKAM])

    def test_part_of_several_names_is_ambiguous(self):
        result, _ = self.tenant("onmicrosoft")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn('customer "onmicrosoft" is ambiguous', result.stderr)

    def test_the_same_message_as_offline(self):
        live, _ = self.tenant("Fabrikm Inc")
        offline = harness.run(BINARY, ["tenant", "--json", "Fabrikm Inc", "--snapshot",
                                       os.path.join(HERE, "..", "..", "examples", "healthy.json")],
                              harness.clean_env(self.emu, self.cache))
        # The same words; only the domain shown differs, since live the partner's lists know a
        # customer's initial domain and the snapshot its default one.
        def without_domains(text):
            return re.sub(r" \([a-z0-9.]+\)", "", text)
        self.assertEqual((live.returncode, without_domains(live.stderr)),
                         (offline.returncode, without_domains(offline.stderr)))
        self.assertIn('did you mean "Fabrikam Inc (', live.stderr)

    def test_unknown_name_exits_2_and_suggests_a_close_match(self):
        result, _ = self.tenant("Fabrikm Inc")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(result.stdout, "", "nothing on stdout when the selection fails")
        self.assertIn("Fabrikm Inc", result.stderr)
        self.assertIn("Fabrikam Inc", result.stderr, "the message suggests the close match")
        result, _ = self.tenant("contoso.onmicrosoft.com", "nothing-like-it.example")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("nothing-like-it.example", result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
