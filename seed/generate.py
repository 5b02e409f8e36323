"""A synthetic bundle of any size, fast and deterministic.

    python seed/generate.py --people 1000000 --seed 7 [--customers 25000] [--mean-degree 20] OUT

writes the nine CSV files of the canonical bundle into OUT, or from Python
`write_bundle(Path("out"), people=1_000_000, seed=7, mean_degree=20)`.

The shape: `people` rows in all, of which max(1, people // 20000) are our salespeople
(`s0`, `s1`, ...) and the rest `p0`, `p1`, ...; customers `c0`, `c1`, ... (default
max(3, people // 40); ~40% target, ~40% potential, ~20% existing) employ ~97% of the people
in contiguous id blocks of heavy-tailed sizes; the other ~3% (peers, experts, freelancers)
have no employer. The catalogue of needs, roles and capabilities is seed/catalogue.py.

Ties grow the way a social network does: people are visited in id order and person i
opens a heavy-tailed number of ties (discrete Pareto, capped) to people visited before it,
chosen in proportion to how sociable they are; ~60% go to earlier colleagues at the same
employer, the rest to people of earlier employers. Because every tie is opened by its later
end, a pair can only repeat within one person's own picks, so no global set of pairs is
needed; degrees stay heavy-tailed (mean ~8, capped at MAX_DEGREE) and memory stays at a few
flat lists of one number per person. Earlier ids end up somewhat better connected, as in
any growth model.

`--mean-degree D` (2 * ties / people) scales the Pareto draw so that a person means to open
D / 2 ties on average (still capped at MAX_DEGREE), and a pick that fails (a repeat, a full
degree, no colleague left) is drawn again, within a budget, so the bundle ends up with about
people * D / 2 ties (fewer of them land at colleagues, ~50% at D = 20, as small employers
run out of earlier colleagues). Without it the output is what it always was, byte for byte.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from bisect import bisect_right
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

try:
    from seed.catalogue import (
        NEEDS,
        ROLE_TITLES,
        ROLES,
        csv_writer,
        flag,
        join,
        write_catalogue,
    )
except ModuleNotFoundError:  # run as a script: `python seed/generate.py`
    from catalogue import (  # type: ignore[import-not-found,no-redef]
        NEEDS,
        ROLE_TITLES,
        ROLES,
        csv_writer,
        flag,
        join,
        write_catalogue,
    )

__all__ = ["MAX_DEGREE", "write_bundle"]

MAX_DEGREE = 2000
_ALPHA, _XMIN = 2.0, 2.55  # ties a person opens: floor(_XMIN * Pareto(_ALPHA)), mean ~4.6
_WITHIN = 0.68  # share of picks aimed at colleagues; ~60% land there (none before the first)
_ROLE_SHARE = 0.10
_NO_EMPLOYER = 0.03
_FLUSH = 1 << 16  # tie rows held before writing them out

# fmt: off
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉兰萍鹏辉红建国志文斌宇浩凯琳晨欣怡博婷雪峰"
_EN_FIRST = ["Anna", "Ben", "Chloe", "Daniel", "Elena", "Felix", "Grace", "Hugo", "Iris", "Jack",
             "Kim", "Lucas", "Maya", "Noah", "Olivia", "Paul", "Rosa", "Sam", "Tara", "Victor"]
_EN_LAST = ["Smith", "Garcia", "Müller", "Rossi", "Dubois", "Novak", "Silva", "Kowalski",
            "Chen", "Wang", "O'Brien", "Tanaka", "Kim", "Nguyen", "Patel", "Jensen"]
_CO_PREFIX = ["华信", "博远", "金伦", "美林", "恒泰", "康宁", "育新", "东方", "天和", "智源", "海达",
              "瑞丰", "星河", "嘉禾", "宏达", "云帆", "天宇", "迅达", "开元", "蓝海"]
_CO_SUFFIX = {"manufacturing": "制造", "retail": "零售", "logistics": "物流", "finance": "金融",
              "healthcare": "医疗", "education": "教育", "technology": "科技", "energy": "能源"}
_EN_CO = ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Adatum", "Proseware",
          "Wingtip"]
_EN_CO_SUFFIX = ["Holdings, Ltd.", "Group", "& Co.", "Inc."]
_INDUSTRIES = list(_CO_SUFFIX)
_REGIONS = ["上海", "北京", "广东深圳", "广东广州", "浙江杭州", "江苏苏州", "四川成都", "湖北武汉",
            "山东青岛", "天津", "Singapore", "Hong Kong"]
_SITUATIONS = ["rapid_growth", "legacy_erp", "new_cio", "merger", "compliance_pressure",
               "cost_cutting"]
_TITLES = ["工程师", "销售经理", "会计", "产品经理", "运营专员", "Engineer", "Sales manager",
           "Analyst", "Project manager", "Buyer"]
_LONER_TITLES = ["Consultant", "Sales manager (partner vendor)", "Independent expert",
                 "Freelancer"]
_CROSS_CONTEXTS = ["former colleagues", "met at an industry event", "university classmates",
                   "friends", "met at a customer site", "same WeChat group", "neighbours"]
_SALES_CONTEXTS = ["old customer", "peer salesperson", "met at an industry event",
                   "former colleague", "friend", "referral"]
_PLACES = [  # id, name, kind, audience
    ("ch-search", "百度搜索 Baidu", "search_engine", "target"),
    ("ch-qa", "知乎 Zhihu", "qa_site", "target"),
    ("ch-forum", "CIO forum", "forum", "both"),
    ("ch-community", "CSDN", "community", "both"),
    ("ch-event", "Digital transformation summit", "event", "potential"),
    ("ch-platform", "今日头条 Toutiao", "platform", "potential"),
    ("ch-shop", "Cloud marketplace", "shop", "target"),
]


# fmt: on


def write_bundle(
    out: Path,
    *,
    people: int,
    seed: int,
    customers: int | None = None,
    mean_degree: float | None = None,
) -> None:
    """Write a synthetic bundle of `people` people into the folder `out` (created).

    `mean_degree` asks for about people * mean_degree / 2 ties; None keeps the default
    growth (mean degree ~8) and its exact output.
    """
    _write(out, people=people, seed=seed, customers=customers, mean_degree=mean_degree)


def _write(
    out: Path, *, people: int, seed: int, customers: int | None, mean_degree: float | None = None
) -> dict[str, int]:
    if people < 1:
        raise ValueError(f"people must be at least 1, got {people}")
    if mean_degree is not None and not 0 < mean_degree <= MAX_DEGREE:
        raise ValueError(f"mean degree must be in (0, {MAX_DEGREE}], got {mean_degree}")
    n_customers = max(3, people // 40) if customers is None else customers
    if n_customers < 1:
        raise ValueError(f"customers must be at least 1, got {n_customers}")
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    n_sales = min(people, max(1, people // 20000))
    n_people = people - n_sales
    status = [_status(rng.random()) for _ in range(n_customers)]
    individual = [rng.random() < 0.03 for _ in range(n_customers)]
    sizes = _company_sizes(rng, n_people, individual)
    blocks = [k for k in range(n_customers) if sizes[k]]
    blocks += [-1] * (n_people - sum(sizes))  # people with no employer
    rng.shuffle(blocks)
    counts = {"customers": n_customers, "people": people}
    write_catalogue(out)
    counts["customer_needs"] = _write_customers(out, rng, status, individual, sizes)
    starts = _write_people(out, rng, blocks, sizes, n_sales)
    counts["ties"] = _write_ties(
        out, rng, blocks, sizes, starts, n_people, n_sales, mean_degree=mean_degree
    )
    counts["channels"], counts["channel_reach"] = _write_channels(
        out, rng, status, sizes, starts, blocks, n_people
    )
    return counts


def _status(r: float) -> str:
    return "target" if r < 0.4 else "potential" if r < 0.8 else "existing"


def _company_sizes(rng: random.Random, n_people: int, individual: list[bool]) -> list[int]:
    """People per customer: one per individual, heavy-tailed for organisations; ~97% in all."""
    n_customers = len(individual)
    employed = n_people - round(n_people * _NO_EMPLOYER)
    orgs = [k for k in range(n_customers) if not individual[k]]
    if employed <= n_customers or not orgs:  # tiny bundles: one each for the first customers
        return [1 if k < employed else 0 for k in range(n_customers)]
    weights = [0.0 if ind else rng.paretovariate(1.4) for ind in individual]
    spare, total = employed - n_customers, sum(weights)
    sizes = [1 + int(spare * w / total) for w in weights]
    for _ in range(employed - sum(sizes)):  # what flooring left over
        sizes[rng.choice(orgs)] += 1
    return sizes


def _names(rng: random.Random) -> list[str]:
    chinese = [s + g1 + g2 for s in _SURNAMES for g1 in _GIVEN for g2 in ("", rng.choice(_GIVEN))]
    english = [f"{f} {last}" for f in _EN_FIRST for last in _EN_LAST]
    return chinese + english


def _company_name(k: int, industry: str) -> str:
    if k % 5 == 4:
        base = f"{_EN_CO[k // 5 % len(_EN_CO)]} {industry.title()} {_EN_CO_SUFFIX[k % 4]}"
    else:
        base = _CO_PREFIX[k % len(_CO_PREFIX)] + _CO_SUFFIX[industry]
    return base if k < 40 else f"{base} {k}"


def _write_customers(
    out: Path, rng: random.Random, status: list[str], individual: list[bool], sizes: list[int]
) -> int:
    """customers.csv and customer_needs.csv (1-3 needs per target customer)."""
    need_ids = [n[0] for n in NEEDS]
    n_needs = 0
    with csv_writer(out, "customers") as cw, csv_writer(out, "customer_needs") as nw:
        for k, (st, person, size) in enumerate(zip(status, individual, sizes, strict=True)):
            industry = rng.choice(_INDUSTRIES)
            headcount = 1 if person else max(1, size) * rng.randrange(2, 30)
            revenue = headcount * rng.randrange(200_000, 2_000_000, 10_000)
            cw.writerow(
                (
                    f"c{k}",
                    f"Individual {k}" if person else _company_name(k, industry),
                    "individual" if person else "organization",
                    st,
                    industry,
                    revenue if rng.random() < 0.95 else "",
                    headcount if rng.random() < 0.95 else "",
                    rng.choice(_REGIONS),
                    join(rng.sample(_SITUATIONS, rng.randrange(4))),
                )
            )
            if st != "target":
                continue
            for need in rng.sample(need_ids, rng.randrange(1, 4)):
                budget = rng.randrange(50_000, 5_000_000, 10_000) if rng.random() < 0.8 else ""
                nw.writerow(
                    (
                        f"c{k}",
                        need,
                        flag(rng.random() < 0.5),
                        flag(rng.random() < 0.6),
                        budget,
                        flag(rng.random() < 0.4),
                    )
                )
                n_needs += 1
    return n_needs


def _write_people(
    out: Path, rng: random.Random, blocks: list[int], sizes: list[int], n_sales: int
) -> list[int]:
    """people.csv; returns the first person index of each block."""
    names, rand = _names(rng), rng.random
    n_names, role_ids = len(names), [r[0] for r in ROLES]
    starts, i = [], 0
    with csv_writer(out, "people") as w:
        for s in range(n_sales):
            w.writerow(
                (
                    f"s{s}",
                    names[int(rand() * n_names)],
                    "",
                    "Account manager",
                    "",
                    "true",
                    f"s{s}@ourco.example.com",
                )
            )
        for k in blocks:
            starts.append(i)
            cid = f"c{k}" if k >= 0 else ""
            domain = f"@c{k}.example.com" if k >= 0 else "@mail.example.org"
            end = i + (sizes[k] if k >= 0 else 1)
            rows = []
            for p in range(i, end):
                roles = title = ""
                if k >= 0 and rand() < _ROLE_SHARE:
                    held = rng.sample(role_ids, 2 if rand() < 0.1 else 1)
                    roles, title = join(held), ROLE_TITLES[held[0]]
                elif k < 0:
                    title = _LONER_TITLES[int(rand() * len(_LONER_TITLES))]
                else:
                    title = _TITLES[int(rand() * len(_TITLES))]
                email = f"p{p}{domain}" if rand() < 0.6 else ""
                rows.append(
                    (f"p{p}", names[int(rand() * n_names)], cid, title, roles, "false", email)
                )
            w.writerows(rows)
            i = end
    return starts


def _write_ties(
    out: Path,
    rng: random.Random,
    blocks: list[int],
    sizes: list[int],
    starts: list[int],
    n_people: int,
    n_sales: int,
    *,
    mean_degree: float | None = None,
) -> int:
    """ties.csv: each person opens ties to earlier people (see the module docstring).

    Without `mean_degree` person i makes exactly opens[i] picks, and a failed pick is lost
    (this is the historical stream of random numbers: keep it). With it the picks are topped
    up: up to 3 * wanted + 8 draws until min(opens[i], i) ties are open, and once every earlier
    colleague is taken the rest go to earlier employers.
    """
    rand, pareto = rng.random, rng.paretovariate
    top_up = mean_degree is not None
    xmin = _XMIN if mean_degree is None else _pareto_scale(mean_degree / 2)
    opens = [min(MAX_DEGREE, int(xmin * pareto(_ALPHA))) for _ in range(n_people)]
    cum = list(accumulate(m + 1 for m in opens))  # picked in proportion to sociability
    degree = [0] * n_people
    strong = [f"{x / 100:.2f}" for x in range(40, 101)]
    weak = [f"{x / 100:.2f}" for x in range(10, 91)]
    first = date(2024, 1, 1)
    days = [(first + timedelta(d)).isoformat() for d in range((date(2026, 11, 20) - first).days)]
    days += [""] * (len(days) // 3)  # a quarter of ties have no recorded contact
    n_strong, n_weak, n_days, n_ctx = len(strong), len(weak), len(days), len(_CROSS_CONTEXTS)
    ties = 0
    with csv_writer(out, "ties") as w:
        for k, start in zip(blocks, starts, strict=True):
            end = start + (sizes[k] if k >= 0 else 1)
            base = cum[start - 1] if start else 0.0
            colleagues = f"colleagues at c{k}"
            rows: list[tuple[str, str, str, str, str]] = []
            for i in range(start, end):
                seen: set[int] = set()
                wanted = min(opens[i], i) if top_up else opens[i]
                near = 0  # colleagues picked (top-up only: to know when none is left)
                for _ in range(3 * wanted + 8 if top_up and wanted else wanted):
                    if i > start and (
                        start == 0 or ((not top_up or near < i - start) and rand() < _WITHIN)
                    ):
                        j = bisect_right(cum, base + rand() * (cum[i - 1] - base), start, i - 1)
                        cell, ctx = strong[int(rand() * n_strong)], colleagues
                    elif start:
                        j = bisect_right(cum, rand() * base, 0, start - 1)
                        cell, ctx = weak[int(rand() * n_weak)], _CROSS_CONTEXTS[int(rand() * n_ctx)]
                    else:
                        break  # the very first person: nobody earlier to know
                    if j in seen or degree[j] >= MAX_DEGREE:
                        continue
                    seen.add(j)
                    degree[j] += 1
                    near += j >= start
                    rows.append((f"p{i}", f"p{j}", cell, days[int(rand() * n_days)], ctx))
                    if len(seen) == wanted:
                        break  # without top-up this is the last pick anyway
                degree[i] += len(seen)
                if len(rows) >= _FLUSH:  # a big employer: write as we go, same bytes
                    w.writerows(rows)
                    ties += len(rows)
                    rows = []
            w.writerows(rows)
            ties += len(rows)
        rows = _salespeople_ties(rng, n_people, n_sales, days)
        w.writerows(rows)
    return ties + len(rows)


def _pareto_scale(mean: float) -> float:
    """The x for which min(MAX_DEGREE, floor(x * Pareto(_ALPHA))) has expectation `mean`.

    That expectation is sum over k = 1..MAX_DEGREE of P(x * Pareto >= k), that is of
    min(1, (x / k) ** _ALPHA); it grows with x, so bisect (x = _XMIN gives ~4.6).
    """

    def expected(x: float) -> float:
        return sum(min(1.0, math.pow(x / k, _ALPHA)) for k in range(1, MAX_DEGREE + 1))

    lo, hi = 0.0, 1.0
    while expected(hi) < mean:
        lo, hi = hi, hi * 2
    for _ in range(50):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if expected(mid) < mean else (lo, mid)
    return (lo + hi) / 2


def _salespeople_ties(
    rng: random.Random, n_people: int, n_sales: int, days: list[str]
) -> list[tuple[str, str, str, str, str]]:
    """A few dozen ties per salesperson, and each one knows an earlier colleague."""
    rows = []
    for s in range(n_sales):
        if s:
            rows.append(
                (
                    f"s{s}",
                    f"s{rng.randrange(s)}",
                    "0.80",
                    rng.choice(days),
                    "colleagues in our sales team",
                )
            )
        for j in sorted(rng.sample(range(n_people), min(n_people, rng.randrange(20, 61)))):
            rows.append(
                (
                    f"s{s}",
                    f"p{j}",
                    f"{rng.randrange(30, 96) / 100:.2f}",
                    rng.choice(days),
                    rng.choice(_SALES_CONTEXTS),
                )
            )
    return rows


def _write_channels(
    out: Path,
    rng: random.Random,
    status: list[str],
    sizes: list[int],
    starts: list[int],
    blocks: list[int],
    n_people: int,
) -> tuple[int, int]:
    """channels.csv (places, then people drawn from the people) and channel_reach.csv."""
    loners = [start for k, start in zip(blocks, starts, strict=True) if k < 0]
    first_of = {k: start for k, start in zip(blocks, starts, strict=True) if k >= 0}
    old = [k for k in first_of if status[k] == "existing"]
    wanted = max(3, n_people // 500)
    persons: dict[int, str] = {}  # person index -> channel kind
    for _ in range(wanted * 2):
        if len(persons) >= wanted:
            break
        r = rng.random()
        if r < 0.6 and loners:
            persons.setdefault(rng.choice(loners), "peer_salesperson" if r < 0.4 else "expert")
        elif old:
            k = rng.choice(old)
            persons.setdefault(first_of[k] + rng.randrange(sizes[k]), "old_customer")
    reached = 0
    with csv_writer(out, "channels") as cw, csv_writer(out, "channel_reach") as rw:
        for chid, name, kind, audience in _PLACES:
            cw.writerow((chid, name, kind, audience, ""))
            for k, st in enumerate(status):
                if (audience in ("both", st)) and rng.random() < 0.2:
                    rw.writerow((chid, f"c{k}", f"{rng.randrange(10, 81) / 100:.2f}"))
                    reached += 1
        for n, (i, kind) in enumerate(sorted(persons.items())):
            audience = "target" if kind == "expert" else "potential"
            cw.writerow((f"ch{n}", f"{kind.replace('_', ' ')} p{i}", kind, audience, f"p{i}"))
            targets = {f"p{j}" for j in rng.sample(range(n_people), min(n_people, 8))}
            targets |= {f"c{rng.randrange(len(status))}" for _ in range(rng.randrange(1, 4))}
            for t in sorted(targets):
                rw.writerow((f"ch{n}", t, f"{rng.randrange(20, 96) / 100:.2f}"))
            reached += len(targets)
    return len(_PLACES) + len(persons), reached


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="folder to write the CSV files into (created)")
    parser.add_argument("--people", type=int, required=True, help="people in all")
    parser.add_argument("--seed", type=int, required=True, help="random seed")
    parser.add_argument(
        "--customers", type=int, default=None, help="customers (default: max(3, people // 40))"
    )
    parser.add_argument(
        "--mean-degree",
        type=float,
        default=None,
        metavar="D",
        help="mean degree 2 * ties / people, heavy-tailed (default: the growth model's ~8)",
    )
    args = parser.parse_args(argv)
    began = time.perf_counter()
    try:
        counts = _write(
            args.out,
            people=args.people,
            seed=args.seed,
            customers=args.customers,
            mean_degree=args.mean_degree,
        )
    except ValueError as exc:
        parser.error(str(exc))
    summary = ", ".join(f"{v} {k}" for k, v in counts.items())
    print(f"{summary} -> {args.out} in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
