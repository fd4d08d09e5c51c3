"""The web server's own rules, around Streamlit's: a request is answered only when it names this
server by one of its allowed names, and in a room (`python -m cxworkbook room`) only the
facilitator reaches more than the participant view."""

from __future__ import annotations

import os
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from streamlit import config

from cxworkbook.room import (
    COOKIE,
    FACILITATOR_PARAM,
    ROOM_ENV,
    Tries,
    facilitator_mark,
    holds_mark,
    is_local,
)

ACCESS_HEADER = "x-cxworkbook-access"  # "facilitator" or "guest", for the script to read
CLIENT_HEADER = "x-cxworkbook-client"  # the address wrong tries are counted by
# What only the facilitator's pages use: uploads, and the files of downloads and pictures
FACILITATOR_PATHS = ("/_stcore/upload_file", "/media/")


class AllowedHostsOnly:
    """Refuses (400) any request whose Host is not in `server.allowedHosts`. Streamlit checks the
    Host of its websocket only, so the page, its files and uploads answered any name, which is
    the door a DNS rebinding attack walks through. The names are read at the first request, when
    Streamlit's configuration (file, flags, environment) is complete."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.checked: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.checked is None:
            hosts = list(config.get_option("server.allowedHosts")) or ["*"]
            self.checked = TrustedHostMiddleware(self.app, allowed_hosts=hosts, www_redirect=False)
        await self.checked(scope, receive, send)


def _client(scope: Scope, headers: list[tuple[str, str]]) -> str:
    """Whom a request comes from: the peer, or behind a proxy on this machine the address the
    proxy added last to X-Forwarded-For (the ones before it the client may have made up)."""
    peer = scope["client"][0] if scope.get("client") else ""
    forwarded = [v for k, v in headers if k == "x-forwarded-for"]
    if forwarded and not is_local(peer, []):
        return peer
    return forwarded[-1].split(",")[-1].strip() if forwarded else peer


class RoomGate:
    """Who is the facilitator, told to the script in a header it can trust (a client's own
    header of that name is dropped). Without a room's secret everyone is, as before rooms: the
    server listens on the laptop only. With one, the laptop itself and whoever opened the
    facilitator's link (`/?token=…`, which leaves a cookie and is taken out of the address, as
    Jupyter does) are; a guest reaches the participant view only, and no upload or file."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.tries = Tries()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        secret = os.environ.get(ROOM_ENV, "")
        headers = [
            (k.decode("latin-1").lower(), v.decode("latin-1"))
            for k, v in scope["headers"]
            if k.decode("latin-1").lower() not in (ACCESS_HEADER, CLIENT_HEADER)
        ]
        client = _client(scope, headers)
        facilitator = not secret or self._facilitator(scope, headers, secret)
        if scope["type"] == "http":
            refusal = self._refusal(scope, client, secret, facilitator)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        access = "facilitator" if facilitator else "guest"
        scope = dict(scope)
        scope["headers"] = [
            *((k.encode("latin-1"), v.encode("latin-1")) for k, v in headers),
            (ACCESS_HEADER.encode(), access.encode()),
            (CLIENT_HEADER.encode(), client.encode("latin-1")),
        ]
        await self.app(scope, receive, send)

    @staticmethod
    def _facilitator(scope: Scope, headers: list[tuple[str, str]], secret: str) -> bool:
        peer = scope["client"][0] if scope.get("client") else None
        if is_local(peer, headers):
            return True
        cookies = SimpleCookie()
        for name, value in headers:
            if name == "cookie":
                cookies.load(value)
        held = cookies.get(COOKIE)
        return holds_mark(secret, held.value if held else None)

    def _refusal(self, scope: Scope, client: str, secret: str, facilitator: bool) -> ASGIApp | None:
        """The answer to a request that does not reach Streamlit, if any."""
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"))
        token = next((v for k, v in query if k == FACILITATOR_PARAM), None)
        if secret and token is not None:
            if self.tries.wait(client) > 0:
                return PlainTextResponse("Too many wrong links: wait a moment.", 429)
            if not holds_mark(secret, facilitator_mark(token)):
                self.tries.add(client)
                return PlainTextResponse("This facilitator link is not this room's.", 403)
            self.tries.clear(client)
            rest = urlencode([(k, v) for k, v in query if k != FACILITATOR_PARAM])
            response = RedirectResponse(scope["path"] + (f"?{rest}" if rest else ""), 303)
            response.set_cookie(
                COOKIE, facilitator_mark(secret), httponly=True, samesite="strict", path="/"
            )
            return response
        if not facilitator and scope["path"].startswith(FACILITATOR_PATHS):
            return PlainTextResponse("Only the facilitator's screen uses this.", 403)
        return None
