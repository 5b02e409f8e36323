"""Finding people, customers and channels by name, and names standing for ids.

The text and every stored field are folded alike (`search_key`: case, width,
accents and spacing aside, Chinese as it is); the store finds what contains the
text (`GraphStore.search`) and here the matches are ranked: the whole name or id
first, then a name that starts with the text, then one with a word that does,
then the rest; a person found by their title or e-mail after one found by name,
and a person found only by their employer's name last.

What serves a search, in each store (each keeps the folded text of every person,
customer and channel, written in the row's own transaction):

- Embedded (SQLite): a name that starts with the text, of any length, through the
  B-tree index on the folded text (a range lookup); a text of three characters or
  more anywhere in any field through an FTS5 trigram index. A text of one or two
  characters (a Chinese surname, a given name) found elsewhere than at the name's
  start is looked for only among the first `SHORT_SCAN` (100,000) rows of each
  table, a bounded scan: beyond them only names starting with it are found.
- Neo4j: `CONTAINS` on the folded text property, served by its TEXT index, for any
  length; a name's start through the same index (`STARTS WITH`).
- Both: the employees of the customers found, through the index of people by
  employer.

Every option that takes a person or a customer takes a name too (`resolve`): an
id wins, then a whole name (case, width and accents aside); a name several carry
is an error listing them with their ids.
"""

from __future__ import annotations

from typing import Literal

from graph_mtl.domain.names import search_key
from graph_mtl.domain.ports import PeopleReader
from graph_mtl.errors import InvalidInput, NotFound
from graph_mtl.services.answer import Answer

__all__ = ["Match", "Matches", "find", "resolve"]

Kind = Literal["person", "customer", "channel"]
_CANDIDATES = 200
"""How many of each kind the store hands over for ranking."""


class Match(Answer):
    kind: Kind
    id: str
    name: str
    detail: str
    """Title and employer, a customer's status, a channel's kind."""
    score: float
    """1 the whole name or id; 0.8 the name's start; 0.6 a word's start; 0.4 inside;
    0.3 found by title or e-mail; 0.2 found by their employer's name."""
    person_id: str | None = None
    """For a channel that is a person (an old customer, a peer, an expert): who."""


class Matches(Answer):
    query: str
    matches: list[Match]


def find(store: PeopleReader, text: str, *, kind: Kind | None = None, limit: int = 20) -> Matches:
    """The best `limit` matches of `text`, best first, then by name and id."""
    _no_nul(text, "q")
    query = text.strip()
    if not query:
        raise InvalidInput("q", "give a name, company, title or e-mail to find")
    if not 1 <= limit <= 200:
        raise InvalidInput("limit", "must be between 1 and 200")
    q = search_key(query)
    if not q:
        raise InvalidInput("q", "give a name, company, title or e-mail to find")
    found = store.search(q, limit=_CANDIDATES)
    matches: list[Match] = []
    if kind in (None, "person"):
        own = {p.id for p in found.people}
        people = [*found.people, *(p for p in found.employees if p.id not in own)]
        employers = {
            c.id: c.name
            for c in store.customers(ids={p.customer_id for p in people if p.customer_id})
        }
        for p in people:
            where = employers.get(p.customer_id or "", "")
            detail = ", ".join(x for x in (p.title, where) if x) or (
                "salesperson" if p.is_salesperson else ""
            )
            matches.append(
                Match(
                    kind="person",
                    id=p.id,
                    name=p.name,
                    detail=detail,
                    score=_score(q, p.name, p.id, fallback=0.3 if p.id in own else 0.2),
                )
            )
    if kind in (None, "customer"):
        matches += [
            Match(
                kind="customer",
                id=c.id,
                name=c.name,
                detail=f"{c.status} customer",
                score=_score(q, c.name, c.id),
            )
            for c in found.customers
        ]
    if kind in (None, "channel"):
        matches += [
            Match(
                kind="channel",
                id=c.id,
                name=c.name,
                detail=c.kind.replace("_", " "),
                score=_score(q, c.name, c.id),
                person_id=c.person_id,
            )
            for c in found.channels
        ]
    matches.sort(key=lambda m: (-m.score, m.name, m.kind, m.id))
    return Matches(query=query, matches=matches[:limit])


def resolve(
    store: PeopleReader, text: str, kind: Literal["person", "customer"], *, field: str
) -> str:
    """The id that `text` names: an id as it is, else the one `kind` with that
    whole name; NotFound for none, InvalidInput listing them for several."""
    _no_nul(text, field)
    if text in store.existing(kind, [text]):
        return text
    q = search_key(text)
    same = [m for m in find(store, text, kind=kind, limit=200).matches if search_key(m.name) == q]
    if not same:
        raise NotFound(kind, text)
    if len(same) > 1:
        listed = "; ".join(f"{m.id} ({m.detail or m.name})" for m in same[:10])
        raise InvalidInput(field, f"{len(same)} {kind}s are called {text!r}: give the id: {listed}")
    return same[0].id


def _no_nul(text: str, field: str) -> None:
    # No name or id holds one, and the stores' text searches cannot take it.
    if "\x00" in text:
        raise InvalidInput(field, "cannot hold a NUL character")


def _score(q: str, name: str, ident: str, *, fallback: float = 0.4) -> float:
    folded = search_key(name)
    ident = search_key(ident)
    if q in (folded, ident):
        return 1.0
    if folded.startswith(q):
        return 0.8
    if any(word.startswith(q) for word in folded.split()):
        return 0.6
    if q in folded or q in ident:
        return 0.4
    return fallback
