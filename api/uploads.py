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

__all__ = ["MAX_BUNDLE_BYTES", "bundle_folder"]

MAX_BUNDLE_BYTES = 1 << 30
"""At most 1 GiB of CSV, unpacked (a 100k-person bundle is about 20 MB)."""

_ZIP_MAGIC = b"PK\x03\x04"


@contextmanager
def bundle_folder(files: Sequence[UploadFile]) -> Iterator[Path]:
    """A temporary folder holding the uploaded bundle, removed afterwards."""
    if not files:
        raise InvalidInput("files", "no file uploaded")
    with tempfile.TemporaryDirectory(prefix="graph-mtl-import-") as folder:
        root = Path(folder)
        if len(files) == 1 and _is_zip(files[0]):
            _unzip(files[0].file, root)
        else:
            _save_parts(files, root)
        yield root


def _is_zip(upload: UploadFile) -> bool:
    head = upload.file.read(4)
    upload.file.seek(0)
    return head == _ZIP_MAGIC


def _save_parts(files: Sequence[UploadFile], root: Path) -> None:
    seen: set[str] = set()
    total = 0
    for upload in files:
        name = PurePosixPath((upload.filename or "").replace("\\", "/")).name
        if not name.endswith(".csv"):
            raise InvalidInput("files", f"{name or 'a part'!r} is not a CSV file of the bundle")
        if name in seen:
            raise InvalidInput("files", f"{name!r} is uploaded twice")
        seen.add(name)
        total += _copy(upload.file, root / name, MAX_BUNDLE_BYTES - total)


def _unzip(data: BinaryIO, root: Path) -> None:
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
        if sum(m.file_size for m in csvs) > MAX_BUNDLE_BYTES:
            raise InvalidInput("files", f"the bundle unpacks to more than {MAX_BUNDLE_BYTES} bytes")
        total = 0
        for member in csvs:
            try:
                with archive.open(member) as source:
                    name = PurePosixPath(member.filename).name
                    total += _copy(source, root / name, MAX_BUNDLE_BYTES - total)
            except (zipfile.BadZipFile, OSError, NotImplementedError) as exc:
                raise InvalidInput("files", f"zip member {member.filename!r} is damaged") from exc


def _hidden(name: str) -> bool:
    # macOS zips carry __MACOSX/._people.csv shadows of every file.
    return any(part.startswith((".", "__MACOSX")) for part in PurePosixPath(name).parts)


def _copy(source: IO[bytes], target: Path, budget: int) -> int:
    """Copy at most `budget` bytes; InvalidInput beyond (sizes in a zip can lie)."""
    written = 0
    with target.open("wb") as out:
        while chunk := source.read(1 << 20):
            written += len(chunk)
            if written > budget:
                raise InvalidInput(
                    "files", f"the bundle unpacks to more than {MAX_BUNDLE_BYTES} bytes"
                )
            out.write(chunk)
    return written
