"""A large ties.csv is read in two processes at once; the answer is the one piece's,
problems and line numbers included, wherever the split falls."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_mtl.errors import ImportRejected
from graph_mtl.ingest import csv_parts
from graph_mtl.ingest.csv_bundle import read_bundle
from seed.generate import write_bundle


def _read(folder: Path, monkeypatch: pytest.MonkeyPatch, *, parts: bool) -> object:
    monkeypatch.setattr(csv_parts, "_PARALLEL_FROM", 0 if parts else 1 << 62)
    try:
        return read_bundle(folder)
    except ImportRejected as exc:
        return [str(p) for p in exc.problems]


@pytest.mark.parametrize("share", [0.1, 0.55, 0.9])
def test_two_parts_read_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, share: float
) -> None:
    write_bundle(tmp_path, people=400, seed=4)
    monkeypatch.setattr(csv_parts, "_LATER_SHARE", share)
    assert csv_parts._split_point(tmp_path / "ties.csv") is not None
    one = _read(tmp_path, monkeypatch, parts=False)
    two = _read(tmp_path, monkeypatch, parts=True)
    assert two == one


def test_problems_keep_their_lines_across_the_split(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_bundle(tmp_path, people=400, seed=5)
    ties = tmp_path / "ties.csv"
    lines = ties.read_text(encoding="utf-8").splitlines(keepends=True)
    for at in (5, len(lines) // 2, len(lines) - 3):  # before, near and after the split
        lines[at] = f"p1,ghost{at},0.5,,\n"
    lines.insert(len(lines) // 3, 'p1,p2,"0.5,,"\n')  # one quoted cell, a bad row
    lines.append(lines[7].replace(lines[7].split(",")[2], "0.999", 1))  # a conflicting repeat
    ties.write_text("".join(lines), encoding="utf-8")
    one = _read(tmp_path, monkeypatch, parts=False)
    two = _read(tmp_path, monkeypatch, parts=True)
    assert isinstance(one, list) and len(one) >= 5
    assert two == one


def test_a_bare_quote_before_the_split_falls_back_to_one_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_bundle(tmp_path, people=400, seed=6)
    ties = tmp_path / "ties.csv"
    lines = ties.read_text(encoding="utf-8").splitlines(keepends=True)
    # A bare quote in an unquoted cell (csv takes it as text) flips the quote count,
    # and a quoted cell spanning lines sits where the split would then fall.
    source, target, strength, last, _ = lines[3].rstrip("\n").split(",")
    lines[3] = f"{source},{target},{strength},{last},5'11\" tall\n"
    middle = len(lines) // 2
    for i in range(middle - 20, middle + 20):
        s, t, st, la, _ = lines[i].rstrip("\n").split(",")
        lines[i] = f'{s},{t},{st},{la},"two\nlines"\n'
    ties.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setattr(csv_parts, "_LATER_SHARE", 0.5)
    one = _read(tmp_path, monkeypatch, parts=False)
    two = _read(tmp_path, monkeypatch, parts=True)
    assert not isinstance(one, list)
    assert two == one
