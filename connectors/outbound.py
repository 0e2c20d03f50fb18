"""Where connectors may send: public addresses only, checked when a connector is saved and again on connecting.

A URL whose host resolves to a loopback, private, link-local (cloud metadata), multicast, reserved or
otherwise non-public address (IPv4, IPv6, IPv4-mapped IPv6) is refused, unless its host is listed in
CONNECTOR_ALLOWED_HOSTS. At send time the HTTP session is requests-hardened's: it resolves the host
once, checks that address and connects to it (the Host header, TLS SNI and certificate check still
name the host), so a DNS answer that changes between our check and the connection (rebinding)
cannot reach an internal address. Redirects are never followed.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import requests
from django.conf import settings
from requests_hardened import Config, HTTPSession  # type: ignore[import-untyped]
from requests_hardened.ip_filter import EXTRA_BLOCKED_NET_RANGES, InvalidIPAddress  # type: ignore[import-untyped]

DEFAULT_PORTS = {"http": 80, "https": 443}
ALLOW_HINT = "connectors may only call public addresses; list the host in CONNECTOR_ALLOWED_HOSTS to allow it"


class OutboundRefused(ValueError):
    """A connector URL that must not be called; the message names the URL, the address and why."""


def outbound_host_allowed(host: str) -> bool:
    allowed = {h.strip().lower().strip("[]") for h in getattr(settings, "CONNECTOR_ALLOWED_HOSTS", []) or []}
    return host.lower().strip("[]") in allowed


def address_refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why a connector may not connect to this address, or None for a public one."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for kind, flagged in (
        ("loopback", ip.is_loopback),
        ("link-local (cloud metadata)", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
    ):
        if flagged:
            return kind
    if not ip.is_global or any(ip in net for net in EXTRA_BLOCKED_NET_RANGES if net.version == ip.version):
        return "non-public"
    return None


def outbound_origin(url: str) -> str:
    """scheme://host:port of a URL, the part a secret is entered for (see Connector.secrets_destination)."""
    parts = urlsplit(str(url).strip())
    scheme = parts.scheme.lower()
    try:
        port = parts.port or DEFAULT_PORTS.get(scheme, 0)
    except ValueError:
        port = 0
    return f"{scheme}://{(parts.hostname or '').lower()}:{port}"


def outbound_url_check(url: str, *, unresolvable_ok: bool = False) -> None:
    """Raise OutboundRefused unless every address the URL's host resolves to is public (or the host is allowed).

    At save time a host that does not resolve yet is accepted (`unresolvable_ok`): it is checked again at send.
    """
    parts = urlsplit(str(url).strip())
    host = parts.hostname or ""
    if parts.scheme.lower() not in DEFAULT_PORTS or not host:
        raise OutboundRefused(f"{url}: not an http(s) URL with a host")
    if outbound_host_allowed(host):
        return
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme.lower()]
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except ValueError as exc:
        raise OutboundRefused(f"{url}: invalid port") from exc
    except (socket.gaierror, UnicodeError) as exc:
        if unresolvable_ok:
            return
        raise OutboundRefused(f"{url}: the host {host} cannot be resolved") from exc
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        reason = address_refusal(ip)
        if reason:
            shown = host if host == str(ip) else f"{host} resolves to {ip}, which"
            raise OutboundRefused(f"{url}: {shown} is a {reason} address; {ALLOW_HINT}")


def outbound_session(url: str) -> requests.Session:
    """A session for calls to this URL: IP-checked at connect time unless its host is allowed; never redirected."""
    host = urlsplit(str(url)).hostname or ""
    return HTTPSession(
        Config(
            ip_filter_enable=not outbound_host_allowed(host),
            ip_filter_allow_loopback_ips=False,
            never_redirect=True,
            default_timeout=(5, 30),
        )
    )


def refused_at_connect(exc: BaseException, *, url: str) -> OutboundRefused | None:
    """The OutboundRefused for a connection requests-hardened stopped (found on the exception or its causes)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, InvalidIPAddress):
            return OutboundRefused(
                f"{url}: the host resolved to {seen}, which is not a public address at connect time; {ALLOW_HINT}"
            )
        seen = seen.__cause__ or seen.__context__
    return None
