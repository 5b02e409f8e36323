"""A report as one self-contained HTML page: open it offline, mail it, read it on a phone.

Inline CSS only: no scripts, fonts, images or links to anything outside the file
(the only links are the table of contents' `#anchors`). Every string that comes
from the data goes through `html.escape`. Each chain is a row of people with the
strength of every tie between them, wrapping on a narrow screen; the reasons for
each hop fold away under "why these ties". Anchors are numbered (`#a1`, `#a2`, ...)
rather than made from ids, which may hold any character.
"""

from __future__ import annotations

from html import escape

from graph_mtl.domain.wording import number
from graph_mtl.i18n import _, current, html_lang, ngettext
from graph_mtl.reports._text import (
    committee_title,
    hops_text,
    listed,
    options_text,
    percent,
    power_text,
    priority_text,
    shown,
    strength,
    vacant_seat_text,
)
from graph_mtl.reports._walk import Shown, walk
from graph_mtl.services.accounts import UnmetNeed
from graph_mtl.services.committee import DoorOpener
from graph_mtl.services.paths import WarmPath, knows_them
from graph_mtl.services.report import (
    CustomerSection,
    GapChannel,
    Introducer,
    KeyPersonChain,
    NeedCommittee,
    Report,
)
from graph_mtl.services.seats import VacantSeat

__all__ = ["render_html"]

_CSS = """
:root{--fg:#1d2330;--muted:#5b6475;--bg:#fff;--card:#f5f7fb;--line:#d8dde8;--accent:#2456d6;
--hi:#1f8a4c;--mid:#a86b0c;--lo:#c0392b}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);overflow-wrap:anywhere;
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans CJK SC","PingFang SC",
"Microsoft YaHei","Helvetica Neue",Arial,sans-serif}
.wrap{max-width:62rem;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 .25rem}
h2{font-size:1.25rem;margin:2rem 0 .5rem;line-height:1.3}
h3{font-size:1.05rem;margin:1.25rem 0 .5rem}
small,.muted{color:var(--muted);font-weight:normal}
h1 small,h2 small{display:inline-block}
a{color:var(--accent)}
.meta{color:var(--muted);margin:0}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.5rem;margin:1rem 0;padding:0}
.stats div{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.5rem .75rem}
.stats dt{font-size:.8rem;color:var(--muted)}
.stats dd{margin:0;font-size:1.35rem;font-weight:600}
.stats dd small{display:block;font-size:.8rem;line-height:1.3}
.rank{padding-left:1.5rem;margin:.25rem 0}
.rank li{margin:.15rem 0}
.notes{color:var(--muted);font-size:.9rem;padding-left:1.25rem}
.toc{padding-left:1.75rem;columns:2 22rem;column-gap:2rem}
.toc li{break-inside:avoid;margin:.1rem 0}
.customer{border-top:2px solid var(--line);margin-top:2rem}
.pill{display:inline-block;border-radius:999px;padding:0 .5rem;font-size:.8rem;border:1px solid var(--line);
background:var(--card);white-space:nowrap}
.st-target{background:#e8efff;border-color:#9db4f0}
.st-potential{background:#fff4de;border-color:#e8c27a}
.st-existing{background:#eee;border-color:#ccc}
.reasons{margin:.25rem 0;padding-left:1.25rem;font-size:.92rem}
.committee{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:.25rem .9rem .75rem;margin:1rem 0}
.members{list-style:none;margin:0;padding:0}
.member{border-top:1px solid var(--line);padding:.6rem 0}
.member:first-child{border-top:0}
.who b{margin-right:.35rem}
.chain{list-style:none;margin:.4rem 0 .2rem;padding:0;display:flex;flex-wrap:wrap;align-items:center;gap:.3rem .2rem}
.node{background:#fff;border:1px solid var(--line);border-radius:999px;padding:.1rem .6rem}
.node.src{background:#e8efff;border-color:#9db4f0}
.node.dst{background:#e3f5ea;border-color:#86cfa2;font-weight:600}
.tie{display:inline-flex;flex-direction:column;align-items:center;min-width:2.6rem;font-size:.75rem;
line-height:1.1;font-weight:600}
.tie::after{content:"";display:block;width:100%;height:3px;border-radius:2px;background:currentColor;margin-top:2px}
.s-hi{color:var(--hi)}.s-mid{color:var(--mid)}.s-lo{color:var(--lo)}
.sum{margin:.1rem 0;font-size:.9rem;color:var(--muted)}
details{font-size:.88rem;margin:.2rem 0}
summary{cursor:pointer;color:var(--accent)}
.why{margin:.25rem 0;padding-left:1.25rem}
.gap .who b{color:var(--lo)}
.gapnote{margin:.2rem 0;font-size:.92rem}
.channels{margin:.2rem 0;padding-left:1.25rem;font-size:.9rem}
.openers{font-size:.9rem;margin:.5rem 0 0}
.seats{font-size:.9rem;margin:.5rem 0 0}
.vacant{margin:.2rem 0;padding-left:1.25rem;font-size:.92rem}
.vacant b{color:var(--lo)}
@media (max-width:40rem){.wrap{padding:.75rem .8rem 2rem}h1{font-size:1.35rem}
.stats{grid-template-columns:repeat(2,minmax(0,1fr))}.committee{padding:.25rem .6rem .6rem}.toc{padding-left:1.4rem}}
@media print{.committee{break-inside:avoid}summary{color:inherit}}
"""


def render_html(report: Report) -> str:
    return walk(report, _Html())


def _e(text: str) -> str:
    return escape(text, quote=True)


class _Html:
    """How each piece of a report reads in HTML (graph_mtl.reports._walk.Look)."""

    def page(
        self, report: Report, summary: list[str], contents: list[str], sections: list[str]
    ) -> list[str]:
        title = _("Referral chains for {name}", name=report.source_name)
        return [
            "<!DOCTYPE html>",
            f'<html lang="{html_lang(current())}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{_e(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            '<div class="wrap">',
            "<header>",
            f"<h1>{_e(title)} <small>{_e(report.source)}</small></h1>",
            f'<p class="meta">{_e(options_text(report))}</p>',
            "</header>",
            *summary,
            *contents,
            "<main>",
            *sections,
            "</main>",
            "</div>",
            "</body>",
            "</html>",
        ]

    def summary(self, report: Report, body: list[str]) -> list[str]:
        t = report.totals
        stats = [
            (
                _("Customers"),
                str(t.customers),
                ngettext("{n} committee", "{n} committees", t.committees, n=number(t.committees)),
            ),
            (_("Key persons"), str(t.key_persons), _("{n} distinct", n=t.people)),
            (_("Reached"), str(t.reached), percent(t.coverage)),
            (_("Gaps"), str(t.gaps), _("{n} with a channel", n=t.gaps_with_channels)),
            (_("Door openers"), str(t.door_openers), _("people you know")),
            (_("Introducers"), str(t.introducers), _("in the chains")),
            (
                _("Vacant seats"),
                str(t.vacant_seats),
                _(
                    "{covered} of {seats} required held",
                    covered=t.required_seats_covered,
                    seats=t.required_seats,
                ),
            ),
        ]
        return [
            '<section id="summary" aria-labelledby="summary-h">',
            '<h2 id="summary-h">' + _e(_("Summary")) + "</h2>",
            '<dl class="stats">',
            *(
                f"<div><dt>{_e(label)}</dt><dd>{value} <small>{_e(note)}</small></dd></div>"
                for label, value, note in stats
            ),
            "</dl>",
            *body,
            "</section>",
        ]

    def ranking(self, title: str, items: list[str]) -> list[str]:
        return [
            f"<h3>{_e(title)}</h3>",
            '<ol class="rank">',
            *(f"<li>{i}</li>" for i in items),
            "</ol>",
        ]

    def introducer(self, i: Introducer) -> str:
        return f"<b>{_e(i.name)}</b> <small>{_e(i.id)}</small> · " + _e(
            _("{chains}, {customers}", chains=_chains(i.chains), customers=_customers(i.customers))
        )

    def channel(self, c: GapChannel) -> str:
        return f"<b>{_e(c.name)}</b> <small>{_e(shown(c.kind))}</small> · " + _e(
            _(
                "{gaps} ({in_person} in person), {customers}",
                gaps=ngettext("{n} gap", "{n} gaps", c.gaps, n=number(c.gaps)),
                in_person=c.in_person,
                customers=_customers(c.customers),
            )
        )

    def notes(self, items: list[str]) -> list[str]:
        return ['<ul class="notes">', *items, "</ul>"] if items else []

    def note(self, text: str) -> str:
        return f"<li>{_e(text)}</li>"

    def contents(self, entries: list[str]) -> list[str]:
        if not entries:
            return ['<p class="muted">' + _e(_("No customers in this report.")) + "</p>"]
        return [
            '<nav id="contents" aria-labelledby="contents-h">',
            '<h2 id="contents-h">' + _e(_("Contents")) + "</h2>",
            '<ol class="toc">',
            *entries,
            "</ol>",
            "</nav>",
        ]

    def entry(self, n: int, s: CustomerSection) -> str:
        return (
            f'<li><a href="#a{n}">{_e(s.name)}</a> <small>{_e(priority_text(s))} · '
            + _e(_("{reached}/{members} reached", reached=s.reached, members=s.key_persons))
            + "</small></li>"
        )

    def section(
        self,
        n: int,
        s: CustomerSection,
        facts: list[str],
        reasons: list[str],
        committees: list[str],
    ) -> list[str]:
        pill = f'<span class="pill st-{_e(s.status.value)}">{_e(shown(s.status.value))}</span>'
        return [
            f'<article class="customer" id="a{n}">',
            f"<h2>{n}. {_e(s.name)} <small>{_e(s.customer_id)}</small></h2>",
            f'<p class="meta">{" · ".join([pill, *map(_e, facts)])}</p>',
            *(['<ul class="reasons">', *reasons, "</ul>"] if reasons else []),
            *committees,
            "</article>",
        ]

    def reason(self, text: str) -> str:
        return f"<li>{_e(text)}</li>"

    def unmet(self, u: UnmetNeed) -> str:
        return self.reason(
            _(
                "not an opportunity: {name} ({id}): {reason}",
                name=u.name,
                id=u.need_id,
                reason=u.reason,
            )
        )

    def committee(
        self, committee: NeedCommittee, members: list[str], after: list[str]
    ) -> list[str]:
        return [
            '<section class="committee">',
            f"<h3>{_e(committee_title(committee))}</h3>",
            *(['<ul class="members">', *members, "</ul>"] if members else []),
            *after,
            "</section>",
        ]

    def reached(self, member: KeyPersonChain, chain: WarmPath) -> list[str]:
        out = ['<li class="member">', _who(member), *_chain(chain)]
        ask = " · " + _e(_("ask {name} first", name=chain.names[1])) if chain.hops > 1 else ""
        if member.known:
            ask = f" · {_e(knows_them(chain))}"
        out.append(f'<p class="sum">{_e(_strength(chain))} · {_e(hops_text(chain))}{ask}</p>')
        out += _why(chain)
        if member.more_chains:
            out.append(
                "<details><summary>"
                + _e(
                    ngettext(
                        "{n} more chain",
                        "{n} more chains",
                        len(member.more_chains),
                        n=number(len(member.more_chains)),
                    )
                )
                + "</summary>"
            )
            for path in member.more_chains:
                out += _chain(path)
                out.append(f'<p class="sum">{_e(_strength(path))} · {_e(hops_text(path))}</p>')
            out.append("</details>")
        out.append("</li>")
        return out

    def gap(self, member: KeyPersonChain, max_hops: int, channels: Shown) -> list[str]:
        ties = ngettext("{n} tie", "{n} ties", max_hops, n=number(max_hops))
        if not channels.texts:
            note = _("No warm chain within {ties}. No channel reaches them.", ties=ties)
            shown_ = [f'<p class="gapnote">{_e(note)}</p>']
        else:
            note = _("No warm chain within {ties}. Channels that reach them:", ties=ties)
            shown_ = [f'<p class="gapnote">{_e(note)}</p>', *_listed(channels)]
        return ['<li class="member gap">', _who(member), *shown_, "</li>"]

    def door_opener(self, d: DoorOpener, reaches: list[str]) -> str:
        text = (
            _(
                "Door opener: {name} (a key person you know), your tie {strength}: reaches {whom}",
                name="\0",
                strength=strength(d.strength),
                whom=listed(reaches),
            )
            if d.is_member
            else _(
                "Door opener: {name}, your tie {strength}: reaches {whom}",
                name="\0",
                strength=strength(d.strength),
                whom=listed(reaches),
            )
        )
        # The name is made bold: the sentence is escaped around it.
        before, _sep, after = text.partition("\0")
        return f'<p class="openers">{_e(before)}<b>{_e(d.name)}</b>{_e(after)}</p>'

    def coverage(self, text: str) -> str:
        return f'<p class="seats">{_e(text)}</p>'

    def vacant_seats(self, items: list[str]) -> list[str]:
        return ['<ul class="vacant">', *items, "</ul>"]

    def vacant_seat(self, r: VacantSeat) -> str:
        # The text begins with the seat's own words, made bold; the rest follows.
        rest = vacant_seat_text(r).removeprefix(r.text)
        return f"<li><b>{_e(r.text)}</b>{_e(rest)}</li>"

    def where_to_look(self, channels: Shown) -> list[str]:
        if not channels.texts:
            return ['<p class="seats">' + _e(_("No channel reaches the company yet.")) + "</p>"]
        return ['<p class="seats">' + _e(_("Where to look for them:")) + "</p>", *_listed(channels)]

    def committee_note(self, text: str) -> str:
        return f'<p class="notes">{_e(text)}</p>'


def _who(member: KeyPersonChain) -> str:
    return (
        f'<div class="who"><b>{_e(member.name)}</b><small>{_e(member.role_name)} · '
        f"{_e(power_text(member.power))}</small></div>"
    )


def _listed(channels: Shown) -> list[str]:
    more = ["<li>" + _e(_("and {n} more", n=channels.more)) + "</li>"] if channels.more else []
    return ['<ul class="channels">', *(f"<li>{_e(t)}</li>" for t in channels.texts), *more, "</ul>"]


def _chain(path: WarmPath) -> list[str]:
    label = _e(_("chain of strength {strength}", strength=strength(path.strength)))
    items = [f'<li class="node src">{_e(path.names[0])}</li>']
    for i, step in enumerate(path.steps):
        last = i == len(path.steps) - 1
        items.append(
            f'<li class="tie {_strength_class(step.strength)}" title="'
            + _e(_("tie strength {strength}", strength=strength(step.strength)))
            + f'">{strength(step.strength)}</li>'
        )
        items.append(f'<li class="node{" dst" if last else ""}">{_e(step.target_name)}</li>')
    return [f'<ol class="chain" aria-label="{label}">', *items, "</ol>"]


def _why(path: WarmPath) -> list[str]:
    if not path.steps:
        return []
    names = dict(zip(path.nodes, path.names, strict=True))
    return [
        "<details><summary>" + _e(_("why these ties")) + "</summary>",
        '<ol class="why">',
        *(
            f"<li>{_e(names[s.source])} → {_e(s.target_name)} ({strength(s.strength)}): "
            f"{_e('; '.join(s.reasons))}</li>"
            for s in path.steps
        ),
        "</ol>",
        "</details>",
    ]


def _strength(path: WarmPath) -> str:
    return _("strength {strength}", strength=strength(path.strength))


def _chains(n: int) -> str:
    return ngettext("{n} chain", "{n} chains", n, n=number(n))


def _customers(customers: list[str] | tuple[str, ...]) -> str:
    n = len(customers)
    return ngettext("{n} customer", "{n} customers", n, n=number(n))


def _strength_class(value: float) -> str:
    return "s-hi" if value >= 0.7 else "s-mid" if value >= 0.4 else "s-lo"
