"""The shipped pack is valid and complete; broken packs get errors naming file, line and field."""

from __future__ import annotations

import copy
import re

import pytest

from cxworkbook import QUESTIONNAIRES_DIR
from cxworkbook.packs import load_packs, parse_pack
from cxworkbook.questionnaire import SCALE
from cxworkbook.yamlio import FileProblems, dump, parse_untrusted

PACK_FILE = QUESTIONNAIRES_DIR / "cx-maturity.yaml"
REQUIRED_DIMENSIONS = {
    "strategy",
    "leadership",
    "understanding",
    "measurement",
    "basics",
    "dialogue",
    "data-crm",
    "technology",
    "people",
    "continuous",
}
PATH_STAGES = ["not-started", "enthusiasm", "confusion", "awakening", "change"]


@pytest.fixture
def raw() -> dict:
    return parse_untrusted(PACK_FILE.read_bytes(), PACK_FILE.name)


def problems_of(data: dict) -> tuple[str, list]:
    text = dump(data)
    with pytest.raises(FileProblems) as caught:
        parse_pack(text.encode(), "broken.yaml")
    return text, caught.value.problems


def line(text: str, number: int) -> str:
    return text.splitlines()[number - 1]


def test_every_shipped_pack_loads_without_problems():
    packs = load_packs(QUESTIONNAIRES_DIR)
    assert packs.problems == []
    assert ("cx-maturity", 1) in packs.packs


def test_the_maturity_pack_covers_the_seed_dimensions(pack):
    assert {d.id for d in pack.dimensions} >= REQUIRED_DIMENSIONS
    for d in pack.dimensions:
        assert 3 <= len(d.questions) <= 5, d.id
        assert {1, 5} <= set(d.levels), d.id
        assert d.next_steps, d.id


def test_the_stages_follow_the_cx_development_path(pack):
    assert [s.id for s in pack.stages] == PATH_STAGES
    assert pack.stages[0].min == 1.0 and pack.stages[-1].max == 5.0
    assert all(s.trap.fi and s.trap.en for s in pack.stages)


def test_every_text_is_there_in_both_languages_and_differs(pack):
    texts = [pack.title, pack.description]
    texts += [s.label for s in pack.scale] + [s.description for s in pack.scale]
    texts += [s.label for s in pack.stages] + [s.description for s in pack.stages]
    for d in pack.dimensions:
        texts += [d.title, d.description, *d.levels.values(), *d.next_steps]
        texts += [q.text for q in d.questions] + [q.help for q in d.questions if q.help]
    for text in texts:
        assert text.fi.strip() and text.en.strip()
        assert text.fi != text.en or len(text.fi) < 20, text.en


def test_each_question_has_anchors_for_1_3_and_5(pack):
    for _, q in pack.questions:
        assert q.help is not None, q.id
        for lang in ("fi", "en"):
            assert re.search(r"1 = .*3 = .*5 = ", q.help.get(lang)), (q.id, lang)


def test_stage_for_puts_boundaries_in_the_higher_band(pack):
    assert pack.stage_for(1.0).id == "not-started"
    assert pack.stage_for(1.8).id == "enthusiasm"
    assert pack.stage_for(3.4).id == "awakening"
    assert pack.stage_for(5.0).id == "change"


def test_a_missing_field_names_field_and_line(raw):
    del raw["dimensions"][2]["questions"][3]["id"]
    text, problems = problems_of(raw)
    assert len(problems) == 1
    p = problems[0]
    assert p.field == "dimensions[2].questions[3].id"
    assert p.message == "field required"
    assert "understanding.leave-reasons" not in text
    assert "text:" in line(text, p.line)  # the question without an id starts here
    assert str(p).startswith(
        f"broken.yaml, line {p.line}: dimensions[2].questions[3].id: field required"
    )


def test_a_missing_english_text_is_named(raw):
    del raw["dimensions"][0]["questions"][1]["text"]["en"]
    text, problems = problems_of(raw)
    assert [p.field for p in problems] == ["dimensions[0].questions[1].text.en"]
    assert "fi:" in line(text, problems[0].line)


def test_an_empty_finnish_text_is_named(raw):
    raw["stages"][1]["trap"]["fi"] = "   "
    _, problems = problems_of(raw)
    assert [p.field for p in problems] == ["stages[1].trap.fi"]


def test_duplicate_question_ids_are_named(raw):
    raw["dimensions"][0]["questions"][2]["id"] = raw["dimensions"][0]["questions"][0]["id"]
    text, problems = problems_of(raw)
    assert [p.field for p in problems] == ["dimensions[0].questions[2].id"]
    assert "duplicate question id 'strategy.definition'" in problems[0].message
    assert "strategy.definition" in line(text, problems[0].line)


def test_duplicate_dimension_ids_are_named(raw):
    raw["dimensions"][4]["id"] = "strategy"
    _, problems = problems_of(raw)
    assert any(
        p.field == "dimensions[4].id" and "duplicate dimension" in p.message for p in problems
    )


def test_a_question_outside_its_dimension_is_named(raw):
    raw["dimensions"][1]["questions"][0]["id"] = "strategy.elsewhere"
    _, problems = problems_of(raw)
    assert [p.field for p in problems] == ["dimensions[1].questions[0].id"]
    assert "leadership." in problems[0].message


def test_a_scale_that_skips_a_value_is_refused(raw):
    del raw["scale"][3]
    _, problems = problems_of(raw)
    assert [p.field for p in problems] == ["scale"]
    assert "missing 4" in problems[0].message


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda s: s[0].update(min=1.5), "stages[0].min", "must start at 1.0"),
        (lambda s: s[-1].update(max=4.5), "stages[4].max", "must end at 5.0"),
        (lambda s: s[2].update(min=2.7), "stages[2].min", "without gaps or overlaps"),
        (lambda s: s[2].update(min=2.5), "stages[2].min", "without gaps or overlaps"),
    ],
)
def test_stage_bands_must_cover_1_to_5_without_gaps(raw, change, field, words):
    change(raw["stages"])
    _, problems = problems_of(raw)
    assert any(p.field == field and words in p.message for p in problems), problems


def test_a_dimension_must_describe_levels_1_and_5(raw):
    del raw["dimensions"][3]["levels"][5]
    _, problems = problems_of(raw)
    assert [p.field for p in problems] == ["dimensions[3].levels"]
    assert "missing 5" in problems[0].message


def test_an_unknown_field_is_named_with_its_line(raw):
    raw["dimensions"][0]["questons"] = []
    text, problems = problems_of(raw)
    assert [p.field for p in problems] == ["dimensions[0].questons"]
    assert "unknown field" in problems[0].message
    assert "questons" in line(text, problems[0].line)


def test_a_broken_pack_file_is_reported_and_the_others_still_load(tmp_path, raw):
    (tmp_path / "good.yaml").write_bytes(PACK_FILE.read_bytes())
    broken = copy.deepcopy(raw)
    broken["id"] = "other"
    broken["scale"] = broken["scale"][:2]
    (tmp_path / "broken.yaml").write_text(dump(broken), encoding="utf-8")
    (tmp_path / "bomb.yaml").write_bytes(b"a: &x [1]\nb: *x\n")
    packs = load_packs(tmp_path)
    assert list(packs.packs) == [("cx-maturity", 1)]
    assert {p.file for p in packs.problems} == {"broken.yaml", "bomb.yaml"}


def test_two_files_with_the_same_pack_version_are_reported(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_bytes(PACK_FILE.read_bytes())
    packs = load_packs(tmp_path)
    assert len(packs.packs) == 1
    assert "defined in two files" in packs.problems[0].message


def test_scale_constant_matches_the_pack(pack):
    assert tuple(s.value for s in pack.scale) == SCALE
