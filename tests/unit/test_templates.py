"""The CRM and goal packs: complete in both languages, tied to the maturity model, and a broken or
second pack is reported with its file and line."""

from __future__ import annotations

import copy

import pytest

from cxworkbook import QUESTIONNAIRES_DIR
from cxworkbook.packs import load_packs, parse_pack
from cxworkbook.yamlio import FileProblems, dump, parse_untrusted

CRM_FILE = QUESTIONNAIRES_DIR / "crm.yaml"
GOALS_FILE = QUESTIONNAIRES_DIR / "goals.yaml"


def raw(path) -> dict:
    return parse_untrusted(path.read_bytes(), path.name)


def problems_of(data: dict) -> tuple[str, list]:
    text = dump(data)
    with pytest.raises(FileProblems) as caught:
        parse_pack(text.encode(), "broken.yaml")
    return text, caught.value.problems


def test_the_crm_starting_points_of_the_seeds_and_of_2026(packs, pack):
    crm = packs.crm
    assert [s.id for s in crm.states] == ["none", "scattered", "legacy", "modern"]
    assert crm.dimension_in(pack).id == "data"
    assert crm.dimension_in(packs.get("cx-maturity", 1)).id == "data-crm"
    modern = [step.id for step in crm.state("modern").next_steps]
    assert modern.index("modern-consent") < modern.index("modern-analytics")
    for state in crm.states:
        assert len(state.next_steps) >= 3
        for text in (state.title, state.description, state.question):
            assert text.fi != text.en
    assert crm.state("modern").fits.holds(4.5) and not crm.state("modern").fits.holds(1.5)
    assert crm.state("none").fits.holds(1.0)


def test_goal_templates_hold_the_seeds_examples_in_both_languages(packs, pack):
    templates = {t.id: t for t in packs.goals.templates}
    assert {
        "churn-halves",
        "enquiry-response",
        "first-contact-resolution",
        "complaint-resolution-time",
        "task-completion",
        "customer-effort",
        "accessibility",
        "passives-to-promoters",
        "promise-kept",
    } <= set(templates)
    every_version = {d.id for p in packs.packs.values() for d in p.dimensions}
    for template in templates.values():
        assert template.dimensions and set(template.dimensions) <= every_version, template.id
        assert set(template.dimensions) & {d.id for d in pack.dimensions}, template.id
        for text in (template.title, template.description, template.source):
            assert text.fi != text.en or len(text.fi) < 12, template.id
        assert template.frequency.fi and template.frequency.en
    assert templates["churn-halves"].horizon_months == 24
    assert "reklamaatio" in templates["enquiry-response"].title.fi
    assert "ratkaist" in templates["enquiry-response"].metric.fi
    assert "askel" not in " ".join(t.metric.fi for t in templates.values())


def test_a_text_missing_a_language_is_named_with_its_line():
    data = raw(GOALS_FILE)
    del data["templates"][2]["title"]["en"]
    text, problems = problems_of(data)
    assert problems[0].field == "templates[2].title"
    assert problems[0].message == "needs both fi: and en: (en: is missing)"
    assert data["templates"][2]["title"]["fi"] in text.splitlines()[problems[0].line - 1]


def test_step_ids_are_unique_across_crm_states():
    data = raw(CRM_FILE)
    data["states"][2]["next_steps"][0]["id"] = data["states"][0]["next_steps"][1]["id"]
    text, problems = problems_of(data)
    assert "duplicate step id" in problems[0].message
    assert problems[0].field == "states[2].next_steps[0].id"
    assert data["states"][0]["next_steps"][1]["id"] in text.splitlines()[problems[0].line - 1]


def test_an_upside_down_band_and_an_unknown_kind_are_reported():
    data = raw(CRM_FILE)
    data["states"][1]["fits"] = {"min": 4.0, "max": 2.0}
    assert "below min" in problems_of(data)[1][0].message
    data = raw(CRM_FILE)
    data["kind"] = "crmm"
    assert "kind must be one of: maturity, crm, goals, journey" in problems_of(data)[1][0].message


def test_a_second_pack_of_the_same_kind_is_reported_and_the_first_is_used(tmp_path):
    (tmp_path / "a-goals.yaml").write_bytes(GOALS_FILE.read_bytes())
    second = copy.deepcopy(raw(GOALS_FILE))
    second["id"] = "my-templates"
    (tmp_path / "b-goals.yaml").write_text(dump(second), encoding="utf-8")
    packs = load_packs(tmp_path)
    assert packs.goals.id == "goal-templates"
    assert [(p.file, "only one pack of kind goals" in p.message) for p in packs.problems] == [
        ("b-goals.yaml", True)
    ]
    assert packs.crm is None


def test_journey_templates_and_channels_in_both_languages(packs):
    journey = packs.journey
    assert {"purchase", "b2b-decision", "service", "moving-house", "life-event"} <= {
        t.id for t in journey.templates
    }
    for template in journey.templates:
        assert all(s.name.fi != s.name.en for s in template.stages), template.id
        assert "problem" not in {s.id for s in template.stages}, "a problem is an event"
    names = journey.channel_names("en")
    assert names["web"] == "Website" and journey.channel_names("fi")["phone"] == "Puhelin"
    finnish_2026 = {"sms", "e-invoice", "omaposti", "suomifi", "whatsapp", "video", "push"}
    assert finnish_2026 | {"ai-assistant", "chat", "mobilepay", "strong-id"} <= set(names)


def test_a_stage_id_used_twice_in_a_journey_template_is_reported():
    data = raw(QUESTIONNAIRES_DIR / "journey.yaml")
    data["templates"][0]["stages"][1]["id"] = data["templates"][0]["stages"][0]["id"]
    _, problems = problems_of(data)
    assert "duplicate stage id" in problems[0].message
    assert problems[0].field == "templates[0].stages[1].id"
