"""Door openers: which of the salesperson's acquaintances can introduce them to which
members of a committee (graph_mtl/services/committee.py), and the greedy cover that
picks few of them (set cover is NP-hard: few, not always the fewest).

An acquaintance opens the door to a member when some simple path salesperson →
acquaintance → … → member of at most `max_hops` ties exists: found by a search from
the member back towards the salesperson's acquaintances, avoiding the salesperson.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from graph_mtl.domain.pathfinding import Mode, RawPath
from graph_mtl.domain.ports import PathSearch
from graph_mtl.services.committee_rows import Rows

__all__ = ["greedy_cover", "openers_of_member", "openers_over_paths", "openers_over_rows"]


def openers_of_member(
    store: PathSearch,
    source: str,
    member: str,
    max_hops: int,
    mode: Mode,
    first_hops: Mapping[str, float],
) -> dict[str, float]:
    """The salesperson's acquaintances with a simple path of at most `max_hops - 1`
    ties to `member` avoiding the salesperson (the member themself, if known
    directly), each with the strength of the best such path from the salesperson."""
    around = store.paths_from(member, max_hops=max_hops - 1, mode=mode, blocked={source})
    return {
        i: strength * path.strength
        for i, strength in first_hops.items()
        if (path := around.path_to(i)) is not None
    }


def openers_over_rows(
    rows: Rows,
    source: str,
    members: Sequence[str],
    max_hops: int,
    mode: Mode,
    first_hops: Mapping[str, float],
) -> dict[str, dict[str, float]]:
    """`openers_of_member` for each of `members`, over the index: each member's tree
    searched only towards the salesperson's acquaintances, ids read once for all."""
    found = rows.paths(
        {m: list(first_hops) for m in members},
        max_hops=max_hops - 1,
        mode=mode,
        blocked={source},
    )
    return openers_over_paths(found, members, first_hops)


def openers_over_paths(
    found: Mapping[str, Mapping[str, RawPath]],
    members: Sequence[str],
    first_hops: Mapping[str, float],
) -> dict[str, dict[str, float]]:
    """`openers_of_member` for each of `members`, from each member's best paths
    to the salesperson's acquaintances (avoiding the salesperson), found already."""
    return {
        m: {
            i: strength * path.strength
            for i, strength in first_hops.items()
            if (path := found[m].get(i)) is not None
        }
        for m in members
    }


def greedy_cover(
    openers_of: Mapping[str, Mapping[str, float]],
    strength: Mapping[str, float],
    *,
    known: Sequence[str] = (),
) -> list[tuple[str, set[str]]]:
    """Greedy set cover: the members the salesperson knows first (each opens their
    own door, and those of the members they reach), then repeatedly the introducer
    reaching the most members not yet reached; among equals, the one whose paths to
    those members are strongest in sum, then the stronger tie with the salesperson,
    then the smaller id."""
    reaches: dict[str, dict[str, float]] = {}
    for member, openers in openers_of.items():
        for opener, via in openers.items():
            reaches.setdefault(opener, {})[member] = via
    uncovered = set(openers_of)
    # A member the salesperson knows opens their own door; they may still be picked
    # below for the doors of others, and then cover those too.
    picks = {member: {member} for member in known if member in uncovered}
    uncovered -= set(picks)

    def key(i: str) -> tuple[int, float, float, str]:
        new = uncovered.intersection(reaches[i])
        return (-len(new), -sum(reaches[i][m] for m in new), -strength[i], i)

    while uncovered and reaches:
        pick = min(reaches, key=key)
        new = uncovered.intersection(reaches.pop(pick))
        if not new:
            break  # cannot happen: every reachable member has a first hop
        picks.setdefault(pick, set()).update(new)
        uncovered -= new
    return list(picks.items())
