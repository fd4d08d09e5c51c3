"""The web server's own rules, around Streamlit's: a request is answered only when it names this
server by one of its allowed names."""

from __future__ import annotations

from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send
from streamlit import config


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
