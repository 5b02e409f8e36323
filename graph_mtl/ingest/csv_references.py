"""The CSV bundle's references across files: every id a row names must be an
item of the bundle or, through `known`, one the target store already holds;
references into a file that could not be read in full are not judged."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from graph_mtl.domain.ports import EntityKind
from graph_mtl.errors import ImportProblem
from graph_mtl.ingest.csv_columns import ColumnRows
from graph_mtl.ingest.csv_table import Table

__all__ = ["Known", "check_references"]

Known = Callable[[EntityKind, set[str]], set[str]]
"""`known(kind, ids)`: which of `ids` the target store already holds (`store.existing`)."""


@dataclass(frozen=True, slots=True)
class _Ref:
    file: str
    line: int
    column: str
    kinds: tuple[EntityKind, ...]
    ident: str


def check_references(
    tables: list[Table], known: Known | None, problems: list[ImportProblem]
) -> None:
    defined = {
        # Rejected rows count as defined: their problem is already reported.
        t.spec.kind: _defined(t) | t.failed
        for t in tables
        if t.spec.kind is not None
    }
    unjudged = {t.spec.kind for t in tables if t.spec.kind is not None and not t.complete}
    pending: list[_Ref] = []
    asked: dict[EntityKind, set[str]] = {}
    for ref in _references(tables):
        if any(k in unjudged or ref.ident in defined.get(k, ()) for k in ref.kinds):
            continue
        pending.append(ref)
        for kind in ref.kinds:
            asked.setdefault(kind, set()).add(ref.ident)
    # Columnar files: each distinct id once; rows are looked at only for unknown ones.
    columnar: list[tuple[Table, ColumnRows, str, tuple[EntityKind, ...], set[str]]] = []
    for table in tables:
        if table.columns is None:
            continue
        for column, ids in table.columns.references().items():
            kinds = table.spec.refs[column]
            if any(k in unjudged for k in kinds):
                continue
            maybe = set(ids)  # less those defined in the bundle, a set at a time
            for kind in kinds:
                maybe.difference_update(defined.get(kind, ()))
            for kind in kinds if maybe else ():
                asked.setdefault(kind, set()).update(maybe)
            columnar.append((table, table.columns, column, kinds, maybe))
    held = {kind: known(kind, ids) if known else set() for kind, ids in asked.items()}
    for ref in pending:
        if not any(ref.ident in held[kind] for kind in ref.kinds):
            reason = f"{ref.column}: unknown {' or '.join(ref.kinds)} {ref.ident!r}"
            problems.append(ImportProblem(ref.file, ref.line, reason))
    for table, rows, column, kinds, maybe in columnar:
        unknown = {i for i in maybe if not any(i in held[k] for k in kinds)}
        for line, ident in rows.naming(column, unknown):
            table.problem(line, f"{column}: unknown {' or '.join(kinds)} {ident!r}")


def _defined(table: Table) -> set[str]:
    if table.columns is not None:
        return table.columns.defined() or set()
    return {item.id for _, item in table.rows.values()}


def _references(tables: list[Table]) -> Iterator[_Ref]:
    for table in tables:
        for line, item in table.rows.values():
            for column, kinds in table.spec.refs.items():
                value = getattr(item, column)
                for ident in value if isinstance(value, tuple) else (value,):
                    if ident is not None:
                        yield _Ref(table.spec.file, line, column, kinds, ident)
