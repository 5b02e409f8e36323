"""An uploaded CSV bundle as a folder that `import_bundle` can read.

Either several CSV files (multipart, one part per file, named as in the
bundle: people.csv, ties.csv, …) or one zip holding them, at its root or in
one folder. Zip members are checked before anything is written: no absolute
paths or `..`, and a bounded unpacked size (a zip bomb is refused, not
unpacked). Only the members a reader uses are unpacked (`wanted`), each
streamed to disk and stopped the moment the bundle passes its bound; a zip
that cannot be read, or a damaged member, is a 422 naming it.
"""

from __future__ import annotations

import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO

from fastapi import UploadFile

from graph_mtl.errors import InvalidInput
from graph_mtl.i18n import _

__all__ = ["MAX_BUNDLE_BYTES", "bundle_folder", "export_path"]

MAX_BUNDLE_BYTES = 256 << 20
"""The default bound on the CSV, unpacked (a 100k-person bundle is about 20 MB);
the setting `max_unpacked_bytes` changes it."""

_ZIP_MAGIC = b"PK\x03\x04"
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError)
"""What a zip that cannot be read raises, at opening or while a member is read."""


@contextmanager
def bundle_folder(
    files: Sequence[UploadFile],
    *,
    limit: int = MAX_BUNDLE_BYTES,
    wanted: Callable[[str], bool] | None = None,
) -> Iterator[Path]:
    """A temporary folder holding the uploaded bundle (at most `limit` bytes of CSV,
    unpacked; of a zip, only the CSV members whose file name is `wanted`), removed
    afterwards."""
    if not files:
        raise InvalidInput("files", _("no file uploaded"))
    with tempfile.TemporaryDirectory(prefix="graph-mtl-import-") as folder:
        root = Path(folder)
        if len(files) == 1 and _is_zip(files[0]):
            _unzip(files[0].file, root, limit, wanted)
        else:
            _save_parts(files, root, limit)
        yield root


def export_path(
    files: Sequence[UploadFile], *, limit: int = MAX_BUNDLE_BYTES, wanted: Callable[[str], bool]
) -> AbstractContextManager[Path]:
    """An uploaded export as its reader takes it: a folder of the files it uses."""
    return bundle_folder(files, limit=limit, wanted=wanted)


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
            raise InvalidInput(
                "files",
                _("{name!r} is not a CSV file of the bundle", name=name or _("a part")),
            )
        if name in seen:
            raise InvalidInput("files", _("{name!r} is uploaded twice", name=name))
        seen.add(name)
        total += _copy(upload.file, root / name, limit, total)


def _file_name(given: str) -> str:
    """The last part of an uploaded file's or zip member's name, if the file system
    can hold it (a bundle's files have short, plain names)."""
    name = PurePosixPath(given.replace("\\", "/")).name
    if len(name.encode("utf-8", "surrogatepass")) > 255 or any(ord(c) < 32 for c in name):
        raise InvalidInput(
            "files", _("{name!r} is not a file name a bundle holds", name=given[:80])
        )
    return name


def _unzip(data: BinaryIO, root: Path, limit: int, wanted: Callable[[str], bool] | None) -> None:
    try:
        archive = zipfile.ZipFile(data)
    except _DAMAGED as exc:
        raise InvalidInput("files", _("the zip file cannot be read")) from exc
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        for member in members:
            path = PurePosixPath(member.filename)
            if path.is_absolute() or ".." in path.parts:
                raise InvalidInput(
                    "files", _("zip member {name!r} leaves the bundle", name=member.filename)
                )
        csvs = [
            m
            for m in members
            if m.filename.endswith(".csv")
            and not _hidden(m.filename)
            and (wanted is None or wanted(PurePosixPath(m.filename).name))
        ]
        folders = {str(PurePosixPath(m.filename).parent) for m in csvs}
        if wanted is None and len(folders) > 1:
            raise InvalidInput("files", _("the zip holds CSV files in more than one folder"))
        names = [PurePosixPath(m.filename).name.lower() for m in csvs]
        if len(set(names)) < len(names):
            raise InvalidInput("files", _("the zip holds two files of one name"))
        if sum(m.file_size for m in csvs) > limit:
            raise InvalidInput("files", _too_big(limit))
        total = 0
        for member in csvs:
            try:
                with archive.open(member) as source:
                    total += _copy(source, root / _file_name(member.filename), limit, total)
            except _DAMAGED as exc:
                raise InvalidInput(
                    "files", _("zip member {name!r} is damaged", name=member.filename)
                ) from exc


def _too_big(limit: int) -> str:
    return _("the bundle unpacks to more than {limit} bytes", limit=format(limit, ","))


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
                raise InvalidInput("files", _too_big(limit))
            out.write(chunk)
    return written
