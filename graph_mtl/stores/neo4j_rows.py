"""Rows for the Neo4j store: domain objects as the parameters of its write
statements, and the records of its reads as domain objects again."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import neo4j
from pydantic import BaseModel

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.forgetting import Mentions
from graph_mtl.domain.models import (
    ApiKey,
    Channel,
    Customer,
    Employment,
    IntroRequest,
    Opportunity,
    Person,
    Tie,
    TieEvidence,
    as_person,
)
from graph_mtl.domain.names import company_key, person_search_text, search_text
from graph_mtl.stores.neo4j_forms import KEY_FORM, SEARCH_FORM

__all__ = [
    "api_key_of",
    "bare",
    "batches",
    "channel_of",
    "customer_of",
    "employment_of",
    "employment_row",
    "evidence_of",
    "evidence_row",
    "first_found",
    "native",
    "needles",
    "opportunity_of",
    "opportunity_row",
    "person_of",
    "props_of",
    "scrubbed",
    "searchable",
    "tie_of",
    "tie_row",
]


def needles(mentions: Mentions) -> list[str]:
    return sorted({p.lower() for p in mentions.probes()})


def scrubbed(rows: Sequence[Mapping[str, Any]], mentions: Mentions) -> dict[str, Any]:
    """`scrub_mentions`' parameters: the texts `read_mentions` found, scrubbed."""
    found: dict[str, list[dict[str, Any]]] = {"ties": [], "opportunities": [], "intros": []}
    for row in rows:
        if row["kind"] == "tie":
            found["ties"].append(
                {"a": row["a"], "b": row["b"], "context": mentions.scrubbed(row["text"])}
            )
        elif row["kind"] == "opportunity":
            details = {
                mentions.scrubbed(k): mentions.scrubbed(v)
                for k, v in json.loads(row["text"]).items()
            }
            text = json.dumps(details, ensure_ascii=False, sort_keys=True)
            found["opportunities"].append({"id": row["a"], "details_json": text})
        else:
            intro = mentions.intro(IntroRequest.model_validate_json(row["text"]))
            found["intros"].append({"id": row["a"], "data_json": intro.model_dump_json()})
    return found


def props_of(model: BaseModel) -> dict[str, Any]:
    """A model as Neo4j properties: lists for tuples, enums as text, dates kept."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in model.model_dump().items()}


def searchable(item: Person | Customer | Channel) -> dict[str, Any]:
    """A node's properties with the folded text it is found by."""
    if isinstance(item, Person):
        search = person_search_text(item.name, item.id, item.title, item.email)
    else:
        search = search_text(item.name, item.id)
    return {**props_of(item), "search": search, "search_form": SEARCH_FORM}


def tie_row(tie: Tie) -> dict[str, Any]:
    source, target = tie.pair
    return {
        "source": source,
        "target": target,
        "props": {
            "strength": tie.strength,
            "last_contact": tie.last_contact,
            "context": tie.context,
        },
    }


def evidence_row(item: TieEvidence) -> dict[str, Any]:
    low, high = item.pair
    props = item.model_dump(exclude={"target", "origin"})  # `source`: whose sent and received
    return {"source": low, "target": high, "origin": item.origin, "props": props}


def evidence_of(record: Mapping[str, Any] | neo4j.Record) -> TieEvidence:
    props = {k: native(v) for k, v in bare(record["props"]).items()}
    low, high = record["source"], record["target"]
    source = props.pop("source", low)  # written before direction was kept: no sent or received
    return TieEvidence(source=source, target=high if source == low else low, **props)


def employment_row(item: Employment) -> dict[str, Any]:
    return {**item.model_dump(), "company_key": company_key(item.company), "key_form": KEY_FORM}


def employment_of(props: Mapping[str, Any]) -> Employment:
    return Employment.model_validate(
        {k: native(v) for k, v in bare(props).items() if k not in ("company_key", "key_form")}
    )


def opportunity_row(opportunity: Opportunity) -> dict[str, Any]:
    row = props_of(opportunity)
    row["details_json"] = json.dumps(row.pop("details"), ensure_ascii=False, sort_keys=True)
    return row


def native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def person_of(props: Mapping[str, Any]) -> Person:
    return as_person(Person.model_validate(bare(props)))


def customer_of(props: Mapping[str, Any]) -> Customer:
    return Customer.model_validate(bare(props))


def channel_of(props: Mapping[str, Any]) -> Channel:
    return Channel.model_validate(bare(props))


def bare(props: Mapping[str, Any]) -> dict[str, Any]:
    """An item's properties without the folded text it is found by and without
    the store's own (`_import`: the import that wrote it)."""
    return {k: v for k, v in props.items() if k not in ("search", "search_form") and k[:1] != "_"}


def first_found(named: list[Any], inside: list[Any], limit: int) -> list[Any]:
    """Up to `limit` items, those whose name starts with the text first; by id."""
    found: dict[str, Any] = {}
    for item in [*named, *inside]:
        found.setdefault(item["id"], item)
    return [found[i] for i in sorted(list(found)[:limit])]


def tie_of(record: Mapping[str, Any] | neo4j.Record) -> Tie:
    props = record["props"]
    last: date | None = native(props.get("last_contact"))
    return Tie(
        source=record["source"],
        target=record["target"],
        strength=props["strength"],
        last_contact=last,
        context=props.get("context", ""),
    )


def api_key_of(props: Mapping[str, Any]) -> ApiKey:
    return ApiKey.model_validate({k: native(v) for k, v in props.items()})


def opportunity_of(props: Mapping[str, Any]) -> Opportunity:
    data = {k: native(v) for k, v in bare(props).items() if k != "details_json"}
    data["details"] = json.loads(props.get("details_json", "{}"))
    return Opportunity.model_validate(data)


def batches(bundle: Bundle) -> list[tuple[str, list[dict[str, Any]]]]:
    """A bundle's upserts, in the order that makes their ends exist first."""
    return [
        ("upsert_needs", [props_of(n) for n in bundle.needs]),
        ("upsert_roles", [{"props": props_of(r)} for r in bundle.roles]),
        ("upsert_customers", [searchable(c) for c in bundle.customers]),
        ("upsert_customer_needs", [props_of(c) for c in bundle.customer_needs]),
        ("upsert_capabilities", [props_of(c) for c in bundle.capabilities]),
        ("upsert_people", [{"props": searchable(p)} for p in bundle.people]),
        ("upsert_ties", [tie_row(t) for t in bundle.ties]),
        ("upsert_channels", [searchable(c) for c in bundle.channels]),
        ("upsert_reach", [props_of(r) for r in bundle.reach]),
        ("upsert_opportunities", [opportunity_row(o) for o in bundle.opportunities]),
        ("upsert_evidence", [evidence_row(e) for e in bundle.evidence]),
        ("upsert_employments", [employment_row(e) for e in bundle.employments]),
    ]
