"""Names as their scripts write them, the same name across sources, and the
folding name search compares by (traditional as simplified, pinyin)."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import graph_mtl.domain
from graph_mtl.bootstrap import wire
from graph_mtl.domain.names import (
    company_key,
    display_name,
    pinyin_forms,
    pinyin_query,
    search_key,
    search_text,
    spellings,
    use_transliteration,
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


def test_a_company_key_folds_traditional_characters() -> None:
    assert company_key("華信製造") == company_key("华信制造") == company_key("华信制造有限公司")
    assert company_key("華信製造股份有限公司") == "华信制造"
    assert company_key("Acme, Inc.") == company_key("ACME")


class _Fake:
    """A transliteration of two characters, to see that names go by the one installed."""

    def simplified(self, text: str) -> str:
        return text.replace("華", "华")

    def pinyin(self, text: str) -> tuple[str, ...]:
        return tuple({"华": "hua", "伟": "wei"}.get(c, "x") for c in text)


@pytest.fixture
def fake_text() -> Iterator[None]:
    use_transliteration(_Fake())
    try:
        yield
    finally:
        wire()  # the real one again, caches dropped


def test_names_go_by_the_transliteration_installed(fake_text: None) -> None:
    assert search_key("華偉") == "华偉"  # the fake knows only 華
    assert spellings("华伟", person=True) == ("huawei", "hw")
    assert company_key("華信") == "华信"


def test_the_domain_imports_only_the_standard_library_and_pydantic() -> None:
    # Chinese script's libraries (pypinyin, OpenCC) are handed in by the wiring.
    domain = Path(graph_mtl.domain.__file__).parent
    for path in domain.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or top in {"pydantic", "graph_mtl"}, (
                    path.name,
                    name,
                )
