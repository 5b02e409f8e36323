"""Every option and argument of every command that takes a person or a customer
takes a whole name too, answering as the id does; an unknown name or id is an
error (exit 1, one line), never an empty answer.

The commands are walked, not listed: an option that takes a person or a customer
(by its name, as below) and has no way to run here fails the test."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from graph_mtl.cli import app

DEMO = Path(__file__).parents[2] / "seed" / "demo"
runner = CliRunner()

_TAKES = {"--from", "--to", "--via", "--salesperson", "--contact", "--customer", "--person"}
_TAKES_ALSO = {"--exclude"}
_ARGUMENTS = {"customer", "person", "target"}

ZHANG = ("sp-zhang", "\u5f20\u4f1f")  # 张伟
CHEN = ("huaxin-01", "\u9648\u56fd\u680b")  # 陈国栋, huaxin's CEO
HUAXIN = ("c-huaxin", "\u534e\u4fe1\u5236\u9020")  # 华信制造
BOYUAN = ("c-boyuan", "\u535a\u8fdc\u7269\u6d41")  # 博远物流
LINKEDIN = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
LINKEDIN += "Lan,Xu,https://www.linkedin.com/in/lan-xu,,Acme,CIO,15 Jan 2023\n"

MBOX = (
    "From zhang@example.com Mon Jan 05 09:00:00 2026\n"
    "From: zhang@example.com\nTo: lan.xu@example.com\n"
    "Date: Mon, 05 Jan 2026 09:00:00 +0000\nMessage-ID: <a@example.com>\n\nHello\n"
)
ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//graph-mtl tests//EN\r\nBEGIN:VEVENT\r\n"
    "UID:m1@example.com\r\nDTSTAMP:20260105T090000Z\r\nDTSTART:20260105T090000Z\r\n"
    "ORGANIZER:mailto:zhang@example.com\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:lan.xu@example.com\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)
_ALIAS = ["--alias", "zhang@example.com"]

_EVALUATE = ["evaluate", "--contact", "huaxin-01", "--customer", "c-huaxin", "--need", "n-erp"]

# (command, parameter) -> (the arguments, with {} for the value; the id and name it takes)
RECIPES: dict[tuple[str, str], tuple[list[str], tuple[str, str]]] = {
    ("accounts", "source"): (["accounts", "--from", "{}"], ZHANG),
    ("channels", "source"): (["channels", "--from", "{}"], ZHANG),
    ("committee", "customer"): (["committee", "{}", "--from", "sp-zhang"], HUAXIN),
    ("committee", "source"): (["committee", "c-huaxin", "--from", "{}"], ZHANG),
    ("outreach", "customer"): (["outreach", "{}", "--from", "sp-zhang"], HUAXIN),
    ("outreach", "source"): (["outreach", "c-huaxin", "--from", "{}"], ZHANG),
    ("evaluate", "contact"): (
        ["evaluate", "--contact", "{}", "--customer", "c-huaxin", "--need", "n-erp"],
        CHEN,
    ),
    ("evaluate", "customer"): (
        ["evaluate", "--contact", "huaxin-01", "--customer", "{}", "--need", "n-erp"],
        HUAXIN,
    ),
    ("evaluate", "source"): (
        [*_EVALUATE, "--from", "{}"],
        ZHANG,
    ),
    ("forget", "person"): (["forget", "{}"], CHEN),
    ("import-linkedin", "salesperson"): (
        ["import-linkedin", "{linkedin}", "--salesperson", "{}", "--dry-run"],
        ZHANG,
    ),
    ("import-mail", "salesperson"): (
        ["import-mail", "{folder}/mail.mbox", "--salesperson", "{}", *_ALIAS],
        ZHANG,
    ),
    ("import-calendar", "salesperson"): (
        ["import-calendar", "{folder}/meetings.ics", "--salesperson", "{}", *_ALIAS],
        ZHANG,
    ),
    ("opportunities", "source"): (["opportunities", "--from", "{}"], ZHANG),
    ("opportunities", "customer"): (["opportunities", "--customer", "{}"], HUAXIN),
    ("paths", "source"): (["paths", "--from", "{}", "--to", "huaxin-01"], ZHANG),
    ("paths", "target"): (["paths", "--from", "sp-zhang", "--to", "{}"], CHEN),
    ("paths", "exclude"): (
        ["paths", "--from", "sp-zhang", "--to", "huaxin-01", "--exclude", "{}"],
        BOYUAN,
    ),
    ("export-crm", "source"): (["export-crm", "--mapping", "hubspot", "--from", "{}"], ZHANG),
    ("report", "source"): (["report", "--from", "{}", "--out", "-", "--format", "csv"], ZHANG),
    ("intros request", "source"): (
        ["intros", "request", "--from", "{}", "--to", "huaxin-01"],
        ZHANG,
    ),
    ("intros request", "to"): (["intros", "request", "--from", "sp-zhang", "--to", "{}"], CHEN),
    ("intros request", "via"): (
        ["intros", "request", "--from", "sp-zhang", "--to", "huaxin-01", "--via", "{}"],
        ("tianyu-03", "\u7530\u51ef"),  # 田凯, the best path's first hop
    ),
    ("intros list", "source"): (["intros", "list", "--from", "{}", "--status", "all"], ZHANG),
    ("keys create", "salesperson"): (["keys", "create", "--salesperson", "{}"], ZHANG),
    ("keys list", "salesperson"): (["keys", "list", "--salesperson", "{}"], ZHANG),
    ("team share", "salesperson"): (["team", "share", "--salesperson", "{}"], ZHANG),
    ("team closest", "target"): (["team", "closest", "{}", "--from", "sp-zhang"], HUAXIN),
    ("team closest", "source"): (["team", "closest", "c-huaxin", "--from", "{}"], ZHANG),
}
NOT_PEOPLE = {("copy", "source"), ("copy", "target")}
"""`copy --from/--to` name stores, not people."""


def _walk(group: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _walk(command, (*prefix, name))
        else:
            yield " ".join((*prefix, name)), command


def _taking_people() -> set[tuple[str, str]]:
    found = set()
    for name, command in _walk(typer.main.get_command(app)):
        for p in command.params:
            option = p.param_type_name == "option" and (_TAKES | _TAKES_ALSO) & set(p.opts)
            if option or (p.param_type_name == "argument" and p.name in _ARGUMENTS):
                found.add((name, p.name))
    return found


def test_every_option_that_takes_a_person_or_customer_is_walked() -> None:
    assert _taking_people() - NOT_PEOPLE == set(RECIPES)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "graph.db"
    done = runner.invoke(app, ["import", str(DEMO), "--store", str(path)])
    assert done.exit_code == 0, done.output
    return path


def _run(recipe: list[str], value: str, demo: Path, tmp: Path, run: str) -> Any:
    db = tmp / f"{run}.db"
    shutil.copy(demo, db)  # each run on its own copy: some commands write
    folder = tmp / "linkedin"
    folder.mkdir(exist_ok=True)
    (folder / "Connections.csv").write_text(LINKEDIN, encoding="utf-8")
    (tmp / "mail.mbox").write_text(MBOX, encoding="utf-8")
    (tmp / "meetings.ics").write_text(ICS, encoding="utf-8", newline="")
    args = [
        a.replace("{linkedin}", str(folder)).replace("{folder}", str(tmp)).replace("{}", value)
        for a in recipe
    ]
    return runner.invoke(app, [*args, "--store", str(db)])


def _same(text: str) -> str:
    """The output without what differs from run to run (keys, salted digests)."""
    text = re.sub(r"gmtl_\S+", "KEY", text)
    return re.sub(r"\b(key-|intro-)?[0-9a-f]{10,}\b", "HEX", text)


@pytest.mark.parametrize("taken", sorted(RECIPES), ids=lambda t: f"{t[0]} {t[1]}")
def test_a_whole_name_answers_as_the_id(
    taken: tuple[str, str], demo_store: Path, tmp_path: Path
) -> None:
    recipe, (ident, name) = RECIPES[taken]
    by_id = _run(recipe, ident, demo_store, tmp_path, "id")
    assert by_id.exit_code == 0, by_id.output
    by_name = _run(recipe, name, demo_store, tmp_path, "name")
    assert by_name.exit_code == 0, by_name.output
    assert _same(by_name.stdout) == _same(by_id.stdout)


@pytest.mark.parametrize("taken", sorted(RECIPES), ids=lambda t: f"{t[0]} {t[1]}")
def test_an_unknown_name_is_an_error(
    taken: tuple[str, str], demo_store: Path, tmp_path: Path
) -> None:
    recipe, _ = RECIPES[taken]
    unknown = _run(recipe, "\u65e0\u540d\u6c0f", demo_store, tmp_path, "unknown")  # 无名氏
    assert unknown.exit_code == 1, unknown.output
    assert unknown.stdout == ""
    lines = unknown.stderr.strip().splitlines()
    assert len(lines) == 1 and "unknown" in lines[0] and "\u65e0\u540d\u6c0f" in lines[0], lines


def test_a_name_several_carry_lists_them(demo_store: Path, tmp_path: Path) -> None:
    from graph_mtl.domain.bundle import Bundle
    from graph_mtl.domain.models import Person
    from graph_mtl.stores.sqlite_store import SqliteStore

    db = tmp_path / "twice.db"
    shutil.copy(demo_store, db)
    store = SqliteStore(db)
    store.load(Bundle(people=[Person(id="other-zhang", name=ZHANG[1], title="retired")]))
    store.close()
    done = runner.invoke(app, ["intros", "list", "--from", ZHANG[1], "--store", str(db)])
    assert done.exit_code == 1
    assert "sp-zhang" in done.stderr and "other-zhang" in done.stderr
