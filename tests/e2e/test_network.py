"""With the shipped configuration the app is reachable from this laptop only; the room command
opens it to the network."""

from __future__ import annotations

import http.client
import socket

import pytest

from cxworkbook.room import outward_address
from tests.e2e.test_room_in_browser import Room

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


def test_the_server_listens_on_the_loopback_address_only(server):
    outward = outward_address()
    if outward is None:
        pytest.skip("this machine has no address other than loopback to try")
    with pytest.raises(OSError):
        socket.create_connection((outward, server.port), timeout=2)


def test_the_room_command_listens_on_the_network_too(tmp_path, chromium_path):
    """`python -m cxworkbook room` is reached from this machine's network address, as a phone on
    the room's Wi-Fi reaches it; a guest there gets the page, never an upload."""
    outward = outward_address()
    if outward is None:
        pytest.skip("this machine has no address other than loopback to try")
    room = Room(tmp_path / "data", outward)
    try:
        for path, answered in (("/_stcore/health", 200), ("/", 200), ("/_stcore/upload_file", 403)):
            connection = http.client.HTTPConnection(outward, room.port, timeout=5)
            connection.request("GET", path)
            assert connection.getresponse().status == answered, path
            connection.close()
    finally:
        room.stop()
