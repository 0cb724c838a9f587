"""The one safe outbound HTTP client: every server-side fetch of a user-given URL goes through it.

Scheme and port allowlist, resolve then refuse non-public addresses, connect to the checked
address (no second DNS lookup, so rebinding cannot swap it), redirects re-checked hop by hop,
a streamed size cap and one total deadline. Approach from the OWASP SSRF cheat sheet, Advocate
and Sentry's `sentry.net.socket` (check the address the socket really opens).
"""

import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import idna

from django.conf import settings

from jobly.errors import PermanentError, TooLarge, TransientError

MiB = 1024 * 1024
ALLOWED_SCHEMES = {"http", "https"}
DEFAULT_PORTS = {"http": 80, "https": 443}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
USER_AGENT = "Jobly/1.0 (+self-hosted job-search copilot)"
CHUNK = 64 * 1024
# One limit for every URL a user gives (the Feed and Job URL columns hold 2,000 characters).
MAX_URL_LENGTH = 2000
# What a resolver would read as an IPv4 address: up to four dot-separated decimal, octal or hex numbers.
NUMERIC_HOST = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}\.?", re.IGNORECASE)

# Explicitly refused even if a Python release's `is_global` gets a range wrong (CPython#113171).
BLOCKED_NETWORKS = [
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
        "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
        "::/128", "::1/128", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7",
        "fe80::/10", "fec0::/10", "ff00::/8",
    )
]
NAT64_NETWORK = ipaddress.ip_network("64:ff9b::/96")


class FetchRefused(PermanentError):
    """The URL or an address it resolves to is not one Jobly may fetch."""

    code = "url_not_allowed"
    status = 422
    default_message = "This URL is not allowed: only public http(s) addresses can be fetched."


class FetchFailed(PermanentError):
    """The far side answered, but not with something usable (4xx, too large, redirect loop)."""

    code = "fetch_failed"
    status = 422


class FetchTooLarge(FetchFailed, TooLarge):
    """The response passed the size cap."""

    code = "too_large"
    status = 413


class FetchTransientError(TransientError):
    """A timeout, connection error or 5xx: worth trying again later."""

    code = "fetch_unavailable"
    status = 503


@dataclass
class FetchResponse:
    status: int
    headers: dict = field(default_factory=dict)  # lower-cased names
    content: bytes = b""
    final_url: str = ""

    @property
    def content_type(self):
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self):
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                return value.strip('"').strip()
        return None


def is_public_address(address):
    """True when an IP address is globally routable and not in any special-purpose range."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return is_public_address(str(ip.ipv4_mapped))
        if ip in NAT64_NETWORK:
            return is_public_address(str(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)))
        if ip.sixtofour:
            return is_public_address(str(ip.sixtofour))
        if ip.teredo:
            return False
    if any(ip in network for network in BLOCKED_NETWORKS if network.version == ip.version):
        return False
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


def _is_ip_literal(host):
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return True


def _allowlist_entry(entry):
    """`host` or `host:port` (`[v6]:port` for IPv6) → (host, port or None), lower-cased."""
    entry = entry.strip().lower()
    host, port = entry, None
    if entry.startswith("["):
        host, _, rest = entry[1:].partition("]")
        if rest.startswith(":") and rest[1:].isdigit():
            port = int(rest[1:])
    elif entry.count(":") == 1:
        name, _, number = entry.partition(":")
        if number.isdigit():
            host, port = name, int(number)
    return host.rstrip("."), port


def _host_is_allowlisted(host, port, scheme, allow_hosts):
    """An entry names a host and a port exactly; a bare host allows only its scheme's default port,
    so allowing 127.0.0.1 for a feed server never opens Redis, Flower or the site itself."""
    host = host.lower().rstrip(".")
    for entry in allow_hosts or ():
        allowed_host, allowed_port = _allowlist_entry(entry)
        if allowed_host == host and port == (allowed_port or DEFAULT_PORTS[scheme]):
            return True
    return False


def _is_non_canonical_ipv4(host):
    """Numbers the resolver would take as IPv4 although they are not dotted decimal (2130706433,
    0x7f.1, 017700000001, 127.1): refused outright, whatever address they encode."""
    return bool(NUMERIC_HOST.fullmatch(host)) and not _is_ip_literal(host)


def _quote_part(text, safe):
    return quote(text, safe=safe + "%")  # existing %XX escapes are kept, everything else non-URI is escaped


def clean_url(url):
    """The one gate every user-given URL passes (page forms, API fields, OPML, pastes, the fetcher).

    Length (MAX_URL_LENGTH), syntax, http(s) only, no credentials, no numeric IPv4 tricks; returns
    the URL as stored: host lower-cased and in punycode (IDNA), path and query percent-encoded, so
    what we store and return is a valid RFC 3986 URI. Raises FetchRefused (422) with a code.
    """
    if not isinstance(url, str):
        raise FetchRefused("This URL is malformed.")
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise FetchRefused(f"This URL is longer than {MAX_URL_LENGTH:,} characters.", code="url_too_long")
    if any(ord(char) < 33 or ord(char) == 127 or 0xD800 <= ord(char) <= 0xDFFF for char in url):
        raise FetchRefused("This URL is malformed.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise FetchRefused("This URL is malformed.") from error
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise FetchRefused(f"Only http and https URLs can be fetched, not {scheme or 'this'!r}.", code="scheme_not_allowed")
    host = (parts.hostname or "").rstrip(".")
    if not host or parts.username is not None or parts.password is not None:
        raise FetchRefused("This URL has no usable host.")
    if not host.isascii():
        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError as error:
            raise FetchRefused("This URL's host is not a valid name.") from error
    if _is_non_canonical_ipv4(host):
        raise FetchRefused("Write an IP address as four decimal numbers (like 93.184.216.34).")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    cleaned = urlunsplit((
        scheme, netloc, _quote_part(parts.path, "/:@!$&'()*+,;=-._~"),
        _quote_part(parts.query, "/?:@!$&'()*+,;=-._~"), _quote_part(parts.fragment, "/?:@!$&'()*+,;=-._~"),
    ))
    if len(cleaned) > MAX_URL_LENGTH:
        raise FetchRefused(f"This URL is longer than {MAX_URL_LENGTH:,} characters once encoded.", code="url_too_long")
    return cleaned


@dataclass(frozen=True)
class Target:
    url: str  # as clean_url wrote it
    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple  # the checked IPs the socket may connect to, in resolver order
    allowlisted: bool


def check_url(url, *, allow_hosts=None, resolve=True):
    """Validate a URL and resolve its host to checked addresses. Raises FetchRefused."""
    allow_hosts = settings.OUTBOUND_ALLOWED_HOSTS if allow_hosts is None else allow_hosts
    url = clean_url(url)
    parts = urlsplit(url)
    scheme, host = parts.scheme, parts.hostname
    port = parts.port or DEFAULT_PORTS[scheme]
    allowlisted = _host_is_allowlisted(host, port, scheme, allow_hosts)
    if not allowlisted and _is_ip_literal(host) and not is_public_address(host):
        raise FetchRefused(f"The address {host!r} is not public.")
    if port not in (80, 443) and not allowlisted:
        raise FetchRefused(f"Port {port} is not allowed; only 80 and 443.", code="port_not_allowed")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    if not resolve:
        return Target(url, scheme, host, port, path, (), allowlisted)
    addresses = _resolve_checked(host, port, allowlisted)
    return Target(url, scheme, host, port, path, addresses, allowlisted)


def _resolve_checked(host, port, allowlisted):
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except UnicodeError as error:
        raise FetchRefused(f"The host {host!r} is not a valid name.") from error
    except socket.gaierror as error:
        # Unknown today may resolve tomorrow: a DNS failure is worth retrying, not a refusal.
        raise FetchTransientError(f"The host {host!r} could not be resolved.", code="dns_error") from error
    addresses = tuple(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchRefused(f"The host {host!r} has no address.")
    if not allowlisted:
        for address in addresses:
            # Every record must be public: a mixed answer is how rebinding attacks hedge.
            if not is_public_address(address):
                raise FetchRefused(f"The host {host!r} resolves to a non-public address.")
    return addresses


class _Deadline:
    """One total time budget; a watchdog shuts the socket when it runs out (slow-drip servers)."""

    def __init__(self, seconds):
        self.ends_at = time.monotonic() + seconds
        self.expired = False
        self._timer = None

    def remaining(self):
        left = self.ends_at - time.monotonic()
        if left <= 0:
            self.expired = True
            raise FetchTransientError("The server took too long to answer.", code="timeout")
        return left

    def guard(self, sock):
        def expire():
            self.expired = True
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        self._timer = threading.Timer(max(0.0, self.ends_at - time.monotonic()), expire)
        self._timer.daemon = True
        self._timer.start()

    def release(self):
        if self._timer:
            self._timer.cancel()


def _connect_checked(target, deadline):
    """Open a TCP socket to one of the already-checked addresses (never a fresh DNS answer)."""
    last_error = None
    for address in target.addresses:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(deadline.remaining())
            sock.connect((address, target.port))
            return sock
        except OSError as error:
            sock.close()
            last_error = error
    raise last_error or OSError("no address to connect to")


def _open_connection(target, deadline):
    sock = _connect_checked(target, deadline)
    if target.scheme == "https":
        context = ssl.create_default_context()
        sock = context.wrap_socket(sock, server_hostname=target.host)
        connection = http.client.HTTPSConnection(target.host, target.port, context=context)
    else:
        connection = http.client.HTTPConnection(target.host, target.port)
    connection.sock = sock  # already connected to the checked address: http.client never resolves
    return connection, sock


def _read_body(response, sock, deadline, max_bytes, truncate=False):
    declared = response.getheader("content-length")
    if not truncate and declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchTooLarge(f"The response is larger than {max_bytes} bytes.")
    encoding = (response.getheader("content-encoding") or "").lower()
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding in ("gzip", "x-gzip") else None
    chunks, size = [], 0
    while True:
        sock.settimeout(deadline.remaining())
        piece = response.read1(CHUNK)
        if not piece:
            break
        if decoder:
            # Decompress with a cap so a small gzip bomb cannot grow past max_bytes.
            piece = decoder.decompress(piece, max_bytes + 1 - size)
        size += len(piece)
        if size > max_bytes and truncate:  # what the caller keeps is an excerpt: stop reading, keep the start
            chunks.append(piece[: len(piece) - (size - max_bytes)])
            break
        if size > max_bytes:
            raise FetchTooLarge(f"The response is larger than {max_bytes} bytes.")
        chunks.append(piece)
    if deadline.expired and size <= max_bytes:  # the watchdog cut the socket: what we have is a truncated body
        raise FetchTransientError("The server took too long to answer.", code="timeout")
    return b"".join(chunks)


def _request_once(target, method, headers, body, deadline, max_bytes, truncate=False):
    connection, sock = _open_connection(target, deadline)
    deadline.guard(sock)
    try:
        sock.settimeout(deadline.remaining())
        connection.putrequest(method, target.path, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders(body)
        response = connection.getresponse()
        if deadline.expired:
            raise FetchTransientError("The server took too long to answer.", code="timeout")
        response_headers = {name.lower(): value for name, value in response.getheaders()}
        if response.status in REDIRECT_STATUSES or method == "HEAD" or response.status == 304:
            content = b""
        else:
            content = _read_body(response, sock, deadline, max_bytes, truncate)
        return response.status, response_headers, content
    finally:
        deadline.release()
        connection.close()


def safe_fetch(
    url,
    *,
    method="GET",
    headers=None,
    body=None,
    max_bytes=5 * MiB,
    timeout=10,
    max_redirects=3,
    allow_hosts=None,
    follow_redirects=True,
    raise_for_status=True,
    truncate=False,
):
    """Fetch a user-given URL safely; returns FetchResponse for 2xx and 304, raises otherwise.

    Webhook deliveries pass `follow_redirects=False` (a 3xx is the answer), `raise_for_status=False`
    (any status is returned to be logged) and `truncate=True` (the body is cut at max_bytes, not refused).

    Errors carry stable codes: url_not_allowed, scheme_not_allowed, port_not_allowed,
    too_many_redirects, too_large, timeout, connection_failed, http_<status>. Timeouts,
    connection errors, 429 and 5xx are FetchTransientError (retry later); the rest permanent.
    """
    allow_hosts = settings.OUTBOUND_ALLOWED_HOSTS if allow_hosts is None else allow_hosts
    deadline = _Deadline(timeout)
    request_headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, identity", "Connection": "close"}
    request_headers.update(headers or {})
    if body is not None:
        request_headers.setdefault("Content-Length", str(len(body)))
    current_url = url
    for hop in range(max_redirects + 1):
        target = check_url(current_url, allow_hosts=allow_hosts)
        try:
            status, response_headers, content = _request_once(
                target, method, request_headers, body, deadline, max_bytes, truncate)
        except (FetchRefused, FetchFailed, FetchTransientError):
            raise
        except (socket.timeout, TimeoutError) as error:
            raise FetchTransientError("The server took too long to answer.", code="timeout") from error
        except (OSError, http.client.HTTPException) as error:
            if deadline.expired:
                raise FetchTransientError("The server took too long to answer.", code="timeout") from error
            raise FetchTransientError(
                f"Could not talk to {target.host}: {type(error).__name__}.", code="connection_failed"
            ) from error
        if status in REDIRECT_STATUSES and response_headers.get("location") and follow_redirects:
            if hop == max_redirects:
                raise FetchFailed(f"More than {max_redirects} redirects.", code="too_many_redirects")
            next_url = urljoin(current_url, response_headers["location"])
            if urlsplit(next_url).netloc.lower() != urlsplit(current_url).netloc.lower():
                request_headers = {k: v for k, v in request_headers.items() if k.lower() not in ("authorization", "cookie")}
            if status in (301, 302, 303) and method not in ("GET", "HEAD"):
                method, body = "GET", None
                request_headers.pop("Content-Length", None)
            current_url = next_url
            continue
        if status == 304 or 200 <= status < 300 or not raise_for_status:
            return FetchResponse(status=status, headers=response_headers, content=content, final_url=current_url)
        message = f"The server answered HTTP {status}."
        if status >= 500 or status in (408, 429):
            raise FetchTransientError(message, code=f"http_{status}")
        raise FetchFailed(message, code=f"http_{status}")
    raise FetchFailed(f"More than {max_redirects} redirects.", code="too_many_redirects")
