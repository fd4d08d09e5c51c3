"""Writing a pack is humane: a first draft in another model's shape gets every problem at once, in
plain words, each on its line, the content checks included while some types are still wrong."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from cxworkbook.packs import load_packs, parse_pack, problem_summary
from cxworkbook.yamlio import FileProblem, FileProblems

SAMM_FILE = Path(__file__).parents[1] / "fixtures" / "packs" / "samm-shaped.yaml"


@pytest.fixture
def raw() -> dict:
    return yaml.safe_load(SAMM_FILE.read_text(encoding="utf-8"))


def problems_of(data: dict) -> tuple[str, list[FileProblem]]:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    with pytest.raises(FileProblems) as caught:
        parse_pack(text.encode(), "draft.yaml")
    return text, caught.value.problems


def test_content_checks_run_while_some_types_are_wrong(raw):
    questions = raw["dimensions"][0]["questions"]
    questions[0]["id"] = "strategy.A1"  # a type error: ids are lowercase
    questions[2]["id"] = questions[1]["id"]  # a content problem: the same id twice
    raw["stages"][1]["signs"] = [{"question": "strategy.A1", "at_least": 0.5}]
    _, problems = problems_of(raw)
    messages = {(p.field, p.message) for p in problems}
    assert (
        "dimensions[0].questions[0].id",
        "use lowercase letters a–z, digits and hyphens, with a dot between the parts (for example "
        "data-crm.enrichment)",
    ) in messages
    assert ("dimensions[0].questions[2].id", "duplicate question id 'strategy.a2'") in messages
    # the sign names the question that could not be read: nothing false is said about it
    assert not any("strategy.A1" in p.message for p in problems)


def test_an_english_only_pack_is_fine_and_one_that_claims_finnish_is_told_once(raw):
    english_only = copy.deepcopy(raw)
    assert parse_pack(yaml.safe_dump(english_only).encode(), "ok.yaml").languages == ["en"]
    raw["languages"] = ["fi", "en"]
    raw["title"]["fi"] = "Ohjelmistoturvallisuuden kypsyys"
    _, problems = problems_of(raw)
    assert [p.message for p in problems] == [
        "82 texts have no fi: (this is the first); write each in fi too, as the pack's "
        "languages say"
    ]


def test_a_union_field_gets_one_problem_in_words(raw):
    raw["answer_sets"]["coverage"][1]["value"] = "a quarter"
    raw["dimensions"][0]["questions"][0]["options"] = {"set": "coverage"}
    _, problems = problems_of(raw)
    fields = [p.field for p in problems]
    assert fields.count("answer_sets.coverage[1].value") == 1
    assert fields.count("dimensions[0].questions[0].options") == 1
    assert not any("instance of" in p.message or "^[" in p.message for p in problems)
    value = next(p for p in problems if p.field == "answer_sets.coverage[1].value")
    assert value.message == "a number is needed here"


def test_a_pack_with_many_problems_is_summarised_per_file(tmp_path, raw):
    for question in raw["dimensions"][1]["questions"]:
        question["text"] = {"en": True}  # `en: Yes` in a draft, on every question
    (tmp_path / "draft.yml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    (tmp_path / "other.yaml").write_text("kind: maturity\n", encoding="utf-8")
    packs = load_packs(tmp_path)
    summary = problem_summary(packs.problems, first=3)
    assert [(s.file, s.count) for s in summary] == [("draft.yml", 6), ("other.yaml", 6)]
    assert len(summary[0].first) == 3
    assert "put the text in quotes" in summary[0].first[0].message


def test_a_text_cut_at_a_comma_is_said_to_need_quotes_and_hides_nothing(raw):
    """`description: {en: Four practices, each answered}` reads as two keys, the second empty:
    the problem says to quote the text, and the content checks still run on the rest."""
    raw["description"] = {"en": "Four practices", "each answered level by level.": None}
    raw["areas"][0]["dimensions"] = ["strategy", "trainng"]
    _, problems = problems_of(raw)
    assert [(p.field, p.message) for p in problems] == [
        (
            "description.each answered level by level.",
            'the rest of a text cut at a comma: put the whole text in quotes, as in en: "Yes, '
            'for some"',
        ),
        ("areas", "put every dimension in an area (not in one: training)"),
        ("areas[0].dimensions[1]", "no dimension 'trainng' in the pack (did you mean training?)"),
    ]


def test_a_pack_in_one_language_that_does_not_say_so_gets_one_message(raw):
    del raw["languages"]
    _, problems = problems_of(raw)
    assert len(problems) == 1
    assert problems[0].message.endswith(
        "texts have no fi: (this is the first); write each in fi too, or, for a pack in en only, "
        "say so at the top: languages: [en]"
    )


def test_a_colon_in_an_unquoted_text_is_explained(tmp_path):
    text = "kind: maturity\nid: x\nversion: 1\ntitle: {en: Decisions: who makes them?}\n"
    with pytest.raises(FileProblems) as caught:
        parse_pack(text.encode(), "draft.yaml")
    [problem] = caught.value.problems
    assert problem.line == 4
    assert "a text with a colon (:) in it, or one inside { }, needs quotes" in problem.message
