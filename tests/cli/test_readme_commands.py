"""Every `graph-mtl` command in README.md's and README.zh-CN.md's code blocks, and the
three that `make demo` ends by suggesting, runs as printed after `make demo` on a fresh
copy: exit 0 and some output. The Chinese README carries the English one's quick start
and main commands, and both say how `graph-mtl` gets on the PATH, the line `make demo`
ends with.

The copy is a temporary working directory holding a link to the repository's `seed/`
and a `.venv/bin/graph-mtl` of its own, with none of the environment's GRAPH_MTL_* or
NEO4J_* settings, so the default store (`.graph-mtl/graph.db` under it) is the one the
demo's imports write (taken from the Makefile's demo target, as it runs them). That
`graph-mtl` runs `python -m graph_mtl` with the Python running the tests and this
checkout first on PYTHONPATH, so the test needs no `make`-built `.venv` and runs this
checkout's code whatever is installed. The README's commands run through bash with
`.venv/bin` first on the PATH (as after `source .venv/bin/activate`); the Makefile's
suggestions run as printed, `.venv/bin/graph-mtl ...`.

Handled explicitly, and only these:
- `graph-mtl serve &` starts the server in the background: it is started on a free
  port rather than 8000 (which may be taken), its `/health` waited for, and the
  README's `curl` line then run as printed but for that port.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
README_ZH = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
ACTIVATE = "source .venv/bin/activate"
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def _blocks(text: str) -> list[str]:
    return re.findall(r"^```(?:sh|bash|console)?\n(.*?)^```", text, re.S | re.M)


def _lines(block: str) -> list[str]:
    """A block's commands, each continued line joined to the next."""
    return [line.strip() for line in re.sub(r"\\\n\s*", "", block).splitlines() if line.strip()]


def _commands(text: str) -> list[str]:
    return [
        line
        for block in _blocks(text)
        for line in _lines(block)
        if line.startswith("graph-mtl ") or "$(graph-mtl " in line
    ]


def _command(line: str) -> str:
    """A command without its trailing comment (the READMEs comment in their language)."""
    return re.sub(r"\s+#.*$", "", line)


# Once each, as first printed: a command both READMEs give differs only in its comment.
_FIRST: dict[str, str] = {}
for _line in [*_commands(README), *_commands(README_ZH)]:
    _FIRST.setdefault(_command(_line), _line)
README_COMMANDS = list(_FIRST.values())
SERVE = "graph-mtl serve &"
KEY_LINE = next(c for c in README_COMMANDS if c.startswith("KEY=$(graph-mtl keys create"))
CURL_LINE = next(
    line for block in _blocks(README) for line in _lines(block) if line.startswith("curl ")
)
RUN = [c for c in README_COMMANDS if not c.startswith(SERVE) and _command(c) != _command(KEY_LINE)]


def _make_variables() -> dict[str, str]:
    found = dict(re.findall(r"^(\w+)\s*:=\s*(\S+)\s*$", MAKEFILE, re.M))
    found["BIN"] = found["VENV"] + "/bin"
    return found


def _expand(line: str) -> str:
    variables = _make_variables()
    return re.sub(r"\$\((\w+)\)", lambda m: variables[m.group(1)], line)


def _demo_recipe() -> list[str]:
    recipe = MAKEFILE.split("\ndemo:", 1)[1]
    lines = []
    for line in recipe.splitlines()[1:]:
        if not line.startswith("\t"):
            break
        lines.append(line.strip())
    return lines


_RECIPE = _demo_recipe()
DEMO_IMPORTS = [
    _expand(line)
    for line in _RECIPE
    if re.match(r"\$\(BIN\)/graph-mtl import(-linkedin|-crm)? ", line)
]
_SUGGESTED = _RECIPE[
    next(i for i, line in enumerate(_RECIPE) if line.endswith(" next store=$(DEMO_STORE)")) :
]
NEXT_TRY = [
    _expand(m)
    for line in _SUGGESTED
    for m in re.findall(r'^@echo "\s+(\$\(BIN\)/graph-mtl [^"]+)"$', line)
]


def test_the_commands_are_found() -> None:
    assert len(_commands(README)) >= 15 and len(_commands(README_ZH)) >= 12
    assert any(c.startswith(SERVE) for c in README_COMMANDS)
    assert [c.split()[1] for c in DEMO_IMPORTS] == ["import", "import-linkedin", "import-crm"]
    assert len(NEXT_TRY) == 3 and all(c.startswith(".venv/bin/graph-mtl ") for c in NEXT_TRY)
    assert any("--field timeline=" in c and "--record" in c for c in RUN)  # continued line


def test_the_chinese_readme_has_the_first_ten_minutes() -> None:
    """README.md's quick start and main commands (up to the HTTP API) are in
    README.zh-CN.md as printed, comments aside; each README links the other."""
    first = README.split("\n## The HTTP API", 1)[0]
    english = {_command(c) for c in _commands(first)}
    chinese = {_command(c) for c in _commands(README_ZH)}
    assert english and english <= chinese, english - chinese
    assert "make demo" in README_ZH and "make test" in README_ZH
    assert "(README.zh-CN.md)" in README and "(README.md)" in README_ZH


def test_both_readmes_and_make_demo_say_how_graph_mtl_gets_on_the_path() -> None:
    assert ACTIVATE in README and ACTIVATE in README_ZH
    assert ".venv/bin/graph-mtl" in README and ".venv/bin/graph-mtl" in README_ZH
    last = _RECIPE[-1]
    assert _expand(last) == f'@echo "   {ACTIVATE}"', last


def _environment(cwd: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("GRAPH_MTL_", "NEO4J_", "VIRTUAL"))
    }
    env["PATH"] = f"{cwd / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _install_graph_mtl(cwd: Path) -> None:
    """`.venv/bin/graph-mtl` under `cwd`, the Python running the tests on this checkout."""
    script = cwd / ".venv" / "bin" / "graph-mtl"
    script.parent.mkdir(parents=True)
    script.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m graph_mtl "$@"\n')
    script.chmod(0o755)


def _bash(command: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env={**_environment(cwd), **extra},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh working directory after `make demo`'s imports."""
    cwd = tmp_path_factory.mktemp("fresh")
    (cwd / "seed").symlink_to(ROOT / "seed")
    _install_graph_mtl(cwd)
    for command in DEMO_IMPORTS:
        done = _bash(command, cwd)
        assert done.returncode == 0, (command, done.stderr)
    assert (cwd / ".graph-mtl" / "graph.db").is_file()
    return cwd


def _check(command: str, done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 0, (command, done.stdout, done.stderr)
    assert done.stdout.strip() or done.stderr.strip(), command
    assert "Traceback" not in done.stderr, command


@pytest.mark.slow
@pytest.mark.parametrize("command", RUN)
def test_readme_command_runs_as_printed(demo: Path, command: str) -> None:
    done = _bash(command, demo)
    _check(command, done)
    if "--json" in shlex.split(command, comments=True):
        assert json.loads(done.stdout)
    out = re.search(r"--out (\S+)", command)
    if out and out.group(1) != "-":
        assert (demo / out.group(1)).stat().st_size > 1000


@pytest.mark.slow
@pytest.mark.parametrize("command", NEXT_TRY)
def test_make_demo_suggestion_runs_as_printed(demo: Path, command: str) -> None:
    _check(command, _bash(command, demo))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def served(demo: Path, tmp_path: Path) -> Iterator[int]:
    port = _free_port()
    command = SERVE.removesuffix("&").split()
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [*command, "--port", str(port)],
            cwd=demo,
            env=_environment(demo),
            stdout=sink,
            stderr=sink,
        )
        try:
            for _ in range(300):  # at most about a minute for the server to start
                assert server.poll() is None, log.read_text(errors="replace")
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.2)
            else:
                raise AssertionError("serve did not answer /health")
            yield port
        finally:
            server.terminate()
            server.wait(timeout=30)


@pytest.mark.slow
def test_the_api_block_runs(demo: Path, served: int) -> None:
    key = _bash(f'{KEY_LINE}\nprintf %s "$KEY"', demo)
    assert key.returncode == 0 and re.fullmatch(r"\S{20,}", key.stdout), key.stderr
    curl = CURL_LINE.replace("127.0.0.1:8000", f"127.0.0.1:{served}")
    assert curl != CURL_LINE
    done = _bash(curl, demo, KEY=key.stdout)
    _check(curl, done)
    assert json.loads(done.stdout)["paths"]
