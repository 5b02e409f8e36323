"""Which tie dates a salesperson may see through the team view, and why a
teammate's tie stays out of a search for recent ties (`--since`)."""

from __future__ import annotations

from datetime import date

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person, Tie
from graph_mtl.services.paths import warm_paths
from graph_mtl.services.team_view import TeamView
from graph_mtl.services.tie_rules import TieRules
from graph_mtl.stores.sqlite_store import SqliteStore
from graph_mtl.stores.view import last_contact_seen

MET = date(2026, 6, 1)
SINCE = date(2026, 1, 1)


@pytest.fixture
def store() -> SqliteStore:
    """me knows teammate Olav (sharing) and Kim; Olav and Kim each know Yan; every
    contact is recent."""
    graph = SqliteStore()
    graph.load(
        Bundle(
            people=[
                Person(id="me", name="Me", is_salesperson=True),
                Person(id="open", name="Olav", is_salesperson=True),
                Person(id="kim", name="Kim"),
                Person(id="y", name="Yan"),
            ],
            ties=[
                Tie(source="me", target="open", strength=0.9, last_contact=MET),
                Tie(source="open", target="y", strength=0.9, last_contact=MET),
                Tie(source="me", target="kim", strength=0.5, last_contact=MET),
                Tie(source="kim", target="y", strength=0.5, last_contact=MET),
            ],
        )
    )
    graph.set_team_sharing("open", shared=True)
    return graph


def _recent(view: TeamView) -> TieRules:
    return TieRules(view, inferred=False, since=SINCE, strength=0.1)


def test_the_view_says_which_dates_the_viewer_sees(store: SqliteStore) -> None:
    view = TeamView.of(store, "me")
    teammates = store.ties([("open", "y")])[("open", "y")]
    assert view.sees_contact_dates(("me", "open"))  # the viewer's own tie
    assert view.sees_contact_dates(("kim", "y"))  # nobody's on the team
    assert not view.sees_contact_dates(("open", "y"))  # the teammate's
    assert last_contact_seen(view, teammates) is None  # even given the recorded tie
    assert last_contact_seen(TeamView.of(store, "open"), teammates) == MET
    assert last_contact_seen(store, teammates) == MET  # a store shows every date


def test_a_teammates_tie_is_never_recent_to_the_viewer(store: SqliteStore) -> None:
    """The strongest way goes through Olav; with --since it goes through Kim, since
    Olav's tie to Yan has no date its viewer may see."""
    [best] = warm_paths(TeamView.of(store, "me"), "me", "y")
    assert best.nodes == ["me", "open", "y"]
    [recent] = warm_paths(_recent(TeamView.of(store, "me")), "me", "y")
    assert recent.nodes == ["me", "kim", "y"]
    [own] = warm_paths(_recent(TeamView.of(store, "open")), "open", "y")
    assert own.nodes == ["open", "y"]  # Olav's own tie is recent to Olav


class _DatesShown(TeamView):
    """A team view that would show a teammate's tie with its recorded date."""

    def visible(self, tie: Tie) -> Tie | None:
        return None if any(p in self.blocked for p in tie.pair) else tie


def test_the_rule_holds_without_the_blanked_date(store: SqliteStore) -> None:
    """The recency filter asks the view which date the viewer sees, so a view that
    left a teammate's date in its ties still keeps their tie out of --since."""
    view = _DatesShown.of(store, "me")
    assert view.ties([("open", "y")])[("open", "y")].last_contact == MET
    [recent] = warm_paths(_recent(view), "me", "y")
    assert recent.nodes == ["me", "kim", "y"]
