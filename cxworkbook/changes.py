"""What differs between two versions of a workbook, item by item and named as the team knows each
item: what bringing back an earlier version would change, so the right one can be chosen. Each
step tells the changes of its own part (`cxworkbook.steps`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar, get_args

from cxworkbook.i18n import format_date
from cxworkbook.model import Assessment, Workbook

Change = Literal["added", "removed", "changed"]
CHANGES: tuple[Change, ...] = get_args(Change)
# The kinds of item told as added, removed or changed; "answers" and "agreed" are told by how
# many of them differ.
ITEM_KINDS = (
    "details",
    "round",
    "participant",
    "crm",
    "goal",
    "goal_order",
    "nps",
    "segment",
    "stage",
    "stage_order",
    "touchpoint",
    "promise",
    "vision",
)
Item = TypeVar("Item")


@dataclass(frozen=True)
class Difference:
    """`kind` names a kind of item ("goal", "touchpoint"…), `name` the item as the team knows it
    (empty for a part of which a workbook has one, such as the vision). For "answers" and
    "agreed" the item is a participant's answers, or a round's agreed values, and `count` says
    how many of them differ."""

    kind: str
    name: str
    change: Change
    count: int = 0


def _same(item: Item) -> Item:
    return item


def _items(
    kind: str,
    before: Sequence[Item],
    after: Sequence[Item],
    key: Callable[[Item], str],
    name: Callable[[Item], str],
    content: Callable[[Item], object] = _same,
) -> list[Difference]:
    """Items matched by `key`: those only after, those whose `content` differs (the whole item
    unless told), then those only before."""
    old = {key(item): item for item in before}
    new = {key(item): item for item in after}
    found = []
    for item_key, item in new.items():
        if item_key not in old:
            found.append(Difference(kind, name(item), "added"))
        elif content(old[item_key]) != content(item):
            found.append(Difference(kind, name(item), "changed"))
    found += [Difference(kind, name(item), "removed") for k, item in old.items() if k not in new]
    return found


def _part(kind: str, before: object, after: object) -> list[Difference]:
    return [] if before == after else [Difference(kind, "", "changed")]


def _order(kind: str, before: list[str], after: list[str]) -> list[Difference]:
    """Whether the ids both lists hold come in another order."""
    kept = set(before) & set(after)
    moved = [i for i in before if i in kept] != [i for i in after if i in kept]
    return [Difference(kind, "", "changed")] if moved else []


def _counted(kind: str, name: str, before: dict, after: dict) -> list[Difference]:
    """One difference for all the entries of two mappings that differ, with their number."""
    count = sum(before.get(key) != after.get(key) for key in before.keys() | after.keys())
    return [Difference(kind, name, "changed", count)] if count else []


def _round_names(workbook: Workbook, lang: str) -> dict[str, str]:
    """Each round by its number and date, as the Rounds view shows it."""
    return {
        a.id: f"{number} ({format_date(a.date, lang)})"
        for number, a in enumerate(workbook.assessments, start=1)
    }


def _in_round(before: Assessment, after: Assessment, name: str) -> list[Difference]:
    found = _items(
        "participant",
        before.participants,
        after.participants,
        key=lambda p: p.id,
        name=lambda p: p.name,
        content=lambda p: (p.name, p.role),
    )
    old = {p.id: p for p in before.participants}
    for participant in after.participants:
        if participant.id in old:
            found += _counted(
                "answers", participant.name, old[participant.id].answers, participant.answers
            )
    return found + _counted("agreed", name, before.agreed, after.agreed)


def details_changes(before: Workbook, after: Workbook, lang: str) -> list[Difference]:
    return _part(
        "details",
        before.meta.model_dump(exclude={"created", "updated"}),
        after.meta.model_dump(exclude={"created", "updated"}),
    )


def assessment_changes(before: Workbook, after: Workbook, lang: str) -> list[Difference]:
    rounds = _round_names(before, lang) | _round_names(after, lang)
    found = _items(
        "round",
        before.assessments,
        after.assessments,
        key=lambda a: a.id,
        name=lambda a: rounds[a.id],
        content=lambda a: (a.date, a.questionnaire, a.revealed),
    )
    old_rounds = {a.id: a for a in before.assessments}
    for assessment in after.assessments:
        if assessment.id in old_rounds:
            found += _in_round(old_rounds[assessment.id], assessment, rounds[assessment.id])
    return found


def crm_changes(before: Workbook, after: Workbook, lang: str) -> list[Difference]:
    return _part("crm", before.crm, after.crm)


def goal_changes(before: Workbook, after: Workbook, lang: str) -> list[Difference]:
    found = _items("goal", before.goals, after.goals, key=lambda g: g.id, name=lambda g: g.title)
    found += _order("goal_order", [g.id for g in before.goals], [g.id for g in after.goals])
    return found + _part("nps", before.nps, after.nps)


def journey_changes(before: Workbook, after: Workbook, lang: str) -> list[Difference]:
    found = _part(
        "segment",
        (before.journey.segment, before.journey.segment_description),
        (after.journey.segment, after.journey.segment_description),
    )
    found += _items(
        "stage",
        before.journey.stages,
        after.journey.stages,
        key=lambda s: s.id,
        name=lambda s: s.name,
        content=lambda s: s.name,
    )
    found += _order(
        "stage_order",
        [s.id for s in before.journey.stages],
        [s.id for s in after.journey.stages],
    )
    return found + _items(
        "touchpoint",
        [(s.id, t) for s in before.journey.stages for t in s.touchpoints],
        [(s.id, t) for s in after.journey.stages for t in s.touchpoints],
        key=lambda placed: placed[1].id,
        name=lambda placed: placed[1].name,
    )


def vision_changes(before: Workbook, after: Workbook, lang: str) -> list[Difference]:
    found = _items(
        "promise",
        before.promises,
        after.promises,
        key=lambda p: p.id,
        name=lambda p: p.text,
    )
    return found + _part("vision", before.vision, after.vision)
