"""Helpers for the Neo4j Browser guide and style tests: reading the files as the Browser does."""

from __future__ import annotations

import html
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).parents[2]
BROWSER_DIR = ROOT / "queries" / "browser"
GUIDE = BROWSER_DIR / "guide.html"
STYLE = BROWSER_DIR / "style.grass"
DEMO = ROOT / "seed" / "demo"

# <pre class="... runnable ...">text</pre>: what a click copies into the Browser's editor.
_RUNNABLE = re.compile(r'<pre\s+class="([^"]*)"\s*>(.*?)</pre>', re.DOTALL)


def runnable_blocks(text: str | None = None) -> list[str]:
    """The runnable blocks of the guide, as the Browser puts them in its editor."""
    source = GUIDE.read_text(encoding="utf-8") if text is None else text
    return [
        html.unescape(body).strip()
        for classes, body in _RUNNABLE.findall(source)
        if "runnable" in classes.split()
    ]


def cypher_blocks() -> list[str]:
    """The runnable blocks that are Cypher (not Browser commands such as `:style`)."""
    return [block for block in runnable_blocks() if not block.startswith(":")]


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """GraSS parsed the way Neo4j Browser 5 does (`parseGrass`), so tests see what it sees.

    Outside a rule every non-space character belongs to the selector; inside, quotes are
    dropped but protect braces; a declaration with other than exactly one `:` is ignored.
    """
    bodies: dict[str, str] = {}
    in_quote = in_rule = in_inner = False
    selector = body = ""
    for char in text:
        consumed = True
        if char == "{":
            if in_quote:
                consumed = False
            elif in_rule:
                in_inner = True
            else:
                in_rule = True
        elif char == "}":
            if in_quote:
                consumed = False
            elif in_inner:
                in_inner = False
            else:
                in_rule = False
                bodies[selector] = body
                selector = body = ""
        elif char in "'\"":
            in_quote = not in_quote
        else:
            consumed = False
        if not consumed:
            if in_rule:
                body += char
            elif not char.isspace():
                selector += char
    rules: dict[str, dict[str, str]] = {}
    for name, declarations in bodies.items():
        props: dict[str, str] = {}
        for declaration in declarations.split(";"):
            parts = declaration.split(":")
            if len(parts) == 2:
                props[parts[0].strip()] = parts[1].strip()
        rules[name] = props
    return rules


def load_serve_guide() -> ModuleType:
    """scripts/serve_guide.py as a module (scripts/ is not a package)."""
    name = "graph_mtl_serve_guide"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "serve_guide.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
