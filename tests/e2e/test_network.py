"""With the shipped configuration the app is reachable from this laptop only."""

from __future__ import annotations

import http.client
import socket

import pytest

pytestmark = pytest.mark.e2e

UPGRADE = {
    "Connection": "Upgrade",
    "Upgrade": "websocket",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
}


def _status(port: int, host: str, path: str, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path, headers={**headers, "Host": host})
    status = connection.getresponse().status
    connection.close()
    return status


@pytest.mark.parametrize(
    ("path", "headers", "answered"),
    [
        ("/_stcore/stream", UPGRADE, 101),  # the websocket
        ("/", {}, 200),  # the page
        ("/_stcore/health", {}, 200),
    ],
)
def test_a_request_naming_another_host_is_refused(server, path, headers, answered):
    """A DNS rebinding page names its own host: the page, its files and the websocket all
    refuse it, while the same requests naming this laptop are answered."""
    assert _status(server.port, f"localhost:{server.port}", path, headers) == answered
    assert _status(server.port, "workbook.evil.example", path, headers) in (400, 403)


def _outward_address() -> str | None:
    """The address this machine would use towards a network (a UDP connect sends nothing)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address


def test_the_server_listens_on_the_loopback_address_only(server):
    outward = _outward_address()
    if outward is None:
        pytest.skip("this machine has no address other than loopback to try")
    with pytest.raises(OSError):
        socket.create_connection((outward, server.port), timeout=2)
