"""Keep the message catalogues (graph_mtl/locale) in step with the code.

    python scripts/catalogue.py        extract the messages, update both .po files
                                       (new ids: English filled in, Chinese empty),
                                       drop ids no longer used, compile the .mo files
    python scripts/catalogue.py check  exit 1 if a .po is out of step or untranslated

Messages are the `graph-mtl` command's help texts, and those found by Babel's
extractors: `_()`, `N_()`, `ngettext()` in Python
(graph_mtl, api), `t()` / `tn()` in the page's script (api/static/app.js). The .po
files carry no source locations, so parallel edits merge without churn.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "graph_mtl" / "locale"
LANGUAGES = ("en", "zh_CN")
_FIXED = datetime(2025, 1, 1, tzinfo=UTC)
_HEADER = """\
# graph-mtl's messages. The id is the English text; keep {named} values as they are.
# Maintained by scripts/catalogue.py: edit translations here, never ids."""
_PY = {"_": None, "N_": None, "ngettext": (1, 2)}
_JS = {"t": None, "tn": (1, 2)}


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "graph_mtl.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def extracted() -> Iterator[str | tuple[str, ...]]:
    """Every message id the code uses (a pair for a counted one)."""
    for folder in ("graph_mtl", "api"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder,
            method_map=[("**.py", "python"), ("static/app.js", "javascript")],
            keywords=_PY | _JS,
        ):
            yield message


def help_texts() -> list[str]:
    """The `graph-mtl` command's help texts (docstrings and `help=`), as shown."""
    import typer

    from graph_mtl.cli import app
    from graph_mtl.cli._help import help_texts as walked

    return walked(typer.main.get_command(app))


def template() -> Catalog:
    found = Catalog(domain="graph_mtl", creation_date=_FIXED)
    for message in [*extracted(), *help_texts()]:
        found.add(message)
    return found


def _read(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, domain="graph_mtl", creation_date=_FIXED)
    with path.open("rb") as stream:
        return read_po(stream, locale=language, domain="graph_mtl")


def po_bytes(catalog: Catalog) -> bytes:
    catalog.revision_date = _FIXED
    catalog.creation_date = _FIXED
    catalog.project, catalog.version = "graph-mtl", "0.1"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "graph-mtl contributors"
    catalog.language_team = "graph-mtl contributors"
    catalog.fuzzy = False
    catalog.header_comment = _HEADER
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, no_location=True, sort_output=True, omit_header=False)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def updated(language: str) -> Catalog:
    catalog = _read(language)
    catalog.update(template(), no_fuzzy_matching=True, update_creation_date=False)
    catalog.obsolete.clear()
    if language == "en":
        for message in catalog:
            if message.id and not _filled(message.string):
                message.string = message.id
    return catalog


def _filled(string: str | tuple[str, ...] | list[str] | None) -> bool:
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)


def main(argv: list[str]) -> int:
    if argv[1:] == ["check"]:
        stale = [
            lang for lang in LANGUAGES if po_path(lang).read_bytes() != po_bytes(updated(lang))
        ]
        for lang in stale:
            print(f"{po_path(lang)}: out of step with the code: run scripts/catalogue.py")
        return 1 if stale else 0
    for lang in LANGUAGES:
        catalog = updated(lang)
        po_path(lang).parent.mkdir(parents=True, exist_ok=True)
        po_path(lang).write_bytes(po_bytes(catalog))
        with po_path(lang).open("rb") as stream:
            mo_path(lang).write_bytes(mo_bytes(read_po(stream, locale=lang, domain="graph_mtl")))
        missing = [m.id for m in catalog if m.id and not _filled(m.string)]
        print(f"{lang}: {len(catalog)} messages, {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
