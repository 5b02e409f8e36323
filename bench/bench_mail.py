"""Importing a mailbox: real messages by the million.

    python -m bench.bench_mail [--messages 1000000] [--data ../shared/data/snap-collegemsg]

SNAP's CollegeMsg (59,835 private messages of an online community: sender,
recipient, time; its SOURCE.md) is written as an mbox, the file **repeated** until
it holds `--messages` messages (each repetition a year later, with Message-IDs of
its own, so that nothing is a duplicate), every message with a subject and a body
that are never read. The mailbox's owner is the community's most active member:
every message is read, those from or to them count, the rest are "not theirs".

Each step runs in a process of its own, so that its peak memory (max RSS) is its
own:

- reading: the mbox's headers alone (graph_mtl/ingest/mail.py, no store): the floor;
- the import into an empty embedded store (reading, counting, matching, one write);
- the same import again (everyone known: nothing changes).

It prints seconds per million messages and peak memory for each, and the ratios
to reading.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

TODAY = date(2026, 12, 2)
_DOMAIN = "college.example"


def write_mbox(data: Path, target: Path, messages: int) -> tuple[str, int]:
    """The mbox of `messages` messages and the owner's address."""
    rows = []
    for line in (data / "CollegeMsg.txt").read_text().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2].isdigit():
            rows.append((parts[0], parts[1], int(parts[2])))
    active = Counter(s for s, _, _ in rows) + Counter(d for _, d, _ in rows)
    owner = f"u{active.most_common(1)[0][0]}@{_DOMAIN}"
    written = 0
    with target.open("wb") as out:
        rep = 0
        while written < messages:
            shift = timedelta(days=365 * rep)
            for n, (src, dst, ts) in enumerate(rows):
                if written >= messages:
                    break
                when = datetime.fromtimestamp(ts, UTC) + shift
                out.write(
                    (
                        f"From u{src}@{_DOMAIN} {when:%a %b %d %H:%M:%S %Y}\n"
                        f"From: User {src} <u{src}@{_DOMAIN}>\n"
                        f"To: User {dst} <u{dst}@{_DOMAIN}>\n"
                        f"Subject: message {n} of repetition {rep}\n"
                        f"Date: {when:%a, %d %b %Y %H:%M:%S +0000}\n"
                        f"Message-ID: <{rep}.{n}@{_DOMAIN}>\n"
                        "Content-Type: text/plain\n\n"
                        "A body that is never read.\nFrom here on, a line a body may hold.\n\n"
                    ).encode()
                )
                written += 1
            rep += 1
    return owner, written


def _step(step: str, path: Path, owner: str, store: Path) -> dict[str, object]:
    started = time.perf_counter()
    if step == "read":
        from graph_mtl.ingest.mail import read_mail, tally

        found = tally(read_mail(path), [owner])
        result: dict[str, object] = {"counted": found.counted, "people": len(found.people)}
    else:
        from graph_mtl.domain.bundle import Bundle
        from graph_mtl.domain.models import Person
        from graph_mtl.domain.playbook import Playbook
        from graph_mtl.services.access import COMMAND_LINE
        from graph_mtl.services.interactions import import_mail
        from graph_mtl.stores.sqlite_store import SqliteStore

        db = SqliteStore(store)
        if not db.people(["sp-owner"]):
            db.load(Bundle(people=[Person(id="sp-owner", name="Owner", is_salesperson=True)]))
        done = import_mail(
            db,
            path,
            salesperson_id="sp-owner",
            caller=COMMAND_LINE,
            playbook=Playbook(),
            today=TODAY,
            aliases=[owner],
        )
        db.close()
        result = {
            "counted": done.counted,
            "people": done.correspondents,
            "new": done.new_people,
            "one_way": done.one_way,
        }
    result["seconds"] = time.perf_counter() - started
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/snap-collegemsg"))
    parser.add_argument("--step", choices=["read", "import"], help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--owner", help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(_step(args.step, args.path, args.owner, args.store)))
        return
    with tempfile.TemporaryDirectory() as folder:
        box = Path(folder) / "college.mbox"
        owner, count = write_mbox(args.data, box, args.messages)
        size = box.stat().st_size
        print(
            f"{count:,} messages (CollegeMsg's 59,835 repeated), {size / 1e6:,.0f} MB; owner {owner}"
        )
        store = Path(folder) / "graph.db"
        runs = {}
        for label, step in (("reading", "read"), ("import", "import"), ("again", "import")):
            command = [sys.executable, "-m", "bench.bench_mail", "--step", step]
            command += ["--path", str(box), "--owner", owner, "--store", str(store)]
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            runs[label] = json.loads(output)
        floor = runs["reading"]
        for label, run in runs.items():
            per_million = float(run["seconds"]) * 1e6 / count
            print(
                f"{label:8} {per_million:7.1f} s per million messages, peak {run['peak_mb']:6.0f} MB"
                f"  (x{float(run['seconds']) / float(floor['seconds']):.2f} time,"
                f" x{float(run['peak_mb']) / float(floor['peak_mb']):.2f} memory)"
                f"  {', '.join(f'{k} {v}' for k, v in run.items() if k not in ('seconds', 'peak_mb'))}"
            )


if __name__ == "__main__":
    main()
