"""The room's rules: join codes and links, who counts as the laptop, wrong tries slowed down, who
may join and as whom, anonymous rounds, and whom the laptop offers before the reveal."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxworkbook import ops
from cxworkbook.errors import InvalidEdit
from cxworkbook.model import Answer, Assessment, Participant
from cxworkbook.report.build import build_document
from cxworkbook.room import (
    CODE_ALPHABET,
    CODE_LENGTH,
    ROOM_SIZE,
    Tries,
    facilitator_mark,
    followed,
    holds_mark,
    is_local,
    link_key,
    new_code,
    new_link_secret,
    on_the_laptop,
    opens_with,
    participant_with_link,
    prepared,
    room_with_code,
    shown_code,
    typed_code,
)
from tests import edits
from tests.conftest import create

QUESTION = "strategy.definition"


@pytest.fixture
def workbook(store, packs):
    created = create(store, "Testi Oy", "Työpaja", "en", packs.latest("cx-maturity").ref)
    return store, created.id, created.current_round.id


def test_codes_are_long_unambiguous_and_typed_back_as_shown():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("01OIL")
        assert typed_code(shown_code(code).lower().replace("-", " - ")) == code
    assert len(CODE_ALPHABET) ** CODE_LENGTH > 10**11


def test_a_link_is_kept_only_as_its_hash():
    secret = new_link_secret()
    assert len(secret) >= 32 and link_key(secret) != secret
    assert len(link_key(secret)) == 64 and link_key(secret) == link_key(secret)


@pytest.mark.parametrize(
    ("peer", "headers", "local"),
    [
        ("127.0.0.1", [], True),
        ("::1", [], True),
        ("127.0.0.1", [("X-Forwarded-For", "192.0.2.7")], False),  # behind a proxy
        ("127.0.0.1", [("forwarded", "for=192.0.2.7")], False),
        ("192.0.2.7", [], False),
        (None, [], False),
        ("not an address", [], False),
    ],
)
def test_only_an_unforwarded_loopback_connection_is_the_laptop(peer, headers, local):
    assert is_local(peer, headers) is local


def test_the_facilitator_cookie_is_derived_and_checked_in_full():
    mark = facilitator_mark("the secret")
    assert "the secret" not in mark
    assert holds_mark("the secret", mark)
    assert not holds_mark("the secret", mark[:-1] + ("1" if mark[-1] == "0" else "0"))
    assert not holds_mark("the secret", None) and not holds_mark("", facilitator_mark(""))


def test_wrong_tries_are_free_at_first_then_wait_longer_and_longer():
    tries = Tries(free=3, longest=60)
    for _ in range(3):
        assert tries.wait("phone", now=100) == 0
        tries.add("phone", now=100)
    waits = []
    for _ in range(8):
        waits.append(tries.wait("phone", now=100))
        tries.add("phone", now=100)
    assert waits == [2, 4, 8, 16, 32, 60, 60, 60]
    assert tries.wait("phone", now=161) == 0  # the wait is over, not the count
    assert tries.wait("another phone", now=100) == 0
    tries.clear("phone")
    assert tries.wait("phone", now=100) == 0


def test_wrong_tries_remember_a_bounded_number_of_addresses():
    tries = Tries(free=1, remembered=10)
    for n in range(100):
        tries.add(f"10.0.0.{n}", now=0)
    assert len(tries._failed) == 10
    assert tries.wait("10.0.0.99", now=0) > 0 and tries.wait("10.0.0.0", now=0) == 0


def test_a_phone_joins_only_an_open_room_with_its_code(workbook):
    store, wb_id, round_id = workbook
    with pytest.raises(InvalidEdit, match="closed"):
        store.update(wb_id, ops.join_room(round_id, "ABCDEFGH", link_key("s"), "Anna"))
    code = new_code()
    store.update(wb_id, ops.open_room(round_id, code, anonymous=False))
    with pytest.raises(InvalidEdit, match="closed"):
        store.update(wb_id, ops.join_room(round_id, new_code(), link_key("s"), "Anna"))
    joined = store.update(wb_id, ops.join_room(round_id, code, link_key("s"), "Anna", " CDO "))
    assert opens_with(joined, code) and not opens_with(joined, code.lower())
    anna = joined.current_round.participants[0]
    assert (anna.name, anna.role, anna.key) == ("Anna", "CDO", link_key("s"))
    assert participant_with_link(joined.current_round, "s") == anna
    assert participant_with_link(joined.current_round, "t") is None
    closed = store.update(wb_id, ops.close_room(round_id))
    assert participant_with_link(closed.current_round, "s") is None
    assert not opens_with(closed, code)
    with pytest.raises(InvalidEdit, match="closed"):
        store.update(wb_id, ops.join_room(round_id, code, link_key("u"), "Ville"))


def test_the_room_holds_a_bounded_number_of_people(workbook):
    store, wb_id, round_id = workbook
    code = new_code()
    store.update(wb_id, ops.open_room(round_id, code, anonymous=False))
    joins = [ops.join_room(round_id, code, link_key(str(n)), f"P{n}") for n in range(ROOM_SIZE)]
    store.update(wb_id, edits.chain(*joins))
    with pytest.raises(InvalidEdit) as refused:
        store.update(wb_id, ops.join_room(round_id, code, link_key("x"), "One more"))
    assert refused.value.code == "room_full"
    # the facilitator may still add someone by hand on the laptop
    store.update(wb_id, ops.add_participant(round_id, "On the laptop"))


def test_a_prepared_name_is_taken_once_and_never_one_with_answers(workbook):
    store, wb_id, round_id = workbook
    store.update(wb_id, ops.add_participant(round_id, "Anna"))
    store.update(wb_id, ops.add_participant(round_id, "Pekka"))
    store.update(wb_id, edits.answer(round_id, "pekka", QUESTION, "current", 3))
    code = new_code()
    opened = store.update(wb_id, ops.open_room(round_id, code, anonymous=False))
    assert [p.id for p in prepared(opened.current_round)] == ["anna"]
    claimed = store.update(wb_id, ops.claim_participant(round_id, code, "anna", link_key("a")))
    assert prepared(claimed.current_round) == []
    for person in ("anna", "pekka"):
        with pytest.raises(InvalidEdit) as refused:
            store.update(wb_id, ops.claim_participant(round_id, code, person, link_key("b")))
        assert refused.value.code == "taken"


def test_an_anonymous_round_numbers_everyone_and_stays_anonymous(workbook):
    store, wb_id, round_id = workbook
    code = new_code()
    store.update(wb_id, ops.open_room(round_id, code, anonymous=True))
    numbered = "Participant {number}"
    store.update(
        wb_id, ops.join_room(round_id, code, link_key("a"), "Boss", "CEO", numbered=numbered)
    )
    store.update(wb_id, ops.add_participant(round_id, "Typed", "CX", numbered=numbered))
    store.update(wb_id, ops.join_room(round_id, code, link_key("c"), "", "CX", numbered=numbered))
    store.update(wb_id, ops.close_room(round_id))
    reopened = store.update(wb_id, ops.open_room(round_id, new_code(), anonymous=False))
    assessment = reopened.current_round
    assert assessment.anonymous
    assert [p.name for p in assessment.participants] == [
        "Participant 1",
        "Participant 2",
        "Participant 3",
    ]
    assert [assessment.label(p) for p in assessment.participants] == [
        "Participant 1",
        "Participant 2 (CX)",
        "Participant 3 (CX)",
    ]


def test_a_round_with_names_cannot_become_anonymous(workbook):
    store, wb_id, round_id = workbook
    store.update(wb_id, ops.add_participant(round_id, "Anna"))
    with pytest.raises(InvalidEdit) as refused:
        store.update(wb_id, ops.open_room(round_id, new_code(), anonymous=True))
    assert refused.value.code == "named_already"


def test_an_anonymous_document_names_nobody_and_no_role_of_one(workbook, packs):
    store, wb_id, round_id = workbook
    code = new_code()
    store.update(wb_id, ops.open_room(round_id, code, anonymous=True))
    for n, role in enumerate(("Chief executive", "Frontline", "Frontline")):
        store.update(
            wb_id,
            ops.join_room(
                round_id, code, link_key(str(n)), "", role, numbered="Participant {number}"
            ),
        )
        store.update(
            wb_id, edits.answer(round_id, f"participant-{n + 1}", QUESTION, "current", n + 2)
        )
    revealed = store.update(wb_id, ops.reveal(round_id, True))
    document = build_document(revealed, packs, appendix=True)
    text = repr(document)
    assert "Chief executive" not in text
    assert "Participant 2 (Frontline)" in text


def test_the_room_is_found_by_its_code_among_recent_workbooks(workbook):
    store, wb_id, round_id = workbook
    code = new_code()
    assert room_with_code(store, code) is None
    store.update(wb_id, ops.open_room(round_id, code, anonymous=False))
    assert room_with_code(store, code).id == wb_id
    assert room_with_code(store, code, first="kaarnakoski-energia").id == wb_id
    assert room_with_code(store, new_code()) is None


def _person(pid: str, *, key: str = "", answered: bool = False) -> Participant:
    answers = {QUESTION: Answer(current=3)} if answered else {}
    return Participant(id=pid, name=pid.title(), key=key, answers=answers)


def test_before_the_reveal_the_laptop_offers_only_a_clean_start(packs):
    ref = packs.latest("cx-maturity").ref
    people = [
        _person("anna", answered=True),
        _person("pekka"),
        _person("phone", key=link_key("p")),
        _person("ville", answered=True),
    ]
    hidden = Assessment(id="r", date=dt.date(2026, 12, 3), questionnaire=ref, participants=people)
    assert [p.id for p in on_the_laptop(hidden, None)] == ["pekka"]
    assert [p.id for p in on_the_laptop(hidden, "anna")] == ["anna", "pekka"]
    assert [p.id for p in on_the_laptop(hidden, "phone")] == ["pekka"]
    shown = hidden.model_copy(update={"revealed": True})
    assert len(on_the_laptop(shown, None)) == 4
    alone = hidden.model_copy(update={"participants": people[:1]})
    assert [p.id for p in on_the_laptop(alone, None)] == ["anna"]


@given(st.text(max_size=30))
def test_any_typed_text_becomes_a_code_of_allowed_characters_or_nothing(text):
    assert set(typed_code(text)) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def test_a_phone_follows_the_room_opening_closing_and_the_reveal(workbook):
    store, wb_id, round_id = workbook
    assert followed(None) == (False, False, False)
    assert followed(store.read(wb_id)) == (False, False, False)
    opened = store.update(wb_id, ops.open_room(round_id, new_code(), anonymous=False))
    assert followed(opened) == (True, False, True)
    revealed = store.update(wb_id, ops.reveal(round_id, True))
    assert followed(revealed) == (True, True, True)
    assert followed(store.update(wb_id, ops.close_room(round_id))) == (False, True, True)
