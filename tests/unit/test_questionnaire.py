"""The shipped pack is valid and complete; broken packs get errors naming file, line and field."""

from __future__ import annotations

import copy
import re

import pytest

from cxworkbook import QUESTIONNAIRES_DIR
from cxworkbook.packs import load_packs, parse_pack
from cxworkbook.yamlio import FileProblems, dump, parse_untrusted

PACK_FILE = QUESTIONNAIRES_DIR / "cx-maturity-2.yaml"
RUBRIC = QUESTIONNAIRES_DIR.parent / "docs" / "maturity-rubric.md"
# The seeds' areas, and what the best-known models treat as core: value, governance, design.
REQUIRED_DIMENSIONS = {
    "strategy",
    "value",
    "governance",
    "understanding",
    "design",
    "measurement",
    "basics",
    "channels",
    "data",
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
    assert {("cx-maturity", 1), ("cx-maturity", 2)} <= set(packs.packs)
    assert packs.latest("cx-maturity").version == 2


def test_version_2_covers_the_core_areas_in_about_as_many_questions(pack, packs):
    assert pack.version == 2 and pack.targets == "dimension"
    assert packs.get("cx-maturity", 1).targets == "question"
    assert {d.id for d in pack.dimensions} == REQUIRED_DIMENSIONS
    assert abs(pack.question_count - packs.get("cx-maturity", 1).question_count) <= 5
    enablers = sum(len(pack.dimension(d).questions) for d in ("data", "technology"))
    assert enablers <= pack.question_count // 6
    for d in pack.dimensions:
        assert 2 <= len(d.questions) <= 5, d.id
        assert {1, 5} <= set(d.levels), d.id
        assert d.next_steps, d.id


SCALE = (1, 2, 3, 4, 5)


def test_the_stages_follow_the_cx_development_path_and_each_has_signs(pack):
    assert [s.id for s in pack.stages] == PATH_STAGES
    assert all(s.trap.fi and s.trap.en and s.signs for s in pack.stages)


def test_every_question_of_version_2_describes_each_level_as_its_own(pack):
    for _, q in pack.questions:
        assert sorted(q.levels) == list(SCALE), q.id
        for lang in ("fi", "en"):
            texts = [q.levels[v].get(lang) for v in SCALE]
            assert len(set(texts)) == len(SCALE), (q.id, lang)


def test_questions_that_carry_on_version_1_say_which(pack, packs):
    old = packs.get("cx-maturity", 1).question_ids
    continued = [c for _, q in pack.questions for c in q.continues]
    assert set(continued) <= old
    assert len(set(continued)) >= len(old) * 3 // 4


def test_every_question_of_version_2_has_its_rubric_check_written_down(pack):
    rows = re.findall(r"^\| `([a-z0-9.-]+)` \|(.*)\|\s*$", RUBRIC.read_text(), re.MULTILINE)
    assert [qid for qid, _ in rows] == [q.id for _, q in pack.questions]
    for qid, cells in rows:
        checks = [c.strip() for c in cells.split("|")][-5:]
        assert checks == ["✓"] * 5, qid


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


def test_version_1_questions_keep_their_anchors_in_the_help(packs):
    for _, q in packs.get("cx-maturity", 1).questions:
        assert q.help is not None, q.id
        for lang in ("fi", "en"):
            assert re.search(r"1 = .*3 = .*5 = ", q.help.get(lang)), (q.id, lang)


def test_a_missing_field_names_field_and_line(raw):
    del raw["dimensions"][2]["questions"][3]["id"]
    text, problems = problems_of(raw)
    assert len(problems) == 1
    p = problems[0]
    assert p.field == "dimensions[2].questions[3].id"
    assert p.message == "field required"
    assert "governance.decision-review" not in text
    assert "text:" in line(text, p.line)  # the question without an id starts here
    assert str(p).startswith(
        f"broken.yaml, line {p.line}: dimensions[2].questions[3].id: field required"
    )


def test_a_missing_english_text_is_named_in_plain_words(raw):
    del raw["dimensions"][0]["questions"][1]["text"]["en"]
    text, problems = problems_of(raw)
    assert [p.field for p in problems] == ["dimensions[0].questions[1].text"]
    assert problems[0].message == "needs both fi: and en: (en: is missing)"
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
    assert "value." in problems[0].message


def test_a_scale_that_repeats_a_value_is_refused(raw):
    raw["scale"][3]["value"] = 3
    _, problems = problems_of(raw)
    assert [p.field for p in problems][:1] == ["scale"]
    assert "a value of its own" in problems[0].message


@pytest.mark.parametrize(
    ("sign", "field", "words"),
    [
        ({"dimension": "nowhere", "at_least": 2.0}, "stages[2].signs[0].dimension", "no dimension"),
        (
            {"question": "basics.nowhere", "at_most": 2.0},
            "stages[2].signs[0].question",
            "no question",
        ),
        (
            {"dimension": "value", "question": "value.business-case", "at_least": 2.0},
            "stages[2].signs[0]",
            "not both",
        ),
        ({"dimension": "value"}, "stages[2].signs[0]", "at_least or at_most"),
        (
            {"dimension": "value", "at_least": 6},
            "stages[2].signs[0].at_least",
            "between 1 and 5",
        ),
        ({"at_most": 0.5}, "stages[2].signs[0].at_most", "between 1 and 5"),
    ],
)
def test_a_stage_sign_names_something_in_the_pack_and_a_limit(raw, sign, field, words):
    raw["stages"][2]["signs"] = [sign]
    _, problems = problems_of(raw)
    assert any(p.field == field and words in p.message for p in problems), problems


def test_a_question_that_describes_levels_describes_all_five(raw):
    del raw["dimensions"][0]["questions"][1]["levels"][3]
    _, problems = problems_of(raw)
    assert [p.field for p in problems] == ["dimensions[0].questions[1].levels"]
    assert "missing 3" in problems[0].message


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
    assert list(packs.packs) == [("cx-maturity", 2)]
    assert {p.file for p in packs.problems} == {"broken.yaml", "bomb.yaml"}


def test_two_files_with_the_same_pack_version_are_reported(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_bytes(PACK_FILE.read_bytes())
    packs = load_packs(tmp_path)
    assert len(packs.packs) == 1
    assert "defined in two files" in packs.problems[0].message


def test_scale_constant_matches_the_pack(pack):
    assert tuple(s.value for s in pack.scale) == SCALE


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("No", "YAML reads this as false (as it reads yes, no, on, off, true and false)"),
        ("on", "YAML reads this as true"),
        ("1.0", "YAML reads this as the number 1.0"),
    ],
)
def test_text_that_yaml_reads_as_a_boolean_or_a_number_says_to_quote_it(raw, written, words):
    """A pack's author writes `en: No` for an answer; YAML reads false. The problem says so and
    how to write it, on the line it is on."""
    text = dump(raw).replace(f"en: {raw['title']['en']}", f"en: {written}", 1)
    with pytest.raises(FileProblems) as caught:
        parse_pack(text.encode(), "broken.yaml")
    [problem] = caught.value.problems
    assert words in problem.message and 'put the text in quotes, as in en: "No"' in problem.message
    assert problem.field == "title.en" and line(text, problem.line).strip() == f"en: {written}"
