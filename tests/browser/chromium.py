"""Finding Debian's Chromium and the playwright package that drives it.

Both browser checks fail, never skip, when either is missing, saying what to install.
`playwright install` (a browser download) is never needed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

__all__ = ["CHROMIUM_ARGS", "DESKTOP", "PHONE", "chromium_path", "launched", "playwright_runner"]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Headless, and nothing of Chromium's own talks to the network."""
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def chromium_path() -> str:
    """The Chromium binary: GRAPH_MTL_CHROMIUM, or `chromium` on the PATH."""
    path = os.environ.get("GRAPH_MTL_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail(
            "Chromium not found: install Debian's package (apt-get install -y chromium "
            "fonts-noto-cjk) or set GRAPH_MTL_CHROMIUM to a Chromium binary",
            pytrace=False,
        )
    if not os.access(path, os.X_OK):
        pytest.fail(f"GRAPH_MTL_CHROMIUM={path} is not an executable file", pytrace=False)
    return path


def playwright_runner() -> Any:
    """playwright's `sync_playwright`, imported late so a missing package fails clearly."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "the Python package playwright is missing: pip install -e '.[dev]' "
            "(it drives the system Chromium; do not run `playwright install`)",
            pytrace=False,
        )
    return sync_playwright


@contextmanager
def launched() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by playwright."""
    chromium = chromium_path()
    with playwright_runner()() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
