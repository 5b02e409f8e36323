"""seed/generate.py: the --mean-degree option, and the default output left as it was."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from seed.generate import MAX_DEGREE, main, write_bundle

# sha256 over the bundle of `python seed/generate.py --people 2000 --seed 5 OUT` (every file,
# sorted by name, as name NUL bytes NUL), recorded from the generator as it was before
# --mean-degree existed: today's output, which a run without the option must keep.
TODAYS_2000_5 = "288b2bf38b90721e504cc6cffb33d7c527cf7bac032727188a264ae1d44fe172"


def bundle_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def ties_of(folder: Path) -> list[tuple[str, str]]:
    with (folder / "ties.csv").open(encoding="utf-8", newline="") as fh:
        return [(row["source"], row["target"]) for row in csv.DictReader(fh)]


def people_in(folder: Path) -> int:
    with (folder / "people.csv").open(encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.DictReader(fh))


def test_mean_degree_is_as_asked_without_repeats_or_self_ties(tmp_path: Path) -> None:
    write_bundle(tmp_path, people=3000, seed=11, mean_degree=20)
    ties = ties_of(tmp_path)
    people = people_in(tmp_path)
    assert people == 3000
    assert 2 * len(ties) / people == pytest.approx(20, rel=0.10)
    assert all(a != b for a, b in ties)
    pairs = [frozenset(t) for t in ties]
    assert len(set(pairs)) == len(pairs)  # neither (a, b) twice nor (a, b) and (b, a)
    degree: dict[str, int] = {}
    for a, b in ties:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    assert max(degree.values()) <= MAX_DEGREE
    assert max(degree.values()) > 5 * 20  # still heavy-tailed


@pytest.mark.parametrize("mean_degree", [2.0, 4.5, 40.0])
def test_other_mean_degrees(tmp_path: Path, mean_degree: float) -> None:
    write_bundle(tmp_path, people=3000, seed=3, mean_degree=mean_degree)
    ties = ties_of(tmp_path)
    assert 2 * len(ties) / 3000 == pytest.approx(mean_degree, rel=0.10)
    assert len({frozenset(t) for t in ties}) == len(ties)


def test_without_the_option_the_output_is_todays(tmp_path: Path) -> None:
    first, second, explicit, cli = (tmp_path / n for n in ("first", "second", "none", "cli"))
    write_bundle(first, people=2000, seed=5)
    write_bundle(second, people=2000, seed=5)
    write_bundle(explicit, people=2000, seed=5, mean_degree=None)
    assert main(["--people", "2000", "--seed", "5", str(cli)]) == 0
    names = sorted(p.name for p in first.iterdir())
    assert len(names) == 9
    for folder in (second, explicit, cli):
        assert sorted(p.name for p in folder.iterdir()) == names
        for name in names:
            assert (folder / name).read_bytes() == (first / name).read_bytes(), name
    assert bundle_hash(first) == TODAYS_2000_5


def test_the_command_line_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli"
    assert main(["--people", "3000", "--seed", "11", "--mean-degree", "20", str(out)]) == 0
    assert f"{len(ties_of(out))} ties" in capsys.readouterr().out
    write_bundle(tmp_path / "api", people=3000, seed=11, mean_degree=20)
    assert bundle_hash(out) == bundle_hash(tmp_path / "api")


@pytest.mark.parametrize("bad", [0.0, -1.0, MAX_DEGREE + 1.0])
def test_a_mean_degree_out_of_range_is_refused(tmp_path: Path, bad: float) -> None:
    with pytest.raises(ValueError, match="mean degree"):
        write_bundle(tmp_path, people=100, seed=1, mean_degree=bad)
