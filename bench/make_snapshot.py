#!/usr/bin/env python3
"""Writes a synthetic snapshot of a large partner for benchmarks: N customers modelled on
examples/healthy.json, every fifth one broken in a different way so the rules do real work.
With --unreadable, every customer's service principals and conditional access policies could not
be read (403): the worst case for the reports' lists of what could not be read or checked.

Usage: make_snapshot.py N OUTPUT [--unreadable]
"""
import copy
import json
import os
import sys
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    count = int(sys.argv[1])
    unreadable = "--unreadable" in sys.argv[3:]
    with open(os.path.join(ROOT, "examples", "healthy.json")) as handle:
        base = json.load(handle)
    template_customer = base["customers"][1]
    template_relationship = next(r for r in base["partner"]["relationships"]["value"]
                                 if r["customer"]["tenantId"] == template_customer["tenantId"])
    customers, relationships, contracts = [], [], []
    for index in range(count):
        tenant = str(uuid.UUID(int=index + 1))
        customer = copy.deepcopy(template_customer)
        customer.update({"tenantId": tenant, "displayName": f"Customer {index:05d}",
                         "defaultDomain": f"customer{index}.example", "domains": [f"customer{index}.example"]})
        relationship = copy.deepcopy(template_relationship)
        relationship["id"] = f"{uuid.UUID(int=10**9 + index)}-{tenant}"
        relationship["displayName"] = f"GDAP_Customer_{index:05d}"
        relationship["customer"] = {"tenantId": tenant, "displayName": customer["displayName"]}
        kind = index % 5
        if kind == 1:
            relationship["roles"] = relationship["roles"][:-2]
        elif kind == 2:
            relationship["endDateTime"] = "2026-11-23T00:00:00Z"
            relationship["autoExtendDuration"] = "PT0S"
        elif kind == 3:
            relationship["accessAssignments"]["value"][0]["status"] = "pending"
        elif kind == 4:
            customer["signIn"] = {"value": {"succeeded": False, "error": "invalid_grant", "errorCodes": [50020],
                                            "errorDescription": "AADSTS50020", "traceId": "t", "correlationId": "c"}}
        if unreadable:
            denied = "403 Authorization_RequestDenied: Insufficient privileges to complete the operation."
            customer["servicePrincipals"] = {"error": denied}
            customer["conditionalAccessPolicies"] = {"error": denied}
        customers.append(customer)
        relationships.append(relationship)
        contracts.append({"customerId": tenant, "displayName": customer["displayName"],
                          "defaultDomainName": customer["defaultDomain"], "contractType": "ResellerPartner"})
    base["customers"] = customers
    base["partner"]["relationships"]["value"] = relationships
    base["partner"]["contracts"]["value"] = contracts
    with open(sys.argv[2], "w") as handle:
        json.dump(base, handle)


if __name__ == "__main__":
    main()
