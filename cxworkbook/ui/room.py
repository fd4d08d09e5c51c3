"""The room as a session sees it: whether this session is the facilitator's or a participant's,
the participant's own link, and the join code's checks (`cxworkbook.room` has the rules)."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass

import segno
import streamlit as st

from cxworkbook.ids import is_slug
from cxworkbook.room import ADDRESS_ENV, Tries, room_with_code, typed_code
from cxworkbook.ui.context import store
from cxworkbook.ui.server import ACCESS_HEADER, CLIENT_HEADER

IN_ROOM_KEY = "_in_room"
LINK_KEY = "_room_link"
FOUND_KEY = "_room_found"
ROOM_PARAMS = ("code", "room", "me")
CODE_TRIES = Tries()  # wrong join codes and links, per address, for the whole server
JOINS = Tries(free=10)  # joins per address: one device cannot fill a room


@dataclass(frozen=True)
class Link:
    """A participant's own link: the workbook and the secret that only their phone holds."""

    workbook_id: str
    secret: str


def is_facilitator() -> bool:
    """Whether this session may see more than the participant view (`ui.server.RoomGate` says;
    without it, as in AppTest, the server listens on the laptop only and everyone is)."""
    return st.context.headers.get(ACCESS_HEADER, "facilitator") == "facilitator"


def client_address() -> str:
    """Whom wrong tries are counted against (`ui.server.RoomGate` says; else the laptop)."""
    given = st.context.headers.get(CLIENT_HEADER)
    return given if isinstance(given, str) and given else "this laptop"


def in_room() -> bool:
    """Whether this session is a participant's: a guest's always; on the laptop, one opened with
    a join code or a participant's link. It stays one until the tab is closed."""
    state = st.session_state
    if not state.get(IN_ROOM_KEY) and (
        not is_facilitator() or any(p in st.query_params for p in ROOM_PARAMS)
    ):
        state[IN_ROOM_KEY] = True
    return bool(state.get(IN_ROOM_KEY))


def own_link() -> Link | None:
    """The participant's link, from the session or (after a reload) the address."""
    state = st.session_state
    if LINK_KEY not in state:
        workbook_id, secret = st.query_params.get("room", ""), st.query_params.get("me", "")
        if is_slug(workbook_id) and secret:
            state[LINK_KEY] = Link(workbook_id, secret)
    return state.get(LINK_KEY)


def keep_link(link: Link | None) -> None:
    """The link in the session and the address, so a reload or a sleeping phone comes back as
    the same participant; None forgets it (a link that no longer works)."""
    state = st.session_state
    if link is None:
        state.pop(LINK_KEY, None)
        for name in ("room", "me"):
            st.query_params.pop(name, None)
        return
    state[LINK_KEY] = link
    st.query_params.pop("code", None)
    if st.query_params.get("room") != link.workbook_id or st.query_params.get("me") != link.secret:
        st.query_params["room"], st.query_params["me"] = link.workbook_id, link.secret


def wait_before_trying() -> float:
    return CODE_TRIES.wait(client_address())


def check_code(text: str) -> str | None:
    """The workbook whose open room has the join code `text`, remembered for the session; None
    for a wrong code, which counts against this address."""
    code = typed_code(text)
    found = st.session_state.get(FOUND_KEY)
    workbook = room_with_code(store(), code, found[0] if found else None) if code else None
    if workbook is None:
        CODE_TRIES.add(client_address())
        st.session_state.pop(FOUND_KEY, None)
        return None
    CODE_TRIES.clear(client_address())
    st.session_state[FOUND_KEY] = (workbook.id, code)
    return workbook.id


def found_room() -> tuple[str, str] | None:
    """The workbook and join code this session gave rightly, if any."""
    return st.session_state.get(FOUND_KEY)


def wait_before_joining() -> float:
    return JOINS.wait(client_address())


def joined() -> None:
    JOINS.add(client_address())


def wrong_link() -> None:
    CODE_TRIES.add(client_address())


def phone_address() -> str | None:
    """The address phones open, as the room command found it (None: phones cannot reach this
    server, which listens on the laptop only)."""
    return os.environ.get(ADDRESS_ENV) or None


def join_link(address: str, code: str) -> str:
    return f"{address.rstrip('/')}/?code={code}"


def qr_png(text: str) -> bytes:
    """A QR code of `text`, dark on white with its quiet zone, large enough for a projector."""
    picture = io.BytesIO()
    segno.make(text, error="m").save(picture, kind="png", scale=10, border=4)
    return picture.getvalue()
