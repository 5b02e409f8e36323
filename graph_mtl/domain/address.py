"""How a draft addresses someone: their name in the order their script writes it,
and the form the playbook chooses for how the salesperson knows them.

A Chinese name is written family name first, without a space: 林志远, 欧阳明. A name
stored split the Latin way ("志远 林", "林 志远") is put back together here, so a draft
never greets "志远 林". A Latin name keeps its order ("Jo Park"). The familiar form
calls a Chinese person by the given name (志远; a one-character given name is too
curt alone, so 赵敏 stays 赵敏) and a Latin one by the first name; the formal form by
the family name and an honorific taken from the job title (林总, 周经理), or the whole
name where the title gives none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Address", "address", "chinese_name", "split_name"]

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_COMPOUND = (
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 长孙 宇文 司徒 端木 独孤 "
    "南宫 西门 轩辕 呼延 万俟 闻人 钟离 澹台 公冶 宗政 濮阳 太史 申屠 赫连 第五 百里 "
    "东郭 左丘 谷梁 拓跋 完颜"
)
COMPOUND_SURNAMES = frozenset(_COMPOUND.split())
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章"
    "鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉"
    "骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阎时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄"
    "丛仲虞敖巩明佘池查麻苑迟邝"
)


def _is_surname(text: str) -> bool:
    return text in COMPOUND_SURNAMES or (len(text) == 1 and text in _SURNAMES)


def chinese_name(name: str) -> str:
    """A Chinese name family name first, without a space: "志远 林" and "林 志远" →
    林志远; any other name as it is (stripped)."""
    parts = name.split()
    if len(parts) != 2 or not all(_HAN.fullmatch(p[0]) for p in parts):
        return name.strip()
    first, last = parts
    if _is_surname(last) and not _is_surname(first):
        return last + first
    return first + last


def split_name(name: str) -> tuple[str, str]:
    """(family name, given name) of a Chinese name; ("", first name) of a Latin one
    (its first word), or (last word, first word) when it has two words or more."""
    name = chinese_name(name)
    if _HAN.match(name):
        surname = name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]
        return surname, name[len(surname) :]
    words = name.split()
    if len(words) < 2:
        return "", name
    return words[-1], words[0]


@dataclass(frozen=True)
class Address:
    """The words a draft uses for someone."""

    name: str
    """Their whole name in its right order (林志远, Jo Park)."""
    addressed: str
    """What the greeting calls them: 志远, 林总, Jo."""
    familiar: bool


def address(
    name: str,
    *,
    title: str = "",
    familiar: bool,
    honorifics: Mapping[str, str] | Sequence[tuple[str, str]] = (),
) -> Address:
    """`honorifics`: job-title pattern → honorific, first match wins (总经理 → 总);
    used for a formal Chinese address only."""
    whole = chinese_name(name)
    surname, given = split_name(whole)
    chinese = bool(_HAN.match(whole))
    if familiar:
        called = given if not chinese or len(given) >= 2 else whole
    else:
        pairs = honorifics.items() if isinstance(honorifics, Mapping) else honorifics
        honorific = next((h for p, h in pairs if _holds(title, p)), "")
        called = surname + honorific if chinese and honorific else whole
    return Address(name=whole, addressed=called or whole, familiar=familiar)


def _holds(title: str, pattern: str) -> bool:
    if pattern.isascii():
        return re.search(rf"(?<![A-Za-z]){re.escape(pattern)}(?![A-Za-z])", title, re.I) is not None
    return pattern in title
