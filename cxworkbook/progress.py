"""How far each step of a workbook is filled in, for the overview on the home page: one rule per
step, named in the step registry (`cxworkbook.steps`)."""

from __future__ import annotations

from dataclasses import dataclass

from cxworkbook.goals import is_measurable
from cxworkbook.model import Workbook
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.scoring import answered_questions


@dataclass(frozen=True)
class Progress:
    """What is done out of what there is to do (a step with nothing in it is 0 of 0)."""

    done: int
    total: int

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


def _filled(values: list[object]) -> Progress:
    return Progress(sum(1 for v in values if v not in (None, "", [])), len(values))


def assessment_progress(workbook: Workbook, pack: MaturityPack) -> Progress:
    answered = answered_questions(pack, workbook.current_round.participants)
    return Progress(answered, pack.question_count)


def crm_progress(workbook: Workbook, pack: MaturityPack) -> Progress:
    crm = workbook.crm
    return _filled([crm.state, crm.data_quality, crm.usability, crm.channel_coverage])


def goals_progress(workbook: Workbook, pack: MaturityPack) -> Progress:
    return Progress(sum(1 for g in workbook.goals if is_measurable(g)), len(workbook.goals))


def journey_progress(workbook: Workbook, pack: MaturityPack) -> Progress:
    stages = workbook.journey.stages
    return Progress(sum(1 for s in stages if s.touchpoints), len(stages))


def vision_progress(workbook: Workbook, pack: MaturityPack) -> Progress:
    vision = workbook.vision
    return _filled([vision.statement, vision.strategy, vision.technology, vision.people])
