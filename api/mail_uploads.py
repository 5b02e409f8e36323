"""Uploaded mailboxes and calendars as a folder their readers take.

Either the files themselves (multipart, one part each: `.mbox`, `.eml`, `.ics`, or
a Thunderbird folder file without a suffix) or one zip holding them (Google
Takeout, a Google Calendar export), checked as a bundle's zip is
(api/uploads.py): no member outside the archive, a bounded unpacked size,
streamed to disk and stopped at the bound. Other files are passed over.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path, PurePosixPath

from fastapi import UploadFile

from api.uploads import _DAMAGED, _copy, _file_name, _hidden, _is_zip
from graph_mtl.errors import InvalidInput

__all__ = ["calendar_folder", "mail_folder"]


def _mail(name: str) -> bool:
    suffix = PurePosixPath(name).suffix.lower()
    return suffix in (".mbox", ".eml", "") and not name.lower().endswith(".msf")


def _calendar(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() == ".ics"


def mail_folder(files: Sequence[UploadFile], *, limit: int) -> AbstractContextManager[Path]:
    return _folder(files, limit, _mail)


def calendar_folder(files: Sequence[UploadFile], *, limit: int) -> AbstractContextManager[Path]:
    return _folder(files, limit, _calendar)


@contextmanager
def _folder(
    files: Sequence[UploadFile], limit: int, wanted: Callable[[str], bool]
) -> Iterator[Path]:
    if not files:
        raise InvalidInput("files", "no file uploaded")
    with tempfile.TemporaryDirectory(prefix="graph-mtl-mail-") as folder:
        root = Path(folder)
        total = 0
        if len(files) == 1 and _is_zip(files[0]):
            _unzip(files[0], root, limit, wanted)
        else:
            for upload in files:
                name = _file_name(upload.filename or "")
                if not wanted(name):
                    raise InvalidInput(
                        "files", f"{name or 'a part'!r} is not a file this import reads"
                    )
                total += _copy(upload.file, _free(root, name), limit, total)
        yield root


def _unzip(upload: UploadFile, root: Path, limit: int, wanted: Callable[[str], bool]) -> None:
    try:
        archive = zipfile.ZipFile(upload.file)
    except _DAMAGED as exc:
        raise InvalidInput("files", "the zip file cannot be read") from exc
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        for member in members:
            path = PurePosixPath(member.filename)
            if path.is_absolute() or ".." in path.parts:
                raise InvalidInput("files", f"zip member {member.filename!r} leaves the archive")
        chosen = [m for m in members if not _hidden(m.filename) and wanted(m.filename)]
        if sum(m.file_size for m in chosen) > limit:
            raise InvalidInput("files", f"the upload unpacks to more than {limit:,} bytes")
        total = 0
        for member in chosen:
            try:
                with archive.open(member) as source:
                    target = _free(root, _file_name(member.filename))
                    total += _copy(source, target, limit, total)
            except _DAMAGED as exc:
                raise InvalidInput("files", f"zip member {member.filename!r} is damaged") from exc


def _free(root: Path, name: str) -> Path:
    """`name` in `root`, or `name (2)`, … when two uploads share a name."""
    target, n = root / name, 1
    while target.exists():
        n += 1
        stem, suffix = PurePosixPath(name).stem, PurePosixPath(name).suffix
        target = root / f"{stem} ({n}){suffix}"
    return target
