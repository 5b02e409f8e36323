"""An uploaded CSV bundle as a folder that `import_bundle` can read.

Either several CSV files (multipart, one part per file, named as in the
bundle: people.csv, ties.csv, …) or one zip holding them, at its root or in
one folder. Zip members are checked before anything is written: no absolute
paths or `..`, and a bounded unpacked size (a zip bomb is refused, not
unpacked).
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO

from fastapi import UploadFile

from graph_mtl.errors import InvalidInput

__all__ = ["MAX_BUNDLE_BYTES", "bundle_folder", "export_path"]

MAX_BUNDLE_BYTES = 256 << 20
"""The default bound on the CSV, unpacked (a 100k-person bundle is about 20 MB);
the setting `max_unpacked_bytes` changes it."""

_ZIP_MAGIC = b"PK\x03\x04"


@contextmanager
def bundle_folder(files: Sequence[UploadFile], *, limit: int = MAX_BUNDLE_BYTES) -> Iterator[Path]:
    """A temporary folder holding the uploaded bundle (at most `limit` bytes of CSV,
    unpacked), removed afterwards."""
    if not files:
        raise InvalidInput("files", "no file uploaded")
    with tempfile.TemporaryDirectory(prefix="graph-mtl-import-") as folder:
        root = Path(folder)
        if len(files) == 1 and _is_zip(files[0]):
            _unzip(files[0].file, root, limit)
        else:
            _save_parts(files, root, limit)
        yield root


@contextmanager
def export_path(files: Sequence[UploadFile], *, limit: int = MAX_BUNDLE_BYTES) -> Iterator[Path]:
    """An uploaded export as its readers take it: one zip kept whole (the reader
    finds its files), or the CSV files in a temporary folder; removed afterwards."""
    if not files:
        raise InvalidInput("files", "no file uploaded")
    with tempfile.TemporaryDirectory(prefix="graph-mtl-export-") as folder:
        root = Path(folder)
        if len(files) == 1 and _is_zip(files[0]):
            target = root / "export.zip"
            _copy(files[0].file, target, limit, 0)
            yield target
        else:
            _save_parts(files, root, limit)
            yield root


def _is_zip(upload: UploadFile) -> bool:
    head = upload.file.read(4)
    upload.file.seek(0)
    return head == _ZIP_MAGIC


def _save_parts(files: Sequence[UploadFile], root: Path, limit: int) -> None:
    seen: set[str] = set()
    total = 0
    for upload in files:
        name = _file_name(upload.filename or "")
        if not name.endswith(".csv"):
            raise InvalidInput("files", f"{name or 'a part'!r} is not a CSV file of the bundle")
        if name in seen:
            raise InvalidInput("files", f"{name!r} is uploaded twice")
        seen.add(name)
        total += _copy(upload.file, root / name, limit, total)


def _file_name(given: str) -> str:
    """The last part of an uploaded file's or zip member's name, if the file system
    can hold it (a bundle's files have short, plain names)."""
    name = PurePosixPath(given.replace("\\", "/")).name
    if len(name.encode("utf-8", "surrogatepass")) > 255 or any(ord(c) < 32 for c in name):
        raise InvalidInput("files", f"{given[:80]!r} is not a file name a bundle holds")
    return name


def _unzip(data: BinaryIO, root: Path, limit: int) -> None:
    try:
        archive = zipfile.ZipFile(data)
    except zipfile.BadZipFile as exc:
        raise InvalidInput("files", "the zip file cannot be read") from exc
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        for member in members:
            path = PurePosixPath(member.filename)
            if path.is_absolute() or ".." in path.parts:
                raise InvalidInput("files", f"zip member {member.filename!r} leaves the bundle")
        csvs = [m for m in members if m.filename.endswith(".csv") and not _hidden(m.filename)]
        folders = {str(PurePosixPath(m.filename).parent) for m in csvs}
        if len(folders) > 1:
            raise InvalidInput("files", "the zip holds CSV files in more than one folder")
        if sum(m.file_size for m in csvs) > limit:
            raise InvalidInput("files", f"the bundle unpacks to more than {limit:,} bytes")
        total = 0
        for member in csvs:
            try:
                with archive.open(member) as source:
                    total += _copy(source, root / _file_name(member.filename), limit, total)
            except (zipfile.BadZipFile, OSError, NotImplementedError) as exc:
                raise InvalidInput("files", f"zip member {member.filename!r} is damaged") from exc


def _hidden(name: str) -> bool:
    # macOS zips carry __MACOSX/._people.csv shadows of every file.
    return any(part.startswith((".", "__MACOSX")) for part in PurePosixPath(name).parts)


def _copy(source: IO[bytes], target: Path, limit: int, before: int) -> int:
    """Copy while the bundle stays within `limit` bytes (`before` of them already
    written); InvalidInput beyond (sizes in a zip can lie)."""
    written = 0
    with target.open("wb") as out:
        while chunk := source.read(1 << 20):
            written += len(chunk)
            if before + written > limit:
                raise InvalidInput("files", f"the bundle unpacks to more than {limit:,} bytes")
            out.write(chunk)
    return written
