"""What forgetting a person does to the words others wrote about them: their name
and e-mail address, wherever a free-text field holds them (a tie's context, an
opportunity's details, an introduction request's notes), become `FORGOTTEN`.

The match ignores case. Where a name starts or ends with a letter or digit of the
Latin alphabet, it must stand as a word there ("Al" is not taken out of "Also");
names in scripts without spaces between words (张伟) are taken wherever they occur.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from graph_mtl.domain.models import IntroRequest, Opportunity, Person

__all__ = ["FORGOTTEN", "Mentions", "mentions_of"]

FORGOTTEN = "[forgotten]"


class Mentions:
    """The ways a free text may name one person, and how to take them out."""

    def __init__(self, needles: Iterable[str]) -> None:
        kept = sorted({n.strip() for n in needles if n and n.strip()}, key=len, reverse=True)
        self.needles: tuple[str, ...] = tuple(kept)
        self._pattern = (
            re.compile("|".join(_word(n) for n in kept), re.IGNORECASE) if kept else None
        )

    def __bool__(self) -> bool:
        return bool(self.needles)

    def probes(self) -> list[str]:
        """Substrings worth looking for before reading a row (as written, and as a JSON
        string spells them), for a store's coarse filter."""
        found: set[str] = set()
        for needle in self.needles:
            found.add(needle)
            found.add(json.dumps(needle, ensure_ascii=False)[1:-1])
            found.add(json.dumps(needle)[1:-1])
        return sorted(found)

    def scrubbed(self, text: str) -> str:
        """`text` with every mention replaced by `FORGOTTEN`."""
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(FORGOTTEN, text)

    def opportunity(self, o: Opportunity) -> Opportunity:
        """The opportunity with its details scrubbed."""
        details = {self.scrubbed(k): self.scrubbed(v) for k, v in o.details.items()}
        return o.model_copy(update={"details": details})

    def intro(self, i: IntroRequest) -> IntroRequest:
        """The request with its notes (and its history's) scrubbed."""
        history = tuple(e.model_copy(update={"note": self.scrubbed(e.note)}) for e in i.history)
        return i.model_copy(update={"note": self.scrubbed(i.note), "history": history})


def mentions_of(person: Person) -> Mentions:
    """A person's name and e-mail address, as free texts may hold them."""
    return Mentions([person.name, person.email])


def _word(needle: str) -> str:
    head = r"(?<![0-9A-Za-z])" if needle[0].isascii() and needle[0].isalnum() else ""
    tail = r"(?![0-9A-Za-z])" if needle[-1].isascii() and needle[-1].isalnum() else ""
    return head + re.escape(needle) + tail
