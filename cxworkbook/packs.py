"""Loading the content packs under `questionnaires/`: every YAML file there (.yaml or .yml) is one
pack, and its `kind` says which (maturity, crm, goals, journey). A pack is checked as strictly as
an upload: a broken one gets errors naming the file, the line and the field, and the other packs
still load.

A consultancy keeps packs of its own in folders named by CXWORKBOOK_PACKS (separated as PATH is),
read after the built-in ones.

Maturity packs are kept by id and version, because a workbook names the one it was answered with.
Of the other kinds one pack is used; a second file of the same kind is reported, not merged, so it
is always clear which texts the app shows.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from cxworkbook import QUESTIONNAIRES_DIR
from cxworkbook.questionnaire import MaturityPack, check_maturity
from cxworkbook.templates import (
    CrmPack,
    GoalPack,
    JourneyPack,
    check_crm,
    check_goals,
    check_journey,
)
from cxworkbook.yamlio import (
    FileProblem,
    FileProblems,
    Loc,
    parse_untrusted,
    problems_at,
    problems_from_validation,
    read_capped,
)

Pack = MaturityPack | CrmPack | GoalPack | JourneyPack
KINDS: dict[str, tuple[type[BaseModel], Callable[[Any], list[tuple[Loc, str]]]]] = {
    "maturity": (MaturityPack, check_maturity),
    "crm": (CrmPack, check_crm),
    "goals": (GoalPack, check_goals),
    "journey": (JourneyPack, check_journey),
}


def parse_pack(data: bytes, file: str) -> Pack:
    """Validate a pack's bytes; raise FileProblems naming file, line and field."""
    raw = parse_untrusted(data, file)
    text = data.decode("utf-8-sig")
    if not isinstance(raw, dict):
        raise FileProblems(
            [FileProblem(file=file, message="a pack is a YAML mapping (key: value)")]
        )
    kind = raw.get("kind")
    if kind not in KINDS:
        expected = ", ".join(KINDS)
        raise problems_at(text, file, [(("kind",), f"kind must be one of: {expected}")])
    model, check = KINDS[kind]
    try:
        pack = model.model_validate(raw)
    except ValidationError as exc:
        raise problems_from_validation(exc, text, file) from None
    found = check(pack)
    if found:
        raise problems_at(text, file, found)
    return pack  # type: ignore[return-value]  # one of the models in KINDS


@dataclass
class Packs:
    """All packs found in a folder, and what was wrong with the rest."""

    packs: dict[tuple[str, int], MaturityPack] = field(default_factory=dict)
    crm: CrmPack | None = None
    goals: GoalPack | None = None
    journey: JourneyPack | None = None
    problems: list[FileProblem] = field(default_factory=list)

    def get(self, pack_id: str, version: int) -> MaturityPack:
        return self.packs[(pack_id, version)]

    def latest(self, pack_id: str) -> MaturityPack:
        versions = [v for (i, v) in self.packs if i == pack_id]
        if not versions:
            raise KeyError(pack_id)
        return self.packs[(pack_id, max(versions))]

    def latest_of_each(self) -> list[MaturityPack]:
        return [self.latest(i) for i in sorted({i for i, _ in self.packs})]

    def add(self, pack: Pack, file: str) -> None:
        """Take `pack` in, or record why it cannot be used beside the ones already taken."""
        if isinstance(pack, MaturityPack):
            key = (pack.id, pack.version)
            if key in self.packs:
                self._refuse(file, f"pack {pack.id} version {pack.version} is defined in two files")
            else:
                self.packs[key] = pack
        elif getattr(self, pack.kind) is not None:
            self._refuse(file, f"only one pack of kind {pack.kind} is used; this one is ignored")
        else:
            setattr(self, pack.kind, pack)

    def _refuse(self, file: str, message: str) -> None:
        self.problems.append(FileProblem(file=file, message=message))


def pack_files(folder: Path) -> list[Path]:
    """The pack files in `folder`, in name order: `.yaml` and `.yml` alike."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


PACKS_ENV = "CXWORKBOOK_PACKS"


def pack_folders() -> list[Path]:
    """The built-in packs' folder and the consultancy's own, as configured."""
    extra = os.environ.get(PACKS_ENV, "")
    return [QUESTIONNAIRES_DIR, *(Path(p) for p in extra.split(os.pathsep) if p)]


def load_packs(*folders: Path) -> Packs:
    """Load every pack in `folders`, each in name order; a broken file is reported, the others
    load."""
    result = Packs()
    for path in (p for folder in folders for p in pack_files(folder)):
        try:
            pack = parse_pack(read_capped(path), path.name)
        except FileProblems as exc:
            result.problems += exc.problems
            continue
        result.add(pack, path.name)
    return result
