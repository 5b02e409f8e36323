"""Every command's `--help`: plain paragraphs without type tags. Each option's help
reads as one paragraph (wrapped, never split), its default and `[required]` at its
end, square brackets kept as written (`[env: GRAPH_MTL_STORE]`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from graph_mtl.cli import app

runner = CliRunner()

_TAG = re.compile(r"<[^<>\s]+>")
_CLICK_METAVAR = re.compile(r"--[\w-]+ (TEXT|INTEGER|FLOAT|BOOLEAN|FILENAME|DIRECTORY)\b")


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


COMMANDS = list(_commands(typer.main.get_command(app)))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _bare(text: str) -> str:
    """The text without any white space: a wrapped paragraph (even one wrapped after a
    hyphen) reads the same, one split by a panel border or another column does not."""
    return "".join(text.split())


def test_every_command_is_listed() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"paths", "committee", "report", "intros request", "keys create", "team share"} <= names
    assert len(COMMANDS) > 25


@pytest.mark.parametrize("width", [60, 200])
@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(path) or "graph-mtl" for path, _ in COMMANDS]
)
def test_help_is_plain_and_each_option_one_paragraph(
    path: tuple[str, ...], command: Any, width: int
) -> None:
    result = runner.invoke(app, [*path, "--help"], terminal_width=width)
    assert result.exit_code == 0, result.output
    text = result.output
    assert "<bool>" not in text
    assert _TAG.findall(text) == []
    assert _CLICK_METAVAR.findall(text) == []
    assert "│" not in text and "╭" not in text  # no rich panels splitting a help text
    bare = _bare(text)
    options = [p for p in command.params if isinstance(p, typer.core.TyperOption)]
    for option in options:
        if not option.help:
            continue
        help_text = _bare(option.help)
        # The whole help, in one run of text (a panel or a line of its own breaks it).
        assert help_text in bare, (path, option.name)
        tail = bare[bare.index(help_text) + len(help_text) :]
        if option.required:
            assert tail.startswith("[") and "required]" in tail.split("--")[0], (path, option.name)
        shown = option.show_default and option.default not in (None, False, (), "")
        if shown and not option.is_flag:
            assert tail.startswith("[default:"), (path, option.name, tail[:40])
    for option in options:
        if option.is_flag:
            name = max(option.opts, key=len)
            # A flag takes no value: nothing follows its name before its help.
            assert re.search(rf"^\s+{re.escape(name)}\s{{2,}}\S", text, re.M), (path, name)


def test_brackets_in_help_are_kept() -> None:
    text = runner.invoke(app, ["paths", "--help"]).output
    assert "[env: GRAPH_MTL_STORE]" in _flat(text)
    assert "--mode strongest|shortest" in text
    assert "--max-hops N" in text and "--store PATH|URI" in text


def test_command_list_shows_whole_first_sentences() -> None:
    text = runner.invoke(app, ["--help"], terminal_width=80).output
    assert "..." not in text.split("Commands:")[1]
    first = "Warm-introduction paths from a salesperson to a person, each hop explained."
    assert first in _flat(text)
