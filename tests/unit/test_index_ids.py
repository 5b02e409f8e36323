"""The ids the search index keeps (graph_mtl/stores/index_ids.py) say what the
database says: checked against a plain dict on random ids (many sharing their first
eight bytes, some not ASCII), and against the database's own look-ups after random
writes by another store object (people added with and without ties, forgotten,
and added again under the same id)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person, Tie
from graph_mtl.stores import sqlite_records
from graph_mtl.stores.index_ids import GraphIds, id_table
from graph_mtl.stores.sqlite_paths import IndexIdMap
from graph_mtl.stores.sqlite_store import SqliteStore

_ALPHABET = ["a", "b", "z", "0", "9", "-", "é", "张", "伟", "\U0001f600"]


def _random_id(rng: random.Random) -> str:
    stem = rng.choice(["", "person-0000", "张伟张伟", "p"])
    return stem + "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0 if stem else 1, 4)))


@pytest.mark.parametrize("seed", range(20))
def test_the_table_finds_what_a_dict_finds(seed: int) -> None:
    rng = random.Random(seed)
    ids = sorted({_random_id(rng) for _ in range(rng.randint(0, 300))}, key=str.encode)
    rows = rng.sample(range(2 * len(ids) + 1), len(ids))
    truth = dict(zip(ids, rows, strict=True))
    rank = [0] * (max(rows, default=-1) + 1)
    for place, n in enumerate(rows):
        rank[n] = place
    gone = set(rng.sample(rows, len(rows) // 10))
    overlay: dict[int, str | None] = {n: None for n in gone}
    graph_ids = GraphIds(id_table(rows, ids), np.array(rank, dtype=np.int64), overlay)
    asked = ids + [_random_id(rng) for _ in range(50)]
    found, missing = graph_ids.numbers(asked)
    expected = {i: n for i, n in truth.items() if n not in gone}
    assert found == expected
    assert sorted(missing) == sorted(set(asked) - set(expected))
    numbers = list(range(-1, len(rank) + 3))
    found_ids, missing_numbers = graph_ids.ids(numbers)
    assert found_ids == {n: i for i, n in expected.items()}
    assert sorted(missing_numbers) == sorted(set(numbers) - set(found_ids))
    for n in numbers:  # a few at a time: looked up one by one, not with numpy
        assert graph_ids.ids([n]) == (({n: found_ids[n]}, []) if n in found_ids else ({}, [n]))


def _people(ids: list[str]) -> list[Person]:
    return [Person(id=i, name=i) for i in ids]


@pytest.mark.parametrize("seed", range(6))
def test_the_index_ids_agree_with_the_database_after_writes(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    path = tmp_path / "graph.db"
    reader, writer = SqliteStore(path), SqliteStore(path)
    ids = [f"p{i}" for i in range(40)] + ["张伟", "person-00001", "person-00002"]
    ties = [
        Tie(source=a, target=b, strength=round(rng.uniform(0.1, 1), 2))
        for a, b in (rng.sample(ids, 2) for _ in range(80))
    ]
    writer.load(Bundle(people=_people(ids), ties=ties))
    known = list(ids)
    alive = set(ids)
    overlay_checked = False
    for step in range(12):
        action = rng.choice(["tied", "untied", "forget", "again"])
        if action == "tied":
            new = f"n{seed}-{step}"
            known.append(new)
            writer.load(
                Bundle(
                    people=_people([new]),
                    ties=[Tie(source=new, target=rng.choice(sorted(alive)), strength=0.5)],
                )
            )
            alive.add(new)
        elif action == "untied":
            new = f"u{seed}-{step}"
            known.append(new)
            writer.load(Bundle(people=_people([new])))
            alive.add(new)
        elif action == "forget":
            with monkeypatch.context() as patch:
                if rng.random() < 0.5:  # as if the writer died before its rebuild
                    patch.setattr(writer._index, "rebuild", lambda *_, **__: None)
                gone = rng.choice(known)
                writer.delete_person(gone)
                alive.discard(gone)
        else:  # a forgotten id back, tied or not
            back = rng.choice(known)
            other = rng.choice(sorted(alive - {back}))
            extra = [Tie(source=back, target=other, strength=0.7)] if rng.random() < 0.5 else []
            writer.load(Bundle(people=_people([back]), ties=extra))
            alive.add(back)
        graph = reader.graph()
        index_map = IndexIdMap(graph, reader.id_map)
        asked = [*known, "nobody", "p"]
        with reader._database.read() as db:
            numbers = sqlite_records.numbers(db, asked)
            ids_back = sqlite_records.ids(db, range(-1, graph.size + 5))
        assert index_map.numbers(asked) == numbers
        assert index_map.ids(range(-1, graph.size + 5)) == ids_back
        # what the index itself answers (the rest goes to the database) is right
        found, _ = graph.ids.numbers(asked)
        assert all(numbers[i] == n for i, n in found.items())
        overlay_checked = overlay_checked or any(v is None for v in graph.overlay_ids.values())
    assert overlay_checked or seed != 0
