"""Who may do what: keys, the caller they make, and every write rule, whatever the door.

A key maps whoever holds it to one salesperson. Only the key's SHA-256 is
stored: a key is shown once, when it is made, and never again. Keys are
revoked, not deleted, so `keys list` keeps their history; forgetting a
salesperson deletes theirs, so a re-import of the same id revives none.

What a caller may write (one table for PUT, DELETE and POST /import alike):

    item                                   salesperson's key     admin key, command line, demo
    a contact, an account, a customer need yes                   yes
    a salesperson's record                 their own, kept one   yes
    making a contact a salesperson, or     no                    yes
      a salesperson a contact
    a tie with a salesperson at one end    their own end only    yes
    reach, needs, roles, capabilities,     reach only            yes
      channels, opportunities
    forgetting a contact                   only one that just    yes
                                           their own network holds
    forgetting a salesperson               no                    yes

Reads are the other half: a caller asks from their own position only
(`Caller.position`), and sees the graph as `TeamView` shows it. A salesperson's
own ties are private. When they opt in to the team network (`TeamMember.shared`),
their ties may carry a teammate's warm path; the answer then names them as the
one to ask, and their ties' private details (context, last contact) stay out of
it. Ties of a salesperson who has not opted in never carry anybody else's path.
Recorded evaluations follow the same rule: they are the recorder's, and a
teammate sees that one exists (not its details) only while the recorder shares.
So do a salesperson's own sources (their LinkedIn export, `private_origin`): while
they keep their network private, a teammate reads none of its employments (no job
change, no origin naming it) and none of the people that only it holds (no tie
but theirs, no employment but from their own sources, no channel).
`TeamView` (services/team_view.py) applies the rule at the port, so every service run over it (paths,
committees, accounts, channels, outreach, evaluation, reports) follows it without a
search of its own. Keys and opt-ins belong to one store: `copy` does not carry
them (a consent or a credential is not moved silently).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import chain

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.columns import salesperson_flags, ties_touching
from graph_mtl.domain.models import (
    ApiKey,
    Erasure,
    IssuedKey,
    Person,
    TeamMember,
    Tie,
    TieEvidence,
)
from graph_mtl.domain.names import email_key
from graph_mtl.domain.ports import (
    AccessStore,
    ErasureLog,
    GraphReader,
    GraphStore,
    GuardedWriter,
    PeopleReader,
    SalesTeam,
)
from graph_mtl.errors import Forbidden, InvalidInput, NotFound
from graph_mtl.i18n import N_, _, gettext

__all__ = [
    "COMMAND_LINE",
    "DEMO",
    "KEY_PREFIX",
    "Caller",
    "Forgotten",
    "authenticate",
    "erasure_of",
    "forget",
    "hash_key",
    "issue_key",
    "origin_owner",
    "private_origin",
    "require_salesperson",
    "revoke_key",
    "set_sharing",
    "was_erased",
    "write",
]

KEY_PREFIX = "gmtl_"
"""Every key starts with it, so a leaked one is easy to recognise (and to scan for)."""


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking: a key's salesperson, or the command line / demo mode (no key)."""

    salesperson_id: str | None
    """None without a key: any position may be asked from."""
    key_id: str | None = None
    admin: bool = False
    demo: bool = False

    @property
    def unrestricted(self) -> bool:
        """Whether every write is allowed (an admin key, the command line, demo mode)."""
        return self.admin or self.salesperson_id is None

    @property
    def name(self) -> str:
        """Who asked, for the erasure log."""
        return self.key_id or ("demo" if self.demo else "command line")

    def position(self, source: str | None) -> str:
        """The salesperson to search from: the caller, whether or not `from` names them."""
        found = self.optional_position(source)
        if found is None:
            raise InvalidInput("from", _("required in demo mode (no key names a salesperson)"))
        return found

    def optional_position(self, source: str | None) -> str | None:
        """Like `position`, where leaving `from` out without a key (demo mode) means
        "no salesperson"; with a key it is always the key's salesperson, so an answer
        is the same whether `from` is given or not."""
        if self.salesperson_id is not None and source not in (None, self.salesperson_id):
            raise Forbidden(
                _(
                    "You may ask only from your own position: leave `from` out, or give "
                    "the salesperson id your key belongs to."
                )
            )
        return source or self.salesperson_id

    def may_act_for(self, salesperson_id: str) -> None:
        if not self.unrestricted and salesperson_id != self.salesperson_id:
            raise Forbidden(_("You may change only your own settings and records."))


COMMAND_LINE = Caller(salesperson_id=None)
DEMO = Caller(salesperson_id=None, demo=True)

_PRIVATE = ("LinkedIn (", ")")


def private_origin(salesperson_id: str) -> str:
    """The origin of the records a salesperson's own network brings ("LinkedIn (sp-zhang)")."""
    return f"{_PRIVATE[0]}{salesperson_id}{_PRIVATE[1]}"


def origin_owner(origin: str) -> str | None:
    """The salesperson whose own network `origin` is, or None for a team source ("HubSpot")."""
    start, end = _PRIVATE
    if origin.startswith(start) and origin.endswith(end) and len(origin) > len(start + end):
        return origin[len(start) : -len(end)]
    return None


# -- keys --------------------------------------------------------------------
def hash_key(key: str) -> str:
    """The stored form of a key. A key carries 256 random bits, so a plain SHA-256
    (no salt, no stretching) is enough: there is no dictionary to guess from."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def issue_key(
    store: SalesTeam, salesperson_id: str, *, today: date, admin: bool = False
) -> IssuedKey:
    """A new key for a salesperson; NotFound if nobody has that id, InvalidInput if
    that person is not a salesperson."""
    require_salesperson(store, salesperson_id)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    record = ApiKey(
        id=f"key-{secrets.token_hex(6)}",
        salesperson_id=salesperson_id,
        key_hash=hash_key(key),
        created_on=today,
        admin=admin,
    )
    store.save_api_key(record)
    return IssuedKey(key=key, record=record)


def revoke_key(store: AccessStore, key_id: str) -> None:
    if not store.revoke_api_key(key_id):
        raise NotFound("API key", key_id)


def authenticate(store: SalesTeam, key: str) -> Caller | None:
    """The caller a live key makes, or None (unknown, revoked, or its salesperson is
    gone or no longer one)."""
    if not key.startswith(KEY_PREFIX):
        return None
    record = store.api_key(hash_key(key))
    if record is None or record.revoked:
        return None
    person = store.people([record.salesperson_id]).get(record.salesperson_id)
    if person is None or not person.is_salesperson:
        return None
    return Caller(salesperson_id=record.salesperson_id, key_id=record.id, admin=record.admin)


def set_sharing(
    store: SalesTeam, caller: Caller, salesperson_id: str, *, shared: bool
) -> TeamMember:
    """Opt a salesperson in to the team network (or out again): their own choice."""
    caller.may_act_for(salesperson_id)
    person = require_salesperson(store, salesperson_id)
    store.set_team_sharing(salesperson_id, shared=shared)
    return TeamMember(id=person.id, name=person.name, shared=shared)


# -- writes ------------------------------------------------------------------
_SALESPEOPLE = N_("Only an admin key adds, changes or demotes salespeople.")
_TEAM_DATA = N_(
    "Only an admin key changes {items}: a salesperson's key writes contacts, "
    "accounts, ties and reach."
)
_TEAM_ITEMS = {
    "needs": N_("the team's needs"),
    "roles": N_("the team's roles"),
    "capabilities": N_("the team's capabilities"),
    "channels": N_("the team's channels"),
    "opportunities": N_("the team's opportunities"),
}


def write(store: GuardedWriter, caller: Caller, bundle: Bundle) -> None:
    """Check `bundle` against the caller's rights, then load it (all or nothing).
    A salesperson made a contact loses their keys. Reads the bundle's columns as
    they are (a large import makes no model per row for this)."""
    salespeople = {m.id for m in store.team()}
    flags = salesperson_flags(bundle.people)
    if not caller.unrestricted:
        _check(caller, bundle, salespeople, flags)
    demoted = [ident for ident, flag in flags.items() if not flag and ident in salespeople]
    store.load(bundle)
    for salesperson_id in demoted:
        for key in store.api_keys(salesperson_id=salesperson_id):
            store.revoke_api_key(key.id)


def _check(caller: Caller, bundle: Bundle, salespeople: set[str], flags: dict[str, bool]) -> None:
    for kind, items in (
        ("needs", bundle.needs),
        ("roles", bundle.roles),
        ("capabilities", bundle.capabilities),
        ("channels", bundle.channels),
        ("opportunities", bundle.opportunities),
    ):
        if items:
            raise Forbidden(_(_TEAM_DATA, items=gettext(_TEAM_ITEMS[kind])))
    for ident, flag in flags.items():
        was = ident in salespeople
        if (flag or was) and not (ident == caller.salesperson_id and flag and was):
            raise Forbidden(
                _(
                    "{rule} ({ident!r} is, or would become, one)",
                    rule=gettext(_SALESPEOPLE),
                    ident=ident,
                )
            )
    teammates = (salespeople | {i for i, flag in flags.items() if flag}) - {caller.salesperson_id}
    touching: Iterable[Tie | TieEvidence] = chain(
        ties_touching(bundle.ties, teammates),
        (e for e in bundle.evidence if e.source in teammates or e.target in teammates),
    )
    for tie in touching:
        end = tie.source if tie.source in teammates else tie.target
        raise Forbidden(
            _(
                "The tie between {source!r} and {target!r} is at the end of salesperson "
                "{end!r}: a salesperson's own network is theirs to record.",
                source=tie.source,
                target=tie.target,
                end=end,
            )
        )
    for job in bundle.employments:
        own = job.person_id == caller.salesperson_id == origin_owner(job.origin)
        if (job.person_id in salespeople or flags.get(job.person_id)) and not own:
            raise Forbidden(
                _(
                    "{rule} ({ident!r} is one: no employment for them)",
                    rule=gettext(_SALESPEOPLE),
                    ident=job.person_id,
                )
            )
        owner = origin_owner(job.origin)
        if owner is not None and owner != caller.salesperson_id:
            raise Forbidden(
                _(
                    "The employment of {person!r} from {origin!r} is the record of "
                    "{owner!r}'s own network: a salesperson writes only their own source's "
                    "records.",
                    person=job.person_id,
                    origin=job.origin,
                    owner=owner,
                )
            )


# -- forgetting --------------------------------------------------------------
def forget(store: GraphStore, caller: Caller, person_id: str, *, today: date) -> Erasure:
    """Forget a person and everything that names them (ties, reach, the channel they
    are, opportunities they raised, keys; their name and e-mail in what others
    wrote), recording only salted hashes of the id and of the handles an import
    could bring them back by."""
    person = store.people([person_id]).get(person_id)
    if person is None:
        raise NotFound("person", person_id)
    if not caller.unrestricted:
        if person.is_salesperson:
            raise Forbidden(gettext(_SALESPEOPLE))
        if not _held_only_by(store, person_id, caller.salesperson_id):
            raise Forbidden(
                _(
                    "Only an admin key forgets a contact that the team knows: your key may "
                    "forget a contact whose every tie is with you, and who is no channel."
                )
            )
    refs = [e.ref for e in store.employments(person_ids=[person_id])]
    erasure = erasure_of(person_id, by=caller.name, today=today, emails=[person.email], refs=refs)
    store.delete_person(person_id, erasure=erasure)
    return erasure


def erasure_of(
    person_id: str,
    *,
    by: str,
    today: date,
    emails: Iterable[str] = (),
    refs: Iterable[str] = (),
) -> Erasure:
    salt = secrets.token_hex(16)
    handles = sorted({_digest(salt, h) for h in _handles(emails, refs)})
    return Erasure(
        digest=_digest(salt, person_id),
        salt=salt,
        erased_on=today,
        by=by,
        handles=tuple(handles),
    )


def was_erased(erasure: Erasure, person_id: str) -> bool:
    """Whether `erasure` is the record of forgetting `person_id`."""
    return secrets.compare_digest(erasure.digest, _digest(erasure.salt, person_id))


class Forgotten:
    """The people a store forgot, recognised again by id, e-mail or source key (each
    erasure's salted hashes, recomputed), so that an import skips them."""

    def __init__(self, erasures: Iterable[Erasure]) -> None:
        self._erasures = list(erasures)

    @classmethod
    def of(cls, store: ErasureLog) -> Forgotten:
        return cls(store.erasures())

    def __bool__(self) -> bool:
        return bool(self._erasures)

    def erasure(
        self, person_id: str, *, emails: Iterable[str] = (), refs: Iterable[str] = ()
    ) -> Erasure | None:
        """The erasure of the person these handles name, or None."""
        if not self._erasures:
            return None
        handles = _handles(emails, refs)
        for erasure in self._erasures:
            if was_erased(erasure, person_id):
                return erasure
            if erasure.handles and any(
                _digest(erasure.salt, h) in erasure.handles for h in handles
            ):
                return erasure
        return None


def _handles(emails: Iterable[str], refs: Iterable[str]) -> set[str]:
    return {f"email:{email_key(e)}" for e in emails if e.strip()} | {f"ref:{r}" for r in refs if r}


def _digest(salt: str, person_id: str) -> str:
    return hashlib.sha256(f"{salt}:{person_id}".encode()).hexdigest()


def _held_only_by(store: GraphReader, person_id: str, salesperson_id: str | None) -> bool:
    neighbours = {other for other, _ in store.adjacency([person_id]).get(person_id, [])}
    is_channel = bool(store.channels(person_ids=[person_id]))
    return neighbours == {salesperson_id} and not is_channel


def require_salesperson(
    store: PeopleReader, person_id: str, *, field: str = "salesperson"
) -> Person:
    """The person, who must exist (NotFound) and be a salesperson (InvalidInput
    naming `field`, e.g. `from`)."""
    person = store.people([person_id]).get(person_id)
    if person is None:
        raise NotFound("person", person_id)
    if not person.is_salesperson:
        raise InvalidInput(field, _("{ident!r} is not a salesperson", ident=person_id))
    return person
