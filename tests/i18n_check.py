"""The check that Chinese output holds no English words: every run of Latin letters
must be a name, an id, a value typed on the command line, or a unit."""

from __future__ import annotations

import re

from graph_mtl.domain.models import (
    Audience,
    CapabilityKind,
    ChannelKind,
    CustomerKind,
    CustomerStatus,
    IntroStatus,
    OpportunityKind,
    Power,
)
from graph_mtl.domain.pathfinding import Mode

__all__ = ["ALLOWED", "demo_english_words", "english_words"]

_NAMES = {
    # products, formats, protocols and standards, written as their makers write them
    "graph-mtl",
    "MTL",
    "API",
    "APIs",
    "JSON",
    "CSV",
    "HTML",
    "URI",
    "URL",
    "TOML",
    "HTTP",
    "OpenAPI",
    "LinkedIn",
    "CRM",
    "CRMs",
    "HubSpot",
    "hubspot",
    "Salesforce",
    "Gmail",
    "Takeout",
    "Thunderbird",
    "Google",
    "Outlook",
    "iCalendar",
    "mbox",
    "eml",
    "ics",
    "salesforce",
    "Neo4j",
    "SQLite",
    "bolt",
    "neo4j",
    "html",
    "csv",
    "json",
    "md",
    "graphml",
    "gexf",
    "bundle",
    "zip",
    "TCP",
    "ERP",
    "CIO",
    "CEO",
    "CFO",
    "IT",
    "id",
    "ids",
    "key",
    "value",
    "en",
    "zh",
    "CN",
    "YYYY",
    "MM",
    "DD",
    "d",
    "w",
    "m",
    "y",
    "s",
    "ms",
    "px",
    "k",
    "x",
    "import",
    "copy",
    "keys",
    "list",
    "intros",
    "evaluation",
    "fields",
    "budget",
    "timeline",
    "decision_process",
    "competitors",
    "Bearer",
    "Ray",
    "Authorization",
    "KEY",
    "from",
    "to",
    # plan codes of the MTL process
    "P1",
    "P2",
    "P3",
    "T1",
    "T2",
    "T3",
}
_VALUES = {
    str(v)
    for enum in (
        Audience,
        CapabilityKind,
        ChannelKind,
        CustomerKind,
        CustomerStatus,
        IntroStatus,
        OpportunityKind,
        Power,
        Mode,
    )
    for v in enum
} | {"open", "all", "person", "customer", "channel"}
_VALUES |= {"local", "ray", "auto"}  # `report --team --engine local|ray --address auto`
ALLOWED = _NAMES | _VALUES
_OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*|\S*/\S*")
"""An option (`--from`), or a path or address (`/docs`, `http://host:port/app`)."""
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_'\u2019.@/:=*-]*[A-Za-z0-9_]|[A-Za-z]")


def _is_code(word: str) -> bool:
    """An option, an id, a path, an environment variable or a metavar."""
    return word.isupper() or any(c.isdigit() for c in word) or any(c in word for c in "-_./:=@*")


def english_words(text: str, *, names: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The Latin words of `text` that are neither allowed nor names given."""
    return sorted(
        {
            w
            for w in _WORD.findall(_OPTION.sub(" ", text))
            if w not in ALLOWED and w not in names and not _is_code(w)
        }
    )


def demo_english_words(output: str, *, names: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The Latin words of `make demo`'s output that are neither allowed nor names:
    the command lines it echoes (a `…/graph-mtl` invocation, the `source` line) are
    what the reader types, and are left out."""
    said = [
        line for line in output.splitlines() if not re.match(r"\s*(\S*/graph-mtl\b|source )", line)
    ]
    return english_words("\n".join(said), names=names)
