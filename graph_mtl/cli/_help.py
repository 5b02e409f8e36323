"""How `--help` reads: plain text, one paragraph per option, no type tags.

Typer's rich help puts a type tag beside every parameter (`<bool>`, `<str>`,
`<int>`), moves `[default: 4]` to a line of its own when the column is narrow, and
reads square brackets in a help text as markup (so `[env: GRAPH_MTL_STORE]` vanished).
Every group of the command is a `HelpGroup` with rich help turned off
(`rich_markup_mode=None`: click's plain formatter, each option's help one wrapped
paragraph with its default and `[required]` at its end), and the group gives its
commands' parameters a metavar that names the value instead of its type:
nothing for a flag, the choices for a choice (`strongest|shortest`), `DATE`,
`PATH`, else the option's own name (`--max-hops MAX_HOPS`, as argparse does).
The commands list shows each command's whole first sentence rather than cutting
it at 45 characters.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperGroup, TyperOption

__all__ = ["HelpGroup"]


class _Argument(TyperArgument):
    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        return name if self.required else f"[{name}]"


class _Option(TyperOption):
    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        if self.metavar is not None:
            return self.metavar
        described = self.type_descriptor
        if described.is_choice:
            return "|".join(str(getattr(c, "value", c)) for c in described.choices or ())
        if described.is_datetime:
            return "DATE"
        if described.is_path:
            return "PATH"
        longest = max(self.opts, key=len)
        return longest.lstrip("-").replace("-", "_").upper()


def _tidy(command: Any) -> None:
    for param in command.params:
        if type(param) is TyperArgument:
            param.__class__ = _Argument
            param.metavar = param.metavar or (param.name or "").upper()
        elif type(param) is TyperOption:
            param.__class__ = _Option
    command.rich_markup_mode = None


class HelpGroup(TyperGroup):
    """A command group whose help, and its commands', is plain and tag-free."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _tidy(self)
        for command in self.commands.values():
            _tidy(command)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [
            (name, _first_sentence(command.short_help or command.help or ""))
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _first_sentence(text: str) -> str:
    paragraph = " ".join(text.split("\n\n", 1)[0].split())
    head, dot, _ = paragraph.partition(". ")
    return head + "." if dot else paragraph
