"""Finding people, customers and channels by name, and names standing for ids.

The text and every stored field are folded alike (`search_key`: case, width,
accents and spacing aside, traditional Chinese as simplified); a Chinese name is
also kept as its pinyin, the syllables joined and their initials (张伟: "zhangwei",
"zw"), and a Latin text is looked for as typed and, without its spaces and tone
numbers, as such pinyin ("zhang wei", "zhang1 wei3"). The store finds what
contains the text (`GraphStore.search`) and here the matches are ranked (the
pinyin counting as the name): the whole name or id first, then a name that starts with the text, then one with a word that does,
then the rest; a person found by their title or e-mail after one found by name,
and a person found only by their employer's name last.

What serves a search, in each store (each keeps the folded text of every person,
customer and channel, written in the row's own transaction):

- Embedded (SQLite): a name that starts with the text, of any length, through the
  B-tree index on the folded text (a range lookup); a text of three characters or
  more anywhere in any field through an FTS5 trigram index. A text of one or two
  characters (a Chinese surname, a given name) found elsewhere than at the name's
  start or a field's start (initials: "zw") is looked for only among the first
  `SHORT_SCAN` (100,000) rows of each table, a bounded scan: beyond them only
  names and fields starting with it are found (a field's start through the
  trigram index: the separator before it is the third character).
- Neo4j: `CONTAINS` on the folded text property, served by its TEXT index, for any
  length; a name's start through the same index (`STARTS WITH`).
- Both: the employees of the customers found, through the index of people by
  employer.

Every option that takes a person or a customer takes a name too (`resolve`): an
id wins, then a whole name (case, width and accents aside); a name several carry
is an error listing them with their ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, TypeVar

from graph_mtl.domain.models import Channel, Customer, Person
from graph_mtl.domain.names import name_forms, pinyin_query, search_key
from graph_mtl.domain.ports import Found, PeopleReader
from graph_mtl.errors import InvalidInput, NotFound
from graph_mtl.i18n import _
from graph_mtl.services.answer import Answer
from graph_mtl.services.phrases import shown

__all__ = ["Match", "Matches", "find", "resolve"]

Kind = Literal["person", "customer", "channel"]
_Item = TypeVar("_Item", Person, Customer, Channel)
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
        raise InvalidInput("q", _("give a name, company, title or e-mail to find"))
    if not 1 <= limit <= 200:
        raise InvalidInput("limit", _("must be between 1 and {most}", most=200))
    q = search_key(query)
    if not q:
        raise InvalidInput("q", _("give a name, company, title or e-mail to find"))
    spelled = pinyin_query(q)
    found = store.search(q, limit=_CANDIDATES)
    if spelled is not None:
        found = _union(found, store.search(spelled, limit=_CANDIDATES))
    texts = (q,) if spelled is None else (q, spelled)
    # Every candidate is scored, but only the best `limit` become matches (and
    # only their employers are read): the ranking is the costly part at scale.
    ranked: list[tuple[float, str, Kind, str, Person | Customer | Channel]] = []
    if kind in (None, "person"):
        own = {p.id for p in found.people}
        ranked += [
            (
                _score(texts, p.name, p.id, fallback=0.3 if p.id in own else 0.2, person=True),
                p.name,
                "person",
                p.id,
                p,
            )
            for p in [*found.people, *(p for p in found.employees if p.id not in own)]
        ]
    if kind in (None, "customer"):
        ranked += [
            (_score(texts, c.name, c.id), c.name, "customer", c.id, c) for c in found.customers
        ]
    if kind in (None, "channel"):
        ranked += [
            (_score(texts, c.name, c.id), c.name, "channel", c.id, c) for c in found.channels
        ]
    ranked.sort(key=lambda r: (-r[0], r[1], r[2], r[3]))
    best = ranked[:limit]
    people = [item for *_, item in best if isinstance(item, Person)]
    employers = {
        c.id: c.name
        for c in (
            store.customers(ids={p.customer_id for p in people if p.customer_id}) if people else []
        )
    }
    return Matches(
        query=query, matches=[_match(score, item, employers) for score, *_, item in best]
    )


def _match(score: float, item: Person | Customer | Channel, employers: dict[str, str]) -> Match:
    if isinstance(item, Person):
        where = employers.get(item.customer_id or "", "")
        detail = ", ".join(x for x in (item.title, where) if x) or (
            _("salesperson") if item.is_salesperson else ""
        )
        return Match(kind="person", id=item.id, name=item.name, detail=detail, score=score)
    if isinstance(item, Customer):
        return Match(
            kind="customer",
            id=item.id,
            name=item.name,
            detail=_("{status} customer", status=shown(item.status)),
            score=score,
        )
    return Match(
        kind="channel",
        id=item.id,
        name=item.name,
        detail=shown(item.kind),
        score=score,
        person_id=item.person_id,
    )


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
        listed = _("; ").join(
            _("{id} ({about})", id=m.id, about=m.detail or m.name) for m in same[:10]
        )
        values = {"n": len(same), "text": text, "listed": listed}
        reason = (
            _("{n} persons are called {text!r}: give the id: {listed}", **values)
            if kind == "person"
            else _("{n} customers are called {text!r}: give the id: {listed}", **values)
        )
        raise InvalidInput(field, reason)
    return same[0].id


def _no_nul(text: str, field: str) -> None:
    # No name or id holds one, and the stores' text searches cannot take it.
    if "\x00" in text:
        raise InvalidInput(field, _("cannot hold a NUL character"))


def _score(
    texts: tuple[str, ...], name: str, ident: str, *, fallback: float = 0.4, person: bool = False
) -> float:
    """The best score of the folded query or its pinyin form (`texts`) against the
    name, its pinyin (the syllables joined, their initials) and the id."""
    forms = name_forms(name, person=person)
    folded = forms[0]
    ident = search_key(ident)
    best = fallback
    for q in texts:
        if q in forms or q == ident:
            return 1.0
        if any(f.startswith(q) for f in forms):
            best = max(best, 0.8)
        elif any(word.startswith(q) for word in folded.split()):
            best = max(best, 0.6)
        elif any(q in f for f in forms) or q in ident:
            best = max(best, 0.4)
    return best


def _union(one: Found, other: Found) -> Found:
    """Both searches' finds, each kind by id, without repeats."""
    employees = {p.id: p for p in [*other.employees, *one.employees]}
    return Found(
        _merged(one.people, other.people),
        _merged(one.customers, other.customers),
        _merged(one.channels, other.channels),
        sorted(employees.values(), key=lambda p: (p.customer_id or "", p.id)),
    )


def _merged(one: Sequence[_Item], other: Sequence[_Item]) -> list[_Item]:
    by_id: dict[str, _Item] = {}
    for items in (other, one):
        for x in items:
            by_id[x.id] = x
    return [by_id[i] for i in sorted(by_id)]
