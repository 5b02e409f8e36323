"""Forgetting forgets, on every store: after `forget`, the person's id, name and
e-mail are nowhere in the export (every field) or in any report format, and the
erasure log proves it happened without naming them."""

from __future__ import annotations

import json
from datetime import date

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Audience,
    Channel,
    ChannelKind,
    IntroEvent,
    IntroRequest,
    IntroStatus,
    Opportunity,
    OpportunityKind,
    Person,
    Reach,
    Tie,
)
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import NotFound
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.reports import ReportFormat, render
from graph_mtl.services.access import COMMAND_LINE, forget, issue_key, was_erased
from graph_mtl.services.report import build_report

GONE = Person(
    id="forget-me-7",
    name="Ingrid Vanterpool",
    customer_id="acme",
    title="CIO",
    roles=("cio",),
    email="ingrid.v@example.org",
)
TRACES = (GONE.id, GONE.name, GONE.email)
TODAY = date(2026, 12, 2)


def _everything(store: GraphStore) -> str:
    """Every field the store exports, and every report format, as one text."""
    bundle = store.export()
    texts = [json.dumps(bundle.canonical(), ensure_ascii=False, default=str)]
    report = build_report(store, load_playbook(None), "sp")
    texts += [render(report, fmt) for fmt in ReportFormat]
    return "\n".join(texts)


@pytest.fixture
def loaded(store: GraphStore, sample_bundle: Bundle) -> GraphStore:
    store.load(sample_bundle)
    store.load(
        Bundle(
            people=[GONE],
            ties=[
                Tie(source="sp", target=GONE.id, strength=0.9, context="met Ingrid at CIO club"),
                Tie(source=GONE.id, target="a1", strength=0.8),
            ],
            channels=[
                Channel(
                    id="ch-ingrid",
                    name="Ingrid's referrals",
                    kind=ChannelKind.OLD_CUSTOMER,
                    audience=Audience.TARGET,
                    person_id=GONE.id,
                )
            ],
            reach=[
                Reach(channel_id="ch-ingrid", target_id="acme", strength=0.6),
                Reach(channel_id="zhihu", target_id=GONE.id, strength=0.3),
            ],
            opportunities=[
                Opportunity(
                    id="opp-ingrid",
                    contact_id=GONE.id,
                    customer_id="acme",
                    need_id="erp",
                    kind=OpportunityKind.LEAD,
                    quality=0.5,
                    recorded_on=TODAY,
                    details={"notes": "Ingrid Vanterpool wants a demo"},
                )
            ],
        )
    )
    return store


def test_forgetting_leaves_no_trace_in_exports_or_reports(loaded: GraphStore) -> None:
    before = _everything(loaded)
    assert all(trace in before for trace in TRACES), "the test looks where the person was"
    erasure = forget(loaded, COMMAND_LINE, GONE.id, today=TODAY)
    after = _everything(loaded)
    assert [trace for trace in TRACES if trace in after] == []
    assert "Ingrid" not in after
    assert loaded.channels(person_ids=[GONE.id]) == []
    assert not any(o.contact_id == GONE.id for o in loaded.opportunities())
    assert not any(r.target_id == GONE.id or r.channel_id == "ch-ingrid" for r in loaded.reach())
    [logged] = loaded.erasures()
    assert logged == erasure and was_erased(logged, GONE.id) and not was_erased(logged, "a1")
    assert not any(trace in logged.model_dump_json() for trace in TRACES)
    with pytest.raises(NotFound):
        forget(loaded, COMMAND_LINE, GONE.id, today=TODAY)


def test_a_forgotten_salespersons_keys_are_gone(loaded: GraphStore) -> None:
    issue_key(loaded, "sp", today=TODAY)
    forget(loaded, COMMAND_LINE, "sp", today=TODAY)
    assert loaded.api_keys(salesperson_id="sp") == []
    loaded.load(Bundle(people=[Person(id="sp", name="张伟", is_salesperson=True)]))
    assert loaded.api_keys(salesperson_id="sp") == []


def test_what_others_wrote_about_them_is_scrubbed(loaded: GraphStore) -> None:
    mention = f"introduced by {GONE.name} <{GONE.email.upper()}>; ask INGRID VANTERPOOL"
    loaded.load(
        Bundle(
            ties=[Tie(source="a1", target="a2", strength=0.5, context=mention)],
            opportunities=[
                Opportunity(
                    id="opp-a1",
                    contact_id="a1",
                    customer_id="acme",
                    need_id="erp",
                    kind=OpportunityKind.LEAD,
                    quality=0.5,
                    recorded_on=TODAY,
                    details={"source": mention, "Ingrid Vanterpool": "said so"},
                )
            ],
        )
    )
    intro = IntroRequest(
        id="intro-1",
        salesperson_id="sp",
        target_id="a2",
        via_id="a1",
        requested_on=TODAY,
        note=f"{GONE.name} says a1 knows a2",
        history=(
            IntroEvent(status=IntroStatus.ACCEPTED, on=TODAY, by="a1", note=f"cc {GONE.email}"),
        ),
    )
    assert loaded.save_intro(intro, expected=None)
    erasure = forget(loaded, COMMAND_LINE, GONE.id, today=TODAY)
    [tie] = loaded.ties([("a1", "a2")]).values()
    scrubbed = "introduced by [forgotten] <[forgotten]>; ask [forgotten]"
    assert tie.context == scrubbed
    [opportunity] = [o for o in loaded.opportunities() if o.id == "opp-a1"]
    assert opportunity.details == {"source": scrubbed, "[forgotten]": "said so"}
    [kept] = loaded.intros(ids=["intro-1"])
    assert kept.note == "[forgotten] says a1 knows a2"
    assert kept.history[0].note == "cc [forgotten]"
    assert len(erasure.handles) == 1  # the e-mail's salted hash (no source keys)
    assert loaded.erasures() == [erasure]
