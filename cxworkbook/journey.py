"""The customer journey map: stages from a template, the tables behind its charts, the pain points
at moments that matter, and CSV export and import.

Effectiveness, ease and emotion are the three parts of an experience (emotion weighs most), so the
charts put emotion first: its curve across the stages, with the moments that matter marked.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import mean

import pandas as pd
from pydantic import ValidationError

from cxworkbook.ids import slugify, unique_id
from cxworkbook.model import Journey, JourneyStage, Touchpoint
from cxworkbook.store.protocol import WorkbookStore
from cxworkbook.templates import JourneyTemplate
from cxworkbook.yamlio import FileProblem, FileProblems, clean_line

RATINGS = ("effectiveness", "ease", "emotion")
DELIVERIES = ("in-house", "partner", "outsourced")
EVIDENCE = ("assumed", "anecdotal", "measured")
MAX_CSV_BYTES = 1_000_000


def stages_from_template(template: JourneyTemplate, lang: str) -> list[JourneyStage]:
    return [JourneyStage(id=s.id, name=s.name.get(lang)) for s in template.stages]


def new_touchpoint_id(name: str, journey: Journey) -> str:
    """An id made from the name, unused by any touchpoint in any stage."""
    taken = {t.id for s in journey.stages for t in s.touchpoints}
    return unique_id(slugify(name, fallback="touchpoint"), taken)


def new_stage_id(name: str, journey: Journey) -> str:
    return unique_id(slugify(name, fallback="stage"), {s.id for s in journey.stages})


# --- chart and list tables ------------------------------------------------------------------


def touchpoint_table(journey: Journey) -> pd.DataFrame:
    """One row per touchpoint in map order, numbered so that names used twice stay apart."""
    rows = [
        {
            "stage_id": stage.id,
            "stage": stage.name,
            "number": number,
            "touchpoint": f"{number}. {tp.name}",
            "effectiveness": tp.effectiveness,
            "ease": tp.ease,
            "emotion": tp.emotion,
            "moment": tp.moment_that_matters,
            "delivery": tp.delivery,
        }
        for number, (stage, tp) in enumerate(
            ((s, t) for s in journey.stages for t in s.touchpoints), start=1
        )
    ]
    columns = ["stage_id", "stage", "number", "touchpoint", *RATINGS, "moment", "delivery"]
    table = pd.DataFrame(rows, columns=columns)
    for rating in RATINGS:
        table[rating] = table[rating].astype("Float64")
    return table


def emotion_table(journey: Journey) -> pd.DataFrame:
    """Per stage, in map order: the mean emotion of its rated touchpoints (None if none is rated),
    how many touchpoints it has, and how many of them are moments that matter."""
    rows = []
    for stage in journey.stages:
        rated = [t.emotion for t in stage.touchpoints if t.emotion is not None]
        rows.append(
            {
                "stage": stage.name,
                "emotion": round(mean(rated), 2) if rated else None,
                "touchpoints": len(stage.touchpoints),
                "moments": sum(t.moment_that_matters for t in stage.touchpoints),
            }
        )
    table = pd.DataFrame(rows, columns=["stage", "emotion", "touchpoints", "moments"])
    table["emotion"] = table["emotion"].astype("Float64")
    return table


def delivery_table(journey: Journey) -> pd.DataFrame:
    """Per stage: touchpoints run in-house, by a partner, outsourced, or not decided yet."""
    rows = []
    for stage in journey.stages:
        counts = dict.fromkeys((*DELIVERIES, "unknown"), 0)
        for tp in stage.touchpoints:
            counts[tp.delivery or "unknown"] += 1
        rows.append({"stage": stage.name, **counts})
    return pd.DataFrame(rows, columns=["stage", *DELIVERIES, "unknown"])


@dataclass(frozen=True)
class PainPoint:
    stage: str
    touchpoint: Touchpoint


def pain_points(journey: Journey) -> list[PainPoint]:
    """Pain points at moments that matter, lowest emotion first (unrated ones last, in map order):
    the raw material for customer promises and goals."""
    found = [
        PainPoint(stage.name, tp)
        for stage in journey.stages
        for tp in stage.touchpoints
        if tp.moment_that_matters and tp.pain_point.strip()
    ]
    return sorted(found, key=lambda p: 6 if p.touchpoint.emotion is None else p.touchpoint.emotion)


# --- CSV --------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "stage_id",
    "stage",
    "id",
    "name",
    "channel",
    "owner",
    "delivery",
    *RATINGS,
    "moment_that_matters",
    "pain_point",
    "opportunity",
    "evidence",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_TRUE, _FALSE = {"true", "yes", "1", "x", "kyllä"}, {"false", "no", "0", "", "ei"}


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe, which spreadsheets
    show as text and which `restore` takes off again."""
    return f"'{cell}" if cell.startswith(_FORMULA_START) or cell.startswith("'") else cell


def restore(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(str(value))


def journey_to_csv(journey: Journey) -> bytes:
    """The map as CSV, one row per touchpoint (a stage without touchpoints gets a row with only
    its stage), UTF-8 with a byte order mark so spreadsheets read the letters right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for stage in journey.stages:
        if not stage.touchpoints:
            writer.writerow([_cell(stage.id), _cell(stage.name)] + [""] * (len(CSV_COLUMNS) - 2))
        for tp in stage.touchpoints:
            data = tp.model_dump()
            writer.writerow(
                [_cell(stage.id), _cell(stage.name)] + [_cell(data[c]) for c in CSV_COLUMNS[2:]]
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def journey_csv(store: WorkbookStore, workbook_id: str) -> bytes:
    """The saved map of a workbook as CSV, for a download built only when it is asked for."""
    return journey_to_csv(store.read(workbook_id).journey)


def _flag(text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"moment_that_matters must be true or false, not {text!r}")


def _touchpoint_fields(record: dict[str, str]) -> dict[str, object]:
    fields: dict[str, object] = {
        "name": record["name"],
        "channel": record["channel"],
        "owner": record["owner"],
        "pain_point": record["pain_point"],
        "opportunity": record["opportunity"],
        "moment_that_matters": _flag(record["moment_that_matters"]),
    }
    for rating in RATINGS:
        text = record[rating].strip()
        if text and not text.isdigit():
            raise ValueError(f"{rating} must be a whole number from 1 to 5, not {text!r}")
        fields[rating] = int(text) if text else None
    for name in ("delivery", "evidence"):
        fields[name] = record[name].strip() or None
    return fields


def _rows(data: bytes, file: str) -> Iterable[tuple[int, dict[str, str]]]:
    if len(data) > MAX_CSV_BYTES:
        raise FileProblems([FileProblem(file=file, message="the file is larger than 1 MB")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblems([FileProblem(file=file, message="the file is not UTF-8 text")]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        message = f"columns missing: {', '.join(missing)} (export a map to see the format)"
        raise FileProblems([FileProblem(file=file, message=message, line=1)])
    for record in reader:
        yield reader.line_num, {c: restore(record[c] or "") for c in CSV_COLUMNS}


def journey_from_csv(data: bytes, file: str) -> list[JourneyStage]:
    """Read an exported map back: stages in the order they first appear, each touchpoint under its
    stage; ids are kept where the file has them. Every problem is reported with its line, and
    nothing is returned unless the whole file is valid."""
    stages: dict[str, JourneyStage] = {}
    problems: list[FileProblem] = []
    built = Journey()
    for line, record in _rows(data, file):
        stage_name = clean_line(record["stage"]).strip()
        if not stage_name:
            problems.append(FileProblem(file=file, line=line, message="the stage is empty"))
            continue
        stage_key = record["stage_id"].strip() or stage_name
        stage = stages.get(stage_key)
        try:
            if stage is None:
                stage_id = record["stage_id"].strip() or new_stage_id(stage_name, built)
                stage = JourneyStage(id=stage_id, name=stage_name)
                stages[stage_key] = stage
                built.stages.append(stage)
            if not any(record[c].strip() for c in CSV_COLUMNS[2:]):
                continue  # a stage without touchpoints
            fields = _touchpoint_fields(record)
            tp_id = record["id"].strip() or new_touchpoint_id(str(fields["name"]), built)
            stage.touchpoints.append(Touchpoint.model_validate({"id": tp_id, **fields}))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                where = ".".join(str(p) for p in err["loc"])
                problems.append(FileProblem(file=file, line=line, field=where, message=err["msg"]))
        except ValueError as exc:
            problems.append(FileProblem(file=file, line=line, message=str(exc)))
    if problems:
        raise FileProblems(problems)
    try:
        return Journey.model_validate(built.model_dump()).stages
    except ValidationError as exc:
        raise FileProblems(
            [FileProblem(file=file, message=e["msg"]) for e in exc.errors(include_url=False)]
        ) from None
