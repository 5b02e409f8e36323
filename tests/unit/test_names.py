"""Names as their scripts write them, the same name across sources, and the
folding name search compares by (traditional as simplified, pinyin)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph_mtl.domain.names import (
    display_name,
    pinyin_forms,
    pinyin_query,
    search_key,
    search_text,
    spellings,
    written_forms,
)


@pytest.mark.parametrize(
    ("first", "last", "name"),
    [
        ("志远", "林", "林志远"),
        (" 敏 ", "赵", "赵敏"),
        ("太郎", "山田", "山田太郎"),
        ("민준", "김", "김민준"),
        ("Zhiyuan", "Lin", "Zhiyuan Lin"),
        ("Kim", "", "Kim"),
        ("", "林", "林"),
        ("Zhiyuan", "林", "Zhiyuan 林"),  # mixed scripts: as a Latin name
    ],
)
def test_a_name_is_built_as_its_script_writes_it(first: str, last: str, name: str) -> None:
    assert display_name(first, last) == name


def test_one_written_name_however_ordered_spaced_or_written() -> None:
    whole = written_forms("林志远")
    for other in ["志远 林", "林 志远", "林志遠", "  林志远 "]:
        assert whole & written_forms(other), other
    assert not whole & written_forms("林志元")
    assert not written_forms("John Smith") & written_forms("Smith John")


def test_pinyin_forms_meet_across_scripts_only() -> None:
    assert pinyin_forms("林志远") == {"lin zhiyuan", "zhiyuan lin"}
    assert pinyin_forms("志远 林") == pinyin_forms("林志远")
    assert pinyin_forms("Zhi-Yuan LIN") == {"zhiyuan lin"}
    assert pinyin_forms("曾国藩") == {"zeng guofan", "guofan zeng"}  # not "ceng"
    assert pinyin_forms("欧阳修") == {"ouyang xiu", "xiu ouyang"}
    assert pinyin_forms("Zhiyuan 林") == frozenset()


def test_search_folds_traditional_and_spells_pinyin() -> None:
    assert search_key("華信製造") == "华信制造" == search_key("华信制造")
    assert search_text("張偉", "sp-zhang", person=True).split("\n") == [
        "张伟",
        "sp-zhang",
        "zhangwei",
        "zw",
    ]
    assert spellings("单雄信", person=True) == ("shanxiongxin", "sxx")
    assert spellings("解缙", person=True) == ("xiejin", "xj")
    assert spellings("曾国藩", person=True)[0] == "zengguofan"
    assert spellings("解放科技")[0] == "jiefangkeji"  # a company: no surname reading
    assert spellings("kim lee") == ()
    assert pinyin_query("zhang wei") == pinyin_query("zhang1 wei3") == "zhangwei"
    assert pinyin_query("zw") is None and pinyin_query("张 伟") is None


@given(st.text(st.sampled_from("華信製造张伟張偉陳國棟薴苧ab c"), max_size=12))
def test_folding_twice_changes_nothing(text: str) -> None:
    folded = search_key(text)
    assert search_key(folded) == folded
    assert all(search_key(part) in folded for part in folded.split())
