"""Ties held as columns: the form a bundle of millions of ties takes in memory.

A list of ten million `Tie` models takes gigabytes; the same ties as columns
take a few hundred megabytes. People are numbers into `ids`, contexts numbers
into `contexts`, and the last contact a day number (`date.toordinal`, 0 for
none). `TieColumns` is a sequence of `Tie`, so whatever reads a bundle's ties
one by one reads these the same way; a store that can take the columns
whole (the embedded one) does.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import overload

from graph_mtl.domain.models import Tie

__all__ = ["TieColumns"]


@dataclass(slots=True, eq=False)
class TieColumns(Sequence[Tie]):
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

    @overload
    def __getitem__(self, i: int) -> Tie: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[Tie]: ...

    def __getitem__(self, i: int | slice) -> Tie | Sequence[Tie]:
        if isinstance(i, slice):
            return [self._tie(j) for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._tie(i)

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same ties in the same order (a list, say)."""
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __iter__(self) -> Iterator[Tie]:
        return (self._tie(i) for i in range(len(self)))

    def _tie(self, i: int) -> Tie:
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
