"""In Chinese, the sentences the services build (reasons, notes, actions, texts)
hold no English words: only names, ids and the demo's own data, which is stored
as written and never translated."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
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
