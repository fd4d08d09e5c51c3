"""The CRM step read together with the assessment: does the chosen starting point fit the score
the team gave its customer data, and which of the chosen state's steps did the team commit to?"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cxworkbook.model import Crm
from cxworkbook.templates import CrmPack, CrmState, CrmStep

Verdict = Literal["agrees", "below", "above"]


@dataclass(frozen=True)
class Fit:
    score: float
    verdict: Verdict


def crm_fit(state: CrmState, score: float) -> Fit:
    """'below' when the assessment rates customer data lower than the chosen state usually has
    (a "modern" CRM with a low data score), 'above' when higher, else 'agrees'."""
    if score < state.fits.min:
        return Fit(score, "below")
    if score > state.fits.max:
        return Fit(score, "above")
    return Fit(score, "agrees")


def committed_steps(crm: Crm, content: CrmPack) -> list[CrmStep]:
    """The chosen state's next steps the team ticked, in the pack's order. Ticks left on another
    state's steps (the team changed its mind) are kept in the file but not counted."""
    if crm.state is None:
        return []
    try:
        state = content.state(crm.state)
    except KeyError:
        return []
    return [step for step in state.next_steps if step.id in crm.next_steps]
