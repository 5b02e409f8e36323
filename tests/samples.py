"""A small hand-built bundle that exercises every kind of item."""

from __future__ import annotations

from datetime import date

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Audience,
    Capability,
    CapabilityKind,
    Channel,
    ChannelKind,
    Customer,
    CustomerNeed,
    CustomerStatus,
    Employment,
    Need,
    Opportunity,
    OpportunityKind,
    Person,
    Power,
    Reach,
    Role,
    Tie,
    TieEvidence,
)

__all__ = ["make_sample_bundle"]


def make_sample_bundle() -> Bundle:
    """A salesperson, two customers and a handful of people, ties and channels."""
    return Bundle(
        people=[
            Person(id="sp", name="张伟", is_salesperson=True, email="zhang@example.com"),
            Person(id="peer", name='Peer, "Pat"; seller', title="Sales"),
            Person(id="a1", name="Ann", customer_id="acme", title="CIO", roles=("cio",)),
            Person(id="a2", name="Bo\nLine", customer_id="acme", roles=("it", "buyer")),
            Person(id="a3", name="Cy", customer_id="acme"),
            Person(id="o1", name="Olga", customer_id="oldco"),
        ],
        ties=[
            Tie(source="sp", target="peer", strength=0.9, context="same sales club"),
            Tie(source="peer", target="a1", strength=0.6, last_contact=date(2026, 3, 1)),
            Tie(source="a2", target="sp", strength=0.3, context="met at a summit"),
            Tie(source="a1", target="a2", strength=1.0, context="colleagues"),
            Tie(source="sp", target="o1", strength=0.8),
            Tie(source="o1", target="a3", strength=0.5),
        ],
        customers=[
            Customer(
                id="acme",
                name="Acme, Inc.",
                status=CustomerStatus.TARGET,
                industry="retail",
                revenue=5e8,
                headcount=1200,
                region="east",
                situation=("rapid_growth",),
            ),
            Customer(id="oldco", name="老客户", status=CustomerStatus.EXISTING),
        ],
        needs=[
            Need(id="erp", name="ERP", description="modern ERP", can_meet=True),
            Need(id="hw", name="Hardware", can_meet=False),
        ],
        roles=[
            Role(id="cio", name="CIO", cares_about=("erp", "hw"), power=Power.DECISION_MAKER),
            Role(id="it", name="IT manager", cares_about=("erp",), power=Power.INFLUENCER),
            Role(id="buyer", name="Procurement", cares_about=("hw",), power=Power.GATEKEEPER),
        ],
        customer_needs=[
            CustomerNeed(
                customer_id="acme",
                need_id="erp",
                approved=True,
                budget_this_year=True,
                budget=800000.0,
                kpi_related=True,
            ),
        ],
        capabilities=[
            Capability(
                id="suite",
                name="ERP suite",
                kind=CapabilityKind.SOLUTION,
                solves=("erp",),
                price_min=300000.0,
                price_max=1200000.0,
                advantages=("fast rollout",),
            ),
        ],
        channels=[
            Channel(id="zhihu", name="知乎", kind=ChannelKind.QA_SITE, audience=Audience.TARGET),
            Channel(
                id="ch-peer",
                name="Pat",
                kind=ChannelKind.PEER_SALESPERSON,
                audience=Audience.POTENTIAL,
                person_id="peer",
            ),
        ],
        reach=[
            Reach(channel_id="zhihu", target_id="acme", strength=0.4),
            Reach(channel_id="ch-peer", target_id="a3", strength=0.7),
        ],
        opportunities=[
            Opportunity(
                id="opp1",
                contact_id="a2",
                customer_id="acme",
                need_id="erp",
                kind=OpportunityKind.BUSINESS_OPPORTUNITY,
                quality=0.7,
                recorded_on=date(2026, 11, 1),
                details={"budget": "yes"},
            ),
        ],
        evidence=[
            TieEvidence(
                source="sp",
                target="o1",
                origin="LinkedIn",
                since=date(2021, 5, 4),
                contacts=4,
                sent=3,
                received=1,
                last_contact=date(2026, 10, 2),
            ),
            TieEvidence(source="o1", target="sp", origin="HubSpot: the contact's owner"),
        ],
        employments=[
            Employment(
                person_id="o1",
                origin="LinkedIn (sp)",
                company="Acme Ltd.",
                customer_id="acme",
                ref="li-olga",
                since=date(2024, 1, 1),
                until=date(2026, 6, 1),
            ),
            Employment(
                person_id="o1",
                origin="LinkedIn (sp)",
                company="老客户有限公司",
                customer_id="oldco",
                title="采购经理",
                ref="li-olga",
                since=date(2026, 6, 1),
            ),
        ],
    )
