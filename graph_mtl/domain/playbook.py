"""The playbook: one human-edited file (TOML) holding the rules of P2, T2 and T3.

P1, the capability boundary, lives in the graph itself (capabilities, the needs
they solve, needs marked `can_meet = false`); the playbook says how to judge
customers and opportunities against it and what to say to them. Every weight
is relative: a score is the weighted share of the criteria met, in [0, 1].
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from graph_mtl.domain.models import Power
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS, MAX_HOPS_LIMIT
from graph_mtl.domain.wording import Language
from graph_mtl.i18n import _

__all__ = [
    "Band",
    "CommitteeSeats",
    "Evaluation",
    "Evidence",
    "Fit",
    "Form",
    "IndustryDrafts",
    "Interactions",
    "Messages",
    "Playbook",
    "Priority",
    "Relationship",
    "Validity",
]

Weight = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]
Score = Annotated[float, Field(ge=0.0, le=1.0)]


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Band(_Section):
    """A numeric range [min, max) worth `score`; an open end is unbounded."""

    min: Annotated[float, Field(ge=0.0)] | None = None
    max: Annotated[float, Field(ge=0.0)] | None = None
    score: Score

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min is not None and self.max is not None and self.max <= self.min:
            raise ValueError(_("max must be above min"))
        return self

    def holds(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value < self.max)


class Fit(_Section):
    """P2 for potential customers: the indicators that make a good one."""

    industries: dict[str, Score] = Field(default_factory=dict)
    industry_weight: Weight = 3.0
    revenue_bands: list[Band] = Field(default_factory=list)
    revenue_weight: Weight = 2.0
    headcount_bands: list[Band] = Field(default_factory=list)
    headcount_weight: Weight = 1.0
    situations: dict[str, Score] = Field(default_factory=dict)
    """Situation tags and what each is worth; the best tag a customer has counts."""
    situation_weight: Weight = 2.0


class Validity(_Section):
    """P2 for target customers: is the opportunity they carry valid?"""

    approved: Weight = 3.0
    budget_this_year: Weight = 3.0
    budget_in_band: Weight = 2.0
    """The budget lies within the price band of a capability that solves the need."""
    kpi_related: Weight = 2.0


class Priority(_Section):
    """How an account's priority blends its score with the warmth of the way in."""

    score: Weight = 0.6
    warmth: Weight = 0.4
    max_hops: Annotated[int, Field(ge=1, le=MAX_HOPS_LIMIT)] = DEFAULT_MAX_HOPS


FormName = Literal["formal", "familiar"]


class Form(_Section):
    """How a draft speaks to someone: `greeting` opens it ({addressed} is what it
    calls them: 林总 formally, 志远 familiarly; {name} their whole name), `you` is the
    word for "you" in its sentences (您 or 你)."""

    greeting: str
    you: str


class Relationship(_Section):
    """A kind of tie (classmate, friend, client…): the tie contexts that say it, and
    the form a draft takes with someone the salesperson knows that way."""

    form: FormName
    ties: list[str] = Field(default_factory=list)
    """Patterns found in a tie's context ("同学", "classmate"), case aside."""


class IndustryDrafts(_Section):
    """What changes in the drafts for customers of one industry (the customer's
    `industry`): its name in the drafts, the words that belong to it alone (a
    capability's advantage holding another industry's words is left out of a draft),
    and any template, role line or insight of its own."""

    name: str = ""
    terms: list[str] = Field(default_factory=list)
    target: str | None = None
    potential: str | None = None
    existing: str | None = None
    roles: dict[str, str] = Field(default_factory=dict)
    insights: dict[str, str] = Field(default_factory=dict)
    default_insight: str | None = None


class Messages(_Section):
    """T2: the drafts graph-mtl writes, as templates with {placeholders}, in the
    playbook's `language` (these defaults are English; a playbook in another
    language gives its own, as the built-in one does in Chinese).

    To a key person, by the customer's status: `target` (they carry an
    opportunity: show that we are able), `potential` (lead with an unexpected
    insight), `existing` (an old customer with a new need). `{angle}` is what the
    key person's role cares about (`roles`, else `default_role`). To the connector
    asked for an introduction: `introduction` when they know the key person,
    `introduction_chain` when they know `{next}`, who can pass the salesperson on.
    """

    target: str = (
        "Dear {contact}, I am {salesperson}. I understand {customer} is working on {need}. "
        "{angle} With {capabilities}, we bring {advantages}. "
        "Could we find 20 minutes next week?"
    )
    potential: str = (
        "Dear {contact}, I am {salesperson}. One thing we keep seeing: {insight}. {angle} "
        "If it is useful, I would be glad to share how others went about it."
    )
    existing: str = (
        "Dear {contact}, I am {salesperson}; thank you for working with us. "
        "On {need}: {angle} With {capabilities}, we can build on what you already run. "
        "Could we talk about the next step?"
    )
    roles: dict[str, str] = Field(default_factory=dict)
    """Role id → what that role cares about, one sentence said of the role (the
    connector reads it too): the CFO hears cost, the CIO the platform."""
    default_role: str = "What counts is the difference {need} makes for {customer}."
    insights: dict[str, str] = Field(default_factory=dict)
    """Situation tag → an insight worth opening with."""
    default_insight: str = (
        "what peers in {industry} changed in the last year, and what it saved them"
    )
    introduction: str = (
        "Hi {introducer}, could you introduce me to {contact}, {role} at {customer}? "
        "I would like to talk to them about {need}: {why} Thank you! {salesperson}"
    )
    introduction_chain: str = (
        "Hi {introducer}, I would like to meet {contact}, {role} at {customer}, about "
        "{need}. You know {next}, who could put me in touch: would you ask them for me? "
        "Thank you! {salesperson}"
    )
    forms: dict[FormName, Form] = Field(
        default_factory=lambda: {  # type: ignore[arg-type]
            "formal": Form(greeting="Dear {addressed}, I am {salesperson}.", you="you"),
            "familiar": Form(greeting="Hi {addressed},", you="you"),
        }
    )
    """The two forms; {greeting} and {you} in a template come from the one chosen."""
    relationships: dict[str, Relationship] = Field(default_factory=dict)
    """Kind → its tie contexts and form, first match wins; a person the salesperson
    has no tie to, or a tie no kind names, takes `default_form` (a stranger)."""
    default_form: FormName = "formal"
    honorifics: dict[str, str] = Field(default_factory=dict)
    """Job-title pattern → the honorific after a Chinese family name in the formal
    form (总经理 → 总: 林总), first match wins; no match, the whole name."""
    industries: dict[str, IndustryDrafts] = Field(default_factory=dict)
    """Industry → its own drafts; an industry not listed gets the neutral ones above."""

    def form_for(self, context: str | None) -> FormName:
        """The form for someone the salesperson knows through a tie with this
        context (None: no tie, a stranger)."""
        if context:
            folded = context.casefold()
            for kind in self.relationships.values():
                if any(p.casefold() in folded for p in kind.ties):
                    return kind.form
        return self.default_form


class CommitteeSeats(_Section):
    """The seats a buying committee for one need should fill (role ids), each with a
    weight: `required` ones make the coverage by seats, `optional` ones are shown when
    vacant."""

    required: dict[str, Weight] = Field(default_factory=dict)
    optional: dict[str, Weight] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _disjoint(self) -> Self:
        both = sorted(set(self.required) & set(self.optional))
        if both:
            raise ValueError(
                _(
                    "a role is either required or optional, not both: {roles}",
                    roles=", ".join(both),
                )
            )
        return self


class Evaluation(_Section):
    """T3: how good an opportunity is."""

    customer_quality: Weight = 0.4
    informant_quality: Weight = 0.3
    completeness: Weight = 0.3
    power: dict[Power, Score] = Field(
        default_factory=lambda: {
            Power.DECISION_MAKER: 1.0,
            Power.INITIATOR: 0.9,
            Power.INFLUENCER: 0.6,
            Power.GATEKEEPER: 0.4,
            Power.USER: 0.3,
        }
    )
    """A contact's power for the need; a contact with no role there counts `no_role`."""
    no_role: Score = 0.1
    fields: list[str] = Field(
        default_factory=lambda: [
            "need",
            "budget",
            "timeline",
            "decision_process",
            "key_persons",
            "competitors",
        ]
    )
    """The information that makes an opportunity complete."""


class Evidence(_Section):
    """How a tie's strength follows from its evidence (imported networks): see
    graph_mtl/domain/evidence.py for the formula."""

    connection: Annotated[float, Field(gt=0.0, lt=1.0)] = 0.2
    """A bare connection (no contact recorded): weak."""
    per_contact: Annotated[float, Field(ge=0.0, lt=1.0)] = 0.1
    """Each contact (an exchange of messages, an activity) closes this share of the gap to 1."""
    one_way: Annotated[float, Field(ge=0.0, le=0.5)] = 0.1
    """A message nobody answered (the surplus of sent over received, or the other
    way) counts as this much of a contact; at most 0.5, so that an answer never
    makes a tie weaker."""
    meeting: Annotated[float, Field(ge=1.0)] = 3.0
    """A meeting counts as this many contacts; at least 1, so that it never weighs
    less than a message."""
    half_life_days: Annotated[float, Field(gt=0.0)] = 180.0
    """What contact adds halves with every this many days since the last one."""
    inferred: Annotated[float, Field(gt=0.0, le=1.0)] = 0.1
    """A tie inferred from a shared employer (paths asked `--inferred`): weaker than
    a bare connection."""


class Interactions(_Section):
    """Who an e-mail or calendar import makes a contact of (graph-mtl import-mail,
    import-calendar). Known people always get the evidence."""

    reciprocated: Annotated[int, Field(ge=1)] = 1
    """Someone unknown becomes a contact after at least this many messages each way."""
    meetings: Annotated[int, Field(ge=1)] = 1
    """... or after at least this many meetings together."""


class Playbook(_Section):
    language: Language = "en"
    """The language of the drafts: names written "中文 English" keep the matching half."""
    fit: Fit = Field(default_factory=Fit)
    validity: Validity = Field(default_factory=Validity)
    priority: Priority = Field(default_factory=Priority)
    messages: Messages = Field(default_factory=Messages)
    evaluation: Evaluation = Field(default_factory=Evaluation)
    evidence: Evidence = Field(default_factory=Evidence)
    interactions: Interactions = Field(default_factory=Interactions)
    committees: dict[str, CommitteeSeats] = Field(default_factory=dict)
    """Need id → the seats its buying committee needs (the file's `[committees.<need>]`)."""
    titles: dict[str, list[str]] = Field(default_factory=dict)
    """Role id → job-title patterns: an imported contact whose title holds one of a
    role's patterns takes that role (case aside; Latin patterns match whole words)."""

    def roles_for_title(self, title: str) -> tuple[str, ...]:
        """The roles whose title patterns `title` matches, in the playbook's order."""
        return tuple(
            role
            for role, patterns in self.titles.items()
            if any(_title_matches(pattern, title) for pattern in patterns)
        )


def _title_matches(pattern: str, title: str) -> bool:
    if pattern.isascii():
        return (
            re.search(rf"(?<![a-z]){re.escape(pattern)}(?![a-z])", title, re.IGNORECASE) is not None
        )
    return pattern.casefold() in title.casefold()
