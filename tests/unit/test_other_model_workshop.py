"""A whole workshop on a pack of another maturity model (shaped like OWASP SAMM v2, in our own
words): the room answers on its weighted options, agrees on a value, and the document in every
format carries the model's own scale, structure and words, and nothing of the CX workshop."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import docx
import pytest
from pptx import Presentation
from pypdf import PdfReader

from cxworkbook import ops
from cxworkbook.goals import GoalDraft
from cxworkbook.i18n import translate
from cxworkbook.packs import Packs, load_packs, pack_folders
from cxworkbook.report.build import build_document
from cxworkbook.report.exports import render
from cxworkbook.scoring import RoundScore, shown, team_score
from cxworkbook.store import FileStore
from cxworkbook.tables import part_table
from cxworkbook.workshop import compare_rounds
from tests import edits
from tests.conftest import create

PACKS_DIR = Path(__file__).parents[1] / "fixtures" / "packs"
# What only a CX workshop says: none of it belongs in a workshop on another model.
CX_WORDS = re.compile(r"asiakas|customer|\bCX\b|\bCRM\b|journey|asiakaspolku", re.IGNORECASE)


@pytest.fixture(scope="module")
def all_packs() -> Packs:
    return load_packs(*pack_folders(), PACKS_DIR)


@pytest.fixture
def workshop(tmp_path: Path, all_packs: Packs) -> tuple[FileStore, str]:
    store = FileStore(tmp_path / "data")
    samm = all_packs.get("samm-shaped", 1)
    wb = create(store, "Ohjelmistotalo Oy", "Tietoturvatyöpaja", "fi", samm.ref)
    round_id = wb.current_round.id
    store.update(wb.id, ops.add_participant(round_id, "Anna", "kehittäjä"))
    store.update(wb.id, ops.add_participant(round_id, "Ben", "arkkitehti"))
    answers = {
        "anna": {"strategy.a1": 1, "strategy.a2": 0.5, "strategy.b1": 0.25, "testing.a1": 0},
        "ben": {"strategy.a1": 0.25, "strategy.a2": 0.5, "strategy.b1": 1, "testing.a1": 0.5},
    }
    for person, given in answers.items():
        for question, value in given.items():
            store.update(wb.id, edits.answer(round_id, person, question, "current", value))
            store.update(wb.id, edits.answer(round_id, person, question, "target", 1))
    store.update(wb.id, ops.reveal(round_id, True))
    store.update(wb.id, edits.agreed(round_id, "strategy.a1", "current", 0.5))
    store.update(wb.id, edits.agreed(round_id, "strategy.a1", "rationale", "Puolet tiimeistä."))
    store.update(wb.id, ops.add_goal(GoalDraft(title="Uhkamallinnus kaikkiin julkaisuihin")))
    store.update(wb.id, edits.meta("language", "fi"))
    return store, wb.id


def team_result(workshop: tuple[FileStore, str], packs: Packs) -> RoundScore:
    store, wb_id = workshop
    score = team_score(packs.get("samm-shaped", 1), store.read(wb_id).current_round)
    assert score is not None
    return score


def test_the_team_values_are_options_and_the_agreed_value_counts(workshop, all_packs):
    score = team_result(workshop, all_packs)
    values = {
        q.question_id: q.value_current for q in score.questions if q.value_current is not None
    }
    # strategy.b1: answers 0.25 and 1, the lower median 0.25; strategy.a1 agreed at 0.5
    assert values == {"strategy.a1": 0.5, "strategy.a2": 0.5, "strategy.b1": 0.25, "testing.a1": 0}
    # stream A: 0.5 + 0.5 + 0 (unanswered), stream B: 0.25 → the practice (1.0 + 0.25) / 2
    assert score.dimension("strategy").current == 0.625
    assert score.dimension("training").current == 0.0


def test_the_document_has_the_models_steps_only(workshop, all_packs):
    store, wb_id = workshop
    document = build_document(store.read(wb_id), all_packs)
    ids = [s.id for s in document.sections]
    assert "crm" not in ids and "journey" not in ids and "promises" not in ids
    assert {"maturity", "disagreement", "goals", "vision"} <= set(ids)
    assert document.subtitle == "Software security: visio"


def _text(fmt: str, data: bytes) -> str:
    if fmt in ("markdown", "html"):
        return data.decode("utf-8")
    if fmt == "docx":
        document = docx.Document(io.BytesIO(data))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if fmt == "pptx":
        deck = Presentation(io.BytesIO(data))
        shapes = [s for slide in deck.slides for s in [*slide.shapes, *slide.notes_slide.shapes]]
        texts = [s.text_frame.text for s in shapes if s.has_text_frame]
        texts += [str(c) for s in shapes if s.has_chart for c in s.chart.plots[0].categories]
        return "\n".join(texts)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("fmt", ["markdown", "html", "docx", "pptx", "pdf"])
def test_no_cx_wording_reaches_the_document_in_any_format(workshop, all_packs, fmt):
    store, wb_id = workshop
    text = _text(fmt, render(store.read(wb_id), all_packs, fmt, b""))
    assert "SM · Strategy and metrics" in text  # the model's own labels, in its own language
    assert CX_WORDS.findall(text) == []


def test_the_decks_charts_span_the_models_range(workshop, all_packs):
    store, wb_id = workshop
    deck = Presentation(io.BytesIO(render(store.read(wb_id), all_packs, "pptx", b"")))
    charts = [s.chart for slide in deck.slides for s in slide.shapes if s.has_chart]
    today = translate("fi", "results.current")
    maturity = [c for c in charts if [p.name for p in c.plots[0].series][:1] == [today]]
    assert maturity
    axis = maturity[0].value_axis
    assert (axis.minimum_scale, axis.maximum_scale) == (0, 3)


def test_areas_and_streams_are_scored_and_reported(workshop, all_packs):
    table = part_table(team_result(workshop, all_packs), all_packs.get("samm-shaped", 1), "en")
    current = dict(zip(table["part"], table["current"], strict=True))
    assert current["GV · Governance"] == shown((0.625 + 0.0) / 2)
    assert current["SM-A · Create and promote"] == 1.0
    assert current["SM-B · Measure and improve"] == 0.3  # 0.25, to one decimal
    store, wb_id = workshop
    text = _text("markdown", render(store.read(wb_id), all_packs, "markdown", b""))
    assert "SM-B · Measure and improve" in text and "V · Verification" in text
    assert "0,25 → 1" in text and "0 → 1" in text  # the appendix: Anna's answers, as written in fi


def test_rounds_compare_on_the_models_own_roll_up(workshop, all_packs):
    """Round two on the same pack: each dimension before and now is rolled up by the pack's
    rules over the questions answered in both (the others count as unanswered: 0)."""
    store, wb_id = workshop
    samm = all_packs.get("samm-shaped", 1)
    store.update(wb_id, ops.start_round(dt.date(2027, 6, 1), samm.ref))
    second = store.read(wb_id).current_round.id
    for question in ("strategy.a1", "strategy.b1"):
        store.update(wb_id, edits.answer(second, "anna", question, "current", 1))
    store.update(wb_id, ops.reveal(second, True))
    workbook = store.read(wb_id)
    now = team_score(samm, workbook.current_round)
    before = team_score(samm, workbook.assessments[0])
    assert now is not None and before is not None
    table = compare_rounds(before, samm, now, samm, "en")
    row = table.set_index("dimension_id").loc["strategy"]
    # before: stream A 0.5 (agreed) + 0 + 0, stream B 0.25 → 0.375; now: 1 and 1 → 1.0
    assert (row["current"], row["target"], row["gap"]) == (0.4, 1.0, 0.6)
