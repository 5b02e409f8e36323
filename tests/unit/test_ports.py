"""The port's shape: small protocols, one per concern, composed into `GraphStore`,
which both stores provide whole; and views that wrap only what they change."""

from __future__ import annotations

import copy
import inspect
import pickle
from typing import Any, Protocol

import pytest
from typing_extensions import is_protocol

from graph_mtl.domain import ports
from graph_mtl.stores.neo4j_store import Neo4jStore
from graph_mtl.stores.sqlite_store import SqliteStore
from graph_mtl.stores.view import StoreView

MOST_METHODS = 10

EXTRAS = {
    SqliteStore: {"graph", "migrate_from"},
    Neo4jStore: {"clear", "explain"},
}
"""Public methods a store has beyond the port: its own, used by its own callers
(bootstrap's migration, the index, tests and the Cypher checks)."""


def _protocols() -> list[type]:
    return [
        c
        for c in vars(ports).values()
        if inspect.isclass(c) and c.__module__ == ports.__name__ and is_protocol(c)
    ]


def _own_methods(protocol: type) -> set[str]:
    return {n for n, v in vars(protocol).items() if callable(v) and not n.startswith("_")}


def _small() -> list[type]:
    return [p for p in _protocols() if _own_methods(p)]


def _methods(cls: type) -> set[str]:
    return {n for n in dir(cls) if not n.startswith("_") and callable(getattr(cls, n, None))}


def test_no_protocol_has_more_than_ten_methods() -> None:
    for protocol in _small():
        assert len(_own_methods(protocol)) <= MOST_METHODS, protocol.__name__


def test_a_composite_only_composes() -> None:
    """A protocol either declares methods (one concern) or composes others, not both."""
    for protocol in _protocols():
        bases = [b for b in protocol.__bases__ if b is not Protocol]
        assert not (bases and _own_methods(protocol)), protocol.__name__


def test_the_store_is_every_small_protocol_once() -> None:
    small = _small()
    owners: dict[str, list[str]] = {}
    for protocol in small:
        for name in _own_methods(protocol):
            owners.setdefault(name, []).append(protocol.__name__)
    assert {n: o for n, o in owners.items() if len(o) > 1} == {}
    assert set(ports.GraphStore.__mro__) >= set(small)
    assert _methods(ports.GraphStore) == set(owners)


@pytest.mark.parametrize("store", [SqliteStore, Neo4jStore], ids=lambda s: s.__name__)
def test_each_store_provides_the_whole_port(store: type) -> None:
    port = _methods(ports.GraphStore)
    assert port - _methods(store) == set(), "a method of the port missing"
    assert _methods(store) - port == EXTRAS[store], "a public method in no protocol"
    for name in sorted(port):
        expected = inspect.signature(getattr(ports.GraphStore, name))
        found = inspect.signature(getattr(store, name))
        assert _shape(found) == _shape(expected), name


def _shape(signature: inspect.Signature) -> list[tuple[str, Any, Any]]:
    return [(p.name, p.kind, p.default) for p in signature.parameters.values()]


class _Fake:
    def ping(self) -> str:
        return "pong"


def test_a_view_hands_on_what_it_does_not_define() -> None:
    view = StoreView(_Fake())
    assert view.ping() == "pong"
    with pytest.raises(AttributeError):
        view.missing  # noqa: B018
    view.close()  # a view owns nothing: closing it leaves the store alone


def test_a_view_copies_and_pickles_without_recursing() -> None:
    view = StoreView(_Fake())
    assert copy.copy(view).ping() == "pong"
    assert pickle.loads(pickle.dumps(view)).ping() == "pong"
    with pytest.raises(AttributeError):
        StoreView.__new__(StoreView).ping  # noqa: B018  (no store yet: no recursion)
