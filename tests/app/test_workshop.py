"""AppTest of the facilitator's flow on one laptop: two participants answer, the answers stay
hidden until revealed, the most contested question is discussed and its agreed value drives the
results; "don't know"; a new round and its comparison with the first."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cxworkbook import ops
from cxworkbook.edits import path_key
from cxworkbook.ops import answer_path
from cxworkbook.yamlio import parse_untrusted
from tests import edits
from tests.app.conftest import ASSESSMENT, assert_no_exception, texts
from tests.conftest import EXAMPLE_ID, create

QUESTION = "strategy.definition"


def on_disk(data_dir, workbook_id: str) -> dict:
    return parse_untrusted((data_dir / f"{workbook_id}.yaml").read_bytes(), "f.yaml")


def key(round_id: str, participant: str, field: str, question: str = QUESTION) -> str:
    return path_key((*answer_path(round_id, participant, question), field))


def add_participant(at, name: str, role: str) -> None:
    at.text_input(key="new_participant_name").input(name)
    at.text_input(key="new_participant_role").input(role)
    at.button(key="FormSubmitter:add_participant_form-Add participant").click().run()


@pytest.fixture
def workshop(run_app, disk, packs, data_dir):
    """A fresh workbook where Anna (executive) and Pekka (frontline) answered one question."""
    created = create(disk, "Testi Oy", "Työpaja", "en", packs.latest("cx-maturity").ref)
    at = run_app(ASSESSMENT, lang="en", wb=created.id)
    add_participant(at, "Anna", "Executive")
    add_participant(at, "Pekka", "Frontline")
    round_id = created.current_round.id
    at.selectbox(key="participant").set_value("anna").run()
    at.button_group(key=key(round_id, "anna", "current")).set_value(5).run()
    at.button_group(key=key(round_id, "anna", "target", "strategy")).set_value(5).run()
    at.selectbox(key="participant").set_value("pekka").run()
    at.button_group(key=key(round_id, "pekka", "current")).set_value(1).run()
    at.button_group(key=key(round_id, "pekka", "target", "strategy")).set_value(4).run()
    assert_no_exception(at)
    return at, created.id, round_id


def test_results_stay_hidden_until_the_facilitator_reveals_them(workshop, data_dir):
    at, wb_id, _ = workshop
    at.button_group(key="view").set_value("results").run()
    assert "The answers are hidden." in texts(at)
    assert "Anna: 1/44" in texts(at) and "Pekka: 1/44" in texts(at)
    assert not at.get("vega_lite_chart")
    at.button(key="reveal_answers").click().run()
    assert on_disk(data_dir, wb_id)["assessments"][0]["revealed"] is True
    assert at.get("vega_lite_chart")
    at.button(key="hide_answers").click().run()
    assert "revealed" not in on_disk(data_dir, wb_id)["assessments"][0]
    assert "The answers are hidden." in texts(at)


def test_the_agreed_value_of_a_discussed_question_drives_the_results(workshop, data_dir):
    at, wb_id, round_id = workshop
    at.button_group(key="view").set_value("discuss").run()
    assert "The answers are hidden." in texts(at)
    at.button(key="reveal_answers").click().run()
    assert "One question where the participants disagree" in texts(at)
    assert "Today: median 3.0, lowest 1.0, highest 5.0" in texts(at)
    # Each chart's title and what its marks stand for are text above it, which wraps on a narrow
    # screen; the legend shows only dot sizes that occur (two people who disagree: one each).
    for line in (
        "**Where we disagree, dimension by dimension (each participant's own mean today)**",
        "A dot for each participant, larger where several are at the same point; the upright line "
        "is the team's median.",
        "**Where we disagree (today)**",
        "A dot for each value given, larger where several gave the same; the upright line is the "
        "median.",
    ):
        assert line in texts(at)
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert [s["layer"][0]["encoding"]["size"]["legend"]["values"] for s in specs] == [[1], [1]]
    by_dimension, by_question = (d.value.values.tolist() for d in at.dataframe)
    assert by_dimension[0] == ["Strategy & goals", 3.0, 1.0, 5.0, 4.0]
    assert by_question == [
        [
            "Strategy & goals 1: We have a written description of what a good customer "
            "experience mean…",
            3.0,
            1.0,
            5.0,
            4.0,
        ]
    ]
    agreed = f"assessments/{round_id}/agreed/{QUESTION}"
    at.button_group(key=f"{agreed}/current").set_value(2).run()
    at.text_area(key=f"{agreed}/rationale").input("Nothing is written down yet.").run()
    assert_no_exception(at)
    saved = on_disk(data_dir, wb_id)["assessments"][0]["agreed"]
    assert saved == {QUESTION: {"current": 2, "rationale": "Nothing is written down yet."}}
    # individual answers are kept beside the agreed value
    people = on_disk(data_dir, wb_id)["assessments"][0]["participants"]
    assert [p["answers"][QUESTION]["current"] for p in people] == [5, 1]

    at.button_group(key="view").set_value("results").run()
    assert at.metric[0].value == "2.0"  # the agreed value, not the median 3.0
    assert "Questions whose agreed values stand in for the median: 1." in texts(at)


def test_the_discussion_shows_each_question_whole_with_the_participants_notes(workshop, disk):
    """The reasons behind the spread, beside the values they explain, lowest first as the chart
    reads, as typed and never as markup; the question the room discusses is not cut to a chart
    axis's length."""
    at, wb_id, round_id = workshop
    at.text_input(key=key(round_id, "pekka", "note")).input("*Nobody* [wrote](x) it down.").run()
    disk.update(wb_id, edits.answer(round_id, "anna", QUESTION, "note", "It is in the strategy."))
    disk.update(wb_id, ops.add_participant(round_id, "Ville", ""))
    for field, value in (("na", True), ("note", "Not for a utility.")):
        disk.update(wb_id, edits.answer(round_id, "ville", QUESTION, field, value))
    at.button_group(key="view").set_value("discuss").run()
    at.button(key="reveal_answers").click().run()
    assert_no_exception(at)
    assert (
        "**1. Strategy & goals 1: We have a written description of what a good customer "
        "experience means in our own services.**"
    ) in texts(at)
    notes = [m.value for m in at.markdown if m.value.startswith("**The participants' notes**")]
    assert notes == [
        "**The participants' notes**\n"
        "- **Pekka** · 1 · \\*Nobody\\* \\[wrote\\]\\(x\\) it down\\.\n"
        "- **Anna** · 5 · It is in the strategy\\.\n"
        "- **Ville** · N/A · Not for a utility\\."
    ]


def test_role_profiles_are_laid_over_each_other_whatever_the_roles_are_called(workshop):
    at, _, round_id = workshop
    add_participant(at, "Ville", "dimension")  # a role is whatever was typed
    at.selectbox(key="participant").set_value("ville").run()
    at.button_group(key=key(round_id, "ville", "current")).set_value(3).run()
    at.button_group(key="view").set_value("results").run()
    at.button(key="reveal_answers").click().run()
    assert_no_exception(at)
    assert "The same profile by role" in texts(at)
    shown = []
    for table in at.dataframe:
        labels = {
            name: column.get("label") for name, column in json.loads(table.proto.columns).items()
        }
        shown.append({labels.get(name, name): list(table.value[name]) for name in table.value})
    assert {
        "Dimension": ["Strategy & goals"],
        "Executive": [5.0],
        "Frontline": [1.0],
        "dimension": [3.0],
    } in shown


def test_dont_know_is_saved_and_left_out(workshop, data_dir):
    at, wb_id, round_id = workshop
    at.checkbox(key=key(round_id, "pekka", "dont_know")).check().run()
    pekka = on_disk(data_dir, wb_id)["assessments"][0]["participants"][1]
    assert pekka["answers"][QUESTION] == {"current": 1, "dont_know": True}
    assert at.button_group(key=key(round_id, "pekka", "current")).disabled
    at.button_group(key="view").set_value("results").run()
    at.button(key="reveal_answers").click().run()
    assert "Answers marked don't know, left out of the scores: 1." in texts(at)


def test_a_new_round_is_compared_with_the_first(workshop, disk, data_dir):
    at, wb_id, round_id = workshop
    at.button_group(key="view").set_value("rounds").run()
    assert "Start a second round to see what changed." in texts(at)
    assert "is the latest of" not in texts(at)
    at.button(key="FormSubmitter:new_round_form-Start the round").click().run()
    assert_no_exception(at)
    rounds = on_disk(data_dir, wb_id)["assessments"]
    assert len(rounds) == 2
    assert [p["id"] for p in rounds[1]["participants"]] == ["anna", "pekka"]
    assert all("answers" not in p for p in rounds[1]["participants"])
    assert at.session_state["view"] == "answer"
    new_round = rounds[1]["id"]
    at.button_group(key="view").set_value("rounds").run()
    assert f"The answers of round {round_id} have not been revealed" in texts(at)
    at.button(key="reveal_earlier").click().run()
    assert f"Nobody has answered round {new_round} yet." in texts(at)
    assert f"Round {new_round} (" in texts(at) and "is the latest of 2" in texts(at)
    # a note is already something a participant typed: hidden from the room as answers are
    disk.update(wb_id, edits.answer(new_round, "anna", QUESTION, "note", "Ei vielä"))
    at.run()
    assert "The answers are hidden." in texts(at) and "Since round" not in texts(at)
    at.button_group(key="view").set_value("answer").run()
    # Anna has begun (her note), so before the reveal the laptop offers only Pekka
    assert at.selectbox(key="participant").options == ["Pekka (Frontline)"]
    disk.update(wb_id, edits.answer(new_round, "anna", QUESTION, "current", 4))
    at.selectbox(key="participant").set_value("pekka").run()
    at.button_group(key=key(new_round, "pekka", "current")).set_value(4).run()
    at.button_group(key="view").set_value("rounds").run()
    assert "Since round" not in texts(at)  # hidden until revealed, as in every other view
    at.button(key="reveal_answers").click().run()
    assert f"Since round {round_id}" in texts(at)
    listed = next(d.value for d in at.dataframe if "participants" in d.value.columns)
    assert list(listed["round"]) == [round_id, new_round]
    assert list(listed["participants"]) == [2, 2]
    table = next(d.value for d in at.dataframe if "shared" in d.value.columns)
    table = table.set_index("dimension")
    assert table.loc["Strategy & goals", "current"] == 3.0
    assert table.loc["Strategy & goals", "target"] == 4.0
    assert table.loc["Strategy & goals", "gap"] == 1.0
    assert "Improved" in texts(at)


def test_the_discussion_shows_the_ten_most_contested_questions_and_all_on_request(
    workshop, disk, packs
):
    at, wb_id, round_id = workshop
    AGREED = f"assessments/{round_id}/agreed"
    pack = packs.latest("cx-maturity")
    for question in [q.id for d in pack.dimensions for q in d.questions][1:12]:
        for participant, value in (("anna", 4), ("pekka", 2)):
            disk.update(wb_id, edits.answer(round_id, participant, question, "current", value))
    at.button_group(key="view").set_value("discuss").run()
    at.button(key="reveal_answers").click().run()

    def cards() -> list[str]:
        return [b.key for b in at.button_group if b.key.startswith(f"{AGREED}/")]

    assert "12 questions where the participants disagree" in texts(at)
    assert len(cards()) == 10  # today for each card: the target level is the dimension's
    assert cards()[:1] == [f"{AGREED}/strategy.definition/current"]
    at.toggle(key="queue_all").set_value(True).run()
    assert len(cards()) == 12
    assert len(at.dataframe[1].value) == 12
    at.toggle(key="queue_all").set_value(False).run()
    assert len(cards()) == 10
    assert len(at.dataframe[1].value) == 10


@pytest.mark.parametrize(
    ("lang", "field", "column", "written"),
    [
        ("fi", "DD.MM.YYYY", "D.M.YYYY", "{0.day}.{0.month}.{0.year}"),
        ("en", "YYYY-MM-DD", "YYYY-MM-DD", "{0:%Y-%m-%d}"),
    ],
)
def test_round_dates_are_written_the_way_the_language_writes_them(
    run_app, disk, lang, field, column, written
):
    """Finnish as 14.10.2026 and 1.9.2027; a date field takes only two-digit days and months."""
    first = disk.read(EXAMPLE_ID).current_round
    disk.update(EXAMPLE_ID, ops.start_round(dt.date(2027, 9, 1), first.questionnaire))
    at = run_app(ASSESSMENT, lang=lang, wb=EXAMPLE_ID, view="rounds")
    assert_no_exception(at)
    assert at.date_input(key="new_round_date").proto.format == field
    listed = next(d for d in at.dataframe if "participants" in d.value.columns)
    assert json.loads(listed.proto.columns)["date"]["type_config"]["format"] == column
    assert at.selectbox(key="compare_with").options == [
        f"{first.id} ({written.format(first.date)})"
    ]
