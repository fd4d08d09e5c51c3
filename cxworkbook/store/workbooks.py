"""Workbooks into and out of any store: a new workbook, an imported or exported YAML file, the
examples a first run starts from. Nothing here knows how a store keeps what it is given."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import ValidationError

from cxworkbook.errors import refused
from cxworkbook.ids import slugify
from cxworkbook.model import SCHEMA_VERSION, PackRef, Workbook
from cxworkbook.packs import Packs
from cxworkbook.store.files import parse_workbook, serialise
from cxworkbook.store.protocol import WorkbookStore
from cxworkbook.yamlio import WORKBOOK_MAX_BYTES, problems_at, read_capped


def new_workbook(
    organisation: str,
    title: str,
    language: str,
    pack: PackRef,
    now: dt.datetime,
    facilitator: str = "",
) -> Workbook:
    """A workbook with one empty assessment round against `pack`, dated `now`; its id is made
    from its title (a store makes it unique when it keeps it)."""
    day = now.date()
    data = {
        "schema_version": SCHEMA_VERSION,
        "id": slugify(title or organisation),
        "revision": 1,
        "meta": {
            "organisation": organisation,
            "title": title,
            "language": language,
            "created": now,
            "updated": now,
            "facilitator": facilitator,
        },
        "assessments": [{"id": f"{day:%Y-%m}", "date": day, "questionnaire": pack.model_dump()}],
    }
    try:
        return Workbook.model_validate(data)
    except ValidationError as exc:  # a name left empty once its control characters are gone
        raise refused(exc) from None


def import_yaml(store: WorkbookStore, data: bytes, source_name: str, packs: Packs) -> Workbook:
    """Add an uploaded workbook as a new one. Nothing stored is touched until the file has parsed
    and validated; a bad file raises FileProblems saying what is wrong and where."""
    name = source_name or "uploaded file"
    workbook = parse_workbook(data, name)
    missing = [
        (
            ("assessments", i, "questionnaire"),
            f"questionnaire {a.questionnaire.id} version "
            f"{a.questionnaire.version} is not installed in questionnaires/",
        )
        for i, a in enumerate(workbook.assessments)
        if (a.questionnaire.id, a.questionnaire.version) not in packs.packs
    ]
    if missing:
        raise problems_at(data.decode("utf-8-sig"), name, missing)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    return store.add(
        workbook.model_copy(update={"meta": workbook.meta.model_copy(update={"updated": now})})
    )


def export_yaml(store: WorkbookStore, workbook_id: str) -> bytes:
    """The workbook as the YAML file it is kept as: the same bytes from every store."""
    return serialise(store.read(workbook_id)).text.encode("utf-8")


def seed_examples(store: WorkbookStore, examples: Path) -> None:
    """Add the example workbooks, each under its own file name as its id."""
    for path in sorted(examples.glob("*.yaml")):
        example = parse_workbook(read_capped(path, WORKBOOK_MAX_BYTES), path.name)
        store.add(example.model_copy(update={"id": path.stem}))
