"""Fetching a partner feed: an address an editor typed, so the request is guarded.

- Only http and https, through a urllib opener that has no other handler (no ftp:, no
  file:, no proxy from the environment), following redirects through the same guard.
- Each connection goes to an address resolved and checked here, never resolved again:
  a host that resolves to a loopback, private, link-local or otherwise non-public
  address is refused (unless ``PARTNER_FEEDS_ALLOW_PRIVATE``), so a feed cannot make the
  site read its own network.
- A conditional GET (If-None-Match, If-Modified-Since): 304 means nothing new.
- One deadline for the whole fetch (``PARTNER_FEEDS_TIMEOUT``), and the body streamed
  and dropped past ``PARTNER_FEEDS_MAX_BYTES``.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

CHUNK_BYTES = 64 * 1024
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)


class FetchError(Exception):
    """Why a feed could not be fetched, in words an editor can act on."""


@dataclass(frozen=True)
class Fetched:
    """A feed's body (``None`` when the server said 304 Not Modified), the address it
    came from after any redirect, and what to send next time."""

    body: bytes | None
    url: str = ""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""


def fetch_feed(url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
    """GET ``url`` under the guard described above; raises ``FetchError``."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(_("Only http:// and https:// addresses are fetched."))
    timeout = settings.PARTNER_FEEDS_TIMEOUT
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers=request_headers(etag, last_modified))
    try:
        response = _opener().open(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        error.close()
        if error.code == 304:
            return Fetched(None, url, etag=etag, last_modified=last_modified)
        raise FetchError(
            _("The feed’s server answered %(status)s %(reason)s.")
            % {"status": error.code, "reason": error.reason}
        ) from error
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
        raise FetchError(describe(error)) from error
    with response:
        body = read_capped(response, deadline)
        headers = response.headers
        return Fetched(
            body,
            response.url,
            content_type=headers.get("Content-Type", ""),
            etag=header_to_keep(headers.get("ETag", ""), 255),
            last_modified=header_to_keep(headers.get("Last-Modified", ""), 100),
        )


def request_headers(etag: str, last_modified: str) -> dict[str, str]:
    headers = {
        "User-Agent": f"{settings.SITE_NAME} partner feeds (+{settings.SITE_URL})",
        "Accept": ACCEPT,
        "Accept-Encoding": "identity",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def read_capped(response, deadline: float) -> bytes:
    """The body, read as it arrives until the deadline or the size cap stops it."""
    limit = settings.PARTNER_FEEDS_MAX_BYTES
    too_large = FetchError(
        _("The feed is larger than %(limit)s bytes: it was not read.") % {"limit": limit}
    )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks, size = [], 0
    try:
        while chunk := response.read1(CHUNK_BYTES):
            size += len(chunk)
            if size > limit:
                raise too_large
            if time.monotonic() > deadline:
                raise FetchError(timed_out())
            chunks.append(chunk)
    except (OSError, http.client.HTTPException) as error:
        raise FetchError(describe(error)) from error
    return b"".join(chunks)


def header_to_keep(value: str, max_length: int) -> str:
    """A validator header worth sending back: printable ASCII that fits its column."""
    if len(value) <= max_length and value.isascii() and value.isprintable():
        return value
    return ""


def timed_out() -> str:
    return _("The feed’s server took longer than %(seconds)s seconds.") % {
        "seconds": f"{settings.PARTNER_FEEDS_TIMEOUT:g}"
    }


def describe(error: Exception) -> str:
    reason = getattr(error, "reason", error)
    if isinstance(reason, FetchError):
        return str(reason)
    if isinstance(reason, TimeoutError):
        return timed_out()
    if isinstance(reason, socket.gaierror):
        return _("The feed’s host name could not be found.")
    return _("The feed could not be fetched: %(reason)s") % {"reason": reason}


# The guard.


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def checked_addresses(host: str, port: int) -> list[tuple]:
    """Where ``host`` resolves, refused whole if any address is not public (unless
    allowed): a name that mixes them is not a partner's web server."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchError(describe(error)) from error
    if not settings.PARTNER_FEEDS_ALLOW_PRIVATE:
        for *_rest, sockaddr in found:
            address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
            if not is_public(address):
                raise FetchError(
                    _("The feed’s address is on a private network (%(address)s): not fetched.")
                    % {"address": address}
                )
    return found


def connect_checked(host: str, port: int, timeout: float | None) -> socket.socket:
    last_error: OSError | None = None
    for family, kind, protocol, _name, sockaddr in checked_addresses(host, port):
        sock = socket.socket(family, kind, protocol)
        sock.settimeout(timeout)
        try:
            sock.connect(sockaddr)
        except OSError as error:
            sock.close()
            last_error = error
            continue
        return sock
    raise last_error or OSError(f"No address for {host}")


class GuardedHTTPConnection(http.client.HTTPConnection):
    def connect(self):
        self.sock = connect_checked(self.host, self.port, self.timeout)


class GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        self.tls = ssl.create_default_context()
        super().__init__(*args, context=self.tls, **kwargs)

    def connect(self):
        sock = connect_checked(self.host, self.port, self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


class GuardedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(GuardedHTTPConnection, req)


class GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(GuardedHTTPSConnection, req)


def _opener() -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (
        GuardedHTTPHandler(),
        GuardedHTTPSHandler(),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener
