"""The worklist (portefølje): whom a veileder, a team or an office holds, filtered, counted and sorted.

For a list model over an id list (DESIGN §4):

    views = available_views(db, actor)                       # mine / my teams / my offices
    counts = worklist_counts(db, actor, View.MINE)           # every ready-made filter with its count
    query = WorklistQuery(View.MINE, Filter.OVER_PROCESSING_DEADLINE, SortKey.NAME)
    first = worklist_ids(db, actor, query, limit=60)         # the first screen, fast also for an office
    ids = worklist_ids(db, actor, query)                     # then the whole list, in the background
    rows = worklist_rows(db, actor, ids[0:60])               # fetched lazily, screen by screen
    screen = worklist_screen(db, actor, query, rows=60)      # ids and the first rows in one request

Filtering, counting and sorting are SQL (`worklist_query`: the view; `worklist_filters`: the filters
as flags over one pass of each item table). Who may appear is `access_facts.visible_person_clause`; an
item-based filter (a case over its deadline, a meeting today …) counts a person only when the reader
may read that item (`item_access.readable_clause`, the SQL twin of `decide`), so a count always equals
what the reader can open. Sorting by a column the reader may not see for a person (the innsatsgruppe,
the next case deadline, the last contact) treats it as empty, so the order discloses nothing either.
The rows are judged item by item with `decide` and the deadline engine.

Views: MINE — my open contacts, the people of absent colleagues I am deputy for (their deadlines
become mine), and handovers proposed to me; TEAM — owned by my teams or held by their members;
OFFICE (leaders) — living in the office's municipalities or owned by its teams.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from navdesk.domain.access_types import Action, DataKind, ItemFacts
from navdesk.domain.codes import Innsatsgruppe, Role, label
from navdesk.domain.deadlines import DueItem, DueKind, Severity, due_items, due_kind_label
from navdesk.i18n import N_, _
from navdesk.services import deadline_facts
from navdesk.services.access_facts import AccessContext, access_context, person_facts
from navdesk.services.actor import Actor
from navdesk.services.audit import LogAction
from navdesk.services.caseload import AbsenceToday, absences_on, covered_by
from navdesk.services.deadline_rules import rule_book
from navdesk.services.worklist_filters import filtered, sorted_ids
from navdesk.services.worklist_query import (
    INNSATS_SERVICE,
    NEW_FOR_ME_DAYS,
    Filter,
    SortKey,
    View,
    build_scope,
    my_offices,
    my_teams,
    open_handover,
    require_worker,
)
from navdesk.store.engine import Database
from navdesk.store.models import (
    AccessLogEntry,
    Handover,
    Municipality,
    Person,
    PersonContact,
    Reminder,
    Staff,
    Team,
)

__all__ = ["DueFlag", "Filter", "FilterCount", "FilterGroup", "ReminderNote", "SortKey", "View", "ViewChoice",
           "WorklistQuery", "WorklistRow", "WorklistScreen", "available_views", "filter_group", "filter_label",
           "next_case_deadline", "worklist_counts", "worklist_ids", "worklist_rows", "worklist_screen"]


class FilterGroup(StrEnum):
    STATUS = "status"
    DEADLINES = "deadlines"
    OWN = "own"


_FILTERS: dict[Filter, tuple[FilterGroup, str]] = {
    Filter.ALL: (FilterGroup.STATUS, N_("Everyone")),
    Filter.UNASSIGNED: (FilterGroup.STATUS, N_("Unassigned (ufordelte)")),
    Filter.NEW_FOR_ME: (FilterGroup.STATUS, N_("New for me")),
    Filter.NEEDS_14A: (FilterGroup.STATUS, N_("Needs a §14a decision")),
    Filter.MEETINGS_TODAY: (FilterGroup.STATUS, N_("Meetings today")),
    Filter.EXPIRED_ACTIVITIES: (FilterGroup.STATUS, N_("Expired activities")),
    Filter.IN_AGREED_ACTIVITY: (FilterGroup.STATUS, N_("In an agreed activity")),
    Filter.NOT_IN_AGREED_ACTIVITY: (FilterGroup.STATUS, N_("Not in an agreed activity")),
    Filter.WAITING_FOR_ANSWER: (FilterGroup.STATUS, N_("Waiting for an answer (handover)")),
    Filter.OVER_PROCESSING_DEADLINE: (FilterGroup.DEADLINES, N_("Over the processing deadline")),
    Filter.INTERIM_REPLY_DUE: (FilterGroup.DEADLINES, N_("Interim reply due")),
    Filter.COMPLAINT_DEADLINE: (FilterGroup.DEADLINES, N_("Complaint deadline running")),
    Filter.COMPLAINTS_TO_HANDLE: (FilterGroup.DEADLINES, N_("Complaints to prepare")),
    Filter.KVP_ENDING: (FilterGroup.DEADLINES, N_("KVP ending soon")),
    Filter.IP_REVISION_DUE: (FilterGroup.DEADLINES, N_("Individual plan revision due")),
    Filter.NO_CONTACT: (FilterGroup.DEADLINES, N_("No contact for 3 months")),
    Filter.SICK_LEAVE: (FilterGroup.DEADLINES, N_("Sick leave 12/22 weeks")),
    Filter.AAP_ENDING: (FilterGroup.DEADLINES, N_("AAP ending soon")),
    Filter.REMINDERS: (FilterGroup.OWN, N_("Reminders (huskelapp)")),
    Filter.COVERING: (FilterGroup.OWN, N_("Covering for an absent colleague")),
}


def filter_label(key: Filter) -> str:
    return _(_FILTERS[key][1])


def filter_group(key: Filter) -> FilterGroup:
    return _FILTERS[key][0]


@dataclass(frozen=True)
class WorklistQuery:
    view: View = View.MINE
    filter: Filter = Filter.ALL
    sort: SortKey = SortKey.NAME
    descending: bool = False
    scope_id: uuid.UUID | None = None  # one of my teams (TEAM) or offices (OFFICE); None: all of them
    also: tuple[Filter, ...] = ()  # more filters the people must meet as well (combined with "and")

    @property
    def filters(self) -> tuple[Filter, ...]:
        """Every chosen filter once, in the filters' own order; (ALL,) when none narrows the list."""
        chosen = {self.filter, *self.also} - {Filter.ALL}
        return tuple(key for key in Filter if key in chosen) or (Filter.ALL,)

    @classmethod
    def combining(cls, view: View, filters: Sequence[Filter], sort: SortKey = SortKey.NAME,
                  descending: bool = False, scope_id: uuid.UUID | None = None) -> WorklistQuery:
        """The query for several filters at once, in the one form `filters` gives back."""
        keys = cls(view, Filter.ALL, also=tuple(filters)).filters
        return cls(view, keys[0], sort, descending, scope_id, keys[1:])


@dataclass(frozen=True)
class ViewChoice:
    view: View
    scope_id: uuid.UUID | None
    label: str


@dataclass(frozen=True)
class FilterCount:
    filter: Filter
    group: FilterGroup
    label: str
    count: int


@dataclass(frozen=True)
class DueFlag:
    kind: DueKind
    label: str
    due_on: date
    severity: Severity
    detail: str


@dataclass(frozen=True)
class ReminderNote:
    """One of the reader's open reminders about the person (or of a colleague they cover for)."""

    text: str
    deadline: date | None
    overdue: bool


@dataclass(frozen=True)
class WorklistRow:
    """One line of the worklist. Columns the reader may not see for this person are empty."""

    person_id: uuid.UUID
    first_name: str
    last_name: str
    fnr: str
    birth_date: date
    age: int
    municipality: str
    veileder: str  # the primary contact veileder
    team: str  # the owning team
    innsatsgruppe: str  # the label, "" when none or withheld
    next_deadline: date | None  # the next date of an open application or complaint
    last_contact: date | None
    flags: tuple[DueFlag, ...]  # everything due, soonest first
    new_for_me: bool
    covering_for: str  # the absent colleague whose person this is, when I am the deputy
    handover: str  # "" or who the person is being handed over to / from
    protected_address: bool
    interpreter_needed: bool
    reminders: tuple[ReminderNote, ...] = ()  # soonest deadline first

    @property
    def name(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    @property
    def overdue(self) -> int:
        return sum(flag.severity is Severity.OVERDUE for flag in self.flags)


def available_views(db: Database, actor: Actor) -> tuple[ViewChoice, ...]:
    """The views the actor may open: mine; each of my teams (and all together); my offices (leaders)."""
    require_worker(actor)
    choices = [ViewChoice(View.MINE, None, _("My people"))]
    with db.session() as session:
        teams = my_teams(session, actor.staff_id)
        if len(teams) > 1:
            choices.append(ViewChoice(View.TEAM, None, _("All my teams")))
        choices.extend(ViewChoice(View.TEAM, team_id, name) for team_id, name in teams)
        if actor.has(Role.LEADER):
            offices = my_offices(session, actor.staff_id)
            if len(offices) > 1:
                choices.append(ViewChoice(View.OFFICE, None, _("All my offices")))
            choices.extend(ViewChoice(View.OFFICE, office_id, name) for office_id, name in offices)
    return tuple(choices)


def worklist_counts(db: Database, actor: Actor, view: View = View.MINE, *, scope_id: uuid.UUID | None = None,
                    now: datetime | None = None) -> tuple[FilterCount, ...]:
    """Every ready-made filter with the number of people it holds, as the actor may see them.

    One statement: the view's people and each item table the filters need are read once.
    """
    now = now or datetime.now()
    with db.session() as session:
        scope = build_scope(session, actor, view, scope_id, now)
        keys = list(_FILTERS)
        chosen = filtered(scope, keys)
        columns = [func.count()] + [func.coalesce(func.sum(case((chosen.expressions[key], 1), else_=0)), 0)
                                    for key in keys[1:]]
        values = session.execute(select(*columns).select_from(chosen.source)).one()
        return tuple(FilterCount(key, _FILTERS[key][0], _(_FILTERS[key][1]), int(value or 0))
                     for key, value in zip(keys, values, strict=True))


def worklist_ids(db: Database, actor: Actor, query: WorklistQuery, *, limit: int | None = None,
                 now: datetime | None = None) -> tuple[uuid.UUID, ...]:
    """The ids of the people in the view and all its filters, sorted in SQL; the first `limit` when given.

    A list model asks for its first screen with a `limit` (fast also over a whole office), shows it, and
    then asks for the whole list in the background.
    """
    now = now or datetime.now()
    with db.session() as session:
        scope = build_scope(session, actor, query.view, query.scope_id, now)
        return tuple(session.scalars(sorted_ids(scope, query.filters, query.sort, query.descending, limit)))


@dataclass(frozen=True)
class WorklistScreen:
    ids: tuple[uuid.UUID, ...]
    rows: list[WorklistRow]  # for the first `rows` ids


def worklist_screen(db: Database, actor: Actor, query: WorklistQuery, *, limit: int | None = None, rows: int,
                    now: datetime | None = None) -> WorklistScreen:
    """`worklist_ids` and the rows of the first `rows` of them, in one request: what a list shows first.

    The same as the two calls one after the other, without judging the reader's access twice.
    """
    now = now or datetime.now()
    with db.session() as session:
        scope = build_scope(session, actor, query.view, query.scope_id, now)
        ids = tuple(session.scalars(sorted_ids(scope, query.filters, query.sort, query.descending, limit)))
        return WorklistScreen(ids, _rows(session, scope.ctx, scope.absences, ids[:rows], now))


# --- rows -----------------------------------------------------------------------------------------------------------


CASE_KINDS = frozenset({DueKind.PROCESSING, DueKind.INTERIM_REPLY, DueKind.COMPLAINT_DEADLINE,
                        DueKind.COMPLAINT_HANDLING})


def next_case_deadline(items: Sequence[DueItem]) -> date | None:
    """The row's "next deadline": the first date of an open application or complaint."""
    return min((item.due_on for item in items if item.kind in CASE_KINDS), default=None)


def worklist_rows(db: Database, actor: Actor, ids: Sequence[uuid.UUID], *,
                  now: datetime | None = None) -> list[WorklistRow]:
    """Display rows for `ids`, in that order; people the actor may no longer find are left out."""
    require_worker(actor)
    if not ids:
        return []
    now = now or datetime.now()
    with db.session() as session:
        return _rows(session, access_context(session, actor, now=now), absences_on(session, now.date()), ids, now)


def _rows(session: Session, ctx: AccessContext, absences: dict[uuid.UUID, AbsenceToday], ids: Sequence[uuid.UUID],
          now: datetime) -> list[WorklistRow]:
    if not ids:
        return []
    today = now.date()
    me = ctx.actor.staff_id
    covering = covered_by(absences, me)
    facts = person_facts(session, ids)
    dated = deadline_facts.load(session, ctx, ids, reminder_staff_ids=covering | {me}, facts=facts)
    book = rule_book(session, today)
    chunk = list(dated)
    people = {row.id: row for row in session.execute(
        select(Person.id, Person.first_name, Person.last_name, Person.fnr, Person.birth_date,
               Person.innsatsgruppe, Person.protected_address, Person.interpreter_needed,
               Municipality.name.label("municipality"), Team.name.label("team"))
        .join(Municipality, Municipality.id == Person.residence_municipality_id)
        .outerjoin(Team, Team.id == Person.owner_team_id)
        .where(Person.id.in_(chunk), Person.archived_at.is_(None))
    )}
    names = dict(session.execute(select(Staff.id, Staff.name)).all())
    contacts = _contacts(session, chunk)
    seen = _seen_since(session, me, chunk)
    handovers = _handovers(session, chunk)
    notes = _reminder_notes(session, covering | {me}, chunk, today)
    rows = []
    for person_id in ids:
        row = people.get(person_id)
        if row is None or person_id not in dated:
            continue
        items = due_items(dated[person_id], book, today)
        mine = [c for c in contacts.get(person_id, []) if c[0] == me]
        primary = next((names.get(staff_id, "") for staff_id, is_primary, _starts in contacts.get(person_id, [])
                        if is_primary), "")
        covering_for = next((names.get(staff_id, "") for staff_id, _p, _s in contacts.get(person_id, [])
                             if staff_id in covering), "")
        innsats_shown = ctx.decide(facts[person_id], ItemFacts.state(DataKind.CASE, INNSATS_SERVICE),
                                   Action.READ).allowed
        rows.append(WorklistRow(
            person_id=person_id, first_name=row.first_name, last_name=row.last_name, fnr=row.fnr,
            birth_date=row.birth_date, age=_age(row.birth_date, today), municipality=row.municipality,
            veileder=primary, team=row.team or "",
            innsatsgruppe=_innsats_label(row.innsatsgruppe) if innsats_shown else "",
            next_deadline=next_case_deadline(items), last_contact=dated[person_id].last_contact,
            flags=tuple(DueFlag(item.kind, due_kind_label(item.kind), item.due_on, item.severity, item.detail)
                        for item in items),
            new_for_me=any(starts >= today - timedelta(days=NEW_FOR_ME_DAYS)
                           and not any(at >= datetime.combine(starts, time()) for at in seen.get(person_id, []))
                           for _staff, _primary, starts in mine),
            covering_for=covering_for,
            handover=_handover_text(handovers.get(person_id), me, names),
            protected_address=row.protected_address, interpreter_needed=row.interpreter_needed,
            reminders=tuple(notes.get(person_id, ())),
        ))
    return rows


def _innsats_label(value: str) -> str:
    try:
        return label(Innsatsgruppe(value)) if value else ""
    except ValueError:
        return value


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _contacts(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[tuple[uuid.UUID, bool, date]]]:
    result: dict[uuid.UUID, list[tuple[uuid.UUID, bool, date]]] = {}
    for person_id, staff_id, is_primary, starts in session.execute(
        select(PersonContact.person_id, PersonContact.staff_id, PersonContact.is_primary, PersonContact.starts)
        .where(PersonContact.person_id.in_(ids), PersonContact.ends.is_(None))
        .order_by(PersonContact.is_primary.desc(), PersonContact.starts)
    ):
        result.setdefault(person_id, []).append((staff_id, is_primary, starts))
    return result


def _seen_since(session: Session, staff_id: uuid.UUID, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[datetime]]:
    """When the reader last opened each person (for "new for me")."""
    result: dict[uuid.UUID, list[datetime]] = {}
    for person_id, at in session.execute(
        select(AccessLogEntry.person_id, func.max(AccessLogEntry.at))
        .where(AccessLogEntry.staff_id == staff_id, AccessLogEntry.person_id.in_(ids),
               AccessLogEntry.action == LogAction.READ)
        .group_by(AccessLogEntry.person_id)
    ):
        if person_id is not None:
            result[person_id] = [at if isinstance(at, datetime) else datetime.fromisoformat(at)]
    return result


def _handovers(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[uuid.UUID, uuid.UUID]]:
    return {person_id: (sender, receiver) for person_id, sender, receiver in session.execute(
        select(Handover.person_id, Handover.sender_id, Handover.receiver_id)
        .where(Handover.person_id.in_(ids), open_handover()))}


def _reminder_notes(session: Session, writers: frozenset[uuid.UUID], ids: list[uuid.UUID],
                    today: date) -> dict[uuid.UUID, list[ReminderNote]]:
    result: dict[uuid.UUID, list[ReminderNote]] = {}
    for person_id, text, deadline in session.execute(
        select(Reminder.person_id, Reminder.text, Reminder.deadline)
        .where(Reminder.person_id.in_(ids), Reminder.staff_id.in_(writers), Reminder.done_at.is_(None))
        .order_by(Reminder.deadline.asc().nulls_last(), Reminder.created_at)
    ):
        result.setdefault(person_id, []).append(ReminderNote(text, deadline, deadline is not None and deadline < today))
    return result


def _handover_text(handover: tuple[uuid.UUID, uuid.UUID] | None, me: uuid.UUID, names: dict[uuid.UUID, str]) -> str:
    if handover is None:
        return ""
    sender, receiver = handover
    if receiver == me:
        return _("Offered to you by {name}").format(name=names.get(sender, ""))
    return _("Being handed over to {name}").format(name=names.get(receiver, ""))

