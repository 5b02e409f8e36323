"""LinkedIn exports as each year's export writes them, built byte for byte.

One network, written in the shape of 2018, 2020, 2022, 2024 and 2026:

| year | Connections.csv | messages.csv | Invitations.csv | quoting, line ends, archive |
| --- | --- | --- | --- | --- |
| 2018 | no Notes:, no URL | 9 columns, `2018-03-01 10:00:00 UTC` | no URL columns | as needed, LF, Basic_ zip |
| 2020 | no Notes:, no URL | 9 columns | no URL columns, `5/4/20, 9:15 AM` | as needed, LF, Complete_ zip in a folder |
| 2022 | Notes:, no URL | 9 columns | no URL columns | as needed, LF, unpacked folder |
| 2024 | Notes:, URL, BOM | 10 (RECIPIENT PROFILE URLS), `2024/02/01 15:02:55 UTC` | URL columns | as needed, LF, Basic_ zip |
| 2026 | Notes:, URL, BOM, `08 Feb 2026` | 11 (IS MESSAGE DRAFT) | URL columns, `1/29/26, 2:37 PM` | every field and the header quoted, CR LF, multi-line CONTENT |

The owner is Zhang Wei (`zhang-wei-sales`). Their connections: Jane Doe (Acme,
writes and is written to), 陈国栋 (华信制造, written to), Sam O'Neil (Globex, an
e-mail address), Kim Lee (Initech, never written to), and a member who hides
their profile. Messages: from Jane (INBOX), to Jane (SENT), to Jane (ARCHIVE),
to 陈国栋, and what never counts: Jane's message in SPAM, a sponsored message
(no sender profile), and in 2026 a draft to 陈国栋. Invitations: Jane invited
the owner (accepted), the owner invited Pat Roe (pending). Positions: Acme,
Inc. (Jan 2015 to Dec 2017) and Our Co (since Jan 2018).
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["JANE", "KIM", "OWNER", "YEARS", "Year", "build"]

OWNER = "https://www.linkedin.com/in/zhang-wei-sales"
JANE = "https://www.linkedin.com/in/jane-doe-1a2b"
CHEN = "https://www.linkedin.com/in/%E9%99%88%E5%9B%BD%E6%A0%8B"
KIM = "https://www.linkedin.com/in/kim-lee"
PAT = "https://www.linkedin.com/in/pat-roe"
NOTES = (
    "Notes:",
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address using this setting."',
    "",
)


@dataclass(frozen=True)
class Year:
    year: int
    notes: bool
    url: bool
    bom: bool
    message_columns: int
    invitation_urls: bool
    quoted: bool
    """Every field quoted, the header too, lines ending CR LF (2026)."""
    archive: str
    """"basic" or "complete" (zips), or "folder"."""

    def _day(self, day: int, month: str) -> str:
        return f"{day:02d} {month} {self.year}"

    def _stamp(self, month: int, day: int, clock: str) -> str:
        if self.message_columns == 10:
            return f"{self.year}/{month:02d}/{day:02d} {clock} UTC"
        return f"{self.year}-{month:02d}-{day:02d} {clock} UTC"

    def _sent_at(self, month: int, day: int) -> str:
        return f"{month}/{day}/{self.year % 100}, 2:37 PM"


YEARS = {
    2018: Year(2018, False, False, False, 9, False, False, "basic"),
    2020: Year(2020, False, False, False, 9, False, False, "complete"),
    2022: Year(2022, True, False, False, 9, False, False, "folder"),
    2024: Year(2024, True, True, True, 10, True, False, "basic"),
    2026: Year(2026, True, True, True, 11, True, True, "basic"),
}


def _csv(rows: Sequence[Sequence[str]], *, quoted: bool, preamble: Sequence[str] = ()) -> bytes:
    end = "\r\n" if quoted else "\n"
    lines = list(preamble)
    for row in rows:
        cells = []
        for cell in row:
            special = any(c in cell for c in ',"\r\n')
            cells.append(f'"{cell.replace(chr(34), 2 * chr(34))}"' if quoted or special else cell)
        lines.append(",".join(cells))
    return (end.join(lines) + end).encode()


def _connections(y: Year) -> bytes:
    header = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position"]
    header.append("Connected On")
    people = [
        ["Jane", "Doe", JANE, "", "Acme, Inc.", "CIO", y._day(15, "Jan")],
        ["国栋", "陈", CHEN, "", "华信制造有限公司", "CFO", y._day(3, "Mar")],
        ["Sam", "O'Neil", "", "sam@example.org", "Globex", "Engineer", y._day(1, "Dec")],
        ["Kim", "Lee", KIM, "", "Initech", "CTO", y._day(8, "Feb")],
        ["", "", "", "", "", "", y._day(12, "Feb")],
    ]
    if not y.url:
        header.remove("URL")
        people = [row[:2] + row[3:] for row in people]
    preamble = NOTES if y.notes else ()
    data = _csv([header, *people], quoted=y.quoted, preamble=preamble)
    return b"\xef\xbb\xbf" + data if y.bom else data


def _messages(y: Year) -> bytes:
    header = ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO"]
    header += ["RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER"]
    header += ["IS MESSAGE DRAFT"]
    content = "Thanks,\r\nsee you Tuesday\r\n-- J" if y.quoted else "Thanks, see you Tuesday"
    rows = [
        [
            "c1",
            "",
            "Jane Doe",
            JANE,
            "Wei Zhang",
            OWNER,
            y._stamp(5, 2, "10:22:33"),
            "",
            content,
            "INBOX",
            "No",
        ],
        [
            "c1",
            "",
            "Wei Zhang",
            OWNER,
            "Jane Doe",
            JANE,
            y._stamp(5, 3, "09:00:00"),
            "",
            "secret pricing talk, do not store",
            "SENT",
            "No",
        ],
        [
            "c1",
            "",
            "Wei Zhang",
            OWNER,
            "Jane Doe",
            JANE,
            y._stamp(6, 1, "14:03:22"),
            "",
            "old thread",
            "ARCHIVE",
            "No",
        ],
        [
            "c2",
            "",
            "Wei Zhang",
            OWNER,
            "陈国栋",
            CHEN,
            y._stamp(4, 1, "08:00:00"),
            "",
            "你好",
            "INBOX",
            "No",
        ],
        [
            "c3",
            "",
            "Jane Doe",
            JANE,
            "Wei Zhang",
            OWNER,
            y._stamp(7, 1, "08:00:00"),
            "",
            "win a prize",
            "SPAM",
            "No",
        ],
        [
            "c4",
            "Sponsored",
            "Acme Ads",
            "",
            "Wei Zhang",
            OWNER,
            y._stamp(7, 2, "08:00:00"),
            "Try Acme",
            "an offer",
            "INBOX",
            "No",
        ],
    ]
    if y.message_columns == 11:
        rows.append(
            [
                "c2",
                "",
                "Wei Zhang",
                OWNER,
                "陈国栋",
                CHEN,
                y._stamp(8, 1, "08:00:00"),
                "",
                "unsent",
                "DRAFT",
                "Yes",
            ]
        )
    if y.message_columns < 11:
        header, rows = header[:-1], [r[:-1] for r in rows]
    if y.message_columns < 10:
        header.remove("RECIPIENT PROFILE URLS")
        rows = [r[:5] + r[6:] for r in rows]
    return _csv([header, *rows], quoted=y.quoted)


def _invitations(y: Year) -> bytes:
    header = ["From", "To", "Sent At", "Message", "Direction"]
    rows = [
        ["Jane Doe", "Wei Zhang", y._sent_at(1, 10), "Glad we met", "INCOMING", JANE, OWNER],
        ["Wei Zhang", "Pat Roe", y._sent_at(1, 29), "", "OUTGOING", OWNER, PAT],
    ]
    if y.invitation_urls:
        header += ["inviterProfileUrl", "inviteeProfileUrl"]
    else:
        rows = [r[:5] for r in rows]
    return _csv([header, *rows], quoted=y.quoted)


def _profile(y: Year) -> bytes:
    header = ["First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline"]
    header += ["Summary", "Industry", "Zip Code", "Geo Location", "Twitter Handles", "Websites"]
    header += ["Instant Messengers"]
    row = ["Wei", "Zhang", "", "", "", "Enterprise sales", "", "Software", "", "Shanghai"]
    row += ["", "", ""]
    return _csv([header, row], quoted=y.quoted)


def _positions(y: Year) -> bytes:
    header = ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"]
    rows = [
        ["Our Co", "Account Executive", "", "Shanghai", "Jan 2018", ""],
        ["Acme, Inc.", "Sales Engineer", "Demos,\nmany", "Beijing", "Jan 2015", "Dec 2017"],
    ]
    return _csv([header, *rows], quoted=y.quoted)


def files(year: int) -> dict[str, bytes]:
    y = YEARS[year]
    return {
        "Connections.csv": _connections(y),
        "messages.csv": _messages(y),
        "Invitations.csv": _invitations(y),
        "Profile.csv": _profile(y),
        "Positions.csv": _positions(y),
        "Rich_Media.csv": b"Date/Time,Media Description,Media Link\n",
    }


def build(folder: Path, year: int) -> Path:
    """The year's export under `folder`: the zip, or the unpacked folder, as it comes."""
    y = YEARS[year]
    folder.mkdir(parents=True, exist_ok=True)
    made = files(year)
    if y.archive == "folder":
        root = folder / f"Basic_LinkedInDataExport_02-08-{year}"
        root.mkdir()
        for name, data in made.items():
            (root / name).write_bytes(data)
        return root
    kind = "Basic" if y.archive == "basic" else "Complete"
    archive = folder / f"{kind}_LinkedInDataExport_02-08-{year}.zip"
    prefix = f"{kind}_LinkedInDataExport_02-08-{year}/" if kind == "Complete" else ""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in made.items():
            out.writestr(prefix + name, data)
    return archive
