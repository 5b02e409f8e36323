"""Finding by name at 100k and 1M people, through the indexes, beside the plain scan
it replaced and a plain Python filter, in one run:

    python -m bench.bench_search [--sizes 100000,1000000] [--queries 15] [--seed 1]
                                 [--work DIR] [--neo4j]

For each size: a bundle from seed/generate.py and the embedded store it is imported
into (both kept in --work between runs), then, for each kind of query (whole
names, whole Chinese names, two Chinese characters, substrings of three to five
characters, e-mail parts, company names, a Chinese name's pinyin joined, the
same spaced or with tones, its initials, a name or company in traditional
characters), the median time of:
- `find` (the service: the store's indexed search, then the ranking);
- the store's indexed searches alone (`SqliteStore.search`, 200 of each kind:
  the ones `find` makes, two for spaced pinyin);
- the plain scan: the SQL the embedded store ran before the index (instr over
  lower() of each field, 200 of each kind), on the same file;
- a plain Python filter over every person's folded text, held in memory.
`--neo4j` also loads the 100k bundle into the Neo4j server (`NEO4J_URI`,
`NEO4J_USERNAME`, `NEO4J_PASSWORD` as for bench/bench_neo4j.py; its database
cleared first) in parts (one
transaction would run out of memory) and times `find` there.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.names import person_search_text, pinyin_query, search_key, spellings
from graph_mtl.ingest.csv_bundle import read_bundle
from graph_mtl.services.search import find
from graph_mtl.stores.sqlite_store import SqliteStore
from seed.generate import write_bundle

PLAIN_SCAN = (
    "SELECT data FROM people WHERE instr(lower(id), :q)"
    " OR instr(lower(json_extract(data, '$.name')), :q)"
    " OR instr(lower(json_extract(data, '$.title')), :q)"
    " OR instr(lower(json_extract(data, '$.email')), :q) ORDER BY id LIMIT :limit",
    "SELECT data FROM customers WHERE instr(lower(id), :q)"
    " OR instr(lower(json_extract(data, '$.name')), :q) ORDER BY id LIMIT :limit",
    "SELECT data FROM channels WHERE instr(lower(id), :q)"
    " OR instr(lower(json_extract(data, '$.name')), :q) ORDER BY id LIMIT :limit",
)
"""The embedded store's search before the index (graph-mtl up to schema 4)."""

KINDS = (
    "whole name",
    "Chinese name",
    "2 CJK chars",
    "3-5 char part",
    "e-mail part",
    "company name",
    "pinyin joined",
    "pinyin spaced",
    "initials",
    "traditional",
)


def _pinyin(name: str, rng: random.Random, *, joined: bool) -> str:
    """A Chinese name's pinyin as a user types it: joined, or spaced after the
    surname (with or without tone marks)."""
    from pypinyin import Style, lazy_pinyin

    how = "joined" if joined else rng.choice(["spaced", "tones"])
    syllables = lazy_pinyin(name, style=Style.TONE if how == "tones" else Style.NORMAL)
    if how == "joined":
        return "".join(syllables)
    return syllables[0] + " " + "".join(syllables[1:])


def _traditional(text: str) -> str:
    import opencc

    return str(opencc.OpenCC("s2t").convert(text))


def sample_queries(bundle: Bundle, count: int, seed: int) -> dict[str, list[str]]:
    """`count` queries of each kind, drawn from the bundle."""
    rng = random.Random(seed)
    people = bundle.people
    chinese = [p.name for p in people if "\u4e00" <= p.name[0] <= "\u9fff" and len(p.name) >= 2]
    longer = [p.name for p in people if len(p.name) >= 5]
    emails = [p.email for p in people if p.email]
    companies = [c.name for c in bundle.customers if not c.name.startswith("Individual")]
    out: dict[str, list[str]] = {k: [] for k in KINDS}
    for _ in range(count):
        out["whole name"].append(rng.choice(people).name)
        out["Chinese name"].append(rng.choice(chinese))
        name = rng.choice(chinese)
        start = rng.randrange(len(name) - 1)
        out["2 CJK chars"].append(name[start : start + 2])
        name = rng.choice(longer)
        size = rng.randint(3, 5)
        start = rng.randrange(len(name) - size + 1)
        out["3-5 char part"].append(name[start : start + size])
        local, domain = rng.choice(emails).split("@")
        out["e-mail part"].append(rng.choice([local, domain.split(".")[0], local + "@"]))
        out["company name"].append(rng.choice(companies))
        out["pinyin joined"].append(_pinyin(rng.choice(chinese), rng, joined=True))
        out["pinyin spaced"].append(_pinyin(rng.choice(chinese), rng, joined=False))
        initials = spellings(search_key(rng.choice(chinese)), person=True)
        out["initials"].append(initials[-1])
        out["traditional"].append(_traditional(rng.choice([*chinese, *companies])))
    return out


def _median_ms(run: Callable[[str], object], queries: list[str]) -> float:
    times = []
    for q in queries:
        start = time.perf_counter()
        run(q)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _store(work: Path, size: int, seed: int) -> tuple[SqliteStore, Bundle]:
    folder = work / f"bundle-{size}-{seed}"
    if not (folder / "people.csv").exists():
        print(f"  generating {size:,} people ...", flush=True)
        write_bundle(folder, people=size, seed=seed)
    bundle = read_bundle(folder)
    path = work / f"search-{size}-{seed}.db"
    fresh = not path.exists()
    store = SqliteStore(path)
    if fresh:
        start = time.perf_counter()
        store.load(bundle)
        print(f"  imported {size:,} people in {time.perf_counter() - start:.1f} s", flush=True)
    return store, bundle


def bench_size(work: Path, size: int, count: int, seed: int) -> dict[str, list[float]]:
    store, bundle = _store(work, size, seed)
    queries = sample_queries(bundle, count, seed)
    folded = [
        (p.id, person_search_text(p.name, p.id, p.title, p.email)) for p in bundle.people
    ]  # the plain filter's rows
    db = store._database.connection()

    def scan(q: str) -> None:
        for sql in PLAIN_SCAN:
            db.execute(sql, {"q": q.lower(), "limit": 200}).fetchall()

    def python_filter(q: str) -> None:
        ks = [k for k in (search_key(q), pinyin_query(search_key(q))) if k]
        [i for i, text in folded if any(k in text for k in ks)]

    def indexed(q: str) -> None:  # the store's part of `find`
        folded = search_key(q)
        for text in (folded, pinyin_query(folded)):
            if text:
                store.search(text, limit=200)

    rows: dict[str, list[float]] = {}
    for kind in KINDS:
        qs = queries[kind]
        for q in qs:  # warm the page cache for every contender alike
            find(store, q)
        scan(qs[0])  # it reads every row whatever the text: once warms it
        rows[kind] = [
            _median_ms(lambda q: find(store, q), qs),
            _median_ms(indexed, qs),
            _median_ms(scan, qs),
            _median_ms(python_filter, qs),
        ]
    store.close()
    return rows


def bench_neo4j(work: Path, count: int, seed: int) -> dict[str, float]:
    import neo4j

    from bench.bench_neo4j import chunks
    from graph_mtl.stores.neo4j_store import Neo4jStore

    folder = work / f"bundle-100000-{seed}"
    if not (folder / "people.csv").exists():
        write_bundle(folder, people=100_000, seed=seed)
    bundle = read_bundle(folder)
    uri = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")
    auth = (  # as bench/bench_neo4j.py
        os.environ.get("NEO4J_USERNAME", "neo4j"),
        os.environ.get("NEO4J_PASSWORD", "graph-mtl-dev"),
    )
    store = Neo4jStore(neo4j.GraphDatabase.driver(uri, auth=auth), owns_driver=True)
    store.clear()
    start = time.perf_counter()
    for part in chunks(bundle, 20_000):
        store.load(part)
    print(f"  loaded 100,000 people into Neo4j in {time.perf_counter() - start:.1f} s")
    queries = sample_queries(bundle, count, seed)
    found = {}
    for kind in KINDS:
        for q in queries[kind]:
            find(store, q)
        found[kind] = _median_ms(lambda q: find(store, q), queries[kind])
    store.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--queries", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--neo4j", action="store_true")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-search-"))
    work.mkdir(parents=True, exist_ok=True)
    header = (
        f"{'people':>9}  {'query':<14} {'find':>8} {'indexed':>8} {'scan':>8} {'python':>8}"
        f" {'scan/find':>10} {'scan/indexed':>13} {'python/indexed':>15}"
    )
    results = []
    for size in (int(s) for s in args.sizes.split(",") if s):  # "": Neo4j only
        print(f"{size:,} people:", flush=True)
        results.append((size, bench_size(work, size, args.queries, args.seed)))
    print(f"\nmedian (p50) ms over {args.queries} queries of each kind")
    print(header)
    for size, rows in results:
        for kind, (found, indexed, scan, python) in rows.items():
            print(
                f"{size:>9,}  {kind:<14} {found:>8.2f} {indexed:>8.2f} {scan:>8.2f}"
                f" {python:>8.2f} {scan / found:>9.1f}x {scan / indexed:>12.1f}x"
                f" {python / indexed:>14.1f}x"
            )
    if args.neo4j:
        print("\nNeo4j, 100,000 people: median ms of find")
        for kind, ms in bench_neo4j(work, args.queries, args.seed).items():
            print(f"  {kind:<14} {ms:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
