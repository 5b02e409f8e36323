"""In Chinese, the sentences the services build (reasons, notes, actions, texts)
hold no English words: only names, ids and the demo's own data, which is stored
as written and never translated."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graph_mtl.cli import app
from tests.i18n_check import english_words

DEMO = Path(__file__).parents[2] / "seed" / "demo"
PLAYBOOK = ["--playbook", str(DEMO / "playbook.toml")]
SENTENCES = {"reason", "reasons", "notes", "action", "text", "basis", "why", "summary"}
runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("zh") / "graph.db"
    result = runner.invoke(app, ["import", str(DEMO), "--store", str(path)])
    assert result.exit_code == 0, result.output
    return str(path)


def _data_words() -> frozenset[str]:
    """Every Latin word of the demo's data: names, role names, contexts, tags."""
    words: set[str] = set()
    for table in DEMO.glob("*.csv"):
        with table.open(encoding="utf-8") as stream:
            for row in csv.DictReader(stream):
                for value in row.values():
                    words.update(re.findall(r"[A-Za-z][A-Za-z0-9_'.-]*[A-Za-z0-9]|[A-Za-z]", value))
    return frozenset(words)


def _sentences(data: Any, key: str = "") -> Iterator[str]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _sentences(v, k)
    elif isinstance(data, list):
        for v in data:
            yield from _sentences(v, key)
    elif isinstance(data, str) and key in SENTENCES:
        yield data


@pytest.mark.parametrize(
    "command",
    [
        ["accounts", "--from", "sp-zhang", *PLAYBOOK],
        ["channels", "--from", "sp-zhang", *PLAYBOOK],
        ["committee", "c-huaxin", "--from", "sp-zhang"],
        ["outreach", "c-huaxin", "--from", "sp-zhang", *PLAYBOOK],
        ["outreach", "c-northwind", "--from", "sp-li", *PLAYBOOK],
        [
            "evaluate",
            "--contact",
            "huaxin-02",
            "--customer",
            "c-huaxin",
            "--need",
            "n-erp",
            "--from",
            "sp-zhang",
            *PLAYBOOK,
        ],
        [
            "evaluate",
            "--contact",
            "huaxin-04",
            "--customer",
            "c-huaxin",
            "--need",
            "n-hardware",
            *PLAYBOOK,
        ],
        [
            "evaluate",
            "--contact",
            "huaxin-04",
            "--customer",
            "c-boyuan",
            "--need",
            "n-erp",
            "--field",
            "budget=3M",
            *PLAYBOOK,
        ],
        ["paths", "--from", "sp-zhang", "--to", "huaxin-04", "--k", "3"],
    ],
    ids=lambda c: c[0],
)
def test_service_sentences_in_chinese_hold_no_english(store: str, command: list[str]) -> None:
    result = runner.invoke(app, ["--lang", "zh", *command, "--store", store, "--json"])
    assert result.exit_code == 0, result.output
    sentences = list(_sentences(json.loads(result.stdout)))
    assert sentences
    names = _data_words()
    assert {
        s: english_words(s, names=names) for s in sentences if english_words(s, names=names)
    } == {}


# -- intros, changes, the pipeline, reports and the errors they raise ---------------
LINKEDIN = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
FIELDS = frozenset({"via", "recent", "since", "need", "limit", "status"})
"""The fields an error names (as the API's problems do): ids, as options are."""


CSV_VALUES = frozenset({"required", "optional"})
"""A CSV's `vacant_seat` values, for programs as its ids are."""


def _zh(*args: str) -> Any:
    return runner.invoke(app, ["--lang", "zh", *args], env={"COLUMNS": "240"})


def _run(path: str, steps: list[list[str]]) -> str:
    for step in steps:
        result = _zh(*step, "--store", path)
        assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def worked(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo after some work: an introduction asked for, an evaluation recorded."""
    path = str(tmp_path_factory.mktemp("zh-work") / "graph.db")
    evaluation = ["--customer", "c-huaxin", "--need", "n-erp", "--from", "sp-zhang"]
    return _run(
        path,
        [
            ["import", str(DEMO)],
            ["intros", "request", "--from", "sp-zhang", "--to", "huaxin-04"],
            ["evaluate", "--contact", "huaxin-02", *evaluation, "--record", *PLAYBOOK],
        ],
    )


@pytest.fixture(scope="module")
def moved(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo and a LinkedIn connection (a Chinese name split First/Last, as LinkedIn
    writes it) seen at one customer, then at another. Its tie's context is stored
    text, kept out of the store the other checks read."""
    folder = tmp_path_factory.mktemp("zh-moved")
    steps = [["import", str(DEMO)]]
    for company in ("华信制造", "博远物流"):
        export = folder / company
        export.mkdir()
        row = f"晓,林,https://www.linkedin.com/in/lin-xiao,,{company},CIO,15 Jan 2023\n"
        (export / "Connections.csv").write_text(LINKEDIN + row, encoding="utf-8")
        steps.append(["import-linkedin", str(export), "--salesperson", "sp-zhang"])
    return _run(str(folder / "graph.db"), steps)


def _shown_words(text: str, also: frozenset[str] = frozenset()) -> list[str]:
    return english_words(text, names=_data_words() | FIELDS | also)


def _read(text: str, command: list[str]) -> str:
    """What a person reads of an output: an HTML page's (or a Markdown table's) text,
    a CSV's rows."""
    if "html" in command or "md" in command:
        text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)
        return unescape(re.sub(r"<[^>]+>", " ", text))
    return text.partition("\n")[2] if "csv" in command else text


REPORT = ["report", "--from", "sp-zhang", "--status", "all", *PLAYBOOK, "--out", "-"]
WIDE = ["--k", "2", "--top", "1", "--mode", "shortest"]
"""More chains than one, fewer introducers and channels than found: every note."""


@pytest.mark.parametrize(
    "command",
    [
        ["intros", "list", "--status", "all"],
        ["intros", "list", "--from", "张伟"],
        ["opportunities"],
        ["paths", "--from", "sp-zhang", "--to", "huaxin-02", "--inferred"],
        [*REPORT, "--format", "md"],
        [*REPORT, *WIDE, "--format", "md"],
        [*REPORT, "--format", "html"],
        [*REPORT, "--format", "csv"],
    ],
    ids=lambda c: "-".join(c[:2]),
)
def test_the_work_reads_in_chinese(worked: str, command: list[str]) -> None:
    """The whole output, not only the services' sentences: headings, tables, notes
    (a CSV's header is its columns' ids, as a JSON document's keys)."""
    result = _zh(*command, "--store", worked)
    assert result.exit_code == 0, result.output
    text = _read(result.stdout, command)
    assert re.search(r"[\u4e00-\u9fff]", text)
    assert _shown_words(text, CSV_VALUES if "csv" in command else frozenset()) == []


def test_job_changes_read_in_chinese(moved: str) -> None:
    result = _zh("changes", "--recent", "30d", "--store", moved)
    assert result.exit_code == 0, result.output
    assert "林晓" in result.stdout and _shown_words(result.stdout) == []


@pytest.mark.parametrize(
    "command",
    [
        ["intros", "list", "--status", "all", "--json"],
        ["opportunities", "--json"],
        ["paths", "--from", "sp-zhang", "--to", "huaxin-02", "--inferred", "--json"],
        [*REPORT, "--format", "json"],
        [*REPORT, *WIDE, "--format", "json"],
    ],
    ids=lambda c: "-".join(c[:2]),
)
def test_the_work_in_json_holds_chinese_sentences(worked: str, command: list[str]) -> None:
    result = _zh(*command, "--store", worked)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    texts = [*_sentences(data), *_named(data, {"context", "need_name"})]
    assert {t: _shown_words(t) for t in texts if _shown_words(t)} == {}


def _named(data: Any, keys: set[str], key: str = "") -> Iterator[str]:
    """The texts under `keys`: a tie's context (an inferred one is built per read,
    the others are the demo's data), a committee's name."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _named(v, keys, k)
    elif isinstance(data, list):
        for v in data:
            yield from _named(v, keys, key)
    elif isinstance(data, str) and key in keys:
        yield data


@pytest.mark.parametrize(
    "command",
    [
        ["intros", "request", "--from", "sp-zhang", "--to", "huaxin-04"],  # asked already
        ["intros", "request", "--from", "sp-zhang", "--to", "sp-zhang"],
        ["intros", "request", "--from", "sp-zhang", "--to", "huaxin-01", "--via", "huaxin-04"],
        ["intros", "request", "--from", "sp-zhang", "--to", "tianyu-03"],  # known already
        ["intros", "request", "--from", "sp-zhang", "--to", "huaxin-02", "--max-hops", "1"],
        ["changes", "--since", "2020-01-01", "--recent", "30d"],
        ["changes", "--recent", "30x"],  # a slip for 30d
        ["report", "--from", "sp-zhang", "--need", "n-hardware", "--out", "-"],
        ["report", "--from", "sp-zhang", "--limit", "0", "--out", "-"],
        ["report", "--from", "huaxin-01", "--out", "-"],
    ],
    ids=lambda c: "-".join(c[:2]),
)
def test_refusals_read_in_chinese(worked: str, command: list[str]) -> None:
    result = _zh(*command, "--store", worked)
    message = result.output.strip()
    assert result.exit_code != 0 and message.startswith("错误"), message
    assert _shown_words(message) == [], message
