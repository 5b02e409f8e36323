"""`make demo` runs in Chinese: its headings (graph_mtl/tour.py) and every command's
output hold no English words but names, ids and stored text (the demo data's
names, titles and tie contexts, written once for every reader), and it ends with
the README's PATH line."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.i18n_check import _WORD, demo_english_words

ROOT = Path(__file__).resolve().parents[2]
_STORED = {
    word
    for folder in ("seed/demo", "seed/crm", "seed/linkedin")
    for path in (ROOT / folder).rglob("*.csv")
    for word in _WORD.findall(path.read_text(encoding="utf-8"))
} | {"the", "contact's", "owner"}
"""The Latin words of the demo's data: names, titles, contexts (stored text); and the
tie context a CRM import stores ("HubSpot: the contact's owner")."""


@pytest.mark.slow
def test_make_demo_speaks_chinese(tmp_path: Path) -> None:
    venv = tmp_path / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    script = venv / "bin" / "graph-mtl"
    script.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m graph_mtl "$@"\n')
    script.chmod(0o755)
    (venv / ".installed").touch()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRAPH_MTL_", "MAKE"))}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        ["make", "--no-print-directory", "demo", f"VENV={venv}", f"DEMO_STORE={tmp_path / 'g.db'}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    output = done.stdout
    assert "== P1+P2：先跟进哪些客户，为什么" in output  # noqa: RUF001
    assert demo_english_words(output, names=_STORED) == []
    assert output.rstrip().splitlines()[-1] == f"   source {venv}/bin/activate"
