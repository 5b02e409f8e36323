"""Strength from real interactions: the 1,546 messages of CollegeMsg's most active
member with their 104 correspondents (tests/fixtures/collegemsg/SOURCE.md), taken
a correspondent at a time. Within (0, 1], never stronger as time passes, never
weaker with more of the same sequence or with its real answers than with every
message one way, the same in any order; and the mailbox they make, imported
twice or in another order, leaves the same store."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.evidence import strength_of
from graph_mtl.domain.models import Person, TieEvidence
from graph_mtl.domain.playbook import Playbook
from graph_mtl.services.access import COMMAND_LINE
from graph_mtl.services.interactions import import_mail
from graph_mtl.stores.sqlite_store import SqliteStore

FIXTURE = Path(__file__).parents[1] / "fixtures" / "collegemsg" / "member-323.txt"
OWNER = "323"
RULES = Playbook().evidence
Message = tuple[bool, date]
"""Sent by the owner (else received), and the day."""


def _read() -> tuple[list[tuple[str, str, int]], dict[str, list[Message]]]:
    rows = [
        (src, dst, int(ts))
        for src, dst, ts in (line.split() for line in FIXTURE.read_text().splitlines()[1:])
    ]
    sequences: dict[str, list[Message]] = {}
    for src, dst, ts in rows:
        other = dst if src == OWNER else src
        day = datetime.fromtimestamp(ts, UTC).date()
        sequences.setdefault(other, []).append((src == OWNER, day))
    return rows, sequences


ROWS, SEQUENCES = _read()
_SEQUENCE = st.sampled_from(sorted(SEQUENCES)).map(lambda who: SEQUENCES[who])
_LATER = st.integers(0, 3 * 365)


def _strength(messages: list[Message], *, days_after: int = 0, one_way: bool = False) -> float:
    """As of `days_after` days after the last message; `one_way`: as if the owner had
    sent every message."""
    sent = sum(1 for mine, _ in messages if mine or one_way)
    last = max(day for _, day in messages)
    evidence = TieEvidence(
        source="sp-owner",
        target="u-other",
        origin="E-mail",
        sent=sent,
        received=len(messages) - sent,
        last_contact=last,
    )
    return strength_of([evidence], RULES, today=last + timedelta(days=days_after))


def test_the_fixture_is_a_real_mailbox() -> None:
    one_way = [m for m in SEQUENCES.values() if len({mine for mine, _ in m}) == 1]
    assert (len(ROWS), len(SEQUENCES), len(one_way)) == (1546, 104, 55)


@given(_SEQUENCE, st.data(), _LATER)
def test_real_sequences_are_within_range(
    messages: list[Message], data: st.DataObject, later: int
) -> None:
    prefix = messages[: data.draw(st.integers(1, len(messages)))]
    assert RULES.connection < _strength(prefix, days_after=later) <= 1.0


@given(_SEQUENCE, _LATER, _LATER)
def test_a_real_tie_fades_as_time_passes(messages: list[Message], a: int, b: int) -> None:
    sooner, later = sorted((a, b))
    assert _strength(messages, days_after=sooner) >= _strength(messages, days_after=later)


@given(_SEQUENCE, st.data(), _LATER)
def test_more_of_a_real_sequence_is_never_weaker(
    messages: list[Message], data: st.DataObject, later: int
) -> None:
    """As of one day after both: the longer prefix has more messages and a later last one."""
    k = data.draw(st.integers(1, len(messages)))
    more = data.draw(st.integers(k, len(messages)))
    today = max(day for _, day in messages[:more]) + timedelta(days=later)
    shorter = (today - max(day for _, day in messages[:k])).days
    assert _strength(messages[:k], days_after=shorter) <= _strength(
        messages[:more], days_after=later
    )


@given(_SEQUENCE, _LATER)
def test_real_answers_are_never_weaker_than_one_way(messages: list[Message], later: int) -> None:
    real = _strength(messages, days_after=later)
    assert _strength(messages, days_after=later, one_way=True) <= real
    mixed = {mine for mine, _ in messages} == {True, False}
    assert (_strength(messages, days_after=later, one_way=True) < real) == mixed


@given(_SEQUENCE, st.randoms(use_true_random=False), _LATER)
def test_a_real_sequence_in_any_order_is_as_strong(
    messages: list[Message], rng: random.Random, later: int
) -> None:
    shuffled = list(messages)
    rng.shuffle(shuffled)
    assert _strength(shuffled, days_after=later) == _strength(messages, days_after=later)


def _mbox(path: Path, rows: list[tuple[int, tuple[str, str, int]]]) -> Path:
    """The messages as an mbox, each with a Message-ID from its line of the fixture."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for n, (src, dst, ts) in rows:
            when = datetime.fromtimestamp(ts, UTC)
            out.write(
                f"From u{src}@college.example {when:%a %b %d %H:%M:%S %Y}\n"
                f"From: User {src} <u{src}@college.example>\n"
                f"To: User {dst} <u{dst}@college.example>\n"
                f"Date: {when:%a, %d %b %Y %H:%M:%S +0000}\n"
                f"Message-ID: <{n}@college.example>\n\nnever read\n\n"
            )
    return path


def _imported(db: Path, box: Path) -> SqliteStore:
    store = SqliteStore(db)
    if not store.people(["sp-owner"]):
        owner = Person(
            id="sp-owner", name="Owner", is_salesperson=True, email="u323@college.example"
        )
        store.load(Bundle(people=[owner]))
    import_mail(
        store,
        box,
        salesperson_id="sp-owner",
        caller=COMMAND_LINE,
        playbook=Playbook(),
        today=date(2004, 10, 27),
    )
    return store


def test_the_real_mailbox_imported_twice_or_in_another_order_leaves_the_same_store(
    tmp_path: Path,
) -> None:
    store = _imported(tmp_path / "one.db", _mbox(tmp_path / "in-order.mbox", list(enumerate(ROWS))))
    once = store.export().canonical()
    again = _imported(tmp_path / "one.db", tmp_path / "in-order.mbox")
    assert again.export().canonical() == once
    reordered = list(reversed(list(enumerate(ROWS))))
    other = _imported(tmp_path / "two.db", _mbox(tmp_path / "reversed.mbox", reordered))
    assert other.export().canonical() == once
    ties = [t for t in store.export().ties if "sp-owner" in (t.source, t.target)]
    reciprocated = [m for m in SEQUENCES.values() if len({mine for mine, _ in m}) == 2]
    assert len(ties) == len(reciprocated) == 49  # unknown one-way correspondents left out
    for tie in ties:
        who = (tie.target if tie.source == "sp-owner" else tie.source).removeprefix("mail-u")
        messages = SEQUENCES[who.removesuffix("@college.example")]
        days = (date(2004, 10, 27) - max(day for _, day in messages)).days
        assert abs(tie.strength - _strength(messages, days_after=days)) < 1e-6
    for s in (store, again, other):
        s.close()
