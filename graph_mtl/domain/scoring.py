"""P1 and P2 as pure functions: which needs we can meet, how well a potential
customer fits, how valid a target customer's opportunity is. Every score keeps
the criteria that made it, so a salesperson can argue with it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from graph_mtl.domain.models import Capability, Customer, CustomerNeed, Need
from graph_mtl.domain.playbook import Band, Fit, Validity
from graph_mtl.domain.wording import number
from graph_mtl.i18n import N_, _

__all__ = [
    "Criterion",
    "Score",
    "fit_score",
    "meetable",
    "solving_capabilities",
    "validity_score",
    "weighted",
]


class Criterion(BaseModel):
    """One reason in a score: what was checked, what it was worth, what it earned."""

    model_config = ConfigDict(frozen=True)

    name: str
    weight: float
    score: float
    reason: str


class Score(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: float
    criteria: list[Criterion]


def weighted(criteria: Sequence[Criterion]) -> Score:
    """The weighted mean of the criteria's scores (0 when nothing carries weight)."""
    total = sum(c.weight for c in criteria)
    value = sum(c.weight * c.score for c in criteria) / total if total else 0.0
    return Score(value=value, criteria=list(criteria))


def meetable(need: Need | None) -> bool:
    """P1: only a known need that our capabilities can satisfy is an opportunity."""
    return need is not None and need.can_meet


def solving_capabilities(need_id: str, capabilities: Iterable[Capability]) -> list[Capability]:
    return [c for c in capabilities if need_id in c.solves]


def fit_score(customer: Customer, fit: Fit) -> Score:
    """P2 for a potential customer: industry, revenue, headcount and situation."""
    industry = fit.industries.get(customer.industry, 0.0)
    best_tag = max(customer.situation, key=lambda t: fit.situations.get(t, 0.0), default=None)
    situation = fit.situations.get(best_tag, 0.0) if best_tag else 0.0
    return weighted(
        [
            Criterion(
                name="industry",
                weight=fit.industry_weight,
                score=industry,
                reason=(
                    _(
                        "industry {industry} scores {score:g}",
                        industry=customer.industry,
                        score=industry,
                    )
                    if customer.industry
                    else _("industry unknown scores {score:g}", score=industry)
                ),
            ),
            _banded("revenue", customer.revenue, fit.revenue_bands, fit.revenue_weight),
            _banded("headcount", customer.headcount, fit.headcount_bands, fit.headcount_weight),
            Criterion(
                name="situation",
                weight=fit.situation_weight,
                score=situation,
                reason=(
                    _("situation {situation} scores {score:g}", situation=best_tag, score=situation)
                    if best_tag
                    else _("no known situation")
                ),
            ),
        ]
    )


_UNKNOWN = {"revenue": N_("revenue unknown"), "headcount": N_("headcount unknown")}
_SCORES = {
    "revenue": N_("revenue {value:g} scores {score:g}"),
    "headcount": N_("headcount {value:g} scores {score:g}"),
}


def _banded(name: str, value: float | None, bands: Sequence[Band], weight: float) -> Criterion:
    if value is None:
        return Criterion(name=name, weight=weight, score=0.0, reason=_(_UNKNOWN[name]))
    score = max((b.score for b in bands if b.holds(value)), default=0.0)
    return Criterion(
        name=name,
        weight=weight,
        score=score,
        reason=_(_SCORES[name], value=value, score=score),
    )


def validity_score(
    customer_need: CustomerNeed, capabilities: Iterable[Capability], validity: Validity
) -> Score:
    """P2 for a target customer's need: approved, budget this year, budget within the
    price band of a capability that solves it, a key person's KPI tied to it."""
    solvers = solving_capabilities(customer_need.need_id, capabilities)
    budget = customer_need.budget
    in_band = [c for c in solvers if budget is not None and c.price_min <= budget <= c.price_max]
    if budget is None:
        band_reason = _("no budget figure")
    elif in_band:
        band_reason = _(
            "budget {budget} fits {capabilities}",
            budget=number(budget),
            capabilities=_(", ").join(c.name for c in in_band),
        )
    elif solvers:
        bands = ", ".join(f"{number(c.price_min)}-{number(c.price_max)}" for c in solvers)
        band_reason = _(
            "budget {budget} is outside our price band ({bands})",
            budget=number(budget),
            bands=bands,
        )
    else:
        band_reason = _("no capability of ours solves this need")
    return weighted(
        [
            _flag("approved", customer_need.approved, validity.approved, N_("project approved")),
            _flag(
                "budget_this_year",
                customer_need.budget_this_year,
                validity.budget_this_year,
                N_("budget this year"),
            ),
            Criterion(
                name="budget_in_band",
                weight=validity.budget_in_band,
                score=1.0 if in_band else 0.0,
                reason=band_reason,
            ),
            _flag(
                "kpi_related",
                customer_need.kpi_related,
                validity.kpi_related,
                N_("a key person's KPI is tied to it"),
            ),
        ]
    )


def _flag(name: str, held: bool, weight: float, what: str) -> Criterion:
    return Criterion(
        name=name,
        weight=weight,
        score=1.0 if held else 0.0,
        reason=_(what) if held else _("not: {what}", what=_(what)),
    )
