"""The message catalogues: both languages complete and in step with the code, the
compiled catalogues matching their sources, the language chosen as documented,
and Chinese output free of English words (names and ids aside)."""

from __future__ import annotations

import string
from collections.abc import Iterator
from io import BytesIO
from typing import Any

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from graph_mtl import i18n
from graph_mtl.cli import app
from scripts import catalogue
from tests.i18n_check import english_words

runner = CliRunner()


def _catalog(language: str):  # type: ignore[no-untyped-def]  # babel types ids as str | tuple
    with catalogue.po_path(language).open("rb") as stream:
        return read_po(stream, locale=language, domain=i18n.DOMAIN)


def _ids(language: str) -> set[str | tuple[str, str]]:
    return {m.id for m in _catalog(language) if m.id}


@pytest.mark.parametrize("language", catalogue.LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    missing = [
        m.id
        for m in _catalog(language)
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]
    assert missing == []


def test_both_catalogues_hold_the_same_messages_and_every_one_the_code_uses() -> None:
    used = {m if isinstance(m, str) else tuple(m) for m in catalogue.extracted()}
    used |= set(catalogue.help_texts())
    assert _ids("en") == _ids("zh_CN")
    assert sorted(map(str, used - _ids("en"))) == []
    assert sorted(map(str, _ids("en") - used)) == []  # no message left behind


@pytest.mark.parametrize("language", catalogue.LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language: str) -> None:
    with catalogue.mo_path(language).open("rb") as stream:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(stream) if m.id}
    source = {_key(m.id): _key(m.string) for m in _catalog(language) if m.id}
    assert compiled == source, "run scripts/catalogue.py"
    assert read_mo(BytesIO(catalogue.mo_bytes(_catalog(language)))).plural_forms


def _key(text: object) -> object:
    return tuple(text) if isinstance(text, list | tuple) else text


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", catalogue.LANGUAGES)
def test_a_translation_keeps_its_values(language: str) -> None:
    wrong = []
    for m in _catalog(language):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = _fields(ids[-1]) | _fields(ids[0])
        if any(_fields(s) - wanted for s in strings) or _fields(strings[0]) != _fields(ids[0]):
            wrong.append(m.id)
    assert wrong == []


@pytest.mark.parametrize(
    ("tag", "language"),
    [
        ("zh", "zh_CN"),
        ("zh-CN", "zh_CN"),
        ("zh_Hans", "zh_CN"),
        ("zh-Hans-CN", "zh_CN"),
        ("ZH-cn", "zh_CN"),
        ("en", "en"),
        ("en-US", "en"),
        ("zh-TW", None),
        ("fr", None),
        ("", None),
        (None, None),
    ],
)
def test_language_tags_are_normalised(tag: str | None, language: str | None) -> None:
    assert i18n.normalize(tag) == language


def test_accept_language_picks_the_best_of_ours() -> None:
    assert i18n.negotiate("fr-FR, zh-CN;q=0.8, en;q=0.5") == "zh_CN"
    assert i18n.negotiate("en-GB,en;q=0.9,zh;q=0.8") == "en"
    assert i18n.negotiate("zh;q=0, en") == "en"
    assert i18n.negotiate("fr") is None
    assert i18n.negotiate(None) is None


def test_chinese_has_one_plural_form_and_english_two() -> None:
    with i18n.use("zh"):
        assert i18n.ngettext("{n} hop", "{n} hops", 1) == "1 跳"
        assert i18n.ngettext("{n} hop", "{n} hops", 3) == "3 跳"
    with i18n.use("en"):
        assert i18n.ngettext("{n} hop", "{n} hops", 1) == "1 hop"
        assert i18n.ngettext("{n} hop", "{n} hops", 3) == "3 hops"
    assert i18n.current() == "en"


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


import typer  # noqa: E402

COMMANDS = list(_commands(typer.main.get_command(app)))
_COMMAND_NAMES = {name for path in COMMANDS for name in path}


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) or "graph-mtl" for p in COMMANDS])
def test_help_in_chinese_has_no_english_words(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, ["--lang", "zh-CN", *path, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    assert english_words(result.output, names=_COMMAND_NAMES) == []
    assert "用法" in result.output


def test_help_in_english_is_as_written() -> None:
    result = runner.invoke(app, ["--lang", "en", "paths", "--help"])
    assert "Warm-introduction paths from a salesperson to a person" in result.output
    assert "Usage:" in result.output


def test_the_language_comes_from_the_environment_then_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPH_MTL_LANGUAGE", "zh-CN")
    assert "用法" in runner.invoke(app, ["paths", "--help"]).output
    assert "Usage:" in runner.invoke(app, ["--lang", "en", "paths", "--help"]).output
    monkeypatch.delenv("GRAPH_MTL_LANGUAGE")
    # Without either, the playbook's: the built-in one is in Chinese.
    monkeypatch.chdir("/")
    assert "用法" in runner.invoke(app, ["paths", "--help"]).output
    assert i18n.current() == "en"  # nothing leaks out of a run


def test_an_unknown_language_is_refused() -> None:
    result = runner.invoke(app, ["--lang", "fr", "find", "x"])
    assert result.exit_code == 2
