"""The reports in Chinese: the demo's report, built and rendered in zh mode, shows
no English words in HTML or Markdown except names and ids (tests/i18n_check.py).

The renderers' own words are checked. The sentences the services build (a
score's reasons, notes, a vacant seat's text, a tie's reasons, "you know them …")
are the services' to translate: they are taken out of the page before the check,
as they appear in it (escaped for the format), so every word left is the
renderer's or the data's. Names from the data (a person's, a role's, a
customer's, a channel's, written "中文 English" in the demo) are allowed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import escape, unescape
from pathlib import Path

import pytest

from graph_mtl.i18n import use
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.reports import ReportFormat, render
from graph_mtl.reports.markdown import escape_markdown
from graph_mtl.services.imports import import_bundle
from graph_mtl.services.paths import WarmPath, knows_them
from graph_mtl.services.report import Report, build_report
from graph_mtl.stores.sqlite_store import SqliteStore
from tests.i18n_check import english_words

DEMO = Path(__file__).parents[2] / "seed" / "demo"


@pytest.fixture(scope="module")
def report() -> Iterator[Report]:
    with use("zh_CN"):
        store = SqliteStore()
        import_bundle(store, DEMO)
        yield build_report(
            store, load_playbook(DEMO / "playbook.toml"), "sp-zhang", status="all", k=2
        )


def _paths(report: Report) -> Iterator[WarmPath]:
    for section in report.customers:
        for committee in section.committees:
            channels = [*committee.company_channels]
            for m in committee.members:
                yield from [p for p in (m.chain, *m.more_chains) if p is not None]
                channels += m.channels
            yield from (c.path for c in channels if c.path is not None)


def _service_texts(report: Report) -> list[str]:
    """Every sentence in the report that a service built, longest first."""
    texts = [*report.notes]
    for s in report.customers:
        texts += s.notes + [u.reason for u in s.unmet_needs]
        texts += [c.reason for c in s.priority.criteria] if s.priority else []
        for c in s.committees:
            texts += c.notes + [v.text for v in c.vacant_seats]
            texts += [knows_them(m.chain) for m in c.members if m.known and m.chain is not None]
    for path in _paths(report):
        texts += ["; ".join(step.reasons) for step in path.steps]
    return sorted({t for t in texts if t}, key=len, reverse=True)


def _names(report: Report) -> set[str]:
    """The Latin words of the data's names."""
    found = [report.source_name]
    for s in report.customers:
        found += [s.name, s.industry, *(u.name for u in s.unmet_needs)]
        for c in s.committees:
            found += [c.need_name, *(d.name for d in c.door_openers)]
            found += [v.role_name for v in c.vacant_seats]
            found += [ch.name for ch in c.company_channels]
            for m in c.members:
                found += [m.name, m.role_name, *(ch.name for ch in m.channels)]
    found += [i.name for i in report.introducers] + [c.name for c in report.channels]
    for path in _paths(report):
        found += path.names
    return {w for text in found for w in english_words(text)}


def _without(text: str, texts: list[str], escaped: Callable[[str], str]) -> str:
    for t in texts:
        text = text.replace(escaped(t), " ")
    return text


def _html_words(page: str) -> str:
    """The words a reader meets: text and the `title` and `aria-label` values."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    labels = re.findall(r'(?:title|aria-label)="([^"]*)"', page)
    return unescape(" ".join([re.sub(r"<[^>]+>", " ", page), *labels]))


def test_the_html_report_in_chinese_has_no_english_words(report: Report) -> None:
    with use("zh_CN"):
        page = render(report, ReportFormat.HTML)
    assert '<html lang="zh-CN">' in page
    shown = _html_words(_without(page, _service_texts(report), escape))
    assert english_words(shown, names=_names(report)) == []


def test_the_markdown_report_in_chinese_has_no_english_words(report: Report) -> None:
    with use("zh_CN"):
        text = render(report, ReportFormat.MD)
    texts = _service_texts(report)
    # A known key person's "you know them (…)" is set bold as it is, unescaped.
    text = _without(_without(text, texts, escape_markdown), texts, lambda t: t)
    text = text.replace("<br>", " ")  # the line break between a key person's chains
    assert english_words(text, names=_names(report)) == []


def test_the_report_speaks_the_language_it_is_rendered_in(report: Report) -> None:
    with use("en"):
        page = render(report, ReportFormat.HTML)
        text = render(report, ReportFormat.MD)
    assert '<html lang="en">' in page and '<h2 id="summary-h">Summary</h2>' in page
    assert text.startswith("# Referral chains for ")
    with use("zh_CN"):
        assert render(report, ReportFormat.MD).startswith("# 张伟（sp-zhang）的引荐链")  # noqa: RUF001
