"""Workshop mode: "don't know" answers, agreed values ahead of the median, the discussion queue,
role profiles, new rounds, and comparing rounds made with different pack versions."""

from __future__ import annotations

import datetime as dt

import pytest
from altair.vegalite.v6.schema.core import Root
from hypothesis import given, settings
from hypothesis import strategies as st

from cxworkbook import charts, ops
from cxworkbook.charts import RoleLabels
from cxworkbook.i18n import translate
from cxworkbook.model import Agreed, Answer, Assessment, PackRef, Participant
from cxworkbook.packs import Packs
from cxworkbook.report.build import build_document
from cxworkbook.report.document import Chart, Paragraph, Table
from cxworkbook.scoring import answers_hidden, score_round, team_score
from cxworkbook.workshop import (
    compare_rounds,
    dimension_spread_summary,
    dimension_spread_table,
    discussion_queue,
    improved_and_slipped,
    noted_answers,
    question_labels,
    queue_summary,
    role_names,
    role_numbers,
    role_table,
    spread_table,
)
from tests import edits
from tests.conftest import EXAMPLE_ID, create

REF = PackRef(id="cx-maturity", version=2)  # the example's
V1 = PackRef(id="cx-maturity", version=1)


@pytest.fixture(scope="module")
def pack(pack_v1):
    """The cases here were worked out on version 1, which asks a target on every question."""
    return pack_v1


def person(pid: str, role: str = "", **answers: tuple) -> Participant:
    return Participant(
        id=pid,
        name=pid.title(),
        role=role,
        answers={
            qid.replace("__", "."): Answer(current=c, target=t, **extra)
            for qid, (c, t, *rest) in answers.items()
            for extra in [rest[0] if rest else {}]
        },
    )


def round_of(*people: Participant, **agreed: Agreed) -> Assessment:
    """A round whose answers the facilitator has revealed."""
    return Assessment(
        id="r1",
        date=dt.date(2026, 11, 1),
        questionnaire=V1,
        participants=list(people),
        revealed=True,
        agreed={k.replace("__", "."): v for k, v in agreed.items()},
    )


def test_dont_know_is_left_out_of_the_scores_and_counted(pack):
    people = [
        person("a", strategy__definition=(2, 4)),
        person("b", strategy__definition=(5, 5, {"dont_know": True})),
        person("c", strategy__definition=(4, 4, {"na": True})),
    ]
    q = next(
        q for q in score_round(pack, people).questions if q.question_id == "strategy.definition"
    )
    assert (q.current.n, q.current.median, q.dont_know, q.na) == (1, 2.0, 1, 1)


def test_agreed_values_take_the_place_of_the_median(pack):
    people = [
        person("a", strategy__definition=(1, 3)),
        person("b", strategy__definition=(5, 5)),
    ]
    plain = team_score(pack, round_of(*people))
    agreed = team_score(pack, round_of(*people, strategy__definition=Agreed(current=2)))
    q = next(q for q in agreed.questions if q.question_id == "strategy.definition")
    assert (q.current.median, q.value_current, q.value_target) == (3.0, 2.0, 4.0)
    assert plain.dimension("strategy").current == 3.0
    assert agreed.dimension("strategy").current == 2.0
    assert agreed.dimension("strategy").gap == 2.0


def test_an_empty_agreement_is_not_kept(store, pack):
    wb = create(store, "Org", "T", "en", REF)
    rid = wb.current_round.id
    wb = store.update(wb.id, edits.agreed(rid, "strategy.definition", "current", 3))
    assert wb.current_round.agreed["strategy.definition"].current == 3
    wb = store.update(wb.id, edits.agreed(rid, "strategy.definition", "current", None, 3))
    assert wb.current_round.agreed == {}


def test_the_queue_puts_the_most_contested_first_and_ties_in_pack_order(pack):
    pillars, goals = "strategy__vision-pillars", "strategy__measurable-goals"
    people = [
        person("a", strategy__definition=(1, 5), basics__complaints=(3, 3), **{pillars: (2, 3)}),
        person("b", strategy__definition=(5, 5), basics__complaints=(3, 3), **{pillars: (4, 5)}),
        person("c", strategy__definition=(3, 5), **{pillars: (3, 4), goals: (1, 3)}),
        person("d", **{goals: (3, 3)}),
    ]
    solo = person("e", leadership__owner=(1, 5))
    queue = discussion_queue(team_score(pack, round_of(*people, solo)))
    assert [q.question_id for q in queue] == [
        "strategy.definition",
        "strategy.vision-pillars",
        "strategy.measurable-goals",
    ]
    assert [q.disagreement for q in queue] == [4.0, 2.0, 2.0]


def test_the_spread_table_has_a_dot_per_value_with_its_count(pack):
    people = [person(p, strategy__definition=(v, 5)) for p, v in (("a", 1), ("b", 4), ("c", 4))]
    assessment = round_of(*people)
    queue = discussion_queue(team_score(pack, assessment))
    table = spread_table(assessment, queue, {"strategy.definition": "Q"})
    assert table[["value", "count", "median"]].values.tolist() == [[1, 1, 4.0], [4, 2, 4.0]]


def test_the_notes_on_a_question_come_lowest_today_first_without_a_value_last():
    def noted(pid: str, note: str, **answer) -> Participant:
        return Participant(
            id=pid,
            name=pid.title(),
            answers={"q.one": Answer(note=note, **answer), "q.two": Answer(current=1)},
        )

    assessment = round_of(
        noted("na", "Not ours", current=1, na=True),
        noted("high", "We measure it", current=4, target=5),
        noted("blank", "  \n ", current=1),
        noted("unsure", "Ask sales", current=2, dont_know=True),
        noted("low", "Nothing written", current=2),
        noted("only", "A note and no value"),
        noted("tie", "Same as Low", current=2, target=3),
    )
    assert [(name, a.note) for name, a in noted_answers(assessment, "q.one")] == [
        ("Low", "Nothing written"),
        ("Tie", "Same as Low"),
        ("High", "We measure it"),
        ("Na", "Not ours"),
        ("Unsure", "Ask sales"),
        ("Only", "A note and no value"),
    ]
    assert noted_answers(assessment, "q.two") == []


def test_a_question_label_is_cut_for_a_chart_axis_and_whole_for_a_heading(pack):
    text = pack.dimension("strategy").questions[0].text.get("en")
    assert len(text) > 70
    axis = question_labels(pack, "en")["strategy.definition"]
    assert axis.endswith("…") and len(axis) == len("Strategy & vision 1: ") + 70
    assert (
        question_labels(pack, "en", None)["strategy.definition"] == f"Strategy & vision 1: {text}"
    )


def test_the_queue_table_gives_the_disagreement_that_orders_the_queue(pack):
    people = [person(p, strategy__definition=(3, t)) for p, t in (("a", 1), ("b", 5))]
    queue = discussion_queue(team_score(pack, round_of(*people)))
    table = queue_summary(queue, {"strategy.definition": "Q"})
    assert table.values.tolist() == [["Q", 3.0, 3.0, 3.0, 4.0]]  # agreed today, not on the target


def test_the_dimension_table_summarises_the_participants_own_means(pack):
    people = [
        person("a", strategy__definition=(2, 5), basics__complaints=(1, 5)),
        person("b", strategy__definition=(3, 5), basics__complaints=(4, 5)),
    ]
    table = dimension_spread_summary(pack, score_round(pack, people), "en")
    assert pack.dimensions[0].id == "strategy"
    assert table.iloc[0].tolist() == ["Service basics", 2.5, 1.0, 4.0, 3.0]  # the chart's order
    assert table.iloc[1].tolist() == ["Strategy & vision", 2.5, 2.0, 3.0, 1.0]
    assert sorted(table["label"]) == sorted(d.title.get("en") for d in pack.dimensions)


def test_each_role_gets_its_own_profile(pack):
    people = [
        person("a", "Executive", strategy__definition=(4, 5)),
        person("b", "Executive", strategy__definition=(5, 5)),
        person("c", "Frontline", strategy__definition=(1, 4)),
        person("d", "", strategy__definition=(2, 4)),
    ]
    table = role_table(pack, round_of(*people), "en", "(no role)")
    values = dict(zip(table["role"], table["current"], strict=True))
    assert values == {"Executive": 4.5, "Frontline": 1.0, "(no role)": 2.0}


def test_role_numbers_have_a_column_per_role_whatever_the_roles_are_called(pack):
    people = [
        person("a", "dimension", strategy__definition=(4, 5)),
        person("b", "Executive", strategy__definition=(2, 5)),
    ]
    table = role_table(pack, round_of(*people), "en", "(no role)")
    numbers = role_numbers(table)
    assert role_names(table) == ["Executive", "dimension"]
    assert list(numbers.columns) == ["dimension", "role_1", "role_2"]
    assert numbers[["role_1", "role_2"]].values.tolist() == [[2.0, 4.0]]


def test_role_numbers_list_the_dimensions_as_the_role_chart_does(pack):
    people = [
        person("a", "CX", strategy__definition=(4, 5), leadership__owner=(2, 4)),
        person("b", "IT", strategy__definition=(2, 5)),
    ]
    table = role_table(pack, round_of(*people), "en", "(no role)")
    assert list(role_numbers(table)["dimension"]) == list(dict.fromkeys(table["dimension"]))
    assert list(role_numbers(table)["dimension"]) == [
        "Strategy & vision",
        "Leadership & organisation",
    ]


@settings(max_examples=25, deadline=None)
@given(roles=st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=4, unique=True))
def test_any_role_names_give_a_table_and_a_valid_chart(pack, roles):
    people = [
        person(f"p{number}", role, strategy__definition=(number % 5 + 1, 5))
        for number, role in enumerate(roles)
    ]
    table = role_table(pack, round_of(*people), "en", "(no role)")
    names = role_names(table)
    numbers = role_numbers(table)
    assert list(numbers.columns) == ["dimension"] + [f"role_{n}" for n in range(1, len(names) + 1)]
    assert sorted(numbers.iloc[0, 1:]) == sorted(table["current"])
    Root.validate(
        charts.spec(charts.role_chart, table, RoleLabels(axis="Today", title="Roles"), "en")
    )


def test_a_new_round_keeps_participants_and_pack_but_not_answers(example_store, pack):
    before = example_store.read(EXAMPLE_ID)
    example_store.update(
        EXAMPLE_ID, edits.agreed(before.current_round.id, "strategy.definition", "current", 3)
    )
    wb = example_store.update(EXAMPLE_ID, ops.start_round(dt.date(2027, 4, 20), REF))
    wb = example_store.update(EXAMPLE_ID, ops.start_round(dt.date(2027, 4, 28), REF))
    assert [a.id for a in wb.assessments] == ["2026-10", "2027-04", "2027-04-2"]
    new = wb.current_round
    assert [(p.id, p.name, p.role) for p in new.participants] == [
        (p.id, p.name, p.role) for p in before.current_round.participants
    ]
    assert all(not p.answers for p in new.participants)
    assert new.agreed == {} and not new.revealed and new.questionnaire == REF
    assert wb.assessments[0].participants == before.current_round.participants


def changed_pack(pack):
    """Version 2: one question of "strategy" dropped, one new question added to it."""
    data = pack.model_dump()
    data["version"] = 2
    strategy = next(d for d in data["dimensions"] if d["id"] == "strategy")
    dropped = strategy["questions"].pop(0)
    strategy["questions"].append({**strategy["questions"][0], "id": "strategy.new-question"})
    return type(pack).model_validate(data), dropped["id"]


def test_rounds_made_with_different_pack_versions_compare_on_shared_questions(pack):
    new_pack, dropped = changed_pack(pack)
    kept = [
        q.id for q in new_pack.dimension("strategy").questions if q.id != "strategy.new-question"
    ]
    old_round = round_of(
        person(
            "a",
            **{dropped.replace(".", "__"): (1, 5)},
            **{q.replace(".", "__"): (2, 4) for q in kept},
        )
    )
    new_round = round_of(
        person(
            "a",
            **{"strategy__new-question": (5, 5)},
            **{q.replace(".", "__"): (3, 4) for q in kept},
        )
    )
    table = compare_rounds(
        team_score(pack, old_round), pack, team_score(new_pack, new_round), new_pack, "en"
    )
    row = table.set_index("dimension_id").loc["strategy"]
    assert (row["current"], row["target"], row["gap"], row["shared"]) == (2.0, 3.0, 1.0, len(kept))


def test_the_dimensions_that_improved_and_slipped_between_two_rounds(pack):
    before = round_of(person("a", strategy__definition=(2, 4), **{"data-crm__up-to-date": (4, 5)}))
    after = round_of(person("a", strategy__definition=(4, 4), **{"data-crm__up-to-date": (3, 5)}))
    table = compare_rounds(team_score(pack, before), pack, team_score(pack, after), pack, "en")
    strategy, data = (pack.dimension(d).title.get("en") for d in ("strategy", "data-crm"))
    assert improved_and_slipped(table) == ([strategy], [data])
    assert improved_and_slipped(table.iloc[0:0]) == ([], [])


def test_the_document_has_a_since_the_last_round_section(example_store, packs):
    wb = example_store.update(EXAMPLE_ID, ops.start_round(dt.date(2027, 4, 20), REF))
    rid = wb.current_round.id
    example_store.update(EXAMPLE_ID, edits.answer(rid, "anna", "strategy.definition", "current", 5))
    document = build_document(example_store.read(EXAMPLE_ID), packs)
    ids = [s.id for s in document.sections]
    assert ids[:4] == ["summary", "maturity", "disagreement", "since-last-round"]
    section = document.sections[3]
    assert section.heading == "Edellisen kierroksen (2026-10) jälkeen"


def test_the_document_of_a_round_nobody_has_answered_says_so(example_store, packs):
    """Started and not yet answered: neither "the rounds share no answered questions" nor an
    appendix of dashes."""
    example_store.update(EXAMPLE_ID, ops.start_round(dt.date(2027, 4, 20), REF))
    document = build_document(example_store.read(EXAMPLE_ID), packs)
    sections = {s.id: s for s in document.sections}
    assert sections["since-last-round"].blocks == [
        Paragraph(
            "Kierrokseen 2027-04 ei ollut vielä vastattu, kun tämä dokumentti tehtiin; muutos"
            " osa-alueittain näkyy tässä, kun kierroksella on vastauksia."
        )
    ]
    assert sections["appendix"].blocks == [
        Paragraph("Ei vielä täytetty: työvaiheessa ”Kypsyysarvio” ei ole tietoja.")
    ]


def test_an_old_round_opens_and_compares_with_a_newer_pack(example_store, packs, pack):
    new_pack, _ = changed_pack(pack)
    both = Packs(packs={**packs.packs, ("cx-maturity", 2): new_pack}, crm=packs.crm)
    wb = example_store.update(EXAMPLE_ID, ops.start_round(dt.date(2027, 4, 20), new_pack.ref))
    example_store.update(
        EXAMPLE_ID, edits.answer(wb.current_round.id, "anna", "basics.complaints", "current", 5)
    )
    document = build_document(example_store.read(EXAMPLE_ID), both)
    since = next(s for s in document.sections if s.id == "since-last-round")
    assert since.blocks  # the chart and the table


@pytest.mark.parametrize("revealed", [True, False])
def test_revealing_is_stored_on_the_round(example_store, revealed):
    wb = example_store.update(EXAMPLE_ID, ops.reveal("2026-10", revealed))
    assert wb.current_round.revealed is revealed


def test_the_dimension_spread_has_a_dot_per_participants_own_mean(pack):
    people = [
        person("a", strategy__definition=(1, 5), basics__complaints=(3, 3)),
        person("b", strategy__definition=(5, 5), basics__complaints=(3, 3)),
        person("c", strategy__definition=(5, 5)),
    ]
    assessment = round_of(*people)
    score = score_round(pack, assessment.participants)
    table = dimension_spread_table(pack, assessment, score, "en")
    strategy = table[table["question_id"] == "strategy"]
    assert strategy[["value", "count", "median"]].values.tolist() == [[1.0, 1, 5.0], [5.0, 2, 5.0]]
    assert table["question_id"].iloc[0] == "strategy"  # the most spread-out dimension first


def test_the_teams_score_is_hidden_until_revealed_and_only_then(pack):
    two = [person("a", strategy__definition=(1, 3)), person("b", strategy__definition=(5, 5))]
    hidden = round_of(*two).model_copy(update={"revealed": False})
    assert answers_hidden(hidden) and team_score(pack, hidden) is None
    assert team_score(pack, round_of(*two)) is not None
    alone = round_of(two[0]).model_copy(update={"revealed": False})
    assert not answers_hidden(alone) and team_score(pack, alone) is not None
    nobody_yet = round_of(person("a"), person("b")).model_copy(update={"revealed": False})
    assert not answers_hidden(nobody_yet)


def test_a_document_made_before_the_reveal_shows_no_figure_of_the_team(example_store, packs):
    """The rule is the library's: the vision document obeys it as every page does."""
    example_store.update(EXAMPLE_ID, ops.reveal("2026-10", False))
    example_store.update(EXAMPLE_ID, edits.crm("state", "legacy"))
    document = build_document(example_store.read(EXAMPLE_ID), packs)
    hidden = translate("fi", "report.hidden", count=5)
    sections = {s.id: s for s in document.sections}
    for section in ("summary", "maturity", "appendix"):
        assert Paragraph(hidden) in sections[section].blocks, section
    assert not any(isinstance(b, (Chart, Table)) for b in sections["maturity"].blocks)
    assert translate("fi", "report.summary.gaps") not in str(sections["summary"].blocks)
    crm_text = str(sections["crm"].blocks)
    assert "Asiakastieto" not in crm_text  # the fit with the data dimension's score
    revealed = build_document(example_store.update(EXAMPLE_ID, ops.reveal("2026-10", True)), packs)
    shown = {s.id: s for s in revealed.sections}
    assert Paragraph(hidden) not in shown["maturity"].blocks
    assert "Asiakastieto" in str(shown["crm"].blocks)
