"""The large workbook the benchmarks measure: 12 participants answering every question, a journey
of 8 stages × 10 touchpoints, 20 goals and 10 customer promises."""

from __future__ import annotations

import datetime as dt
import random

from cxworkbook import ops
from cxworkbook.edits import Data
from cxworkbook.goals import GoalDraft
from cxworkbook.model import Answer, JourneyStage, Workbook
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.store import FileStore
from cxworkbook.store.workbooks import new_workbook

ROLES = ["Executive", "Frontline", "IT", "CX"]


def build_large(store: FileStore, pack: MaturityPack, seed: int = 7) -> Workbook:
    chance = random.Random(seed)
    made = new_workbook("Iso Yritys Oyj", "Benchmark workbook", "fi", pack.ref, store.clock())
    wb = store.add(made)
    round_id = wb.current_round.id

    def edit(wb: Data) -> None:
        for n in range(12):
            ops.add_participant(round_id, f"Participant {n + 1}", ROLES[n % 4])(wb)
        assessment = wb["assessments"][-1]
        for participant in assessment["participants"]:
            for _, q in pack.questions:
                participant["answers"][q.id] = Answer(
                    current=chance.randint(1, 4), note="Huomio " * chance.randint(0, 6)
                ).model_dump()
            for d in pack.dimensions:
                participant["answers"][d.id] = Answer(target=chance.randint(3, 5)).model_dump()
        assessment["revealed"] = True
        stages = [JourneyStage(id=f"stage-{s}", name=f"Vaihe {s + 1}") for s in range(8)]
        ops.start_journey(stages)(wb)
        for s in range(8):
            for t in range(10):
                ops.add_touchpoint(
                    f"stage-{s}",
                    f"Kosketuspiste {s + 1}.{t + 1}",
                    channel=chance.choice(["web", "phone", "app", "store", "Oma kanava"]),
                    delivery=chance.choice(["in-house", "partner", "outsourced", None]),
                    effectiveness=chance.randint(1, 5),
                    ease=chance.randint(1, 5),
                    emotion=chance.randint(1, 5),
                    moment_that_matters=t % 4 == 0,
                    pain_point="Asiakas odottaa liian kauan" if t % 4 == 0 else "",
                )(wb)
        day = dt.date(2026, 11, 1)
        dimensions = [d.id for d in pack.dimensions]
        for g in range(20):
            ops.add_goal(
                GoalDraft(
                    title=f"Tavoite {g + 1}",
                    metric="Mittari",
                    unit="%",
                    baseline_date=day,
                    deadline=day.replace(year=2028),
                    dimensions=tuple(chance.sample(dimensions, 2)),
                )
            )(wb)
            wb["goals"][-1].update(baseline=40.0, target=60.0 + g)
        for p in range(10):
            ops.add_promise(f"Lupaus {p + 1}: vastaamme päivässä", "Odotus")(wb)

    return store.update(wb.id, edit)
