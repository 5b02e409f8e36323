"""Names as imports compare them: one company or person written many ways.

Two spellings of a company are the same company when their keys are equal: case,
width, spacing, punctuation and legal suffixes (Inc., LLC, Ltd., Co., GmbH,
有限公司, 股份有限公司 …) aside, traditional characters as simplified (華信製造
is 华信制造). A person's name compares with case, width and
spacing aside; an e-mail address with case aside (ASCII case: what SQL's lower() folds).

A person's name is shown as its script writes it (`display_name`): Chinese,
Japanese and Korean family name first without a space (林志远), Latin ones
"First Last". Across sources (`written_forms`, `pinyin_forms`) 林志远, 志远 林
and 林 志远 are one written name, traditional characters as simplified, and
"Lin Zhiyuan" / "Zhiyuan Lin" its pinyin.

Finding by name (`search_key`) folds further: accents aside as well, so "José
Müller" is found by "jose muller", and traditional Chinese characters as
simplified ones (華信製造 as 华信制造, character by character, so that a part of
a name folds as it does inside the name). The stores keep each item's text folded
so (`search_text`), with the pinyin of a Chinese name after its fields (the
syllables joined, then their initials: 张伟 is also "zhangwei" and "zw"; a
person's surname read as a surname: 单 shan, 曾 zeng, 解 xie), and the query is
folded the same way.

The character table and the readings are handed in (`Transliteration`, installed
with `use_transliteration`: graph_mtl/bootstrap.py installs graph_mtl/text.py's,
OpenCC's table and pypinyin's readings); the surnames are graph_mtl/domain/surnames.py's.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Protocol

from graph_mtl.domain.surnames import family_and_given, surname_reading

__all__ = [
    "SEARCH_SEPARATOR",
    "PersonSearchTexts",
    "Transliteration",
    "company_key",
    "display_name",
    "email_key",
    "is_cjk",
    "name_forms",
    "person_key",
    "person_search_text",
    "pinyin_forms",
    "pinyin_query",
    "search_key",
    "search_text",
    "simplified",
    "spellings",
    "use_transliteration",
    "written_forms",
]


class Transliteration(Protocol):
    """What names need of Chinese script: plain tables over text."""

    def simplified(self, text: str) -> str:
        """`text` with traditional characters as simplified ones, each alone (a
        phrase table would fold a part of a name unlike the whole), folding twice
        changing nothing."""
        ...

    def pinyin(self, text: str) -> tuple[str, ...]:
        """The toneless pinyin syllables of the Chinese characters of `text`, others
        left out."""
        ...


_installed: list[Transliteration] = []


def use_transliteration(text: Transliteration) -> None:
    """Install what folds and reads Chinese script, for every function here (the
    wiring does, once; the answers cached before are dropped)."""
    if _installed and _installed[0] is text:
        return
    _installed[:] = [text]
    for cached in (company_key, spellings, _readings, name_forms):
        cached.cache_clear()


def _text() -> Transliteration:
    if not _installed:
        raise RuntimeError("no Transliteration installed: call graph_mtl.bootstrap.wire() first")
    return _installed[0]


_LEGAL = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|集团|"
    r"\b(?:inc|incorporated|llc|ltd|limited|co|corp|corporation|company|gmbh|ag|sa|plc|bv)\b)",
)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_CJK = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
    r"\u3040-\u30ff\u31f0-\u31ff\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"
)
_JOINERS = re.compile(r"[-'\u2019\u00b7.]")


@lru_cache(maxsize=1 << 16)  # an import meets each company's spelling many times
def company_key(name: str) -> str:
    text = simplified(unicodedata.normalize("NFKC", name).casefold())
    text = _LEGAL.sub(" ", text)
    return re.sub(r"[\W_]+", "", text)


def person_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def email_key(email: str) -> str:
    return email.strip().lower()


def is_cjk(text: str) -> bool:
    """Whether `text` (spaces aside, at least one character) is all Chinese,
    Japanese or Korean script."""
    bare = "".join(text.split())
    return bool(bare) and all(_CJK.match(ch) for ch in bare)


def display_name(first: str, last: str) -> str:
    """A person's name from a given name and a family name, as its script writes
    it: 志远 + 林 → 林志远; Zhiyuan + Lin → "Zhiyuan Lin"."""
    given, family = " ".join(first.split()), " ".join(last.split())
    if given and family and is_cjk(given) and is_cjk(family):
        return family + given
    return " ".join(part for part in (given, family) if part)


def written_forms(name: str) -> frozenset[str]:
    """The keys one written name matches under: its `person_key` with traditional
    characters simplified and, for a CJK name in two parts, both parts joined in
    either order (志远 林 and 林 志远 meet 林志远)."""
    key = person_key(simplified(name))
    parts = key.split()
    forms = {key}
    if len(parts) == 2 and is_cjk(key):
        forms |= {parts[0] + parts[1], parts[1] + parts[0]}
    return frozenset(forms)


def pinyin_forms(name: str) -> frozenset[str]:
    """A CJK name's pinyin as a Latin-script source writes it, both orders
    (林志远: "lin zhiyuan", "zhiyuan lin"); a Latin name's own folded form
    (hyphens and apostrophes aside: "Zhi-Yuan Lin" is "zhiyuan lin"); nothing for
    a name in any other script or mixing them."""
    key = person_key(simplified(name))
    if is_cjk(key):
        parts = key.split()
        if len(parts) == 1:
            parts = list(family_and_given(key))
        # Written apart, either part may be the surname: one of the surnames read
        # otherwise is read as a surname.
        spelled = ["".join(_readings(p, person=True)) for p in parts]
        if len(spelled) != 2 or not all(spelled):
            return frozenset()
        return frozenset({f"{spelled[0]} {spelled[1]}", f"{spelled[1]} {spelled[0]}"})
    latin = " ".join(_JOINERS.sub("", search_key(name)).split())
    return (
        frozenset({latin}) if latin.isascii() and latin.replace(" ", "").isalpha() else frozenset()
    )


def search_key(text: str) -> str:
    """`text` as a name search compares it: compatibility forms (full width) as
    their plain letters, accents dropped, case folded, spacing collapsed,
    traditional Chinese characters as simplified."""
    if text.isascii():  # the common case, and what the rest does to it
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return simplified(" ".join(unicodedata.normalize("NFKC", bare.casefold()).split()))


def pinyin_query(q: str) -> str | None:
    """A folded Latin query as pinyin is stored (`spellings`): spaces and tone
    numbers out ("zhang1 wei3" → "zhangwei"); None when that changes nothing or
    the query is not letters."""
    if not q.isascii():
        return None
    joined = re.sub(r"(?<=[a-z])[1-5]", "", q).replace(" ", "")
    return joined if joined != q and joined.isalpha() else None


SEARCH_SEPARATOR = "\n"
"""Between the fields of a search text: `search_key` never leaves one in a query,
so no match spans two fields."""


def search_text(*fields: str | None, person: bool = False) -> str:
    """What a store keeps to find an item by: its fields, each `search_key`ed, the
    first (the name) leading, so that a prefix of the text is a prefix of the name;
    after them the name's `spellings` (a `person`'s surname read as one)."""
    folded = [search_key(f or "") for f in fields]
    if folded:
        folded += spellings(folded[0], person=person)
    return SEARCH_SEPARATOR.join(folded)


def person_search_text(
    name: str | None, ident: str | None, title: str | None, email: str | None
) -> str:
    """`search_text` of a person (an SQL function takes no keywords)."""
    return search_text(name, ident, title, email, person=True)


class PersonSearchTexts:
    """`person_search_text` for many people, each distinct name and title folded
    once (a million people share a few thousand names: the folding of a Chinese
    name, its pinyin, is most of the text's cost)."""

    def __init__(self) -> None:
        self._names: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._titles: dict[str, str] = {}

    def __call__(
        self, name: str | None, ident: str | None, title: str | None, email: str | None
    ) -> str:
        name, title = name or "", title or ""
        named = self._names.get(name)
        if named is None:
            folded = search_key(name)
            named = self._names[name] = (folded, spellings(folded, person=True))
        titled = self._titles.get(title)
        if titled is None:
            titled = self._titles[title] = search_key(title)
        fields = [named[0], search_key(ident or ""), titled, search_key(email or ""), *named[1]]
        return SEARCH_SEPARATOR.join(fields)


@lru_cache(maxsize=1 << 16)
def spellings(folded: str, *, person: bool = False) -> tuple[str, ...]:
    """The pinyin of a folded name that has Chinese characters: the syllables joined
    and their initials (张伟: "zhangwei", "zw"); nothing for one without."""
    if not _HAN.search(folded):
        return ()
    if person and is_cjk(folded) and " " not in folded:
        family, given = family_and_given(folded)
        syllables = (*_readings(family, person=True), *_readings(given, person=False))
    else:
        syllables = _readings(folded, person=False)
    if not syllables:
        return ()
    return ("".join(syllables), "".join(s[0] for s in syllables))


def simplified(text: str) -> str:
    """`text` with traditional Chinese characters as simplified ones, each alone."""
    return _text().simplified(text) if _HAN.search(text) else text


@lru_cache(maxsize=1 << 14)  # a search ranks the same names again and again
def name_forms(name: str, *, person: bool = False) -> tuple[str, ...]:
    """What a name search compares a query with: the folded name, then its
    `spellings`."""
    folded = search_key(name)
    return (folded, *spellings(folded, person=person))


@lru_cache(maxsize=1 << 16)
def _readings(text: str, *, person: bool) -> tuple[str, ...]:
    """The toneless pinyin syllables of the Chinese characters of `text` (others
    left out); `person`: `text` is a surname."""
    if person and (known := surname_reading(text)):
        return tuple(known.split())
    return _text().pinyin(text)
