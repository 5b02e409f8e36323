"""The drafts of the demo's outreach plans can be sent as written: for every account,
every status it could have and every key person, no internal tie note, no id and no
unfilled placeholder leaks in, and each role hears its own line. They greet every
reader by name in the right order, in the form their tie calls for, and never speak
of another industry, on the demo and on generated accounts."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path

import pytest

from graph_mtl.domain.address import split_name
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Customer, CustomerNeed, CustomerStatus, Person, Tie
from graph_mtl.ingest.csv_bundle import read_bundle
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.services.outreach import OutreachPlan, outreach_plan
from graph_mtl.stores.sqlite_store import SqliteStore

DEMO = Path("seed/demo")
PLAYBOOK = load_playbook(DEMO / "playbook.toml")
BUNDLE = read_bundle(DEMO)
SALESPEOPLE = ("sp-zhang", "sp-li")
_SLIPS = re.compile(
    r"\{|\}|None|  |\(\)|\uff08\uff09|。。|\uff0c。|\uff0c\uff0c|\.\.|\b1 \w+s\b|\bsolve\b"
)
# Unfilled placeholders, empty brackets (also full-width), doubled punctuation, "1 hops".


def _plans(status: CustomerStatus) -> list[OutreachPlan]:
    bundle = replace(
        BUNDLE, customers=[c.model_copy(update={"status": status}) for c in BUNDLE.customers]
    )
    store = SqliteStore()
    store.load(bundle)
    return [
        outreach_plan(store, PLAYBOOK, c.id, sp) for c in bundle.customers for sp in SALESPEOPLE
    ]


@pytest.fixture(scope="module", params=list(CustomerStatus))
def plans(request: pytest.FixtureRequest) -> list[OutreachPlan]:
    return _plans(request.param)


def _ids() -> set[str]:
    b = BUNDLE
    return {
        *(p.id for p in b.people),
        *(c.id for c in b.customers),
        *(n.id for n in b.needs),
        *(c.id for c in b.capabilities),
        *(r.id for r in b.roles),
        *(c.id for c in b.channels),
    }


def test_no_note_id_or_slip_leaks_into_a_draft(plans: list[OutreachPlan]) -> None:
    notes = {t.context for t in BUNDLE.ties if len(t.context) > 3}
    ids = _ids()
    drafts = [d for plan in plans for p in plan.people for d in (p.message, p.introduction) if d]
    assert len(drafts) > 100
    for draft in drafts:
        assert not [n for n in notes if n in draft], draft
        assert not [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", draft)]
        assert not _SLIPS.search(draft), draft
        # The demo's playbook is Chinese: the English halves of bilingual names stay out.
        assert "Cloud ERP suite" not in draft and "Finance director" not in draft, draft


def test_every_demo_role_hears_its_own_line(plans: list[OutreachPlan]) -> None:
    lines = PLAYBOOK.messages.roles
    seen = set()
    for plan in plans:
        for person in plan.people:
            opening = lines[person.role].split("{", 1)[0]
            assert opening in person.message, (person.role, person.message)
            seen.add(person.role)
    assert seen == set(lines)  # every role line of the playbook was rendered


@pytest.mark.slow
def test_each_status_speaks_its_own_way() -> None:
    def opening(status: CustomerStatus) -> str:
        plan = next(p for p in _plans(status) if p.customer == "c-huaxin")
        return plan.people[0].message

    target, potential, existing = (
        opening(s)
        for s in (CustomerStatus.TARGET, CustomerStatus.POTENTIAL, CustomerStatus.EXISTING)
    )
    assert "正在推进" in target
    assert "我们最近观察到" in potential
    assert "感谢华信制造一直以来的合作" in existing


def test_an_introduction_greets_by_name_and_names_whom_to_meet(plans: list[OutreachPlan]) -> None:
    asked = [(plan, p) for plan in plans for p in plan.people if p.introduction]
    assert asked
    for plan, person in asked:
        assert person.ask_name is not None and person.introduction is not None
        surname, given = split_name(person.ask_name)
        assert person.introduction.startswith((surname, given)), person.introduction
        assert person.name in person.introduction and plan.customer_name in person.introduction


_FAMILIAR = PLAYBOOK.messages.forms["familiar"]
_FORMAL = PLAYBOOK.messages.forms["formal"]


def _drafts_to(plan: OutreachPlan, people: dict[str, Person]) -> list[tuple[Person, str, str]]:
    """(reader, the tie context the salesperson knows them by or "", draft) for every draft."""
    out = []
    for p in plan.people:
        path = p.path
        if path is not None and path.hops == 1:
            out.append((people[p.id], path.steps[0].context, p.message))
        elif path is None or path.hops > 1:
            out.append((people[p.id], "", p.message))
        if p.introduction and path is not None:
            out.append((people[path.steps[0].target], path.steps[0].context, p.introduction))
    return out


def _check_greeting(reader: Person, context: str, draft: str) -> None:
    """The draft opens with the reader's name in the right order, in the form the
    playbook's relationships choose for `context`; a reversed name appears nowhere."""
    surname, given = split_name(reader.name)
    whole = surname + given if re.match(r"[\u4e00-\u9fff]", surname or " ") else None
    form = PLAYBOOK.messages.form_for(context or None)
    if form == "familiar":
        called = given if whole is None or len(given) >= 2 else whole
        assert draft.startswith(called + "\uff0c你好\uff01"), (reader.name, context, draft)
        assert "您" not in draft, draft
    else:
        honorifics = set(PLAYBOOK.messages.honorifics.values())
        opening = draft.split("您好", 1)[0]
        if whole is None:
            assert opening == reader.name.strip(), draft
        else:
            assert opening == whole or (
                opening.startswith(surname) and opening[len(surname) :] in honorifics
            ), (reader.name, reader.title, draft)
        assert "你" not in draft, draft
    if whole is not None:
        assert f"{given} {surname}" not in draft and f"{given}{surname}" not in draft, draft


def _check_industry(plan: OutreachPlan, industry: str, drafts: list[str]) -> None:
    industries = PLAYBOOK.messages.industries
    own = set(industries[industry].terms) if industry in industries else set()
    foreign = {t for key, d in industries.items() if key != industry for t in d.terms} - own
    for draft in drafts:
        said = draft.replace(plan.customer_name, "")
        assert not [t for t in foreign if t in said], (industry, draft)


def test_the_demo_greets_every_reader_by_name_in_the_form_their_tie_calls_for(
    plans: list[OutreachPlan],
) -> None:
    people = {p.id: p for p in BUNDLE.people}
    seen = {"familiar": 0, "formal": 0}
    for plan in plans:
        for reader, context, draft in _drafts_to(plan, people):
            _check_greeting(reader, context, draft)
            seen[PLAYBOOK.messages.form_for(context or None)] += 1
    assert seen["familiar"] and seen["formal"], seen


def test_the_demo_speaks_of_no_other_industry(plans: list[OutreachPlan]) -> None:
    industries = {c.id: c.industry for c in BUNDLE.customers}
    for plan in plans:
        drafts = [d for p in plan.people for d in (p.message, p.introduction) if d]
        _check_industry(plan, industries[plan.customer], drafts)
    logistics = [p for p in plans if industries[p.customer] == "logistics"]
    said = [d for plan in logistics for p in plan.people for d in (p.message, p.introduction) if d]
    assert said and not [d for d in said if "制造业模板" in d]


_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓欧阳司马诸葛上官"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英志远建华国栋晓红文"
_LATIN_FIRST = ("Jo", "Maria", "Ahmed", "Li", "Anna", "Tom")
_LATIN_LAST = ("Park", "Garcia", "Smith", "Chen", "Novak", "Okafor")
_TITLES = (
    "总经理",
    "CIO",
    "财务总监",
    "IT经理",
    "采购经理",
    "业务主管",
    "工程师",
    "",
    "Head of IT",
)
_CONTEXTS = (
    "university classmates (浙江大学 2008-2012)",
    "old friend from home",
    "met at 云栖大会 2025",
    "old customer: signed ERP project 2021",
    "peer salesperson",
    "",
)
_INDUSTRIES = (*PLAYBOOK.messages.industries, "mining", "aerospace", "")


def _name(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return f"{rng.choice(_LATIN_FIRST)} {rng.choice(_LATIN_LAST)}"
    pairs = [_SURNAMES[i : i + 2] for i in range(len(_SURNAMES) - 8, len(_SURNAMES), 2)]
    surname: str = rng.choice([*_SURNAMES[: len(_SURNAMES) - 8], *pairs])
    given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
    if len(given) == 2 and rng.random() < 0.2:
        return f"{given} {surname}"  # split the Latin way by an older import
    return surname + given


def _account(seed: int) -> tuple[Bundle, str]:
    """A generated account: random names, titles, ties and industry, the demo's
    needs, roles and capabilities."""
    rng = random.Random(seed)
    customer = Customer(
        id="c-gen",
        name="远航集团",
        status=rng.choice(list(CustomerStatus)),
        industry=rng.choice(_INDUSTRIES),
        situation=tuple(rng.sample(["legacy_erp", "rapid_growth", "merger", "x-none"], 2)),
    )
    people: list[Person] = [p for p in BUNDLE.people if p.id == "sp-zhang"]
    ties = []
    roles = [r.id for r in BUNDLE.roles][:8]
    for i, role in enumerate(roles):
        key = Person(
            id=f"k-{i}",
            name=_name(rng),
            customer_id="c-gen",
            title=rng.choice(_TITLES),
            roles=(role,),
        )
        via = Person(id=f"v-{i}", name=_name(rng), title=rng.choice(_TITLES))
        people += [key, via]
        ties.append(Tie(source=via.id, target=key.id, strength=0.8))
        if rng.random() < 0.3:
            ties.append(
                Tie(source="sp-zhang", target=key.id, strength=0.9, context=rng.choice(_CONTEXTS))
            )
        else:
            ties.append(
                Tie(source="sp-zhang", target=via.id, strength=0.9, context=rng.choice(_CONTEXTS))
            )
    needs = [CustomerNeed(customer_id="c-gen", need_id=n) for n in ("n-erp", "n-data", "n-scm")]
    bundle = Bundle(
        people=people,
        ties=ties,
        customers=[customer],
        needs=BUNDLE.needs,
        roles=BUNDLE.roles,
        customer_needs=needs,
        capabilities=BUNDLE.capabilities,
    )
    return bundle, customer.industry


@pytest.mark.parametrize("seed", range(40))
def test_generated_accounts_greet_in_order_and_keep_to_their_industry(seed: int) -> None:
    bundle, industry = _account(seed)
    store = SqliteStore()
    store.load(bundle)
    plan = outreach_plan(store, PLAYBOOK, "c-gen", "sp-zhang")
    people = {p.id: p for p in bundle.people}
    drafts = _drafts_to(plan, people)
    assert drafts
    for reader, context, draft in drafts:
        _check_greeting(reader, context, draft)
        assert not _SLIPS.search(draft), draft
    _check_industry(plan, industry, [d for _, _, d in drafts])
