"""The headings of `make demo`'s tour, in the language its commands speak.

    python -m graph_mtl.tour KEY [NAME=VALUE ...]

prints a blank line and the heading KEY names, its `{NAME}` values filled in,
in the language `graph-mtl` picks for the same run (GRAPH_MTL_LANGUAGE, else the
playbook's `language`): the Makefile holds no sentence of its own, and the
catalogue both. The commands the tour suggests and the PATH line are printed by
the Makefile as typed.
"""

from __future__ import annotations

import sys
from typing import Final

from graph_mtl import i18n
from graph_mtl.errors import GraphMtlError
from graph_mtl.i18n import N_
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.settings import get_settings

__all__ = ["HEADINGS", "heading", "main"]

HEADINGS: Final[dict[str, str]] = {
    "accounts": N_("P1+P2: which accounts first, and why"),
    "committee": N_("P3: the key-person group of {customer} and the warm path to each"),
    "paths": N_("Warm paths to one key person, every hop explained"),
    "channels": N_("T1: channels to potential customers"),
    "outreach": N_("T2: the outreach plan for {customer}"),
    "linkedin": N_(
        "{salesperson}'s LinkedIn export: connections become contacts, messages warm the ties"
    ),
    "linkedin-path": N_(
        "... and a key person of {customer} is now one hop away ({name}, through LinkedIn)"
    ),
    "crm": N_(
        "The team's HubSpot export: the same people from another source are merged, not duplicated"
    ),
    "crm-path": N_(
        "... and {customer}'s IT manager is one hop away: {salesperson} owns her HubSpot contact"
    ),
    "evaluate": N_("T3: a contact at {customer}: lead or business opportunity?"),
    "next": N_("Next, try (the demo is in the default store, {store}):"),
    "path": N_("To type graph-mtl as the README does, put {bin} on the PATH:"),
}
"""Each heading of the tour, by the key the Makefile names."""


def _language() -> str:
    try:
        settings = get_settings()
        return settings.language or load_playbook(settings.playbook).language
    except (GraphMtlError, ValueError, OSError):
        return i18n.DEFAULT


def heading(key: str, **values: str) -> str:
    """The heading `key` names, in the current language, as the tour prints it."""
    return "== " + i18n.gettext(HEADINGS[key]).format(**values)


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[1] not in HEADINGS:
        print(f"usage: python -m graph_mtl.tour {'|'.join(HEADINGS)} [NAME=VALUE ...]")
        return 2
    values = dict(arg.partition("=")[::2] for arg in argv[2:])
    with i18n.use(_language()):
        print(f"\n{heading(argv[1], **values)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
