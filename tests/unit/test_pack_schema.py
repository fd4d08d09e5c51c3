"""The published JSON Schema of a maturity pack: current with the code, met by every pack the
project ships or tests with, and catching what an editor should flag as a pack is typed. And the
command that checks pack files as the app loads them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from cxworkbook import PROJECT_ROOT, QUESTIONNAIRES_DIR
from cxworkbook.__main__ import main
from cxworkbook.questionnaire import pack_schema

SCHEMA_FILE = PROJECT_ROOT / "docs" / "maturity-pack.schema.json"
FIXTURE_PACKS = Path(__file__).parents[1] / "fixtures" / "packs"
MATURITY_PACKS = [
    *sorted(QUESTIONNAIRES_DIR.glob("cx-maturity*.yaml")),
    *sorted(FIXTURE_PACKS.glob("*.yaml")),
]


def as_json(path: Path) -> object:
    """A pack as an editor's YAML plugin hands it to the schema: keys as text."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_published_schema_is_the_codes(capsys):
    """`python -m cxworkbook schema > docs/maturity-pack.schema.json` after changing the format."""
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert json.loads(printed) == pack_schema()
    assert printed == SCHEMA_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", MATURITY_PACKS, ids=lambda p: p.name)
def test_every_pack_meets_the_schema_and_points_an_editor_at_it(validator, path):
    assert list(validator.iter_errors(as_json(path))) == []
    assert "yaml-language-server: $schema=" in path.read_text(encoding="utf-8")


def test_the_schema_flags_what_an_editor_should(validator):
    data = as_json(FIXTURE_PACKS / "samm-shaped.yaml")
    data["dimensions"][0]["questons"] = []
    data["answer_sets"]["coverage"][0]["value"] = "none"
    data["scoring"]["team"] = "average"
    found = {tuple(e.absolute_path) for e in validator.iter_errors(data)}
    assert ("dimensions", 0) in found  # the unknown field
    assert ("answer_sets", "coverage", 0, "value") in found
    assert ("scoring", "team") in found


def test_the_check_command_says_what_is_wrong_with_each_file(tmp_path, capsys):
    draft = tmp_path / "draft.yml"
    draft.write_text("kind: maturity\nid: draft\nversion: 1\ntitle: {en: Draft}\n", "utf-8")
    assert main(["check", str(FIXTURE_PACKS / "w3c-shaped.yaml"), str(draft)]) == 1
    out, err = capsys.readouterr()
    assert out == "w3c-shaped.yaml: a maturity pack, fine\n"
    assert err.startswith(
        "draft.yml: 3 problem(s)\n  draft.yml, line 1: description: field required"
    )
    assert main(["check", str(FIXTURE_PACKS / "samm-shaped.yaml")]) == 0
