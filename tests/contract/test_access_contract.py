"""Access data (API keys, team-network opt-ins) on every store, and the TeamView rule."""

from __future__ import annotations

from datetime import date

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import ApiKey, Employment, Person, TeamMember, Tie
from graph_mtl.domain.pathfinding import NeighbourCache, paths_from
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import InvalidInput, NotFound
from graph_mtl.services.access import (
    COMMAND_LINE,
    KEY_PREFIX,
    Caller,
    authenticate,
    hash_key,
    issue_key,
    private_origin,
    revoke_key,
    set_sharing,
)
from graph_mtl.services.paths import warm_paths
from graph_mtl.services.team_view import TeamView

TODAY = date(2026, 11, 28)


def _key(ident: str, who: str, *, day: int = 1, revoked: bool = False) -> ApiKey:
    return ApiKey(
        id=ident,
        salesperson_id=who,
        key_hash=hash_key(ident),
        created_on=date(2026, 11, day),
        revoked=revoked,
    )


def test_key_records_round_trip(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    assert store.api_keys() == []
    assert store.api_key(hash_key("nothing")) is None
    second, first = _key("k2", "sp", day=2), _key("k1", "sp", day=3)
    other = _key("k3", "peer", day=1)
    for key in (second, first, other):
        store.save_api_key(key)
    assert store.api_key(second.key_hash) == second
    assert store.api_keys() == [other, second, first]  # by creation date, then id
    assert store.api_keys(salesperson_id="sp") == [second, first]
    assert store.api_keys(salesperson_id="nobody") == []


def test_revoking_keeps_the_record(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    key = _key("k1", "sp")
    store.save_api_key(key)
    assert store.revoke_api_key("k1") is True
    assert store.revoke_api_key("k1") is True  # again: still there, still revoked
    assert store.revoke_api_key("missing") is False
    assert store.api_key(key.key_hash) == key.model_copy(update={"revoked": True})


def test_saving_a_key_again_replaces_it(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    store.save_api_key(_key("k1", "sp"))
    moved = ApiKey(id="k1", salesperson_id="sp", key_hash=hash_key("new"), created_on=TODAY)
    store.save_api_key(moved)
    assert store.api_keys() == [moved]
    assert store.api_key(hash_key("k1")) is None
    assert store.api_key(hash_key("new")) == moved


def test_the_team_is_every_salesperson_with_their_opt_in(
    store: GraphStore, sample_bundle: Bundle
) -> None:
    store.load(sample_bundle)
    store.load(Bundle(people=[Person(id="sp2", name="李娜", is_salesperson=True)]))
    assert store.team() == [
        TeamMember(id="sp", name="张伟", shared=False),
        TeamMember(id="sp2", name="李娜", shared=False),
    ]
    assert store.set_team_sharing("sp2", shared=True) is True
    assert store.set_team_sharing("sp2", shared=True) is True
    assert [m.shared for m in store.team()] == [False, True]
    assert store.set_team_sharing("sp2", shared=False) is True
    assert [m.shared for m in store.team()] == [False, False]
    assert store.set_team_sharing("a1", shared=True) is False  # not a salesperson
    assert store.set_team_sharing("nobody", shared=True) is False


def test_an_opt_in_survives_reimport_and_goes_with_the_person(
    store: GraphStore, sample_bundle: Bundle
) -> None:
    store.load(sample_bundle)
    store.set_team_sharing("sp", shared=True)
    store.load(sample_bundle)
    assert store.team() == [TeamMember(id="sp", name="张伟", shared=True)]
    store.delete_person("sp")
    assert store.team() == []
    store.load(sample_bundle)
    assert store.team() == [TeamMember(id="sp", name="张伟", shared=False)]


def test_access_data_is_not_part_of_the_bundle(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    store.save_api_key(_key("k1", "sp"))
    store.set_team_sharing("sp", shared=True)
    assert store.export().canonical() == sample_bundle.canonical()


def test_issued_keys_authenticate_until_revoked(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    issued = issue_key(store, "sp", today=TODAY)
    assert issued.key.startswith(KEY_PREFIX) and len(issued.key) > 40
    assert issued.record.key_hash == hash_key(issued.key)
    assert issued.key not in str(store.api_keys())
    assert authenticate(store, issued.key) == Caller("sp", key_id=issued.record.id)
    assert authenticate(store, issued.key + "x") is None
    assert authenticate(store, "not-even-a-key") is None
    revoke_key(store, issued.record.id)
    assert authenticate(store, issued.key) is None
    with pytest.raises(NotFound):
        revoke_key(store, "key-missing")


def test_a_key_dies_with_its_salesperson(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    issued = issue_key(store, "sp", today=TODAY)
    store.delete_person("sp")
    assert authenticate(store, issued.key) is None


def test_keys_and_opt_ins_are_for_salespeople_only(
    store: GraphStore, sample_bundle: Bundle
) -> None:
    store.load(sample_bundle)
    with pytest.raises(InvalidInput):
        issue_key(store, "a1", today=TODAY)
    with pytest.raises(NotFound):
        issue_key(store, "nobody", today=TODAY)
    with pytest.raises(InvalidInput):
        set_sharing(store, COMMAND_LINE, "a1", shared=True)
    assert set_sharing(store, COMMAND_LINE, "sp", shared=True) == TeamMember(
        id="sp", name="张伟", shared=True
    )


# -- the team-network rule over a store ---------------------------------------


@pytest.fixture
def team_graph(store: GraphStore) -> GraphStore:
    """me knows two teammates; each of them alone knows a different contact."""
    store.load(
        Bundle(
            people=[
                Person(id="me", name="Me", is_salesperson=True),
                Person(id="private", name="Pia", is_salesperson=True),
                Person(id="open", name="Olav", is_salesperson=True),
                Person(id="x", name="Xu"),
                Person(id="y", name="Yan"),
            ],
            ties=[
                Tie(source="me", target="private", strength=0.9, context="same team"),
                Tie(source="me", target="open", strength=0.8, context="same team"),
                Tie(source="private", target="x", strength=0.9, context="Pia's old friend"),
                Tie(
                    source="open",
                    target="y",
                    strength=0.7,
                    context="Olav's golf partner",
                    last_contact=date(2026, 1, 2),
                ),
            ],
        )
    )
    store.set_team_sharing("open", shared=True)
    return store


def test_a_private_teammate_carries_no_path(team_graph: GraphStore) -> None:
    view = TeamView.of(team_graph, "me")
    assert view.blocked == {"private"}
    assert warm_paths(team_graph, "me", "x")  # the raw store would
    with pytest.raises(NotFound):  # only the private teammate's network holds x
        warm_paths(view, "me", "x")
    assert warm_paths(view, "me", "private") == []
    tree = paths_from(NeighbourCache(view.adjacency), "me", max_hops=4)
    assert tree.path_to("x") is None and tree.path_to("private") is None


def test_a_private_teammates_own_people_and_records_read_as_absent(
    team_graph: GraphStore,
) -> None:
    """x is held by Pia's private network alone (her tie, her LinkedIn record); y by
    Olav's shared one; z by Pia's LinkedIn and the team's CRM: z stays, Pia's record of
    z does not."""
    held = [("x", "private"), ("y", "open"), ("z", "private")]
    jobs = [
        Employment(person_id=p, origin=o, company="Acme", since=date(2026, 1, 2))
        for p, o in [*((p, private_origin(who)) for p, who in held), ("z", "HubSpot")]
    ]
    team_graph.load(Bundle(people=[Person(id="z", name="Zoe")], employments=jobs))
    view = TeamView.of(team_graph, "me")
    assert view.private == {"x"}
    assert set(view.people(["x", "y", "z"])) == {"y", "z"}
    assert view.existing("person", ["x", "y"]) == {"y"}
    assert [p.id for p in view.search("xu", limit=5).people] == []
    found = view.employments(person_ids=["x", "y", "z"])
    assert [(e.person_id, e.origin) for e in found] == [
        ("y", "LinkedIn (open)"),
        ("z", "HubSpot"),
    ]
    assert {e.person_id for e in view.export().employments} == {"y", "z"}
    assert TeamView.of(team_graph, "private").private == frozenset()


def test_private_people_read_for_a_few_ids_are_those_of_the_whole_set(
    team_graph: GraphStore,
) -> None:
    held = [("x", "private"), ("y", "open"), ("z", "private")]
    jobs = [
        Employment(person_id=p, origin=o, company="Acme", since=date(2026, 1, 2))
        for p, o in [*((p, private_origin(who)) for p, who in held), ("z", "HubSpot")]
    ]
    team_graph.load(Bundle(people=[Person(id="z", name="Zoe")], employments=jobs))
    everyone = [p.id for p in team_graph.export().people]
    for viewer in ["me", "open", "private", None]:
        whole = TeamView.of(team_graph, viewer).private
        for person in everyone:
            view = TeamView.of(team_graph, viewer)  # a fresh view: nothing found whole yet
            assert view.private_among([person]) == ({person} & whole), (viewer, person)
            assert "private" not in vars(view)


def test_an_opted_in_teammate_is_named_without_their_tie_details(team_graph: GraphStore) -> None:
    [path] = warm_paths(TeamView.of(team_graph, "me"), "me", "y")
    assert path.nodes == ["me", "open", "y"]
    own, theirs = path.steps
    assert own.context == "same team"  # the viewer's own tie, as recorded
    assert "Olav" in theirs.context and "golf" not in theirs.context
    assert theirs.last_contact is None
    assert not any("golf" in reason for reason in theirs.reasons)
    assert theirs.strength == 0.7


def test_a_teammate_sees_their_own_ties_in_full(team_graph: GraphStore) -> None:
    [path] = warm_paths(TeamView.of(team_graph, "open"), "open", "y")
    assert path.steps[0].context == "Olav's golf partner"
    assert path.steps[0].last_contact == date(2026, 1, 2)


def test_the_view_exports_what_the_viewer_may_see(team_graph: GraphStore) -> None:
    ties = {t.pair: t for t in TeamView.of(team_graph, "me").export().ties}
    assert set(ties) == {("me", "open"), ("open", "y")}
    assert ties[("open", "y")].last_contact is None
    assert TeamView.of(team_graph, None).blocked == {"me", "private"}
