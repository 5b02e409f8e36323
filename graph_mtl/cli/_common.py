"""What every command shares: the app, the consoles, the common options and option
groups, the one preamble (`session`: the playbook, the store, the caller and the
graph as the salesperson sees it), and turning graph-mtl errors into a message and
an exit code."""

from __future__ import annotations

import dataclasses
import functools
import inspect
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, cast, get_type_hints

import typer
from pydantic import BaseModel
from rich.console import Console

from graph_mtl import bootstrap, i18n
from graph_mtl.cli._help import HelpGroup
from graph_mtl.cli._usage import usage_in_language
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import GraphMtlError, ImportRejected, InvalidInput, NotFound
from graph_mtl.i18n import _
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.services.access import COMMAND_LINE, Caller
from graph_mtl.services.paths import Mode
from graph_mtl.services.search import resolve
from graph_mtl.services.team_view import TeamView
from graph_mtl.services.tie_rules import recent_since, with_tie_rules
from graph_mtl.settings import get_settings

__all__ = [
    "CreateCustomersOption",
    "CustomerArgument",
    "DryRunOption",
    "FromOption",
    "InferredOption",
    "JsonOption",
    "MaxHopsOption",
    "ModeOption",
    "PlaybookOption",
    "RecentOption",
    "SalespersonOption",
    "Session",
    "SinceOption",
    "StoreOption",
    "Ties",
    "app",
    "err",
    "grouped",
    "open_playbook",
    "open_store",
    "out",
    "print_json",
    "refusals",
    "resolved",
    "session",
    "sub_app",
]

_LANG_GIVEN: ContextVar[bool] = ContextVar("graph_mtl_lang_given", default=False)


class _Root(HelpGroup):
    """The `graph-mtl` group: each run speaks the language GRAPH_MTL_LANGUAGE or the
    playbook's `language` names (English without either), unless `--lang` says;
    its usage errors too (`_usage`)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        given = _LANG_GIVEN.set(False)
        try:
            with i18n.use(_start_language()):
                return super().main(*args, **kwargs)
        finally:
            _LANG_GIVEN.reset(given)

    # Parsing (the root's options here, a command's inside `invoke`) and the command
    # itself: a usage error leaves them in the reader's language.
    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with usage_in_language():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        with usage_in_language():
            return super().invoke(ctx)


def _start_language() -> str:
    try:
        settings = get_settings()
        if settings.language:
            return settings.language
        return load_playbook(settings.playbook).language
    except (GraphMtlError, ValueError, OSError):
        return i18n.DEFAULT  # the command itself says what is wrong


app = typer.Typer(
    name="graph-mtl",
    help="Warm-introduction paths and the personal MTL process on a property graph.",
    no_args_is_help=True,
    add_completion=False,
    cls=_Root,
    rich_markup_mode=None,
)


def sub_app(help: str) -> typer.Typer:
    """A group of commands (`intros`, `keys`, `team`), with the same plain help."""
    return typer.Typer(help=help, cls=HelpGroup, rich_markup_mode=None)


# Lines are never hard-wrapped (a `file:line: reason` stays one line in a pipe);
# tables still fit the terminal's width.
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _version(shown: bool) -> None:
    if shown:
        print(f"graph-mtl {version('graph-mtl')}")
        raise typer.Exit


def _language(given: str | None) -> None:
    if given is None:
        return
    if i18n.normalize(given) is None:
        raise typer.BadParameter(_("{given!r} is not en or zh-CN", given=given))
    i18n.activate(given)
    _LANG_GIVEN.set(True)


@app.callback()
def _main(
    _shown: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    _lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="en|zh-CN",
            callback=_language,
            is_eager=True,
            help="The language to read: en or zh-CN. [env: GRAPH_MTL_LANGUAGE; default: the playbook's language]",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Warm-introduction paths and the personal MTL process on a property graph."""
    bootstrap.wire()  # every command, even one that opens no store, matches names


StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        metavar="PATH|URI",
        help="A store file path, or a bolt:// / neo4j:// URI. [env: GRAPH_MTL_STORE]",
        show_default=False,
    ),
]
PlaybookOption = Annotated[
    Path | None,
    typer.Option(
        "--playbook",
        help="The playbook (TOML). [env: GRAPH_MTL_PLAYBOOK; default: ./playbook.toml or the built-in one]",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for programs.")]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Say what would be imported; write nothing.")
]
CreateCustomersOption = Annotated[
    bool,
    typer.Option("--create-customers", help="Add companies no customer matches, as customers."),
]
FromOption = Annotated[
    str,
    typer.Option(
        "--from", metavar="PERSON", help="The salesperson you are: an id or a whole name (张伟)."
    ),
]
SalespersonOption = Annotated[
    str,
    typer.Option(
        "--salesperson", metavar="PERSON", help="The salesperson: an id or a whole name (张伟)."
    ),
]
ModeOption = Annotated[
    Mode,
    typer.Option(
        "--mode", help="strongest: greatest product of tie strengths; shortest: fewest ties."
    ),
]
MaxHopsOption = Annotated[
    int, typer.Option("--max-hops", metavar="N", help="At most this many ties.")
]
InferredOption = Annotated[
    bool,
    typer.Option(
        "--inferred",
        help="Let paths use ties inferred from a shared employer: weak, and marked as inferred.",
    ),
]
SinceOption = Annotated[
    datetime | None,
    typer.Option(
        "--since", formats=["%Y-%m-%d"], help="Only ties with contact on or after this day."
    ),
]
RecentOption = Annotated[
    str | None,
    typer.Option("--recent", help="Only ties with contact this recent: 30d, 2w, 6m or 1y."),
]
CustomerArgument = Annotated[
    str, typer.Argument(help="The customer: an id or a whole name (华信制造).")
]


# -- option groups ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Ties:
    """The ties a path search may use: `--inferred`, `--since`, `--recent`."""

    inferred: InferredOption = False
    since: SinceOption = None
    recent: RecentOption = None


_Command = TypeVar("_Command", bound=Callable[..., None])


def grouped(command: _Command) -> _Command:
    """Let a command take an option group (a dataclass whose fields are options, such
    as `Ties`) as one parameter: typer sees the group's options in its place, and the
    command gets them back as the dataclass."""
    signature = inspect.signature(command, eval_str=True)
    groups: dict[str, type[Any]] = {
        name: param.annotation
        for name, param in signature.parameters.items()
        if isinstance(param.annotation, type) and dataclasses.is_dataclass(param.annotation)
    }
    params = []
    for param in signature.parameters.values():
        group = groups.get(param.name)
        if group is None:
            params.append(param)
            continue
        hints = get_type_hints(group, include_extras=True)
        params += [
            param.replace(name=f.name, default=f.default, annotation=hints[f.name])
            for f in dataclasses.fields(group)
        ]

    @functools.wraps(command)
    def run(**given: Any) -> None:
        for name, group in groups.items():
            given[name] = group(**{f.name: given.pop(f.name) for f in dataclasses.fields(group)})
        command(**given)

    run.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    return cast("_Command", run)


_QUIET = logging.NullHandler()


@contextmanager
def open_store(store: str | None) -> Iterator[GraphStore]:
    """Open the store for one command and turn graph-mtl errors into a message and exit 1."""
    # The Neo4j driver logs each retry of a lost server to stderr; the command says
    # it once, when the retries are over.
    logging.getLogger("neo4j").addHandler(_QUIET)
    with refusals():
        opened = bootstrap.open_store(store=store)
        try:
            yield opened
        except NotFound as exc:
            if not opened.team():  # nobody to search from: nothing was imported yet
                hint = _("the store is empty: import a bundle (graph-mtl import seed/demo)")
                raise NotFound(exc.kind, exc.ident, hint=hint) from exc
            raise
        finally:
            opened.close()


@contextmanager
def refusals() -> Iterator[None]:
    """graph-mtl's errors as a message and exit 1: a rejected import's every problem
    (file, line, column and value), then one line."""
    try:
        yield
    except ImportRejected as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False, highlight=False)
        err.print(_("error: import {reason}; nothing was written", reason=exc.reason), markup=False)
        raise typer.Exit(1) from exc
    except GraphMtlError as exc:
        err.print(_("error: {message}", message=exc), markup=False, highlight=False)
        raise typer.Exit(1) from exc


@dataclasses.dataclass(frozen=True)
class Session:
    """What a command works with once its preamble ran (see `session`)."""

    store: GraphStore
    """The whole store, as opened."""
    playbook: Playbook
    source: str | None
    """The salesperson `--from` named, as an id; None without `--from`."""
    ties: Ties
    caller: Caller = COMMAND_LINE

    @property
    def salesperson(self) -> str:
        """`source`, for the commands where `--from` is required."""
        if self.source is None:
            raise InvalidInput("from", _("give --from: the salesperson you are"))
        return self.source

    @functools.cached_property
    def view(self) -> GraphStore:
        """The graph as `source` sees it under the team-network rule, with only the ties
        `ties` lets a search use: the view the API gives a caller asking from there
        (`api.deps.seen_by`), so `--from` answers as the API does. A teammate's ties
        count only when they share them; no `--from` is nobody's position: no
        salesperson's private ties."""
        first = recent_since(
            since=self.ties.since and self.ties.since.date(),
            recent=self.ties.recent,
            today=date.today(),
        )
        return with_tie_rules(
            TeamView.of(self.store, self.source),
            inferred=self.ties.inferred,
            since=first,
            strength=self.playbook.evidence.inferred,
        )


@contextmanager
def session(
    store: str | None,
    *,
    source: str | None = None,
    playbook: Path | None = None,
    ties: Ties = Ties(),
) -> Iterator[Session]:
    """The one preamble of the commands that read the playbook: load it, open the
    store (errors become a message and exit 1, as in `open_store`), and resolve
    `--from` (an id or a whole name) on the whole store."""
    rules = open_playbook(playbook)
    with open_store(store) as opened:
        who = None if source is None else resolve(opened, source, "person", field="from")
        yield Session(opened, rules, who, ties)


def resolved(
    store: GraphStore, text: str | None, kind: Literal["person", "customer"], *, field: str
) -> str | None:
    """The id an option names (`resolve`: an id or a whole name; unknown or shared by
    several is an error); None for an option not given."""
    return None if text is None else resolve(store, text, kind, field=field)


def open_playbook(named: Path | None) -> Playbook:
    """The playbook named on the command line, in the settings, or found by default."""
    try:
        found = load_playbook(named or get_settings().playbook)
    except GraphMtlError as exc:
        err.print(_("error: {message}", message=exc), markup=False, highlight=False)
        raise typer.Exit(1) from exc
    if named is not None and not _LANG_GIVEN.get() and not get_settings().language:
        i18n.activate(found.language)  # the playbook named here, not the default one
    return found


def print_json(data: Any) -> None:
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_jsonable))


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    raise TypeError(f"cannot print {type(value).__name__} as JSON")
