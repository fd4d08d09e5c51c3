"""The workbook model: strict types, stable ids, short readable files."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from cxworkbook.model import Answer, Workbook, is_measurable_target

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def workbook(**changes) -> dict:
    data = {
        "schema_version": 1,
        "id": "tyopaja",
        "revision": 3,
        "meta": {
            "organisation": "Oy",
            "title": "T",
            "language": "fi",
            "created": NOW,
            "updated": NOW,
        },
        "assessments": [
            {
                "id": "2026-11",
                "date": dt.date(2026, 11, 23),
                "questionnaire": {"id": "cx-maturity", "version": 1},
                "participants": [
                    {
                        "id": "anna",
                        "name": "Anna",
                        "answers": {"strategy.definition": {"current": 2}},
                    }
                ],
            }
        ],
    }
    data.update(changes)
    return data


def test_a_valid_workbook_round_trips_through_its_plain_data():
    model = Workbook.model_validate(workbook())
    assert Workbook.model_validate(model.to_data()) == model


def test_the_plain_data_leaves_defaults_out():
    data = Workbook.model_validate(workbook()).to_data()
    assert "goals" not in data and "crm" not in data
    assert data["assessments"][0]["participants"][0]["answers"] == {
        "strategy.definition": {"current": 2}
    }
    assert data["meta"]["language"] == "fi"  # required, so always written


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"schema_version": 2}, "schema_version"),
        ({"id": "Not A Slug"}, "id"),
        ({"revision": -1}, "revision"),
        ({"assessments": []}, "assessments"),
        ({"extra": 1}, "extra"),
    ],
)
def test_invalid_workbooks_are_refused_at_the_field(change, where):
    with pytest.raises(ValidationError) as caught:
        Workbook.model_validate(workbook(**change))
    assert caught.value.errors()[0]["loc"][0] == where


@pytest.mark.parametrize(
    ("title", "note", "where"),
    [
        ("T" * 201, "", ("meta", "title")),
        ("T", "x" * 20_001, ("assessments", 0, "participants", 0, "answers")),
        # Cleaning composes text (NFC), and this letter comes out as two: the cleaned text counts.
        ("\u0958" * 150, "", ("meta", "title")),
    ],
)
def test_a_text_longer_than_its_limit_after_cleaning_is_refused(title, note, where):
    data = workbook()
    data["meta"]["title"] = title
    data["assessments"][0]["participants"][0]["answers"]["strategy.definition"]["note"] = note
    with pytest.raises(ValidationError) as caught:
        Workbook.model_validate(data)
    error = caught.value.errors()[0]
    assert error["type"] == "string_too_long"
    assert error["msg"].startswith("String should have at most")  # not "at most 200 items"
    assert error["loc"][: len(where)] == where


def test_texts_at_their_limits_are_kept():
    data = workbook()
    data["meta"]["title"] = "T" * 200
    data["assessments"][0]["participants"][0]["answers"]["strategy.definition"]["note"] = (
        "x" * 20_000
    )
    model = Workbook.model_validate(data)
    assert len(model.meta.title) == 200
    assert len(model.assessments[0].participants[0].answers["strategy.definition"].note) == 20_000


@pytest.mark.parametrize("bad", ["3", True, float("nan"), float("inf"), 10_000])
def test_answer_values_are_finite_numbers(bad):
    """Which numbers a question takes is its pack's to say (`scoring.answers_off_options`)."""
    with pytest.raises(ValidationError):
        Answer.model_validate({"current": bad})


@pytest.mark.parametrize("good", [0, 0.25, 3])
def test_answer_values_keep_their_type(good):
    assert type(Answer.model_validate({"current": good}).current) is type(good)


def test_duplicate_ids_are_refused():
    data = workbook()
    data["assessments"][0]["participants"].append({"id": "anna", "name": "Another Anna"})
    with pytest.raises(ValidationError, match="participant id 'anna' is used more than once"):
        Workbook.model_validate(data)
    goal = {"id": "churn", "title": "Churn halves"}
    with pytest.raises(ValidationError, match="goal id 'churn'"):
        Workbook.model_validate(workbook(goals=[goal, goal]))


def test_the_latest_round_is_the_current_one():
    data = workbook()
    later = dict(data["assessments"][0], id="2027-05", date=dt.date(2027, 5, 1), participants=[])
    model = Workbook.model_validate(workbook(assessments=[data["assessments"][0], later]))
    assert model.current_round.id == "2027-05"
    assert model.round("2026-11").participant("anna").name == "Anna"


@pytest.mark.parametrize(
    "target", ["95 %", "alle 5 min", "10 arkipäivää", "klo 16", "16:00", "2 h", "under 10 €"]
)
def test_a_target_with_a_number_and_a_unit_or_a_time_is_measurable(target):
    assert is_measurable_target(target)


@pytest.mark.parametrize("target", ["", "aina", "always", "nopeasti", "95", "  ", "heti"])
def test_a_target_without_a_number_or_without_a_unit_is_not(target):
    """A promise of "hymy" with the target "aina" cannot be shown kept, nor can a bare "95"."""
    assert not is_measurable_target(target)
