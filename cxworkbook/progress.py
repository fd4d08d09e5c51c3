"""How far each of the five steps of a workbook is filled in, for the overview on the home page."""

from __future__ import annotations

from dataclasses import dataclass

from cxworkbook.goals import is_measurable
from cxworkbook.model import Workbook
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.scoring import answered_questions

STEPS = ("assessment", "crm", "goals", "journey", "vision")


@dataclass(frozen=True)
class StepProgress:
    step: str
    done: int
    total: int

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


def _count_filled(values: list[object]) -> int:
    return sum(1 for v in values if v not in (None, "", []))


def step_progress(workbook: Workbook, pack: MaturityPack) -> list[StepProgress]:
    """Per step, what is done out of what there is to do (a step with nothing in it is 0 of 0)."""
    crm, vision, journey = workbook.crm, workbook.vision, workbook.journey
    complete_goals = [g for g in workbook.goals if is_measurable(g)]
    crm_fields = [crm.state, crm.data_quality, crm.usability, crm.channel_coverage]
    pillars = [vision.statement, vision.strategy, vision.technology, vision.people]
    return [
        StepProgress(
            "assessment",
            answered_questions(pack, workbook.current_round.participants),
            pack.question_count,
        ),
        StepProgress("crm", _count_filled(crm_fields), len(crm_fields)),
        StepProgress("goals", len(complete_goals), len(workbook.goals)),
        StepProgress(
            "journey",
            sum(1 for s in journey.stages if s.touchpoints),
            len(journey.stages),
        ),
        StepProgress("vision", _count_filled(pillars), len(pillars)),
    ]
