"""People and ties held as columns: the form a bundle of millions takes in memory.

A list of ten million `Tie` models takes gigabytes, a million `Person` models
over one; the same items as columns take a few hundred megabytes. In
`TieColumns` people are numbers into `ids`, contexts numbers into `contexts`,
and the last contact a day number (`date.toordinal`, 0 for none). Each is a
sequence of its models, so whatever reads a bundle item by item reads these
the same way; a store that can take the columns whole (the embedded one) does.
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, overload

from graph_mtl.domain.models import Person, Salesperson, Tie

__all__ = ["PersonColumns", "TieColumns", "salesperson_flags", "ties_touching"]


class _Columns(Sequence[Any]):
    """A sequence whose items are made when read, equal to any sequence of the same items."""

    def __len__(self) -> int:
        raise NotImplementedError

    def _item(self, i: int) -> Any:
        raise NotImplementedError

    @overload
    def __getitem__(self, i: int) -> Any: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[Any]: ...

    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return [self._item(j) for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._item(i)

    def __iter__(self) -> Iterator[Any]:
        return (self._item(i) for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]


@dataclass(slots=True, eq=False)
class PersonColumns(_Columns, Sequence[Person]):
    """Validated people, column by column (the reader checked every value)."""

    id: list[str] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    customer_id: list[str | None] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    roles: list[tuple[str, ...]] = field(default_factory=list)
    is_salesperson: bytearray = field(default_factory=bytearray)
    email: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.id)

    def _item(self, i: int) -> Person:
        kind = Salesperson if self.is_salesperson[i] else Person
        return kind.model_construct(
            id=self.id[i],
            name=self.name[i],
            customer_id=self.customer_id[i],
            title=self.title[i],
            roles=self.roles[i],
            is_salesperson=bool(self.is_salesperson[i]),
            email=self.email[i],
        )


@dataclass(slots=True, eq=False)
class TieColumns(_Columns, Sequence[Tie]):
    """Validated ties, column by column (the reader checked every value)."""

    ids: list[str] = field(default_factory=list)
    source: array[int] = field(default_factory=lambda: array("i"))
    target: array[int] = field(default_factory=lambda: array("i"))
    strength: array[float] = field(default_factory=lambda: array("d"))
    last_contact: array[int] = field(default_factory=lambda: array("i"))
    context: array[int] = field(default_factory=lambda: array("i"))
    contexts: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.source)

    def _item(self, i: int) -> Tie:
        day = self.last_contact[i]
        return Tie.model_construct(
            source=self.ids[self.source[i]],
            target=self.ids[self.target[i]],
            strength=self.strength[i],
            last_contact=date.fromordinal(day) if day else None,
            context=self.contexts[self.context[i]],
        )

    def keep(self, rows: Sequence[int]) -> TieColumns:
        """Only the given rows, in the order given."""
        return TieColumns(
            ids=self.ids,
            source=array("i", (self.source[i] for i in rows)),
            target=array("i", (self.target[i] for i in rows)),
            strength=array("d", (self.strength[i] for i in rows)),
            last_contact=array("i", (self.last_contact[i] for i in rows)),
            context=array("i", (self.context[i] for i in rows)),
            contexts=self.contexts,
        )


def salesperson_flags(people: Sequence[Person]) -> dict[str, bool]:
    """Each person's id and whether they are a salesperson, without making a model
    per row when `people` are columns."""
    if isinstance(people, PersonColumns):
        return dict(zip(people.id, map(bool, people.is_salesperson), strict=True))
    return {p.id: p.is_salesperson for p in people}


def ties_touching(ties: Sequence[Tie], people: Collection[str]) -> Iterator[Tie]:
    """The ties with an end among `people`, reading columns as numbers."""
    wanted = set(people)
    if not wanted:
        return
    if not isinstance(ties, TieColumns):
        yield from (t for t in ties if t.source in wanted or t.target in wanted)
        return
    numbers = {n for n, ident in enumerate(ties.ids) if ident in wanted}
    for row, (a, b) in enumerate(zip(ties.source, ties.target, strict=True)):
        if a in numbers or b in numbers:
            yield ties[row]
