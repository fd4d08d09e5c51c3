"""Data tables shared by pages, charts and exports: every chart is drawn from one of these, and
the same table is shown beside it as the chart's text alternative."""

from __future__ import annotations

import pandas as pd

from cxworkbook.i18n import MISSING, format_decimal, translate
from cxworkbook.questionnaire import MaturityPack, Sign, Stage
from cxworkbook.scoring import RoundScore, shown, shown_gap, sign_value

DIMENSION_COLUMNS = ["dimension_id", "dimension", "current", "target", "gap", "answered", "spread"]


def score_text(value: float | None, lang: str) -> str:
    """A score written out as `shown` gives it ("2,3" in Finnish, "2.3" in English), or MISSING."""
    return MISSING if value is None or pd.isna(value) else format_decimal(shown(value), ".1f", lang)


def answer_text(value: float | None, lang: str) -> str:
    """An answer's value as given ("3", "0,25" in Finnish), or MISSING; 0 is an answer."""
    return MISSING if value is None else format_decimal(value, "g", lang)


def gap_text(value: float | None, lang: str) -> str:
    """A gap written out with its sign ("+1,5" in Finnish, "+1.5" in English), or MISSING."""
    return MISSING if value is None or pd.isna(value) else format_decimal(value, "+.1f", lang)


def dimension_table(score: RoundScore, pack: MaturityPack, lang: str) -> pd.DataFrame:
    """One row per dimension, largest gap first; dimensions without a gap follow in pack order.

    Values are rounded as shown to people. `spread` is how far apart the participants' own
    dimension scores are (max − min).
    """
    rows = [
        {
            "dimension_id": d.dimension_id,
            "dimension": pack.dimension(d.dimension_id).name(lang),
            "current": shown(d.current),
            "target": shown(d.target),
            "gap": shown_gap(d.target, d.current),
            "answered": f"{d.answered}/{d.questions}",
            "spread": shown(d.by_participant_current.spread),
        }
        for d in score.dimensions
    ]
    gaps = pd.Series([d.shown_gap for d in score.dimensions], dtype="float64")
    order = gaps.fillna(float("-inf")).sort_values(ascending=False, kind="stable").index
    return pd.DataFrame(rows, columns=DIMENSION_COLUMNS).loc[order].reset_index(drop=True)


def workshop_words(pack: MaturityPack, lang: str) -> dict[str, str]:
    """What the frame and the document call the pack's subject and its path of stages, as in
    the middle of a sentence: the pack's own words, else neutral ones."""
    if pack.words is not None:
        return {"subject": pack.words.subject.get(lang), "path": pack.words.path.get(lang)}
    return {"subject": translate(lang, "words.subject"), "path": translate(lang, "words.path")}


def rule_words(pack: MaturityPack, lang: str) -> dict[str, str]:
    """How the pack makes a team's value and a dimension's, in words for the document's notes."""
    rules = pack.scoring
    team = {
        "median": translate(lang, "report.rule.median"),
        "lower-median": translate(lang, "report.rule.lower_median"),
    }[rules.team]
    kind = {"mean": translate(lang, "report.rule.mean"), "sum": translate(lang, "report.rule.sum")}
    if any(d.streams for d in pack.dimensions):
        roll_up = translate(
            lang,
            "report.rule.streams",
            rule=kind[rules.dimension_roll_up],
            stream_rule=kind[rules.stream_roll_up],
        )
    else:
        roll_up = translate(lang, "report.rule.questions", rule=kind[rules.dimension_roll_up])
    if rules.unanswered != "skip":
        value = format_decimal(rules.unanswered, "g", lang)
        roll_up = translate(lang, "report.rule.unanswered", roll_up=roll_up, value=value)
    return {"team": team, "roll_up": roll_up, **scale_words(pack, lang)}


def pack_credit(pack: MaturityPack, lang: str) -> str:
    """The model a round is answered on, as it names itself: "Title 2.0 · source · licence"."""
    title = pack.title.get(lang)
    named = f"{title} {pack.model_version}" if pack.model_version else title
    source = pack.source.name if pack.source else None
    return " · ".join(part for part in (named, source, pack.licence) if part)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


PART_COLUMNS = ["part", "current", "target", "gap"]


def _named(label: str | None, title: str) -> str:
    return f"{label} · {title}" if label else title


def part_table(score: RoundScore, pack: MaturityPack, lang: str) -> pd.DataFrame:
    """The roll-ups above and below the dimensions, where the pack has them: each area, then each
    stream under its dimension's name, with today, the target and the gap as shown."""
    rows = [
        [_named(area.label, area.title.get(lang)), a.current, a.target]
        for area, a in zip(pack.areas, score.areas, strict=True)
    ]
    for dimension in pack.dimensions:
        streams = {s.id: s for s in dimension.streams}
        for part in score.dimension(dimension.id).streams:
            stream = streams[part.id]
            name = _named(stream.label, stream.title.get(lang))
            if not stream.label:
                name = f"{dimension.title.get(lang)} › {name}"
            rows.append([name, part.current, part.target])
    return pd.DataFrame(
        [[name, shown(now), shown(goal), shown_gap(goal, now)] for name, now, goal in rows],
        columns=PART_COLUMNS,
    )


def scale_words(pack: MaturityPack, lang: str) -> dict[str, str]:
    """The ends of the pack's score range as written: {"low": "1", "high": "5"}."""
    low, high = (format_decimal(v, "g", lang) for v in pack.score_range)
    return {"low": low, "high": high}


def level_text(pack: MaturityPack, score: RoundScore, lang: str) -> str:
    """ "Overall 2.6 of 5: nearest to level 3, “Defined”.", or "" before any answer; on a scale
    whose levels are not whole numbers, the score on it."""
    if score.current is None:
        return ""
    ends = scale_words(pack, lang)
    current = score_text(score.current, lang)
    level = next((o for o in pack.scale if o.value == score.level), None)
    if level is None:
        return translate(lang, "results.overall", score=current, **ends)
    label = level.label.get(lang)
    return translate(lang, "results.level", score=current, level=score.level, label=label, **ends)


def _about(pack: MaturityPack, about: str, lang: str) -> str:
    """A sign's dimension by its title, a question as "Dimension n" or by its own label, and the
    whole where it names neither."""
    if not about:
        return translate(lang, "results.whole")
    for dimension in pack.dimensions:
        if dimension.id == about:
            return dimension.title.get(lang)
        for number, question in enumerate(dimension.questions, start=1):
            if question.id == about:
                return question.label or f"{dimension.title.get(lang)} {number}"
    return about


def _sign_text(pack: MaturityPack, score: RoundScore, sign: Sign, lang: str) -> str:
    limits = []
    if sign.at_least is not None:
        limits.append(
            translate(lang, "results.sign_at_least", limit=score_text(sign.at_least, lang))
        )
    if sign.at_most is not None:
        limits.append(translate(lang, "results.sign_at_most", limit=score_text(sign.at_most, lang)))
    value = score_text(sign_value(score, sign.about), lang)
    return f"{_about(pack, sign.about, lang)} {value} ({', '.join(limits)})"


def sign_texts(pack: MaturityPack, score: RoundScore, stage: Stage, lang: str) -> list[str]:
    """Why a stage is suggested: each of its signs with the team's value, "Strategy 2.4 (at
    least 2.0)"."""
    return [_sign_text(pack, score, sign, lang) for sign in stage.signs]
