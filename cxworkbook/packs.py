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

import copy
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
    error_loc,
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


def _item_in_error(raw: Any, loc: Loc) -> Loc | None:
    """The place of the deepest list item an error lies in, or None if it lies in none."""
    node, deepest = raw, None
    for depth, step in enumerate(loc):
        if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            deepest = loc[: depth + 1]
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
    return deepest


@dataclass
class _Pruned:
    """A pack's data without the list items that hold type errors, to run the content checks on
    the rest, and the way back to the original file's places."""

    data: Any
    kept: dict[Loc, list[int]]  # per list (by its original place) the original indices kept
    ids: set[str]  # the ids of the items left out, which the rest may still name

    def original(self, loc: Loc) -> Loc:
        out: list[str | int] = []
        for step in loc:
            kept = self.kept.get(tuple(out))
            out.append(kept[step] if kept is not None and isinstance(step, int) else step)
        return tuple(out)


def _repaired(data: Any, error: Any) -> bool:
    """Mend in place what a type error is about where the mend is plain (an unknown field left
    out, a text YAML read as a boolean or number taken as written), so the rest can be checked."""
    loc = error_loc(error)
    parent = data
    try:
        for step in loc[:-1]:
            parent = parent[step]
    except (KeyError, IndexError, TypeError):
        return False
    if not isinstance(parent, dict) or loc[-1] not in parent:
        return False
    if error["type"] == "extra_forbidden":
        del parent[loc[-1]]
        return True
    if error["type"] == "string_type" and isinstance(error.get("input"), bool | int | float):
        parent[loc[-1]] = str(error["input"])
        return True
    return False


def _pruned(raw: Any, errors: list[Any]) -> _Pruned | None:
    data = copy.deepcopy(raw)
    rest = [e for e in errors if not _repaired(data, e)]
    items = [_item_in_error(data, error_loc(e)) for e in rest]
    if any(item is None for item in items):
        return None
    kept, ids = {}, set()
    by_list: dict[Loc, set[int]] = {}
    for item in items:
        assert item is not None
        by_list.setdefault(item[:-1], set()).add(int(item[-1]))
    for place in sorted(by_list, key=len, reverse=True):
        container = data
        for step in place:
            container = container[step]
        kept[place] = [i for i in range(len(container)) if i not in by_list[place]]
        for i in sorted(by_list[place], reverse=True):
            left_out = container.pop(i)
            if isinstance(left_out, dict) and isinstance(left_out.get("id"), str):
                ids.add(left_out["id"])
    return _Pruned(data, kept, ids)


def _content_problems(
    model: type[BaseModel],
    check: Callable[[Any], list[tuple[Loc, str]]],
    raw: Any,
    exc: ValidationError,
) -> list[tuple[Loc, str]]:
    """The content checks on what of the pack can be read, while some of it has type errors:
    the items holding them left out, and nothing said about what names an item left out."""
    pruned = _pruned(raw, exc.errors(include_url=False))
    if pruned is None:
        return []
    try:
        pack = model.model_validate(pruned.data)
    except ValidationError:
        return []
    return [
        (pruned.original(loc), message)
        for loc, message in check(pack)
        if not any(f"'{i}'" in message for i in pruned.ids)
    ]


def parse_pack(data: bytes, file: str) -> Pack:
    """Validate a pack's bytes; raise FileProblems naming file, line and field. Where some of it
    has type errors, the content checks still run on the rest."""
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
        found = problems_from_validation(exc, text, file).problems
        found += problems_at(text, file, _content_problems(model, check, raw, exc)).problems
        raise FileProblems(sorted(found, key=lambda p: p.line or 0)) from None
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


@dataclass(frozen=True)
class FileSummary:
    """What is wrong with one pack file: how much, the first problems in full and the rest."""

    file: str
    count: int
    first: list[FileProblem]
    rest: list[FileProblem]


def problem_summary(problems: list[FileProblem], first: int = 5) -> list[FileSummary]:
    """The problems grouped per file, in the order found: a draft with hundreds of problems is
    one summary, not hundreds of messages."""
    by_file: dict[str, list[FileProblem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    return [
        FileSummary(file, len(found), found[:first], found[first:])
        for file, found in by_file.items()
    ]
