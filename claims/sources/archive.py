"""Writing a fetched page as a WARC file (request and response records) to the storage."""

import hashlib
import io
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claims.fetching import Fetched

# The body in the record is the decoded one, so headers about the wire encoding would lie.
_WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode()
    return hashlib.sha256(data).hexdigest()


def warc_name(source_id: int, body_sha256: str) -> str:
    """One name per source and body, so a rerun after a crash writes over its own leftovers."""
    return f"snapshots/{source_id}/{body_sha256}.warc.gz"


def warc_bytes(fetched: Fetched, fetched_at: datetime) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    date = fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    path = fetched.final_url.split("/", 3)[3] if fetched.final_url.count("/") >= 3 else ""
    request = writer.create_warc_record(
        fetched.final_url,
        "request",
        payload=io.BytesIO(b""),
        http_headers=StatusAndHeaders(
            f"GET /{path} HTTP/1.1", fetched.request_headers, is_http_request=True
        ),
        warc_headers_dict={"WARC-Date": date},
    )
    headers = [(k, v) for k, v in fetched.headers if k.lower() not in _WIRE_HEADERS]
    headers.append(("Content-Length", str(len(fetched.body))))
    response = writer.create_warc_record(
        fetched.final_url,
        "response",
        payload=io.BytesIO(fetched.body),
        length=len(fetched.body),
        http_headers=StatusAndHeaders(
            f"{fetched.status_code} {fetched.reason_phrase}".strip(), headers, protocol="HTTP/1.1"
        ),
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(request)
    writer.write_record(response)
    return buffer.getvalue()


def store_warc(name: str, data: bytes) -> str:
    """Save `data` as `name`, replacing what an interrupted earlier run left there."""
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(data))
