"""pyarrow's reader of people.csv and ties.csv (graph_mtl/ingest/csv_arrow.py) gives
what the Python reader gives, on random files: the same bundle, or the same
problems on the same lines; it reads the plain files and leaves every other to
the Python reader."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_mtl.domain.bundle import Bundle
from graph_mtl.errors import ImportProblem, ImportRejected
from graph_mtl.ingest import csv_arrow
from graph_mtl.ingest.csv_bundle import read_bundle
from graph_mtl.ingest.csv_specs import SPECS

pytest.importorskip("pyarrow")

PEOPLE = ["id", "name", "customer_id", "title", "roles", "is_salesperson", "email"]
TIES = ["source", "target", "strength", "last_contact", "context"]
IDS = ["p1", "p2", "p3", "s1", "张伟", "p-é"]

_odd = st.text(alphabet=st.sampled_from(list('ab ,"\n\r\t\ufeff\x00é张;/\u3000\u200e')), max_size=6)
_plain_id = st.sampled_from(IDS)
_id = st.one_of(_plain_id, _plain_id, _plain_id, _plain_id.map(lambda i: f" {i}"), _odd)
_person = st.fixed_dictionaries(
    {
        "id": _id,
        "name": st.one_of(st.sampled_from(["Kim Lee", "张伟", "", "Zoë, Jr"]), _odd),
        "customer_id": st.sampled_from(["", "", "c1", " c1", "c/1"]),
        "title": st.sampled_from(["", "CFO", "总经理", "a\tb", "x;y"]),
        "roles": st.sampled_from(["", "", "cfo", "cfo; ceo", "bad/role", ";"]),
        "is_salesperson": st.sampled_from(["", "true", "FALSE ", "yes"]),
        "email": st.sampled_from(["", "kim@x.example", "é@x"]),
    }
)
_number = st.integers(0, 30).map(str)
_good_person = st.fixed_dictionaries(
    {
        "id": _number.map(lambda n: f"p{n}"),
        "name": st.sampled_from(["Kim Lee", "张伟", "Zoë Berg"]),
        "customer_id": st.sampled_from(["", "c1"]),
        "title": st.sampled_from(["", "CFO", "总经理"]),
        "roles": st.sampled_from(["", "cfo", "cfo; ceo", " ceo;cfo "]),
        "is_salesperson": st.sampled_from(["", "true", "False"]),
        "email": st.sampled_from(["", "kim@x.example"]),
    }
)
_good_tie = st.fixed_dictionaries(
    {
        "source": _number.map(lambda n: f"p{n}"),
        "target": _number.map(lambda n: f"q{n}"),
        "strength": st.sampled_from(["0.5", "1", " 0.25", ".1"]),
        "last_contact": st.sampled_from(["", "2024-03-07", "2025-12-31 "]),
        "context": st.sampled_from(["", "colleagues at c1", "同事", " x "]),
    }
)
_tie = st.fixed_dictionaries(
    {
        "source": _id,
        "target": _id,
        "strength": st.sampled_from(["0.5", " 1", "0", "1.5", "abc", "", ".25", "1e-1", "nan"]),
        "last_contact": st.sampled_from(["", "2024-03-07", " 2025-12-31", "2024-02-30", "x"]),
        "context": st.one_of(st.sampled_from(["", "colleagues at c1", "同事", " x "]), _odd),
    }
)


@st.composite
def _file(
    draw: st.DrawFn, columns: list[str], row: st.SearchStrategy[dict[str, str]], odd: bool = True
) -> bytes:
    header = draw(st.permutations(columns))
    rows = draw(st.lists(row, max_size=8))
    style = draw(st.sampled_from(["raw", "raw", "minimal", "all"])) if odd else "raw"
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    lines = [header, *([r[c] for c in header] for r in rows)]
    if style == "raw":
        text = "".join(",".join(cells) + ending for cells in lines)
    else:
        out = io.StringIO()
        writer = csv.writer(
            out,
            quoting=csv.QUOTE_ALL if style == "all" else csv.QUOTE_MINIMAL,
            lineterminator=ending,
        )
        writer.writerows(lines)
        text = out.getvalue()
    if draw(st.booleans()):
        text = text.removesuffix(ending)
    if odd and draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + ending + text[at:]  # a blank line, or a break inside a row
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if draw(st.booleans()) else data


def _read(folder: Path) -> Bundle | tuple[ImportProblem, ...]:
    try:
        return read_bundle(folder)
    except ImportRejected as exc:
        return exc.problems


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=_file(PEOPLE, st.one_of(*[_good_person] * 6, _person)),
    ties=_file(TIES, st.one_of(*[_good_tie] * 6, _tie)),
    block=st.sampled_from([csv_arrow._BLOCK, 100]),
)
def test_the_same_as_the_python_reader(people: bytes, ties: bytes, block: int) -> None:
    """Also read in blocks of 100 bytes: then a file's columns come in several
    chunks, each with a dictionary of its own, merged by the reader."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "people.csv").write_bytes(people)
        (folder / "ties.csv").write_bytes(ties)
        with mock.patch.object(csv_arrow, "_BLOCK", block):
            fast = _read(folder)
        with mock.patch.object(csv_arrow, "pa", None):
            python = _read(folder)
    assert type(fast) is type(python)
    assert fast == python


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=_file(PEOPLE, _good_person, odd=False),
    ties=_file(TIES, _good_tie, odd=False),
    block=st.sampled_from([csv_arrow._BLOCK, 100]),
)
def test_plain_files_read_by_arrow_are_the_same(people: bytes, ties: bytes, block: int) -> None:
    with tempfile.TemporaryDirectory() as scratch, mock.patch.object(csv_arrow, "_BLOCK", block):
        folder = Path(scratch)
        (folder / "people.csv").write_bytes(people)
        (folder / "ties.csv").write_bytes(ties)
        ids = [r["id"] for r in csv.DictReader(io.StringIO(people.decode("utf-8-sig")))]
        rows = ties.rstrip(b"\r\n").count(b"\n")
        # A header alone may go either way; a repeated person goes to Python.
        for name, plain in (("people.csv", len(set(ids)) == len(ids)), ("ties.csv", True)):
            spec = next(s for s in SPECS if s.file == name)
            read = csv_arrow.read_columns(folder / name, spec, _no_problem)
            if ids if name == "people.csv" else rows:
                assert (read is not None) == plain, name
        fast = _read(folder)
        with mock.patch.object(csv_arrow, "pa", None):
            python = _read(folder)
    assert fast == python


def _no_problem(line: int, reason: str) -> None:
    raise AssertionError((line, reason))


def _plain_bundle(folder: Path) -> None:
    (folder / "people.csv").write_text(
        "\ufeffid,name,customer_id,title,roles,is_salesperson,email\r\n"
        "s1,张伟,,Account manager,,true,s1@x.example\r\n"
        "p1,Kim Lee,,CFO,cfo;ceo,,\r\n"
        "p2,Zoë Berg,,,cfo; ceo,false,zb@y.example\r\n",
        encoding="utf-8",
        newline="",
    )
    (folder / "ties.csv").write_text(
        "source,target,strength,last_contact,context\n"
        "s1,p1,0.5,2024-03-07,colleagues\n"
        "p2,p1, 1 ,,\n"
        "p1,s1,0.5,2024-03-07,colleagues\n",
        encoding="utf-8",
    )
    (folder / "roles.csv").write_text(
        "id,name,power\ncfo,CFO,decision_maker\nceo,CEO,decision_maker\n", encoding="utf-8"
    )


def test_plain_files_are_read_by_arrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _plain_bundle(tmp_path)
    read: list[str] = []
    real = csv_arrow.read_columns

    def spy(path: Path, *args: object) -> object:
        found = real(path, *args)  # type: ignore[arg-type]
        if found is not None:
            read.append(path.name)
        return found

    monkeypatch.setattr(csv_arrow, "read_columns", spy)
    bundle = read_bundle(tmp_path)
    assert read == ["people.csv", "ties.csv"]
    monkeypatch.setattr(csv_arrow, "pa", None)  # the Python reader alone
    assert read_bundle(tmp_path) == bundle
    assert [p.roles for p in bundle.people] == [(), ("cfo", "ceo"), ("cfo", "ceo")]
    assert len(bundle.ties) == 2


def test_a_quoted_file_is_left_to_the_python_reader(tmp_path: Path) -> None:
    _plain_bundle(tmp_path)
    text = (tmp_path / "ties.csv").read_text(encoding="utf-8")
    (tmp_path / "ties.csv").write_text(text.replace("colleagues", '"a\nb"'), encoding="utf-8")
    assert not csv_arrow.plain(tmp_path / "ties.csv")
    assert csv_arrow.plain(tmp_path / "people.csv")
    ties = read_bundle(tmp_path).ties
    assert [t.context for t in ties] == ["a\nb", ""]


@given(st.lists(st.one_of(_id, st.text(max_size=4), st.just("x" * 201)), max_size=8))
def test_ids_checked_together_as_one_by_one(ids: list[str]) -> None:
    assert csv_arrow._any_bad_id(ids) == any(map(csv_arrow._bad_id, ids))
