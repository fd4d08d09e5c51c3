"""AppTest of the room: the facilitator opens it, a phone joins with the code and answers, comes
back through its own link, and is locked out when the room closes; an anonymous round asks no
name; wrong codes are slowed down; on the laptop the next person starts clean."""

from __future__ import annotations

import pytest

from cxworkbook import ops
from cxworkbook.edits import path_key
from cxworkbook.errors import StoreError
from cxworkbook.ops import answer_path
from cxworkbook.room import ROOM_SIZE, link_key, new_code
from cxworkbook.store import FileStore
from cxworkbook.ui.room import CODE_TRIES, JOINS
from tests import edits
from tests.app.conftest import ASSESSMENT, assert_no_exception, texts
from tests.conftest import create

QUESTION = "strategy.definition"


@pytest.fixture
def fresh(disk, packs):
    """A new English workbook with a round nobody has joined yet."""
    created = create(disk, "Testi Oy", "Työpaja", "en", packs.latest("cx-maturity").ref)
    return created.id, created.current_round.id


def opened(disk, wb_id: str, round_id: str, *, anonymous: bool = False) -> str:
    code = new_code()
    disk.update(wb_id, ops.open_room(round_id, code, anonymous=anonymous))
    return code


def phone(run_app, **query: str):
    """A phone's first visit, by the QR code's address or its own link."""
    return run_app(None, lang="en", **query)


def join(at, name: str = "", role: str = ""):
    if name:
        at.text_input(key="room_name").input(name)
    at.text_input(key="room_role").input(role)
    at.button(key="FormSubmitter:room_join_form-Join and start answering").click().run()
    assert_no_exception(at)
    return at


def param(at, name: str) -> str:
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


def answers_shown(at) -> list:
    """The answer widgets on the page (the language's buttons are not one)."""
    return [w for w in at.button_group if w.key != "lang"]


def answer_key(round_id: str, person: str, field: str, question: str = QUESTION) -> str:
    return path_key((*answer_path(round_id, person, question), field))


@pytest.fixture(autouse=True)
def _no_wrong_tries_left_over():
    yield
    CODE_TRIES._failed.clear()
    JOINS._failed.clear()


def test_the_facilitator_opens_the_room_and_sees_phones_join(run_app, disk, fresh, data_dir):
    wb_id, round_id = fresh
    at = run_app(ASSESSMENT, lang="en", wb=wb_id, view="room")
    assert "Phones cannot reach this laptop yet" in texts(at)
    at.button(key="FormSubmitter:open_room_form-Open the room").click().run()
    assert_no_exception(at)
    room = disk.read(wb_id).current_round.room
    assert room is not None and room.open and not room.anonymous
    assert f"{room.code[:4]}-{room.code[4:]}" in texts(at)
    disk.update(wb_id, ops.join_room(round_id, room.code, link_key("s1"), "Maija", "CX"))
    disk.update(wb_id, edits.answer(round_id, "maija", QUESTION, "current", 3))
    at.run()
    assert "- :material/smartphone: Maija \\(CX\\) · 1/44" in [m.value for m in at.markdown]
    at.button(key="close_room").click().run()
    assert not disk.read(wb_id).current_round.room.open


def test_a_phone_joins_answers_and_comes_back_through_its_own_link(run_app, disk, fresh):
    wb_id, round_id = fresh
    code = opened(disk, wb_id, round_id)
    at = join(phone(run_app, code=code), "Maija Mobiili", "Frontline")
    joined = disk.read(wb_id).current_round.participants
    assert [(p.name, p.role) for p in joined] == [("Maija Mobiili", "Frontline")]
    me = param(at, "me")
    assert joined[0].key == link_key(me) and me not in (disk.path(wb_id).read_text())
    assert "code" not in at.query_params and param(at, "room") == wb_id
    assert "0/44 answered" in texts(at)
    at.button_group(key=answer_key(round_id, "maija-mobiili", "current")).set_value(4).run()
    answer = disk.read(wb_id).current_round.participant("maija-mobiili").answers[QUESTION]
    assert answer.current == 4
    # the phone slept and reloads: the same participant, with what was tapped
    again = phone(run_app, room=wb_id, me=me)
    assert_no_exception(again)
    assert again.button_group(key=answer_key(round_id, "maija-mobiili", "current")).value == 4
    assert "1/44 answered" in texts(again) and "Maija Mobiili" in texts(again)
    again.button(key="room_forward").click().run()
    assert "2/12 · Value & impact" in texts(again)


def test_a_phone_sees_only_its_own_answers_and_no_page_of_the_facilitator(run_app, disk, fresh):
    wb_id, round_id = fresh
    code = opened(disk, wb_id, round_id)
    disk.update(wb_id, ops.join_room(round_id, code, link_key("theirs"), "Boss", "CEO"))
    disk.update(wb_id, edits.answer(round_id, "boss", QUESTION, "note", "Secret plan"))
    at = join(phone(run_app, code=code), "Maija")
    shown = texts(at)
    assert "Boss" not in shown and "Secret plan" not in shown
    assert not at.get("selectbox") and not at.sidebar.get("selectbox")
    assert all("boss" not in w.key for w in answers_shown(at))
    assert not [w for w in at.text_input if w.value == "Secret plan"]


def test_a_wrong_code_is_refused_and_many_are_slowed_down(run_app, disk, fresh):
    wb_id, round_id = fresh
    opened(disk, wb_id, round_id)
    at = phone(run_app, code="")
    assert "Type the join code shown on the screen" in texts(at)
    for _ in range(5):
        at.text_input(key="room_code").input("ABCD-2345")
        at.button(key="FormSubmitter:room_code_form-Continue").click().run()
        assert "That code opens no room" in texts(at)
    at.text_input(key="room_code").input("ABCD-2345")
    at.button(key="FormSubmitter:room_code_form-Continue").click().run()
    assert "Too many wrong codes from this device" in texts(at)
    assert not disk.read(wb_id).current_round.participants


def test_a_typed_code_in_lowercase_with_a_space_opens_the_room(run_app, disk, fresh):
    wb_id, round_id = fresh
    code = opened(disk, wb_id, round_id)
    at = phone(run_app, code="")
    at.text_input(key="room_code").input(f" {code[:4].lower()} {code[4:]}")
    at.button(key="FormSubmitter:room_code_form-Continue").click().run()
    assert at.text_input(key="room_name") is not None
    join(at, "Ville")
    assert [p.name for p in disk.read(wb_id).current_round.participants] == ["Ville"]


def test_one_device_cannot_fill_the_room(run_app, disk, fresh):
    wb_id, round_id = fresh
    code = opened(disk, wb_id, round_id)
    for _ in range(JOINS.free):
        JOINS.add("this laptop")  # the address AppTest's sessions are counted under
    at = join(phone(run_app, code=code), "Yet another")
    assert "Many people have joined from this device already" in texts(at)
    assert not disk.read(wb_id).current_round.participants


def test_closing_the_room_locks_the_phones_out(run_app, disk, fresh):
    wb_id, round_id = fresh
    code = opened(disk, wb_id, round_id)
    at = join(phone(run_app, code=code), "Maija")
    me = param(at, "me")
    disk.update(wb_id, ops.close_room(round_id))
    at.run()
    assert "The room is closed" in texts(at)
    assert not answers_shown(at)
    again = phone(run_app, room=wb_id, me=me)
    assert "The room is closed" in texts(again) and not answers_shown(again)
    late = phone(run_app, code=code)
    assert "Type the join code shown on the screen" in texts(late)


def test_a_link_of_another_room_is_refused(run_app, disk, fresh):
    wb_id, round_id = fresh
    opened(disk, wb_id, round_id)
    at = phone(run_app, room=wb_id, me="made-up")
    assert "This link is not for this room" in texts(at)
    assert not answers_shown(at)


def test_a_phone_joins_as_a_name_the_facilitator_prepared(run_app, disk, fresh):
    wb_id, round_id = fresh
    disk.update(wb_id, ops.add_participant(round_id, "Anna", "CDO"))
    code = opened(disk, wb_id, round_id)
    at = phone(run_app, code=code)
    at.selectbox(key="room_listed").set_value("anna")
    join(at)
    anna = disk.read(wb_id).current_round.participant("anna")
    assert anna.key == link_key(param(at, "me"))
    # taken: a second phone is not offered her
    other = phone(run_app, code=code)
    assert not [w for w in other.selectbox if w.key == "room_listed"]
    assert other.text_input(key="room_name") is not None


def test_an_anonymous_round_asks_no_name_and_hides_a_role_nobody_shares(
    run_app, disk, fresh, data_dir
):
    wb_id, round_id = fresh
    code = opened(disk, wb_id, round_id, anonymous=True)
    first = phone(run_app, code=code)
    assert "your name is not asked" in texts(first)
    assert not [w for w in first.text_input if w.key == "room_name"]
    join(first, role="CEO")
    join(phone(run_app, code=code), role="Frontline")
    join(phone(run_app, code=code), role="Frontline")
    people = disk.read(wb_id).current_round.participants
    assert [p.name for p in people] == ["Participant 1", "Participant 2", "Participant 3"]
    at = run_app(ASSESSMENT, lang="en", wb=wb_id, view="room")
    shown = texts(at)
    assert "Participant 1 · 0/44" in shown and "Participant 2 (Frontline) · 0/44" in shown
    assert "Participant 3 (Frontline) · 0/44" in shown and "CEO" not in shown


def test_a_full_room_says_so(run_app, disk, fresh):
    wb_id, round_id = fresh
    code = opened(disk, wb_id, round_id)
    disk.update(
        wb_id,
        edits.chain(*(ops.add_participant(round_id, f"P{n}") for n in range(ROOM_SIZE))),
    )
    at = join(phone(run_app, code=code), "One too many")
    assert "The room is full" in texts(at)
    assert len(disk.read(wb_id).current_round.participants) == ROOM_SIZE


def test_after_the_reveal_phones_show_the_team_result_unless_turned_off(run_app, disk, fresh):
    wb_id, round_id = fresh
    code = opened(disk, wb_id, round_id)
    at = join(phone(run_app, code=code), "Maija")
    at.button_group(key=answer_key(round_id, "maija", "current")).set_value(2).run()
    disk.update(wb_id, ops.reveal(round_id, True))
    at.run()
    assert "The team's result" in texts(at)
    disk.update(wb_id, edits.set_field((*ops.round_path(round_id), "room", "results"), False))
    at.run()
    assert "The team's result" not in texts(at) and "have been revealed" in texts(at)


def test_on_the_laptop_the_next_person_starts_clean(run_app, disk, fresh):
    wb_id, round_id = fresh
    at = run_app(ASSESSMENT, lang="en", wb=wb_id)
    at.text_input(key="new_participant_name").input("Anna")
    at.button(key="FormSubmitter:add_participant_form-Add participant").click().run()
    at.text_input(key=answer_key(round_id, "anna", "note")).input("Only mine").run()
    at.button(key="hand_over").click().run()
    assert_no_exception(at)
    assert at.selectbox(key="participant").value is None
    assert "Only mine" not in [w.value for w in at.text_input]
    assert "Pick your name from the list" in texts(at)
    at.text_input(key="new_participant_name").input("Pekka")
    at.button(key="FormSubmitter:add_participant_form-Add participant").click().run()
    assert at.selectbox(key="participant").options == ["Pekka"]
    # once revealed, the facilitator reaches everyone's answers again
    disk.update(wb_id, ops.reveal(round_id, True))
    at.run()
    assert at.selectbox(key="participant").options == ["Anna", "Pekka"]


def test_a_phone_waits_while_the_workbooks_cannot_be_reached(run_app, disk, fresh, monkeypatch):
    wb_id, round_id = fresh
    code = opened(disk, wb_id, round_id)
    at = join(phone(run_app, code=code), "Maija")

    def unreachable(self, workbook_id):
        raise StoreError("connection refused", "unavailable")

    with monkeypatch.context() as away:
        away.setattr(FileStore, "read", unreachable)
        at.run()
        assert "cannot be reached just now" in texts(at) and "The room is closed" not in texts(at)
    at.run()
    assert "0/44 answered" in texts(at)


def test_the_join_page_waits_while_the_workbooks_cannot_be_reached(
    run_app, disk, fresh, monkeypatch
):
    wb_id, round_id = fresh
    code = opened(disk, wb_id, round_id)
    at = phone(run_app, code=code)

    def unreachable(self, workbook_id):
        raise StoreError("connection refused", "unavailable")

    with monkeypatch.context() as away:
        away.setattr(FileStore, "read", unreachable)
        at.run()
        assert_no_exception(at)
        assert "cannot be reached just now" in texts(at)
    at.run()
    assert at.text_input(key="room_name") is not None
