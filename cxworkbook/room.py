"""The room: participants answer a round from their own phones.

The facilitator opens a round's room; the projector shows its join code. A phone that gives the
code joins the round as a new participant (or as a name the facilitator prepared) and gets a link
of its own, whose secret only that phone holds: the workbook keeps its SHA-256, never the secret,
so neither an export nor another participant can become someone else. Closing the room ends every
link's access at once. Who may reach what is decided here and in `cxworkbook.ui.server`:

- the laptop itself (a loopback connection that no proxy forwarded) and whoever holds the
  facilitator's cookie, set by the facilitator's link, are the facilitator;
- anyone else is a guest, who reaches the participant view of an open room and nothing more.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import ipaddress
import re
import secrets
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable

from cxworkbook.errors import StoreError
from cxworkbook.i18n import translate
from cxworkbook.model import Assessment, Participant, Workbook
from cxworkbook.store import WorkbookStore
from cxworkbook.yamlio import FileProblems

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8  # 31⁸ ≈ 850 billion codes; with wrong tries slowed down, none is guessed
ROOM_SIZE = 60  # participants in one round: a workshop room, not a conference hall
COOKIE = "cxworkbook_facilitator"
ROOM_ENV = "CXWORKBOOK_ROOM_SECRET"  # set by the room command; without it there is no room
ADDRESS_ENV = "CXWORKBOOK_ROOM_ADDRESS"  # the address phones open, as the room command found it
FACILITATOR_PARAM = "token"  # the facilitator's link: /?token=…
FORWARDED = ("x-forwarded-for", "forwarded", "x-real-ip")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def shown_code(code: str) -> str:
    """ "K7PQ-4XMR": two groups of four read aloud and typed more easily than eight."""
    return f"{code[:4]}-{code[4:]}"


def typed_code(text: str) -> str:
    """A code as typed on a phone (lowercase, spaces, a hyphen) in the form it is stored in."""
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def new_link_secret() -> str:
    return secrets.token_urlsafe(24)


def link_key(secret: str) -> str:
    """What the workbook keeps of a participant's link: its secret's SHA-256."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def is_open(assessment: Assessment) -> bool:
    return assessment.room is not None and assessment.room.open


def opens_with(workbook: Workbook, code: str) -> bool:
    """Whether `code` is the join code of the workbook's open room (in its current round)."""
    room = workbook.current_round.room
    return (
        room is not None
        and room.open
        and bool(code)
        and hmac.compare_digest(room.code.encode(), code.encode())
    )


def followed(workbook: Workbook | None) -> tuple[bool, bool, bool]:
    """What a phone follows of its room, so that it redraws when one changes: whether the room
    is open, the answers revealed and the team's result shown on phones."""
    if workbook is None:
        return (False, False, False)
    assessment = workbook.current_round
    room = assessment.room
    return (is_open(assessment), assessment.revealed, bool(room and room.results))


def participant_with_link(assessment: Assessment, secret: str) -> Participant | None:
    """The participant whose own link holds `secret`, if the round's room is open."""
    if not secret or not is_open(assessment):
        return None
    key = link_key(secret)
    return next(
        (p for p in assessment.participants if p.key and hmac.compare_digest(p.key, key)), None
    )


def prepared(assessment: Assessment) -> list[Participant]:
    """The names the facilitator prepared that no phone has taken and nobody has answered for:
    a phone may join as one of them."""
    if assessment.anonymous:
        return []
    return [p for p in assessment.participants if not p.key and not p.answers]


def is_local(peer: str | None, headers: Iterable[tuple[str, str]]) -> bool:
    """Whether a connection comes from the laptop itself: from a loopback address, and not
    forwarded by a proxy (behind one, every connection comes from loopback)."""
    if peer is None:
        return False
    try:
        loopback = ipaddress.ip_address(peer).is_loopback
    except ValueError:
        return False
    return loopback and not any(name.lower() in FORWARDED for name, _ in headers)


def outward_address() -> str | None:
    """The address this laptop has towards the room's network: the one a UDP socket would send
    from (connecting one sends nothing), else one its own name resolves to; None with loopback
    only."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never used on a real network
            candidates = [probe.getsockname()[0]]
        except OSError:
            candidates = []
    with contextlib.suppress(OSError):
        candidates += socket.gethostbyname_ex(socket.gethostname())[2]
    return next((a for a in candidates if not ipaddress.ip_address(a).is_loopback), None)


def facilitator_mark(secret: str) -> str:
    """The facilitator's cookie: derived from the room's secret, which itself never leaves the
    server after its link is used."""
    return hmac.new(secret.encode("utf-8"), b"cxworkbook facilitator", "sha256").hexdigest()


def holds_mark(secret: str, cookie: str | None) -> bool:
    return (
        bool(secret)
        and cookie is not None
        and hmac.compare_digest(facilitator_mark(secret), cookie)
    )


class Tries:
    """Tries counted per address (wrong codes and links; joins): the first few are free, then
    each waits twice as long as the one before (up to `longest` seconds), so guessing a code, or
    filling a room from one device, takes longer than any workshop. Thread-safe; keeps the
    `remembered` most recent addresses."""

    def __init__(self, free: int = 5, longest: float = 300, remembered: int = 10_000) -> None:
        self.free, self.longest, self.remembered = free, longest, remembered
        self._failed: OrderedDict[str, tuple[int, float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait(self, address: str, now: float | None = None) -> float:
        """How many seconds `address` must wait before its next try (0: it may try now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            count, last = self._failed.get(address, (0, now))
        if count < self.free:
            return 0.0
        delay = min(self.longest, 2.0 ** (count - self.free + 1))
        return max(0.0, last + delay - now)

    def add(self, address: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            count, _ = self._failed.pop(address, (0, now))
            self._failed[address] = (count + 1, now)
            while len(self._failed) > self.remembered:
                self._failed.popitem(last=False)

    def clear(self, address: str) -> None:
        with self._lock:
            self._failed.pop(address, None)


RECENT = 50  # a room is opened in one of the workbooks saved last: opening it saves it


def room_with_code(store: WorkbookStore, code: str, first: str | None = None) -> Workbook | None:
    """The workbook whose open room has the join code `code`: `first` (the one found last) if it
    still has it, else one of the `RECENT` workbooks saved last."""
    candidates = [first] if first else []
    candidates += [info.id for info in store.list()[:RECENT] if info.problem is None]
    for workbook_id in dict.fromkeys(candidates):
        try:
            workbook = store.read(workbook_id)
        except (StoreError, FileProblems):
            continue
        if opens_with(workbook, code):
            return workbook
    return None


def on_the_laptop(assessment: Assessment, current: str | None) -> list[Participant]:
    """Whom the laptop's list offers. After the reveal, everyone. Before it, only those nobody
    has answered for yet and `current`, whom this screen answers as (or the only participant):
    the next person starts clean, and a phone's answers stay its own."""
    people = assessment.participants
    if assessment.revealed:
        return list(people)
    alone = len(people) == 1
    return [p for p in people if not p.key and (alone or p.id == current or not p.answers)]


def numbered_name(workbook: Workbook) -> str:
    """How an anonymous round names its participants ("Participant {number}", in the workbook's
    language); "" in a round with names."""
    language = workbook.meta.language
    return translate(language, "room.numbered") if workbook.current_round.anonymous else ""
