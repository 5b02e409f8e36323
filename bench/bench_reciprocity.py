"""Strengths of real correspondents before and after reciprocity.

    python -m bench.bench_reciprocity [--data ../shared/data/snap-collegemsg] [--show 5]

SNAP's CollegeMsg (59,835 real private messages: sender, recipient, time; its
SOURCE.md), once, not repeated, written as an mbox (bench/bench_mail.py). The
mailbox's owner is the community's most active member; "today" is the day after
the file's last message, so that recency is the data's own. The mbox goes through
`import_mail` into an embedded store where the owner and the correspondents shown
are known people (an unknown one-way correspondent is never imported), and the
strength the store then holds (after: the formula of graph_mtl/domain/evidence.py,
sent and received apart) is set beside the strength the same messages gave
before reciprocity (before: every message an undirected contact, contacts = sent +
received, as a LinkedIn import counted them), both with the default playbook.

It prints the `--show` correspondents with the most messages, the `--show` one-way
correspondents (messages in one direction only) with the most, and a line over
all of the owner's correspondents.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.bench_mail import read_college, write_mbox
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.evidence import strength_of
from graph_mtl.domain.models import Person, TieEvidence
from graph_mtl.domain.playbook import Evidence, Playbook
from graph_mtl.ingest.mail import Correspondent, read_mail, tally
from graph_mtl.services.access import COMMAND_LINE
from graph_mtl.services.interactions import import_mail
from graph_mtl.stores.sqlite_store import SqliteStore

COLLEGE_MESSAGES = 59_835


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/snap-collegemsg"))
    parser.add_argument("--show", type=int, default=5)
    args = parser.parse_args()
    rules = Playbook().evidence
    with tempfile.TemporaryDirectory() as folder:
        box = Path(folder) / "college.mbox"
        owner, _ = write_mbox(args.data, box, COLLEGE_MESSAGES)
        people = tally(read_mail(box), [owner]).people
        last = max(ts for _, _, ts in read_college(args.data)[0])
        today = datetime.fromtimestamp(last, UTC).date() + timedelta(days=1)
        busiest = sorted(people.values(), key=lambda p: (-(p.sent + p.received), p.address))
        one_way = [p for p in busiest if min(p.sent, p.received) == 0]
        shown = busiest[: args.show] + one_way[: args.show]
        after = _imported(Path(folder) / "graph.db", box, owner, shown, today)
    print(
        f"CollegeMsg, {COLLEGE_MESSAGES:,} real messages; owner {owner}, "
        f"{len(people):,} correspondents ({len(one_way):,} one-way); as of {today}; "
        f"playbook [evidence] {rules.model_dump()}"
    )
    print(
        f"{'correspondent':<24} {'sent':>5} {'recv':>5} {'last':>10} "
        f"{'before':>7} {'after':>7} {'change':>7}"
    )
    for title, group in (
        ("most messages", busiest[: args.show]),
        ("one-way", one_way[: args.show]),
    ):
        print(f"-- {title}")
        for p in group:
            old = _before(p, rules, today)
            new = after[p.address]
            print(
                f"{p.address:<24} {p.sent:>5} {p.received:>5} {p.last!s:>10} "
                f"{old:>7.3f} {new:>7.3f} {new - old:>+7.3f}"
            )
    olds = [_before(p, rules, today) for p in people.values()]
    news = [_after(p, rules, today) for p in people.values()]
    lost = [
        o - n
        for p, o, n in zip(people.values(), olds, news, strict=True)
        if min(p.sent, p.received) == 0
    ]
    print(
        f"all {len(people):,}: median before {statistics.median(olds):.3f}, after "
        f"{statistics.median(news):.3f}; one-way ones lose {statistics.mean(lost):.3f} on average"
        f" (at most {max(lost):.3f})"
    )
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _imported(
    db: Path, box: Path, owner: str, shown: list[Correspondent], today: date
) -> dict[str, float]:
    """The strengths the store holds after importing the mailbox, by address."""
    store = SqliteStore(db)
    ids = {p.address: f"u-{p.address.split('@')[0]}" for p in shown}
    store.load(
        Bundle(
            people=[
                Person(id="sp-owner", name="Owner", is_salesperson=True, email=owner),
                *(
                    Person(id=ids[p.address], name=p.name or p.address, email=p.address)
                    for p in shown
                ),
            ]
        )
    )
    import_mail(
        store, box, salesperson_id="sp-owner", caller=COMMAND_LINE, playbook=Playbook(), today=today
    )
    pairs = {a: (min("sp-owner", i), max("sp-owner", i)) for a, i in ids.items()}
    ties = store.ties(list(pairs.values()))
    store.close()
    found = {a: ties[pair].strength for a, pair in pairs.items()}
    for p in shown:  # the store holds what the formula says, to 6 places
        assert abs(found[p.address] - _after(p, Playbook().evidence, today)) < 1e-6
    return found


def _before(p: Correspondent, rules: Evidence, today: date) -> float:
    """Every message an undirected contact, as before reciprocity."""
    old = TieEvidence(
        source="sp-owner",
        target="x",
        origin="E-mail",
        contacts=p.sent + p.received,
        last_contact=p.last,
    )
    return strength_of([old], rules, today=today)


def _after(p: Correspondent, rules: Evidence, today: date) -> float:
    new = TieEvidence(
        source="sp-owner",
        target="x",
        origin="E-mail",
        sent=p.sent,
        received=p.received,
        last_contact=p.last,
    )
    return strength_of([new], rules, today=today)


if __name__ == "__main__":
    main()
