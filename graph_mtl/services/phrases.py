"""Words every edge shares, in the current language (`graph_mtl.i18n`): counted
nouns ("1 hop", "3 hops"; one form in Chinese) and enum values as a person reads
them ("decision_maker" → "decision maker", 决策者). The values themselves stay
as they are in JSON."""

from __future__ import annotations

from graph_mtl.domain.wording import number
from graph_mtl.i18n import N_, gettext, ngettext

__all__ = ["hops", "key_persons", "shown"]

VALUES = (
    N_("organization"),
    N_("individual"),
    N_("potential"),
    N_("target"),
    N_("existing"),
    N_("decision maker"),
    N_("initiator"),
    N_("influencer"),
    N_("gatekeeper"),
    N_("user"),
    N_("product"),
    N_("service"),
    N_("solution"),
    N_("search engine"),
    N_("qa site"),
    N_("forum"),
    N_("community"),
    N_("event"),
    N_("platform"),
    N_("shop"),
    N_("peer salesperson"),
    N_("old customer"),
    N_("expert"),
    N_("both"),
    N_("business opportunity"),
    N_("lead"),
    N_("not an opportunity"),
    N_("requested"),
    N_("accepted"),
    N_("declined"),
    N_("withdrawn"),
    N_("met"),
    N_("no response"),
    N_("strongest"),
    N_("shortest"),
    N_("show ability"),
    N_("unexpected insight"),
    N_("validity"),
    N_("fit"),
    N_("open"),
    N_("all"),
    N_("required"),
    N_("knows"),
    N_("reaches"),
    N_("optional"),
    N_("industry"),
    N_("situation"),
    N_("revenue"),
    N_("headcount"),
    N_("approved"),
    N_("budget this year"),
    N_("budget in band"),
    N_("kpi related"),
)
"""Every enum value a person reads (and the scores' criteria), with `_` as a space."""


def shown(value: str) -> str:
    """An enum value as a person reads it: "decision_maker" → "decision maker"."""
    return gettext(str(value).replace("_", " "))


def hops(n: int) -> str:
    return ngettext("{n} hop", "{n} hops", n, n=number(n))


def key_persons(n: int) -> str:
    return ngettext("{n} key person", "{n} key persons", n, n=number(n))
