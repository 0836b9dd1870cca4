"""What a redacted output must not contain: every name, domain, UPN, mail address and own id of a
snapshot (the input of --redact), for test_redact and test_live_redact.
"""

import re

GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
MAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
# Groups Partner Center creates in every partner tenant under these names: kept, by design.
PARTNER_CENTER_GROUPS = {"adminagents", "helpdeskagents", "salesagents"}
# Keys whose value is a name, a domain or a UPN (anywhere in a snapshot).
NAME_KEYS = {"displayName", "userPrincipalName", "defaultDomain", "defaultDomainName",
             "groupDisplayName", "app"}
# Keys whose value is a tenant's or an object's own id, never one Microsoft publishes.
ID_KEYS = {"tenantId", "customerId", "id", "groupId", "keyId", "traceId", "correlationId"}


def walk(node, visit, parent=None):
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                walk(value, visit, node)
            else:
                visit(key, value, node)
    elif isinstance(node, list):
        for value in node:
            if isinstance(value, (dict, list)):
                walk(value, visit, parent)
            else:
                visit(None, value, parent)


def personal_strings(snapshot, published_app_ids):
    """Every name, domain, UPN, mail address and own id of a snapshot, lower case."""
    found = set()

    def visit(key, value, parent):
        if not isinstance(value, str) or not value:
            return
        if key in NAME_KEYS:
            if key in ("displayName", "groupDisplayName") and value.lower() in PARTNER_CENTER_GROUPS:
                return
            if parent is not None and parent.get("appId", "").lower() in published_app_ids:
                return  # a service principal of an application its vendor published: its name
            found.add(value.lower())
        if key in ID_KEYS:
            found.update(guid.lower() for guid in GUID.findall(value))
        found.update(mail.lower() for mail in MAIL.findall(value))

    walk(snapshot, visit)
    for customer in snapshot["customers"]:
        found.update(domain.lower() for domain in customer.get("domains", []))
    # A mail address's parts, and the distinctive label of every domain ("contoso" of
    # contoso.onmicrosoft.com), so a name cannot survive inside another name either.
    for text in list(found):
        if "@" in text:
            local, _, host = text.rpartition("@")
            found.update({local, host})
    for text in list(found):
        if "." in text and "@" not in text and " " not in text:
            found.add(text.split(".")[0])
    found = {text for text in found if len(text) >= 4}
    for tenant in [snapshot["partner"], *snapshot["customers"]]:
        if tenant.get("tenantId"):
            found.add(tenant["tenantId"].lower())
    return found


def service_principal_app_ids(snapshot):
    """The application ids of a snapshot's service principals."""
    ids = set()
    for customer in snapshot.get("customers", []):
        for principal in (customer.get("servicePrincipals") or {}).get("value") or []:
            ids.add(principal["appId"].lower())
    return ids
