"""What the emulator's Graph reads and writes share: the reply value, Graph's error body, ETags and
stable identifiers. Python 3 standard library only."""

import base64
import datetime
import hashlib
import uuid

GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def stable_uuid(*parts):
    """A realistic-looking GUID that is the same for the same inputs."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join(str(p) for p in parts)))


class Reply:
    def __init__(self, status, body, headers=None):
        self.status = status
        self.body = body
        self.headers = headers or {}
        self.fault = None  # TRUNCATE


def graph_error(status, code, message, client_request_id=None, headers=None):
    """Graph's error body (graph-api.md §13): date without Z, request-id, client-request-id."""
    request_id = str(uuid.uuid4())
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    body = {"error": {"code": code, "message": message,
                      "innerError": {"date": stamp, "request-id": request_id,
                                     "client-request-id": client_request_id or request_id}}}
    reply_headers = {"request-id": request_id, "client-request-id": client_request_id or request_id}
    reply_headers.update(headers or {})
    return Reply(status, body, reply_headers)


def etag(*parts):
    digest = hashlib.sha1("/".join(parts).encode()).hexdigest()[:32]
    return 'W/"' + base64.b64encode(f'"{digest}"'.encode()).decode() + '"'
