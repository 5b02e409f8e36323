"""Chinese family names: the one table that both splitting a name (a draft's
greeting, the order of a name written in two parts) and reading it (its pinyin
for search and matching) go by.

A compound surname (欧阳, 司马 …) is two characters; any other is the first
character. `SURNAMES` are the common one-character ones, used to tell which of
two parts is the family name ("志远 林" is 林志远); `SURNAME_READINGS` the ones
read otherwise as a surname than in other words (单 shan, 曾 zeng, 解 xie).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "COMPOUND_SURNAMES",
    "SURNAMES",
    "SURNAME_READINGS",
    "family_and_given",
    "is_surname",
    "surname_reading",
]

COMPOUND_SURNAMES: Mapping[str, str] = MappingProxyType({
    "欧阳": "ou yang", "司马": "si ma", "诸葛": "zhu ge", "上官": "shang guan", "尉迟": "yu chi",
    "万俟": "mo qi", "长孙": "zhang sun", "东方": "dong fang", "皇甫": "huang fu", "令狐": "ling hu",
    "公孙": "gong sun", "慕容": "mu rong", "司徒": "si tu", "夏侯": "xia hou", "端木": "duan mu",
    "独孤": "du gu", "宇文": "yu wen", "澹台": "tan tai", "南宫": "nan gong", "轩辕": "xuan yuan",
    "呼延": "hu yan", "闻人": "wen ren", "西门": "xi men", "单于": "chan yu", "申屠": "shen tu",
    "太史": "tai shi", "赫连": "he lian", "钟离": "zhong li", "百里": "bai li", "司空": "si kong",
    "公冶": "gong ye", "宗政": "zong zheng", "濮阳": "pu yang", "第五": "di wu", "东郭": "dong guo",
    "左丘": "zuo qiu", "谷梁": "gu liang", "拓跋": "tuo ba", "完颜": "wan yan",
})  # fmt: skip
"""Two-character surnames and their readings."""

SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章"
    "鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉"
    "骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阎时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄"
    "丛仲虞敖巩明佘池查麻苑迟邝"
)
"""The common one-character surnames."""

SURNAME_READINGS: Mapping[str, str] = MappingProxyType({
    "单": "shan", "曾": "zeng", "解": "xie", "区": "ou", "仇": "qiu", "朴": "piao", "查": "zha",
    "盖": "ge", "乐": "yue", "覃": "qin", "种": "chong", "缪": "miao", "翟": "zhai", "召": "shao",
    "折": "she", "秘": "bi", "员": "yun", "繁": "po", "句": "gou", "华": "hua", "任": "ren",
    "沈": "shen", "石": "shi", "薄": "bo", "阚": "kan", "隗": "wei", "宓": "mi", "卜": "bu",
    "都": "du", "纪": "ji", "燕": "yan", "黑": "he", "尉": "yu", "祭": "zhai", "长": "chang",
    "重": "chong", "冼": "xian", "洗": "xian", "谌": "chen", "乜": "nie", "相": "xiang",
    "万": "wan", "朝": "chao", "车": "che", "藏": "zang", "贾": "jia", "柏": "bai", "葛": "ge",
    "曲": "qu", "尾": "wei", "难": "ning", "蕃": "pi", "能": "nai", "射": "ye", "叶": "ye",
    "行": "xing", "广": "guang", "过": "guo", "便": "pian",
})  # fmt: skip
"""One-character surnames that a reading out of context (pypinyin's common one)
reads otherwise."""


def is_surname(text: str) -> bool:
    """Whether `text` is a compound surname or a common one-character one."""
    return text in COMPOUND_SURNAMES or (len(text) == 1 and text in SURNAMES)


def family_and_given(name: str) -> tuple[str, str]:
    """A Chinese name written whole, split after its surname (a compound one when
    the name is longer than it, else the first character): 欧阳明 → 欧阳, 明."""
    size = 2 if len(name) > 2 and name[:2] in COMPOUND_SURNAMES else 1
    return name[:size], name[size:]


def surname_reading(surname: str) -> str | None:
    """How a surname reads, syllables apart ("ou yang"), where its characters alone
    may read otherwise; None for one read as usual."""
    return COMPOUND_SURNAMES.get(surname) or SURNAME_READINGS.get(surname)
