"""Importing a mailbox and a calendar: real messages by the million.

    python -m bench.bench_mail [--messages 1000000] [--events 300000]
                               [--data ../shared/data/snap-collegemsg]

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

Then the same messages as a calendar: each message **becomes a meeting-like
event** (an .ics VEVENT at the message's time, organized by its sender, its
recipient the one attendee, with a summary and a description that are never
read), repeated the same way to `--events` events. These are real encounters
between real people at real times, not real meetings: they say how the calendar
import scales, not what calendars hold. Reading (graph_mtl/ingest/calendar.py,
no store), the import and the import again are timed alike.

It prints seconds per million messages (events) and peak memory for each, and
the ratios to reading.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

TODAY = date(2026, 12, 2)
_DOMAIN = "college.example"


def write_mbox(data: Path, target: Path, messages: int) -> tuple[str, int]:
    """The mbox of `messages` messages and the owner's address."""
    rows, owner = read_college(data)
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


def write_ics(data: Path, target: Path, events: int) -> tuple[str, int]:
    """An .ics of `events` events, one per message, and the owner's address."""
    rows, owner = read_college(data)
    written = 0
    with target.open("w", encoding="utf-8", newline="") as out:
        out.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//graph-mtl//EN\r\n")
        rep = 0
        while written < events:
            shift = timedelta(days=365 * rep)
            for n, (src, dst, ts) in enumerate(rows):
                if written >= events:
                    break
                when = datetime.fromtimestamp(ts, UTC) + shift
                out.write(
                    "BEGIN:VEVENT\r\n"
                    f"UID:{rep}.{n}@{_DOMAIN}\r\n"
                    f"DTSTART:{when:%Y%m%dT%H%M%SZ}\r\n"
                    f"DTEND:{when + timedelta(minutes=30):%Y%m%dT%H%M%SZ}\r\n"
                    f"SUMMARY:meeting {n} of repetition {rep}\r\n"
                    "DESCRIPTION:A description that is never read.\r\n"
                    f"ORGANIZER;CN=User {src}:mailto:u{src}@{_DOMAIN}\r\n"
                    f"ATTENDEE;CN=User {dst};PARTSTAT=ACCEPTED:mailto:u{dst}@{_DOMAIN}\r\n"
                    "STATUS:CONFIRMED\r\n"
                    "END:VEVENT\r\n"
                )
                written += 1
            rep += 1
        out.write("END:VCALENDAR\r\n")
    return owner, written


def read_college(data: Path) -> tuple[list[tuple[str, str, int]], str]:
    """CollegeMsg's messages (sender, recipient, time) and the most active member's address."""
    rows = []
    for line in (data / "CollegeMsg.txt").read_text().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2].isdigit():
            rows.append((parts[0], parts[1], int(parts[2])))
    active = Counter(s for s, _, _ in rows) + Counter(d for _, d, _ in rows)
    return rows, f"u{active.most_common(1)[0][0]}@{_DOMAIN}"


def _step(step: str, path: Path, owner: str, store: Path) -> dict[str, object]:
    started = time.perf_counter()
    if step == "read-ics":
        from graph_mtl.ingest.calendar import meetings, read_events

        with path.open("rb") as raw:
            met = meetings(read_events(path.name, raw), {owner}, today=TODAY)
        result: dict[str, object] = {"meetings": met.counted, "people": len(met.people)}
    elif step == "import-ics":
        done_ics = _import(step, path, owner, store)
        result = {
            "meetings": done_ics.meetings,
            "people": done_ics.attendees,
            "new": done_ics.new_people,
            "left_out": done_ics.unknown_left_out,
        }
    elif step == "read":
        from graph_mtl.ingest.mail import read_mail, tally

        found = tally(read_mail(path), [owner])
        result = {"counted": found.counted, "people": len(found.people)}
    else:
        done = _import(step, path, owner, store)
        result = {
            "counted": done.counted,
            "people": done.correspondents,
            "new": done.new_people,
            "one_way": done.one_way,
        }
    result["seconds"] = time.perf_counter() - started
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _import(step: str, path: Path, owner: str, store: Path) -> Any:
    from graph_mtl.domain.bundle import Bundle
    from graph_mtl.domain.models import Person
    from graph_mtl.domain.playbook import Playbook
    from graph_mtl.services.access import COMMAND_LINE
    from graph_mtl.services.interactions import import_calendar, import_mail
    from graph_mtl.stores.sqlite_store import SqliteStore

    db = SqliteStore(store)
    if not db.people(["sp-owner"]):
        db.load(Bundle(people=[Person(id="sp-owner", name="Owner", is_salesperson=True)]))
    importer = import_calendar if step == "import-ics" else import_mail
    done = importer(
        db,
        path,
        salesperson_id="sp-owner",
        caller=COMMAND_LINE,
        playbook=Playbook(),
        today=TODAY,
        aliases=[owner],
    )
    db.close()
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=300_000)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/snap-collegemsg"))
    parser.add_argument(
        "--step", choices=["read", "import", "read-ics", "import-ics"], help=argparse.SUPPRESS
    )
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--owner", help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(_step(args.step, args.path, args.owner, args.store)))
        return
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        box = Path(folder) / "college.mbox"
        owner, count = write_mbox(args.data, box, args.messages)
        size = box.stat().st_size
        print(
            f"{count:,} messages (CollegeMsg's 59,835 repeated), {size / 1e6:,.0f} MB; owner {owner}"
        )
        store = Path(folder) / "graph.db"
        _compare(box, owner, store, count, ("read", "import"), "messages")
        box.unlink()
        ics = Path(folder) / "college.ics"
        owner, count = write_ics(args.data, ics, args.events)
        print(
            f"{count:,} meeting-like events (CollegeMsg's messages as events, repeated), "
            f"{ics.stat().st_size / 1e6:,.0f} MB; owner {owner}"
        )
        _compare(
            ics, owner, Path(folder) / "calendar.db", count, ("read-ics", "import-ics"), "events"
        )
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _compare(
    path: Path, owner: str, store: Path, count: int, steps: tuple[str, str], unit: str
) -> None:
    """Reading, the import and the import again, each in a process of its own."""
    runs = {}
    for label, step in (("reading", steps[0]), ("import", steps[1]), ("again", steps[1])):
        command = [sys.executable, "-m", "bench.bench_mail", "--step", step]
        command += ["--path", str(path), "--owner", owner, "--store", str(store)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        runs[label] = json.loads(output)
    floor = runs["reading"]
    for label, run in runs.items():
        per_million = float(run["seconds"]) * 1e6 / count
        print(
            f"  {label:8} {per_million:7.1f} s per million {unit}, peak {run['peak_mb']:6.0f} MB"
            f"  (x{float(run['seconds']) / float(floor['seconds']):.2f} time,"
            f" x{float(run['peak_mb']) / float(floor['peak_mb']):.2f} memory)"
            f"  {', '.join(f'{k} {v}' for k, v in run.items() if k not in ('seconds', 'peak_mb'))}"
        )


if __name__ == "__main__":
    main()
