"""Names as imports compare them: one company or person written many ways.

Two spellings of a company are the same company when their keys are equal: case,
width, spacing, punctuation and legal suffixes (Inc., LLC, Ltd., Co., GmbH,
有限公司, 股份有限公司 …) aside. A person's name compares with case, width and
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

The character table comes from OpenCC and the readings from pypinyin: plain
tables over text, the only libraries this package uses besides pydantic.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

__all__ = [
    "SEARCH_SEPARATOR",
    "company_key",
    "display_name",
    "email_key",
    "is_cjk",
    "person_key",
    "person_search_text",
    "pinyin_forms",
    "pinyin_query",
    "search_key",
    "search_text",
    "simplified",
    "spellings",
    "written_forms",
]

_LEGAL = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|集团|"
    r"\b(?:inc|incorporated|llc|ltd|limited|co|corp|corporation|company|gmbh|ag|sa|plc|bv)\b)",
)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_CJK = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
    r"\u3040-\u30ff\u31f0-\u31ff\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"
)
_COMPOUND_SURNAMES = {
    "欧阳": "ou yang", "司马": "si ma", "诸葛": "zhu ge", "上官": "shang guan", "尉迟": "yu chi",
    "万俟": "mo qi", "长孙": "zhang sun", "东方": "dong fang", "皇甫": "huang fu", "令狐": "ling hu",
    "公孙": "gong sun", "慕容": "mu rong", "司徒": "si tu", "夏侯": "xia hou", "端木": "duan mu",
    "独孤": "du gu", "宇文": "yu wen", "澹台": "tan tai", "南宫": "nan gong", "轩辕": "xuan yuan",
    "呼延": "hu yan", "闻人": "wen ren", "西门": "xi men", "单于": "chan yu", "申屠": "shen tu",
    "太史": "tai shi", "赫连": "he lian", "钟离": "zhong li", "百里": "bai li", "司空": "si kong",
}  # fmt: skip
_SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "区": "ou", "仇": "qiu", "朴": "piao", "查": "zha",
    "盖": "ge", "乐": "yue", "覃": "qin", "种": "chong", "缪": "miao", "翟": "zhai", "召": "shao",
    "折": "she", "秘": "bi", "员": "yun", "繁": "po", "句": "gou", "华": "hua", "任": "ren",
    "沈": "shen", "石": "shi", "薄": "bo", "阚": "kan", "隗": "wei", "宓": "mi", "卜": "bu",
    "都": "du", "纪": "ji", "燕": "yan", "黑": "he", "尉": "yu", "祭": "zhai", "长": "chang",
    "重": "chong", "冼": "xian", "洗": "xian", "谌": "chen", "乜": "nie", "相": "xiang",
    "万": "wan", "朝": "chao", "车": "che", "藏": "zang", "贾": "jia", "柏": "bai", "葛": "ge",
    "曲": "qu", "尾": "wei", "难": "ning", "蕃": "pi", "能": "nai", "射": "ye", "叶": "ye",
    "行": "xing", "广": "guang", "过": "guo", "便": "pian",
}  # fmt: skip
"""Surnames that pypinyin reads otherwise out of context (its common reading)."""
_JOINERS = re.compile(r"[-'\u2019\u00b7.]")


@lru_cache(maxsize=1 << 16)  # an import meets each company's spelling many times
def company_key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
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
            parts = list(_family_and_given(key))
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


@lru_cache(maxsize=1 << 16)
def spellings(folded: str, *, person: bool = False) -> tuple[str, ...]:
    """The pinyin of a folded name that has Chinese characters: the syllables joined
    and their initials (张伟: "zhangwei", "zw"); nothing for one without."""
    if not _HAN.search(folded):
        return ()
    if person and is_cjk(folded) and " " not in folded:
        family, given = _family_and_given(folded)
        syllables = (*_readings(family, person=True), *_readings(given, person=False))
    else:
        syllables = _readings(folded, person=False)
    if not syllables:
        return ()
    return ("".join(syllables), "".join(s[0] for s in syllables))


def simplified(text: str) -> str:
    """`text` with traditional Chinese characters as simplified ones, each alone."""
    return text.translate(_t2s()) if _HAN.search(text) else text


def _family_and_given(name: str) -> tuple[str, str]:
    """A CJK name written whole split after its surname (a compound one, else the
    first character)."""
    size = 2 if len(name) > 2 and name[:2] in _COMPOUND_SURNAMES else 1
    return name[:size], name[size:]


@lru_cache(maxsize=1 << 16)
def _readings(text: str, *, person: bool) -> tuple[str, ...]:
    """The toneless pinyin syllables of the Chinese characters of `text` (others
    left out); `person`: `text` is a surname."""
    if person:
        known = _COMPOUND_SURNAMES.get(text) or _SURNAME_READINGS.get(text)
        if known:
            return tuple(known.split())
    from pypinyin import Style, lazy_pinyin

    return tuple(s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s)


@cache
def _t2s() -> dict[int, str]:
    """OpenCC's traditional → simplified table, character by character (its phrases
    would fold a part of a name unlike the whole)."""
    import opencc

    chars = [
        chr(c)
        for block in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
        for c in range(*block)
    ]
    out = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # a table that joined lines: fold nothing rather than wrongly
        return {}
    table = {ord(a): b for a, b in zip(chars, out, strict=True) if a != b}
    # A few simplify in two steps (薴 → 苧 → 苎): folding twice must change nothing.
    for key, value in table.items():
        while (again := value.translate(table)) != value:
            value = again
        table[key] = value
    return table
