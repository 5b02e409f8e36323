"""The playbook's message templates: which placeholders each may use, checking them
all before anything is planned, filling one (an unknown placeholder is an
`InvalidInput` naming the template), and choosing the insight and the words a
draft for one industry leaves out (graph_mtl/services/outreach.py writes the drafts)."""

from __future__ import annotations

from collections.abc import Mapping

from graph_mtl.domain.models import Customer
from graph_mtl.domain.playbook import IndustryDrafts, Messages
from graph_mtl.domain.wording import Language
from graph_mtl.errors import InvalidInput

__all__ = [
    "NONE_RECORDED",
    "TEMPLATE_FIELDS",
    "check_messages",
    "choose_insight",
    "foreign_terms",
    "render",
]

_ACCOUNT = frozenset({"salesperson", "customer", "industry"})
_PERSON = _ACCOUNT | {"contact", "role", "need", "capabilities", "advantages"}
_FORM = frozenset({"greeting", "you", "addressed"})
_TO_THEM = _PERSON | _FORM | {"angle", "insight"}
TEMPLATE_FIELDS: Mapping[str, frozenset[str]] = {
    "target": _TO_THEM,
    "potential": _TO_THEM,
    "existing": _TO_THEM,
    "roles": _PERSON,
    "default_role": _PERSON,
    "insights": _ACCOUNT,
    "default_insight": _ACCOUNT,
    "introduction": _PERSON | _FORM | {"introducer", "why"},
    "introduction_chain": _PERSON | _FORM | {"introducer", "why", "next"},
    "forms": frozenset({"salesperson", "addressed", "name"}),
}
"""The placeholders each playbook template may use."""


def check_messages(messages: Messages) -> None:
    """Fill every template with stand-in values: InvalidInput on the first bad one."""
    templates = {
        name: getattr(messages, name) for name in TEMPLATE_FIELDS if name not in (*_TABLES, "forms")
    }
    for table in _TABLES:
        templates.update({f"{table}.{k}": v for k, v in getattr(messages, table).items()})
    templates.update({f"forms.{k}": f.greeting for k, f in messages.forms.items()})
    for key, drafts in messages.industries.items():
        for name in ("target", "potential", "existing", "default_insight"):
            if (text := getattr(drafts, name)) is not None:
                templates[f"{name}.industries.{key}"] = text
        for table in _TABLES:
            own = getattr(drafts, table).items()
            templates.update({f"{table}.industries.{key}.{k}": v for k, v in own})
    for name, template in templates.items():
        known = TEMPLATE_FIELDS[name.partition(".")[0]]
        render(name, template, {field: field for field in known})


_TABLES = ("roles", "insights")
NONE_RECORDED: Mapping[Language, tuple[str, str]] = {
    "en": ("our solutions", "results our customers can show"),
    "zh": ("我们的方案", "可验证的客户成果"),
}
"""What a draft says where no capability (or no advantage) is recorded."""


class _Fields(dict[str, str]):
    """The values of one template; a placeholder it does not know is named in the error."""

    def __init__(self, template: str, values: Mapping[str, str]) -> None:
        super().__init__(values)
        self.template = template

    def __missing__(self, key: str) -> str:
        known = ", ".join(f"{{{k}}}" for k in sorted(self))
        raise InvalidInput(
            "playbook",
            f"messages.{self.template}: unknown placeholder {{{key}}} (known: {known})",
        )


def render(name: str, template: str, values: Mapping[str, str]) -> str:
    try:
        return template.format_map(_Fields(name, values))
    except (ValueError, IndexError, AttributeError, TypeError) as exc:
        raise InvalidInput("playbook", f"messages.{name}: cannot fill {template!r}: {exc}") from exc


def choose_insight(
    messages: Messages, industry: IndustryDrafts, customer: Customer, account: Mapping[str, str]
) -> str:
    """The insight for the customer's first situation tag the playbook has one for
    (the industry's own first), else the default one (the industry's own first)."""
    for tag in customer.situation:
        for table in (industry.insights, messages.insights):
            if tag in table:
                return render(f"insights.{tag}", table[tag], account)
    default = industry.default_insight or messages.default_insight
    return render("default_insight", default, account)


def foreign_terms(messages: Messages, industry: str) -> tuple[str, ...]:
    """The words of every other industry: a draft for this one never says them."""
    own = set(messages.industries[industry].terms) if industry in messages.industries else set()
    return tuple(
        term
        for key, drafts in messages.industries.items()
        if key != industry
        for term in drafts.terms
        if term not in own
    )
