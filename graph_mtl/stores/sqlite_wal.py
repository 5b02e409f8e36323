"""A mark that moves with every transaction committed to an SQLite database in WAL
mode, by any connection of any process, read without a statement or a lock: the
header of SQLite's WAL index (the `-shm` file beside the database; "the wal-index
header" of sqlite.org/walformat.html), which each commit rewrites (its change
counter, frame count and checksums) before the commit returns. SQLite keeps two
copies, written one after the other: when they differ a commit is being written,
and there is no mark. Marks compare only across reads on one connection kept open
meanwhile (which keeps the file in use): once nobody has the database open, SQLite
builds the file anew from the WAL, and different data can then give equal headers
(an emptied WAL's, say).

The file is read through a descriptor of this module's, one per WAL index file
the process has read, never closed: closing any descriptor of a file drops every
POSIX lock the process holds on it, SQLite's own on that file among them
(sqlite.org/howtocorrupt.html, 2.2), and SQLite's connections elsewhere in the
process would go on without them. So at most `_KEPT` are opened (a process that
opens many stores, a test run, asks the others' databases instead).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["commit_mark", "wal_index"]

_HEADER = 48
"""The size of one copy of the WAL index's header."""
_IS_INIT = 12
"""Where its `isInit` flag is: 0 while the index is being built."""

_KEPT = 64
"""At most this many WAL index files are kept open."""

_open: dict[tuple[int, int], int] = {}
"""The descriptors, by the file's device and inode."""
_spare: list[int] = []
"""Descriptors opened twice for one file by threads at once: kept too, unused."""


def wal_index(path: Path, mode: object) -> int | None:
    """A descriptor of the WAL index of a connection to `path` in journal `mode`, made
    (and having read) just now, so that SQLite has the file open and in use. None
    when it may not be the file beside `path`: not in WAL mode (a file left there
    would never change), or `path` goes through a link (SQLite versions differ in
    where they put it then); and when this platform cannot read a file at an offset
    without moving a position other threads share, or `_KEPT` are open already."""
    if str(mode).lower() != "wal" or not hasattr(os, "pread"):
        return None
    if os.path.realpath(path) != os.path.abspath(path):
        return None
    name = f"{path}-shm"
    try:
        found = os.stat(name)
        fd = _open.get((found.st_dev, found.st_ino))
        if fd is not None or len(_open) >= _KEPT:
            return fd
        fd = os.open(name, os.O_RDONLY)
    except OSError:
        return None
    opened = os.fstat(fd)
    kept = _open.setdefault((opened.st_dev, opened.st_ino), fd)
    if kept != fd:
        _spare.append(fd)
    return kept


def commit_mark(fd: int) -> bytes | None:
    """The WAL index's header as `fd` reads it now, or None if it is being written
    (or cannot be read)."""
    try:
        header = os.pread(fd, 2 * _HEADER, 0)
    except OSError:
        return None
    first = header[:_HEADER]
    whole = len(header) == 2 * _HEADER and first == header[_HEADER:]
    return first if whole and first[_IS_INIT] else None
