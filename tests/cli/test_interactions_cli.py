"""`import-mail` and `import-calendar` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from graph_mtl.cli import app
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person
from graph_mtl.stores.sqlite_store import SqliteStore
from tests.mail_samples import ics, mbox

runner = CliRunner()


def _store(tmp_path: Path) -> str:
    db = tmp_path / "graph.db"
    store = SqliteStore(db)
    store.load(Bundle(people=[Person(id="sp-zhang", name="张伟", is_salesperson=True)]))
    store.close()
    return str(db)


def test_mail_and_calendar_import_by_name_with_aliases(tmp_path: Path) -> None:
    db = _store(tmp_path)
    box = str(mbox(tmp_path / "box.mbox"))
    aliases = ["--alias", "zhang@our.example", "--alias", "wei.zhang@gmail.example"]
    done = runner.invoke(
        app, ["import-mail", box, "--salesperson", "张伟", *aliases, "--store", db]
    )
    assert done.exit_code == 0, done.output
    assert done.output.startswith("imported 11 messages of 张伟 (6 counted, 1 repeated")
    assert "2 correspondents (2 new, 0 known), 1 without a reply left out" in done.output
    as_json = runner.invoke(
        app, ["import-mail", box, "--salesperson", "sp-zhang", *aliases, "--json", "--store", db]
    )
    assert json.loads(as_json.output)["new_people"] == 0
    cal = str(ics(tmp_path / "cal.ics"))
    met = runner.invoke(
        app, ["import-calendar", cal, "--salesperson", "sp-zhang", *aliases, "--store", db]
    )
    assert met.exit_code == 0, met.output
    assert "4 events of 张伟 (4 meetings held, 1 cancelled, 1 to come" in met.output


def test_the_headlines_read_well_in_chinese(tmp_path: Path) -> None:
    """The salesperson's name, not their id, and one space around each number."""
    db = _store(tmp_path)
    box = str(mbox(tmp_path / "box.mbox"))
    aliases = ["--alias", "zhang@our.example", "--alias", "wei.zhang@gmail.example"]
    args = ["--salesperson", "sp-zhang", *aliases, "--store", db]
    done = runner.invoke(app, ["--lang", "zh", "import-mail", box, *args])
    assert done.exit_code == 0, done.output
    assert done.output.startswith("已导入 张伟 的 11 条消息（计入 6，"), done.output  # noqa: RUF001
    met = runner.invoke(
        app, ["--lang", "zh", "import-calendar", str(ics(tmp_path / "c.ics")), *args]
    )
    assert met.output.startswith("已导入 张伟 的 4 个日程（已举行 4 次会议，"), met.output  # noqa: RUF001
    assert "  " not in done.output + met.output


def test_a_bad_file_is_one_line_per_problem_and_exit_1(tmp_path: Path) -> None:
    db = _store(tmp_path)
    bad = tmp_path / "notes.mbox"
    bad.write_text("Dear diary,\n")
    done = runner.invoke(
        app,
        [
            "import-mail",
            str(bad),
            "--salesperson",
            "sp-zhang",
            "--alias",
            "z@our.example",
            "--store",
            db,
        ],
    )
    assert done.exit_code == 1
    assert "notes.mbox:1: not an mbox file" in done.output
