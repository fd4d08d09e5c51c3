"""The steps of a workshop, each declared once: its page, the parts of the workbook it fills in,
how far it is done, what bringing back an earlier version would change in it, and the sections
it gives the vision document. Its texts are the locale keys `steps.<id>.*` and `nav.<id>`.

A new step takes an entry here, its page, its part of the model and its content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cxworkbook import changes, progress
from cxworkbook.changes import Difference
from cxworkbook.model import Workbook
from cxworkbook.progress import Progress
from cxworkbook.questionnaire import MaturityPack


@dataclass(frozen=True)
class Step:
    id: str
    page: str  # the page's script, relative to the project
    icon: str  # a Material Symbols icon, as Streamlit names it
    parts: tuple[str, ...]  # the fields of a workbook that this step fills in
    sections: tuple[str, ...]  # the vision document's sections it gives, by their builder
    progress: Callable[[Workbook, MaturityPack], Progress]
    changes: Callable[[Workbook, Workbook, str], list[Difference]]


STEPS: tuple[Step, ...] = (
    Step(
        "assessment",
        "app_pages/assessment.py",
        ":material/insights:",
        parts=("assessments",),
        sections=("maturity", "disagreement", "since_last_round"),
        progress=progress.assessment_progress,
        changes=changes.assessment_changes,
    ),
    Step(
        "crm",
        "app_pages/crm.py",
        ":material/database:",
        parts=("crm",),
        sections=("crm",),
        progress=progress.crm_progress,
        changes=changes.crm_changes,
    ),
    Step(
        "goals",
        "app_pages/goals.py",
        ":material/flag:",
        parts=("goals", "nps"),
        sections=("goals",),
        progress=progress.goals_progress,
        changes=changes.goal_changes,
    ),
    Step(
        "journey",
        "app_pages/journey.py",
        ":material/route:",
        parts=("journey",),
        sections=("journey",),
        progress=progress.journey_progress,
        changes=changes.journey_changes,
    ),
    Step(
        "vision",
        "app_pages/vision.py",
        ":material/visibility:",
        parts=("promises", "vision"),
        sections=("promises", "vision"),
        progress=progress.vision_progress,
        changes=changes.vision_changes,
    ),
)
HOME = Step(
    "home",
    "app_pages/home.py",
    ":material/home:",
    parts=("meta",),
    sections=(),
    progress=lambda workbook, pack: Progress(0, 0),
    changes=changes.details_changes,
)


def step(step_id: str) -> Step:
    return next(s for s in (HOME, *STEPS) if s.id == step_id)


def steps_of(pack: MaturityPack) -> tuple[Step, ...]:
    """The steps of a workshop on `pack`: those it names, in the registry's order."""
    return tuple(s for s in STEPS if pack.has_step(s.id))


def sections_of(pack: MaturityPack) -> list[str]:
    """The vision document's sections that the workshop's steps give: the customer promises
    only where the pack has them."""
    return [
        name
        for s in steps_of(pack)
        for name in s.sections
        if name != "promises" or pack.has_step("promises")
    ]


def step_progress(workbook: Workbook, pack: MaturityPack) -> list[tuple[Step, Progress]]:
    """Per step of the workshop, how far it is filled in."""
    return [(s, s.progress(workbook, pack)) for s in steps_of(pack)]


def differences(before: Workbook, after: Workbook, lang: str) -> list[Difference]:
    """What changes from `before` to `after`, in the order of the steps."""
    return [found for s in (HOME, *STEPS) for found in s.changes(before, after, lang)]
