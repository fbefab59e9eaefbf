"""`fetch(url)`: one GET with the address policy checked on every hop, and hard limits.

The address is checked where the connection is made (the transport's network backend), not
by resolving the name beforehand, so a name that resolves differently a second time cannot
slip a private address past the check.
"""

import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpcore
import httpx
from django.conf import settings

from claims.fetching.addresses import address_refusal
from claims.fetching.errors import FetchBlocked, FetchBroken

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
ALLOWED_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class FetchPolicy:
    allow_private_networks: bool = False
    max_redirects: int = 5
    timeout: float = 20.0
    max_bytes: int = 25 * 1024 * 1024
    user_agent: str = "FactcheckDesk/1.0"

    @classmethod
    def from_settings(cls) -> "FetchPolicy":
        return cls(
            allow_private_networks=settings.FETCH_ALLOW_PRIVATE_NETWORKS,
            max_redirects=settings.FETCH_MAX_REDIRECTS,
            timeout=settings.FETCH_TIMEOUT,
            max_bytes=settings.FETCH_MAX_BYTES,
            user_agent=settings.FETCH_USER_AGENT,
        )


@dataclass(frozen=True)
class Redirect:
    url: str
    status_code: int


@dataclass(frozen=True)
class Fetched:
    url: str
    final_url: str
    status_code: int
    content_type: str
    body: bytes
    headers: list[tuple[str, str]]
    request_headers: list[tuple[str, str]]
    redirects: tuple[Redirect, ...] = ()
    duration: float = 0.0
    http_version: str = "HTTP/1.1"
    reason_phrase: str = field(default="")

    @property
    def mime_type(self) -> str:
        return self.content_type.split(";", 1)[0].strip().lower()


def scheme_refusal(url: str) -> str | None:
    """Why `url` may not be fetched at all because of its scheme, or None."""
    scheme = urlsplit(url.strip()).scheme.lower()
    if scheme in ALLOWED_SCHEMES:
        return None
    if not scheme:
        return "This is not a full web address: it must start with http:// or https://."
    return f"{scheme}: addresses are not fetched; only http:// and https:// are."


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves the host itself, refuses non-public addresses, and connects to the checked IP."""

    def __init__(self, policy: FetchPolicy):
        self.policy = policy

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            raise FetchBroken(f"The site's name, {host}, could not be found (DNS).") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        if not self.policy.allow_private_networks:
            for ip in addresses:
                refusal = address_refusal(ip)
                if refusal:
                    raise FetchBlocked(
                        f"{host} leads to {refusal}; the desk does not fetch from private "
                        "or internal networks."
                    )
        return super().connect_tcp(addresses[0], port, timeout, local_address, socket_options)


def _client(policy: FetchPolicy, timeout: float) -> httpx.Client:
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx takes no network backend of its own, so its pool is rebuilt with the guarded one;
    # trust_env=False keeps proxies from the environment out (they would bypass the check).
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        network_backend=_GuardedBackend(policy),
        max_connections=1,
    )
    return httpx.Client(
        transport=transport,
        follow_redirects=False,
        trust_env=False,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": policy.user_agent, "Accept": "*/*"},
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def fetch(url: str, policy: FetchPolicy | None = None) -> Fetched:
    """GET `url`, following at most the policy's redirects within its time and size limits.

    Raises FetchBlocked when the policy refuses an address or a response, FetchBroken when
    the site fails (an HTTP error status, no such host, no connection, too slow).
    """
    policy = policy or FetchPolicy.from_settings()
    started = time.monotonic()
    deadline = started + policy.timeout
    redirects: list[Redirect] = []
    current = url.strip()

    def context() -> dict:
        return {
            "url": current,
            "redirects": tuple(redirects),
            "duration": time.monotonic() - started,
        }

    refusal = scheme_refusal(current)
    if refusal:
        raise FetchBlocked(refusal, **context())
    with _client(policy, policy.timeout) as client:
        while True:
            try:
                remaining = max(deadline - time.monotonic(), 0.01)
                request = client.build_request("GET", current, timeout=remaining)
                response = client.send(request, stream=True)
            except (FetchBlocked, FetchBroken) as error:
                error.url, error.redirects = current, tuple(redirects)
                error.duration = time.monotonic() - started
                raise
            except httpx.TimeoutException:
                raise FetchBroken(
                    f"The site did not answer within {policy.timeout:g} seconds.", **context()
                ) from None
            except httpx.InvalidURL as error:
                raise FetchBlocked(
                    f"This web address is not valid: {error}.", **context()
                ) from None
            except httpx.HTTPError as error:
                raise FetchBroken(f"The site could not be reached: {error}.", **context()) from None
            try:
                if response.status_code in REDIRECT_CODES and "location" in response.headers:
                    target = str(response.url.join(response.headers["location"]))
                    redirects.append(Redirect(current, response.status_code))
                    if target in {hop.url for hop in redirects}:
                        raise FetchBroken(
                            "The site redirects in a loop and never reaches a page.",
                            **{**context(), "status_code": response.status_code},
                        )
                    if len(redirects) > policy.max_redirects:
                        raise FetchBlocked(
                            f"The address redirects more than {policy.max_redirects} times; "
                            "the desk stops following there.",
                            **{**context(), "status_code": response.status_code},
                        )
                    refusal = scheme_refusal(target)
                    current = target
                    if refusal:
                        raise FetchBlocked(
                            f"The site redirects to {target}. {refusal}", **context()
                        )
                    continue
                if response.status_code >= 400:
                    raise FetchBroken(
                        f"The site answered {response.status_code} "
                        f"{response.reason_phrase or 'error'}.".replace(" .", "."),
                        **{**context(), "status_code": response.status_code},
                    )
                body = _read_body(response, policy, deadline, context)
                return Fetched(
                    url=url.strip(),
                    final_url=current,
                    status_code=response.status_code,
                    content_type=response.headers.get("content-type", ""),
                    body=body,
                    headers=[
                        (k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw
                    ],
                    request_headers=[
                        (k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw
                    ],
                    redirects=tuple(redirects),
                    duration=time.monotonic() - started,
                    http_version=response.http_version,
                    reason_phrase=response.reason_phrase,
                )
            finally:
                response.close()


def _read_body(response: httpx.Response, policy: FetchPolicy, deadline: float, context) -> bytes:
    """Read the body, stopping as soon as it passes the size limit or the deadline."""
    limit = _megabytes(policy.max_bytes)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchBlocked(
            f"The document is {_megabytes(int(declared))}, over the {limit} limit; "
            "it was not downloaded.",
            **{**context(), "status_code": response.status_code},
        )
    chunks, size = [], 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > policy.max_bytes:
                raise FetchBlocked(
                    f"The document is larger than the {limit} limit; the download was stopped.",
                    **{**context(), "status_code": response.status_code},
                )
            if time.monotonic() > deadline:
                raise FetchBroken(
                    f"The site took longer than {policy.timeout:g} seconds to send the page.",
                    **{**context(), "status_code": response.status_code},
                )
            chunks.append(chunk)
    except httpx.TimeoutException:
        raise FetchBroken(
            f"The site took longer than {policy.timeout:g} seconds to send the page.",
            **{**context(), "status_code": response.status_code},
        ) from None
    except httpx.HTTPError as error:
        raise FetchBroken(
            f"The download broke off: {error}.",
            **{**context(), "status_code": response.status_code},
        ) from None
    return b"".join(chunks)
