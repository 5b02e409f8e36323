"""The pipeline: what `evaluate --record` stored, newest first, with each lead
that became a business opportunity marked as upgraded."""

from __future__ import annotations

from datetime import date

from graph_mtl.domain.models import OpportunityKind
from graph_mtl.domain.ports import GraphReader
from graph_mtl.services.answer import Answer

__all__ = ["Pipeline", "PipelineEntry", "pipeline"]


class PipelineEntry(Answer):
    id: str
    kind: OpportunityKind
    quality: float
    recorded_on: date
    recorded_by: str | None
    contact: str
    contact_name: str
    customer: str
    customer_name: str
    need: str
    need_name: str
    previous_kind: OpportunityKind | None
    upgraded: bool
    """A lead that an evaluation found to be a business opportunity."""
    details: dict[str, str]


class Pipeline(Answer):
    opportunities: list[PipelineEntry]
    leads: int
    business_opportunities: int
    upgraded: int


def pipeline(
    store: GraphReader,
    *,
    source: str | None = None,
    customer: str | None = None,
    kind: OpportunityKind | None = None,
) -> Pipeline:
    """The recorded evaluations (those `source` recorded, at `customer`, of `kind`,
    when given), newest first, then by id. `store` is the caller's view: a
    teammate's records come without their details, others' not at all."""
    found = [
        o
        for o in store.opportunities()
        if (source is None or o.recorded_by == source)
        and (customer is None or o.customer_id == customer)
        and (kind is None or o.kind is kind)
    ]
    found.sort(key=lambda o: (-o.recorded_on.toordinal(), o.id))
    people = store.people({o.contact_id for o in found})
    customers = {c.id: c.name for c in store.customers(ids={o.customer_id for o in found})}
    needs = {n.id: n.name for n in store.needs()}
    entries = [
        PipelineEntry(
            id=o.id,
            kind=o.kind,
            quality=o.quality,
            recorded_on=o.recorded_on,
            recorded_by=o.recorded_by,
            contact=o.contact_id,
            contact_name=people[o.contact_id].name if o.contact_id in people else o.contact_id,
            customer=o.customer_id,
            customer_name=customers.get(o.customer_id, o.customer_id),
            need=o.need_id,
            need_name=needs.get(o.need_id, o.need_id),
            previous_kind=o.previous_kind,
            upgraded=o.previous_kind is OpportunityKind.LEAD
            and o.kind is OpportunityKind.BUSINESS_OPPORTUNITY,
            details=dict(o.details),
        )
        for o in found
    ]
    return Pipeline(
        opportunities=entries,
        leads=sum(e.kind is OpportunityKind.LEAD for e in entries),
        business_opportunities=sum(e.kind is OpportunityKind.BUSINESS_OPPORTUNITY for e in entries),
        upgraded=sum(e.upgraded for e in entries),
    )
