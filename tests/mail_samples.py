"""Mailboxes and calendars to import, as Gmail, Thunderbird, Google and Outlook
write them, with subjects and bodies that must never reach a store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

TODAY = date(2026, 3, 1)
SECRET_SUBJECT = "Zanzibar-Quokka-Subject-7731"
SECRET_BODY = "Marmalade-Pelican-Body-4410"
SECRET_MEETING = "Obsidian-Walrus-Meeting-9902"
SECRET_PLACE = "Tangerine-Lighthouse-Room-5518"


def _message(sender: str, to: str, day: str, ident: str, *, cc: str = "", extra: str = "") -> str:
    head = f"From: {sender}\nTo: {to}\n" + (f"Cc: {cc}\n" if cc else "")
    return (
        f"{head}Subject: {SECRET_SUBJECT}\nDate: {day}\nMessage-ID: <{ident}>\n{extra}"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
        f"{SECRET_BODY}\nFrom the desk of someone, a line a body may hold.\n"
    )


def mbox(path: Path) -> Path:
    """Gmail Takeout's mbox (mboxrd, X-Gmail-Labels): 张伟 (zhang@our.example, alias
    wei.zhang@gmail.example) and Jane (known by e-mail: 2 received, 1 sent), Lan
    (unknown, replied: 1 each way), Sam (unknown, never answered), a newsletter, a
    no-reply notice, a spam and a draft, and one message twice."""
    messages = [
        _message(
            "Jane Doe <Jane@Acme.example>",
            "张伟 <zhang@our.example>",
            "Mon, 05 Jan 2026 09:00:00 +0800",
            "j1@acme.example",
        ),
        _message(
            "Jane Doe <jane@acme.example>",
            "zhang@our.example",
            "Tue, 06 Jan 2026 09:00:00 +0800",
            "j2@acme.example",
            cc="Bo Chen <bo@acme.example>",
        ),
        _message(
            "=?UTF-8?B?5byg5Lyf?= <wei.zhang@gmail.example>",
            "jane@acme.example",
            "Wed, 07 Jan 2026 10:00:00 +0000",
            "z1@gmail.example",
        ),
        _message(
            "zhang@our.example",
            "Lan Xu <lan@globex.example>",
            "Thu, 08 Jan 2026 10:00:00 +0000",
            "z2@our.example",
        ),
        _message(
            "Lan Xu <lan@globex.example>",
            "zhang@our.example",
            "Fri, 09 Jan 2026 10:00:00 +0000",
            "l1@globex.example",
        ),
        _message(
            "zhang@our.example",
            "sam@nowhere.example",
            "Fri, 09 Jan 2026 11:00:00 +0000",
            "z3@our.example",
        ),
        _message(
            "News <news@shop.example>",
            "zhang@our.example",
            "Sat, 10 Jan 2026 10:00:00 +0000",
            "n1@shop.example",
            extra="List-Unsubscribe: <mailto:unsubscribe@shop.example>\n",
        ),
        _message(
            "no-reply@service.example",
            "zhang@our.example",
            "Sat, 10 Jan 2026 11:00:00 +0000",
            "n2@service.example",
        ),
        _message(
            "Spammer <win@prize.example>",
            "zhang@our.example",
            "Sat, 10 Jan 2026 12:00:00 +0000",
            "s1@prize.example",
            extra="X-Gmail-Labels: Spam,Category Promotions\n",
        ),
        _message(
            "zhang@our.example",
            "draft@nowhere.example",
            "Sat, 10 Jan 2026 13:00:00 +0000",
            "d1@our.example",
            extra="X-Gmail-Labels: Drafts\n",
        ),
        _message(
            "Jane Doe <jane@acme.example>",
            "张伟 <zhang@our.example>",
            "Mon, 05 Jan 2026 09:00:00 +0800",
            "j1@acme.example",
        ),
    ]
    text = "".join(
        f"From {i}@xxx Mon Jan 05 01:00:00 +0000 2026\nX-GM-THRID: {i}\n{m}\n"
        for i, m in enumerate(messages)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8").replace(b"\n", b"\r\n"))
    return path


def eml_folder(folder: Path) -> Path:
    """Two .eml files (Outlook's Save As): Lan writes, 张伟 answers."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "one.eml").write_text(
        _message(
            "Lan Xu <lan@globex.example>",
            "zhang@our.example",
            "Fri, 09 Jan 2026 10:00:00 +0000",
            "e1@globex.example",
        ),
        encoding="utf-8",
    )
    (folder / "two.eml").write_text(
        _message(
            "zhang@our.example",
            "lan@globex.example",
            "Sat, 10 Jan 2026 10:00:00 +0000",
            "e2@our.example",
        ),
        encoding="utf-8",
    )
    return folder


def ics(path: Path) -> Path:
    """A Google Calendar export: a meeting with Jane (Bo declined, a room booked),
    a weekly one-to-one with Lan (4 weeks, one skipped), a cancelled one with Sam,
    and one still to come."""
    text = f"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Google Inc//Google Calendar 70.9054//EN
BEGIN:VEVENT
DTSTART:20260105T020000Z
DTEND:20260105T030000Z
UID:meet-1@google.com
ORGANIZER;CN=张伟:mailto:zhang@our.example
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Jane
  Doe;X-NUM-GUESTS=0:mailto:jane@acme.example
ATTENDEE;CUTYPE=INDIVIDUAL;PARTSTAT=DECLINED;CN=Bo Chen:mailto:bo@acme.example
ATTENDEE;CUTYPE=RESOURCE;PARTSTAT=ACCEPTED;CN=Room:mailto:room@resource.example
SUMMARY:{SECRET_MEETING}
LOCATION:{SECRET_PLACE}
DESCRIPTION:{SECRET_BODY}
STATUS:CONFIRMED
BEGIN:VALARM
ACTION:DISPLAY
DESCRIPTION:{SECRET_MEETING}
END:VALARM
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Asia/Shanghai:20260107T100000
RRULE:FREQ=WEEKLY;COUNT=4;BYDAY=WE
EXDATE;TZID=Asia/Shanghai:20260114T100000
UID:weekly-lan@google.com
ORGANIZER;CN=Lan Xu:mailto:lan@globex.example
ATTENDEE;PARTSTAT=ACCEPTED:mailto:zhang@our.example
SUMMARY:{SECRET_MEETING}
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20260120
UID:cancelled@google.com
STATUS:CANCELLED
ORGANIZER:mailto:sam@nowhere.example
ATTENDEE:mailto:zhang@our.example
END:VEVENT
BEGIN:VEVENT
DTSTART:20991201T020000Z
UID:later@google.com
ORGANIZER:mailto:zhang@our.example
ATTENDEE:mailto:kim@acme.example
END:VEVENT
END:VCALENDAR
"""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path
