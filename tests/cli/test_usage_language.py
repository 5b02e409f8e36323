"""Usage errors (a missing option, a bad value, an unknown option or command) in the
reader's language; in English click's own words, unchanged."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from graph_mtl.cli import app
from tests.i18n_check import english_words

runner = CliRunner()

_NAMES = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
_WRONG = [
    ["paths", "--to", "huaxin-01"],
    ["paths", "--from", "sp-zhang", "--to", "huaxin-01", "--k", "x"],
    ["paths", "--from", "sp-zhang", "--to", "huaxin-01", "--mode", "fastest"],
    ["paths", "--from", "sp-zhang", "--to", "huaxin-01", "--since", "2026-13-40"],
    ["paths", "--from", "sp-zhang", "--to", "huaxin-01", "--k"],
    ["paths", "--json=yes"],
    ["paths", "--nope"],
    ["pathz"],
    ["intros", "nope"],
    ["committee"],
    ["find", "zhang", "wei"],
    ["find", "zhang", "--kind", "thing"],
    ["find", "zhang", "--limit", "many"],
]
_TYPED = {"x", "fastest", "nope", "pathz", "zhang", "wei", "thing", "many", "yes"}


@pytest.mark.parametrize("args", _WRONG, ids=[" ".join(a) for a in _WRONG])
def test_usage_errors_in_chinese_hold_no_english(args: list[str]) -> None:
    result = runner.invoke(app, ["--lang", "zh-CN", *args])
    assert result.exit_code == 2, result.output
    assert "错误：" in result.output  # noqa: RUF001
    assert english_words(result.output, names=_NAMES | _TYPED) == [], result.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["paths", "--to", "huaxin-01"], "Error: Missing option '--from'."),
        (["pathz"], "Error: No such command 'pathz'. Did you mean 'paths'?"),
        (["find", "a", "b"], "Error: Got unexpected extra argument(s) (b)"),
        (
            ["paths", "--from", "a", "--to", "b", "--k", "x"],
            "Error: Invalid value for '--k': Input should be a valid integer, unable to parse "
            "string as an integer",
        ),
    ],
)
def test_usage_errors_in_english_are_clicks(args: list[str], said: str) -> None:
    result = runner.invoke(app, ["--lang", "en", *args])
    assert result.exit_code == 2
    assert said in result.output
    assert "Try 'graph-mtl" in result.output


def test_a_missing_option_named_in_chinese() -> None:
    result = runner.invoke(app, ["--lang", "zh-CN", "paths", "--to", "huaxin-01"])
    assert "错误：缺少选项 '--from'。" in result.output  # noqa: RUF001
    assert "运行 'graph-mtl paths --help' 查看帮助。" in result.output
