"""The header reader on random headers: what it keeps is what was written, and
nothing else (hypothesis), and the mbox scan finds every message."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from graph_mtl.ingest.mail import automatic_address, read_headers, tally

_local = st.from_regex(r"[a-z][a-z0-9._-]{0,15}", fullmatch=True).filter(
    lambda s: not automatic_address(s)
)
_address = st.builds(lambda a, b: f"{a}@{b}.example", _local, _local)
_words = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters='<>",;:\\()[]@'),
    max_size=20,
).map(str.strip)
_when = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1))
_noise = st.lists(
    st.tuples(st.from_regex(r"X-[A-Za-z-]{1,12}", fullmatch=True), _words), max_size=4
)


def _header(name: str, value: str) -> bytes:
    return f"{name}: {value}\r\n".encode()


@st.composite
def _messages(draw: st.DrawFn) -> tuple[bytes, list[tuple[str, list[str], str]]]:
    count = draw(st.integers(1, 5))
    parts, expected = [], []
    for i in range(count):
        sender = draw(_address)
        to = draw(st.lists(_address, min_size=1, max_size=3))
        when = draw(_when).replace(tzinfo=UTC)
        head = [_header("From", f"{draw(_words)} <{sender}>".strip())]
        head.append(_header("To", ", ".join(to)))
        head.append(_header("Subject", draw(_words) or "x"))
        head.append(_header("Date", when.strftime("%a, %d %b %Y %H:%M:%S +0000")))
        head.append(_header("Message-ID", f"<m{i}@x>"))
        head += [_header(k, v) for k, v in draw(_noise)]
        body = draw(st.sampled_from([b"", b"From the body\r\n", b"line\r\n\r\nmore\r\n"]))
        parts.append(b"From x@y Sat Jan  1 00:00:00 2000\r\n" + b"".join(head) + b"\r\n" + body)
        expected.append((sender, to, when.date().isoformat()))
    return b"\r\n".join(parts), expected


@given(_messages())
def test_every_message_and_only_its_headers_are_read(
    sample: tuple[bytes, list[tuple[str, list[str], str]]],
) -> None:
    data, expected = sample
    found = list(read_headers("box", io.BytesIO(data)))
    assert [
        (m.sender, [a for a, _ in m.recipients], m.day and m.day.isoformat()) for m in found
    ] == [(s, [a.lower() for a in to], d) for s, to, d in expected]
    assert all(not m.problem for m in found)


@given(_messages(), st.integers(0, 4))
def test_counts_are_by_direction_and_once_per_message(
    sample: tuple[bytes, list[tuple[str, list[str], str]]], twice: int
) -> None:
    data, expected = sample
    owner = expected[0][0]
    messages = list(read_headers("box", io.BytesIO(data)))
    found = tally(messages + messages[:twice], [owner])
    assert found.duplicates == min(twice, len(messages))
    sent = sum(1 for s, to, _ in expected if s == owner for a in set(to) if a != owner)
    received = sum(1 for s, to, _ in expected if s != owner and owner in to)
    assert sum(p.sent for p in found.people.values()) == sent
    assert sum(p.received for p in found.people.values()) == received
    assert owner not in found.people
