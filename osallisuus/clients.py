"""The client's IP address, decided in this one place for the login throttle and the public forms' rate limits.

Behind a reverse proxy or load balancer REMOTE_ADDR is the proxy's address. Each trusted proxy appends the address
it received the request from to X-Forwarded-For, so with TRUSTED_PROXY_COUNT = N (the number of proxies in front of
the portal) the client is the N-th address from the right: anything left of it was written by the client itself and
is never believed. With 0 (the default) X-Forwarded-For is ignored altogether, so a client cannot choose its own
address to escape a limit."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address of the client that made `request` (rules in the module docstring); "unknown" if none is valid."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies and (address := _valid(forwarded[-proxies])):
            return address
    return _valid(request.META.get("REMOTE_ADDR") or "") or "unknown"


def address_group(address: str) -> str:
    """What a per-client limit counts: an IPv4 address, or the /64 network of an IPv6 address (one subscriber
    usually holds a whole /64, so counting single IPv6 addresses would let one client change address at will)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
