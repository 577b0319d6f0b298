"""Where webhooks may go: https addresses on the public internet. A subscriber's address
must not let the service be used to reach the council's own network (the server's
loopback, private ranges, link-local cloud metadata), so it is checked when it is saved
and, at every delivery, the address actually connected to (a name can resolve elsewhere
later). A host the operator lists in CAUTION_WEBHOOK_ALLOWED_HOSTS (a system on the
council's own network, or the outgoing proxy) is exempt, and may use http."""

import functools
import ipaddress
import socket
import urllib.parse

from django.conf import settings

NOT_HTTPS = "Enter a web address starting https://"
NOT_PUBLIC = (
    "This address is on a private, loopback or link-local network: the operator must "
    "allow its host first (CAUTION_WEBHOOK_ALLOWED_HOSTS)"
)


class AddressRefused(OSError):
    """The connection went to an address webhooks may not reach."""


def host_allowed(host: str) -> bool:
    """Whether the operator has allowed this host whatever its address."""
    allowed = {name.strip().lower() for name in settings.CAUTION_WEBHOOK_ALLOWED_HOSTS}
    return host.strip("[]").lower() in allowed


def is_public(ip: str) -> bool:
    address = ipaddress.ip_address(ip.split("%")[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def url_problem(url: str) -> str | None:
    """Why webhooks may not be sent to this address, or None. A name that does not resolve
    now is left to be checked when sending."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if host and host_allowed(host):
        return None if parts.scheme in ("https", "http") else NOT_HTTPS
    if parts.scheme != "https" or not host:
        return NOT_HTTPS
    try:
        resolved = {info[4][0] for info in socket.getaddrinfo(host, parts.port or 443)}
    except (socket.gaierror, UnicodeError):
        return None
    return None if all(is_public(ip) for ip in resolved) else NOT_PUBLIC


def _connect(address, *args, allowed: bool, **kwargs) -> socket.socket:
    sock = socket.create_connection(address, *args, **kwargs)
    if not allowed and not is_public(sock.getpeername()[0]):
        sock.close()
        raise AddressRefused("refused")
    return sock


def checked(connection_class):
    """An http.client connection class that refuses, once connected and before a byte is
    sent, a peer address webhooks may not reach."""

    class Checked(connection_class):
        def __init__(self, host, *args, **kwargs) -> None:
            super().__init__(host, *args, **kwargs)
            self._create_connection = functools.partial(_connect, allowed=host_allowed(self.host))

    return Checked
