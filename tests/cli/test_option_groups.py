"""Option groups (`grouped`): a command that takes a group as one parameter shows the
group's options in that parameter's place and gets them back as the group."""

from __future__ import annotations

from datetime import datetime

import typer
from typer.testing import CliRunner

from graph_mtl.cli._common import JsonOption, Ties, grouped
from graph_mtl.cli._help import HelpGroup

runner = CliRunner()


def _app(seen: list[Ties]) -> typer.Typer:
    app = typer.Typer(cls=HelpGroup, rich_markup_mode=None)

    @app.command()
    @grouped
    def first(
        name: str,
        *,
        ties: Ties,
        as_json: JsonOption = False,
    ) -> None:
        """A command with the tie options between its argument and the JSON flag."""
        seen.append(ties)

    @app.command()
    def second() -> None:
        """Another command, so that `first` keeps its name."""

    return app


def test_the_group_options_stand_in_the_group_place() -> None:
    shown = runner.invoke(_app([]), ["first", "--help"], terminal_width=100).stdout
    order = [shown.index(option) for option in ("--inferred", "--since", "--recent", "--json")]
    assert order == sorted(order)
    assert "Only ties with contact on or after this day." in shown


def test_the_command_gets_the_group() -> None:
    seen: list[Ties] = []
    app = _app(seen)
    assert runner.invoke(app, ["first", "x"]).exit_code == 0
    given = ["first", "x", "--inferred", "--since", "2024-05-01", "--recent", "6m"]
    assert runner.invoke(app, given).exit_code == 0
    assert seen == [Ties(), Ties(inferred=True, since=datetime(2024, 5, 1), recent="6m")]
