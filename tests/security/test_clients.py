"""The client address (osallisuus.clients.client_ip): REMOTE_ADDR unless trusted proxies are declared, and then
never an address the client wrote itself. The rate limits of the public forms and the login count by the same helper
(osallisuus.ratelimit.client_network)."""

import pytest
from django.test import RequestFactory

from osallisuus.clients import address_group, client_ip
from osallisuus.ratelimit import client_network


def request(remote: str = "192.0.2.1", forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(request("192.0.2.1", "203.0.113.9")) == "192.0.2.1"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client wrote 6.6.6.6 itself
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_behind_trusted_proxies_the_address_they_saw_counts(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies

    assert client_ip(request("10.0.0.1", forwarded)) == expected


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address", "203.0.113.9"])
def test_a_missing_short_or_broken_header_falls_back_to_the_connection(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_ip(request("10.0.0.1", forwarded)) == "10.0.0.1"


def test_no_valid_address_at_all_is_unknown(settings):
    assert client_ip(request("")) == "unknown"


def test_the_rate_limits_count_by_the_same_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_network(request("10.0.0.1", "6.6.6.6, 203.0.113.9")) == "203.0.113.9"
    assert client_network(request("10.0.0.1", "6.6.6.6, 2001:db8:1:2::7")) == "2001:db8:1:2::/64"


@pytest.mark.parametrize(
    ("address", "group"),
    [
        ("192.0.2.7", "192.0.2.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.7", "192.0.2.7"),  # IPv4 written as IPv6 is the same client
        ("unknown", "unknown"),
    ],
)
def test_per_client_limits_count_an_ipv6_client_by_its_network(address, group):
    assert address_group(address) == group
