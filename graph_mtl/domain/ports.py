"""The port between the domain and storage: small protocols, one per concern,
composed into `GraphStore`.

Every store (the embedded SQLite store, the Neo4j store) implements the whole
`GraphStore` and passes the same contract tests (tests/contract); a service
takes the narrowest protocol it needs, so its signature says what it touches:

    PeopleReader   people, customers, jobs, name search
    MarketReader   needs, roles, capabilities, channels, reach, opportunities
    TieReader      who knows whom, and the evidence
    PathSearch     warm paths over the ties
    GraphWriter    a bundle in, the graph out
    ErasureLog     forgetting a person, and its proof
    IntroLog       introduction requests
    AccessStore    API keys and the team network
    Lifecycle      ping and close

    GraphReader    = PeopleReader + MarketReader + TieReader + PathSearch
    IntroGraph     = GraphReader + IntroLog (who is already asked or met counts)
    SalesTeam      = PeopleReader + AccessStore
    GuardedWriter  = GraphWriter + AccessStore (a write under the caller's rights)
    GraphEditor    = GraphReader + GuardedWriter (edits, imports, evaluations)
    GraphStore     = all of the small ones

Unknown ids read as absent, never as errors. No protocol has more than ten
methods (tests/unit/test_ports.py).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Literal, NamedTuple, Protocol

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    ApiKey,
    Capability,
    Channel,
    Customer,
    CustomerNeed,
    CustomerStatus,
    Employment,
    Erasure,
    IntroRequest,
    IntroStatus,
    Need,
    Opportunity,
    Person,
    Reach,
    Role,
    TeamMember,
    Tie,
    TieEvidence,
)
from graph_mtl.domain.pathfinding import Adjacency, Mode, PathTree, RawPath

__all__ = [
    "NO_DETAILS",
    "AccessStore",
    "Adjacency",
    "EntityKind",
    "ErasureLog",
    "ExplainedPaths",
    "Found",
    "GraphEditor",
    "GraphReader",
    "GraphStore",
    "GraphWriter",
    "GuardedWriter",
    "IntroGraph",
    "IntroLog",
    "Lifecycle",
    "MarketReader",
    "PathDetails",
    "PathSearch",
    "PeopleReader",
    "SalesTeam",
    "TieReader",
    "path_parts",
]

EntityKind = Literal["person", "customer", "need", "role", "capability", "channel"]


class Found(NamedTuple):
    """What a name search found, by kind, each ordered by id."""

    people: list[Person]
    customers: list[Customer]
    channels: list[Channel]
    employees: list[Person]
    """People who work at one of `customers` (whether or not found themselves),
    ordered by customer and id."""


class PathDetails(NamedTuple):
    """What explaining paths reads about their people and ties, in one call
    (`TieReader.path_details`)."""

    people: dict[str, Person]
    """The people among those asked for that exist, by id."""
    ties: dict[tuple[str, str], Tie]
    """The ties between the pairs asked for, keyed by the sorted pair."""
    evidence: dict[tuple[str, str], list[TieEvidence]]
    """Their evidence, as `TieReader.evidence` gives it."""
    customers: dict[str, Customer]
    """The customers those people work at, by id."""
    channels: list[Channel]
    """The channels that are one of those people, ordered by id."""


NO_DETAILS = PathDetails({}, {}, {}, {}, [])


class ExplainedPaths(NamedTuple):
    """A search with what explains it, read together (`PathSearch.explained_paths`)."""

    ends: Collection[str]
    """The ids of the path's two ends that exist (as `existing` gives them)."""
    paths: list[RawPath]
    """`best_paths`' answer; [] without searching when an end does not exist."""
    details: PathDetails
    """`path_details` of the paths' people and ties (`path_parts`)."""


def path_parts(paths: Sequence[RawPath]) -> tuple[list[str], list[tuple[str, str]]]:
    """The people on `paths` (without repeats) and their ties, as `path_details` takes them."""
    ids = list(dict.fromkeys(node for path in paths for node in path.nodes))
    pairs = [pair for path in paths for pair in zip(path.nodes, path.nodes[1:], strict=False)]
    return ids, pairs


class PeopleReader(Protocol):
    """The people and the customers they work at: by id, by e-mail, by name, by job."""

    def existing(self, kind: EntityKind, ids: Collection[str]) -> set[str]:
        """Which of `ids` the store holds as `kind`."""
        ...

    def people(self, ids: Iterable[str]) -> dict[str, Person]:
        """The people among `ids` that exist, by id."""
        ...

    def employees(self, customer_id: str) -> list[Person]:
        """People who work at a customer, ordered by id."""
        ...

    def employees_of(
        self, customer_ids: Collection[str], *, with_roles: bool = False
    ) -> dict[str, list[Person]]:
        """`employees` of many customers in one read: every id asked maps to its people
        (none, for a customer without any or unknown), ordered by id. `with_roles`:
        only those holding a role (all a committee or a seat looks at; most people
        hold none)."""
        ...

    def customers(
        self, *, status: CustomerStatus | None = None, ids: Collection[str] | None = None
    ) -> list[Customer]:
        """Customers (of one status, if given; among `ids`, if given), ordered by id."""
        ...

    def customer(self, customer_id: str) -> Customer | None: ...

    def people_by_email(self, emails: Collection[str]) -> dict[str, list[str]]:
        """The ids of the people with each of the given e-mail addresses (as
        `email_key` writes them: case aside), ordered; addresses nobody has are absent."""
        ...

    def employments(
        self,
        *,
        person_ids: Collection[str] | None = None,
        refs: Collection[str] | None = None,
        company_keys: Collection[str] | None = None,
        changed_since: date | None = None,
    ) -> list[Employment]:
        """Employments of the given people, or with the given source keys, or at
        companies with the given `company_key`s, or starting or ending on or after
        `changed_since` (every filter given must hold), ordered by person, origin and
        company."""
        ...

    def search(self, text: str, *, limit: int) -> Found:
        """People whose id, name, title or e-mail, and customers and channels whose id
        or name, contain `text` (folded by `search_key`: case, width and accents
        aside), at most `limit` of each kind, those whose name starts with `text`
        first; and up to `limit` employees of the customers found
        (graph_mtl/services/search.py ranks them and says which index serves what)."""
        ...


class MarketReader(Protocol):
    """What sells to whom: the playbook's needs, roles and capabilities, the
    channels and their reach, the customers' needs and the recorded opportunities."""

    def needs(self) -> list[Need]: ...

    def roles(self) -> list[Role]: ...

    def capabilities(self) -> list[Capability]: ...

    def channels(
        self, *, person_ids: Collection[str] | None = None, ids: Collection[str] | None = None
    ) -> list[Channel]:
        """Channels, ordered by id: all of them, or only those that are one of
        `person_ids` and only those whose id is one of `ids`, for each given."""
        ...

    def reach(self, *, target_ids: Collection[str] | None = None) -> list[Reach]:
        """Channel reach, all of it or only towards the given customers and people."""
        ...

    def customer_needs(self, *, customer_id: str | None = None) -> list[CustomerNeed]: ...

    def opportunities(self) -> list[Opportunity]: ...


class TieReader(Protocol):
    """Who knows whom (KNOWS), how well, and on what evidence."""

    def adjacency(self, person_ids: Collection[str]) -> Adjacency:
        """The KNOWS neighbours of each person in `person_ids` (absent ids map to nothing)."""
        ...

    def ties(self, pairs: Collection[tuple[str, str]]) -> dict[tuple[str, str], Tie]:
        """The ties between the given pairs, keyed by the sorted pair."""
        ...

    def tied_only_to(self, person_ids: Collection[str], others: Collection[str]) -> set[str]:
        """Those of `person_ids` who have ties, every one of them with someone in
        `others`: what their `adjacency` says, without reading it out."""
        ...

    def evidence(
        self, pairs: Collection[tuple[str, str]]
    ) -> dict[tuple[str, str], list[TieEvidence]]:
        """The evidence of the ties between the given pairs, keyed by the sorted pair
        (pairs without any are absent), each list ordered by origin."""
        ...

    def path_details(
        self, person_ids: Collection[str], pairs: Collection[tuple[str, str]]
    ) -> PathDetails:
        """Everything explaining paths through these people and ties reads, in one
        call: `people`, `ties` and `evidence` of these, the customers the people work
        at and the channels they are."""
        ...


class PathSearch(Protocol):
    """Warm paths over the ties (graph_mtl/domain/pathfinding.py: the rules every
    store follows)."""

    def best_paths(
        self,
        source: str,
        target: str,
        *,
        k: int,
        max_hops: int,
        mode: Mode = Mode.STRONGEST,
        blocked: Collection[str] = frozenset(),
    ) -> list[RawPath]:
        """Up to `k` loopless paths of at most `max_hops` ties avoiding `blocked`, best
        first (`k_best_paths`); [] when either end is unknown or out of reach."""
        ...

    def paths_from(
        self,
        source: str,
        *,
        max_hops: int,
        mode: Mode = Mode.STRONGEST,
        blocked: Collection[str] = frozenset(),
    ) -> PathTree:
        """The best path from `source` to everyone within `max_hops` ties (`paths_from`)."""
        ...

    def explained_paths(
        self,
        source: str,
        target: str,
        *,
        k: int,
        max_hops: int,
        mode: Mode = Mode.STRONGEST,
        blocked: Collection[str] = frozenset(),
    ) -> ExplainedPaths:
        """`people` of the two ends, then, when both exist, `best_paths` and the
        `path_details` of what it found: what a warm path's answer reads, in one call
        (a server store: one read transaction)."""
        ...

    def snapshot(self) -> AbstractContextManager[None]:
        """A block whose reads see one state of the store, checked once at its start
        rather than at each call (an answer's search and its explanation); a block
        nested in another is part of it. Reads only: no write inside."""
        ...


class GraphWriter(Protocol):
    """The graph in and out, a bundle at a time."""

    def load(self, bundle: Bundle) -> None:
        """Upsert everything in `bundle`, all or nothing; loading it twice changes nothing.

        Items replace the stored items with the same key (id, tie pair,
        customer and need, channel and target) whole.
        """
        ...

    def export(self) -> Bundle:
        """Everything the store holds."""
        ...


class ErasureLog(Protocol):
    """Forgetting a person, and the log that proves it was done."""

    def delete_person(self, person_id: str, *, erasure: Erasure | None = None) -> bool:
        """Forget a person and everything that names them, in one transaction: their
        ties and reach, the channels they are (with those channels' reach), the
        opportunities they raised, their API keys; `erasure`, when given, is
        recorded in the same transaction. False if absent."""
        ...

    def erasures(self) -> list[Erasure]:
        """The erasure log, oldest first."""
        ...


class IntroLog(Protocol):
    """Introduction requests (graph_mtl/services/intros.py). Not part of a bundle:
    `export` and `load` leave them alone."""

    def save_intro(
        self, intro: IntroRequest, *, expected: IntroStatus | None, also: Bundle | None = None
    ) -> bool:
        """Write a request (replacing the one with its id) and load `also` in the same
        transaction, if the stored request has the status `expected` (None: if no
        request has its id); otherwise write nothing and answer False."""
        ...

    def intros(
        self,
        *,
        salesperson_id: str | None = None,
        via_ids: Collection[str] | None = None,
        ids: Collection[str] | None = None,
    ) -> list[IntroRequest]:
        """Requests (of one salesperson, through the given connectors, with the given
        ids: every filter given must hold), newest first, then by id."""
        ...


class AccessStore(Protocol):
    """API keys and the team network (graph_mtl/services/access.py). Not part of a
    bundle: `export`, `load` and `copy` leave them alone."""

    def save_api_key(self, key: ApiKey) -> None:
        """Store a key's record (its hash, never the key), replacing one with the same id."""
        ...

    def api_key(self, key_hash: str) -> ApiKey | None:
        """The key record with this hash, revoked or not."""
        ...

    def api_keys(self, *, salesperson_id: str | None = None) -> list[ApiKey]:
        """Every key record (of one salesperson, if given), by creation date, then id."""
        ...

    def revoke_api_key(self, key_id: str) -> bool:
        """Mark a key revoked for good; False if no key has that id."""
        ...

    def team(self) -> list[TeamMember]:
        """Every salesperson, with whether they share their ties, ordered by id."""
        ...

    def set_team_sharing(self, salesperson_id: str, *, shared: bool) -> bool:
        """Opt a salesperson in to (or out of) the team network; False if no salesperson
        has that id. Deleting the person deletes their opt-in with them."""
        ...


class Lifecycle(Protocol):
    """Whether the store answers, and letting it go."""

    def ping(self) -> None:
        """Raise StoreUnavailable if the store cannot answer."""
        ...

    def close(self) -> None: ...


# -- composites: what services need together -------------------------------------
class GraphReader(PeopleReader, MarketReader, TieReader, PathSearch, Protocol):
    """The graph read and searched, never written."""


class IntroGraph(GraphReader, IntroLog, Protocol):
    """The graph with the introduction requests made over it: a contact already
    asked for, or met, counts in committees, channels, outreach and reports."""


class SalesTeam(PeopleReader, AccessStore, Protocol):
    """The salespeople's records with their keys and team-network opt-ins."""


class GuardedWriter(GraphWriter, AccessStore, Protocol):
    """What a write under the caller's rights touches: the team to check it against,
    the graph to load, the keys a salesperson made a contact loses."""


class GraphEditor(GraphReader, GuardedWriter, ErasureLog, Protocol):
    """The graph read and written: edits, imports (which skip the people the erasure
    log names) and recorded evaluations."""


class GraphStore(GraphReader, GraphWriter, ErasureLog, IntroLog, AccessStore, Lifecycle, Protocol):
    """Reads and writes the graph: every concern above, as each store implements it.
    Unknown ids read as absent, never as errors."""
