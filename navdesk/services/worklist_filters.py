"""The ready-made worklist filters, as flags over the view's people.

Each *flag* is a condition on the rows of one item table (cases, activities, meetings, contacts …)
that the reader may read. A request reads each table it needs once: its rows for the view's people
(`Scope.people`), grouped by person into one column per flag (`max(case …)`). A *filter* is an
expression over the flags and the person's own columns. Counting every filter is then one statement
with one pass over each table, and listing one filter uses the same definitions — so the list always
holds exactly the people its count says.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import CTE, ColumnElement, FromClause, Select, and_, case, false, func, or_, select, true
from sqlalchemy.orm import aliased

from navdesk.domain.access_types import DataKind
from navdesk.domain.case_codes import CaseStatus
from navdesk.domain.codes import Side
from navdesk.domain.deadlines import AAP, ADVERSE, KVP, NOT_RUNNING, SICK_LEAVE, UNDECIDED, months_cutoff
from navdesk.domain.plans import OPEN_STATUSES, ActivityStatus, IpStatus
from navdesk.services.audit import LogAction
from navdesk.services.caseload import uncovered_absent
from navdesk.services.item_access import ItemColumns, readable_clause, side_readable_clause
from navdesk.services.worklist_query import (
    INNSATS_SERVICE,
    NEW_FOR_ME_DAYS,
    Filter,
    Scope,
    SortKey,
    View,
    by_rules,
    case_municipality,
    open_handover,
    window,
)
from navdesk.store.models import (
    AccessLogEntry,
    Activity,
    Appointment,
    ContactEntry,
    Handover,
    IndividualPlan,
    KvpProgramme,
    Municipality,
    Person,
    PersonContact,
    Reminder,
    Service,
    ServiceCase,
    Staff,
    Team,
)

Condition = Callable[[Scope], ColumnElement[bool]]


@dataclass(frozen=True)
class Flag:
    """Some row of `model` for the person meets `condition` (and, with a `kind`, the reader may read it)."""

    model: Any
    condition: Condition
    kind: DataKind | None = None


def _undecided() -> ColumnElement[bool]:
    return ServiceCase.status.in_([s.value for s in UNDECIDED])


def _state_active(scope: Scope) -> ColumnElement[bool]:
    return and_(ServiceCase.side == Side.STATE.value, ServiceCase.status == CaseStatus.ACTIVE.value)


def _over_processing(scope: Scope) -> ColumnElement[bool]:
    return and_(_undecided(), ServiceCase.received_on.is_not(None), ServiceCase.processing_deadline < scope.today)


def _interim_due(scope: Scope) -> ColumnElement[bool]:
    services = sorted(set(scope.session.scalars(select(Service.code).distinct())) | {""})
    return and_(
        _undecided(), ServiceCase.received_on.is_not(None), ServiceCase.interim_reply_sent_on.is_(None),
        by_rules(scope, case_municipality(scope.p.residence_municipality_id), services, ServiceCase.service_code,
                 lambda rules: rules.due_soon_days,
                 lambda days: ServiceCase.interim_reply_due <= scope.today + timedelta(days=days)),
    )


def _complaint_running(scope: Scope) -> ColumnElement[bool]:
    return and_(ServiceCase.status == CaseStatus.DECIDED.value, ServiceCase.outcome.in_([o.value for o in ADVERSE]),
                ServiceCase.decided_on <= scope.today, ServiceCase.complaint_received_on.is_(None),
                ServiceCase.complaint_deadline >= scope.today)


def _complaint_to_handle(scope: Scope) -> ColumnElement[bool]:
    return and_(ServiceCase.status == CaseStatus.APPEALED.value, ServiceCase.complaint_received_on.is_not(None),
                ServiceCase.sent_to_statsforvalteren_on.is_(None), ServiceCase.complaint_outcome == "")


def _running_period(side: Side, code: str) -> ColumnElement[bool]:
    return and_(ServiceCase.side == side.value, ServiceCase.service_code == code, ~_undecided(),
                ServiceCase.outcome.not_in([o.value for o in NOT_RUNNING]), ServiceCase.ends_on.is_not(None))


def _kvp_decision_ending(scope: Scope) -> ColumnElement[bool]:
    # A decision whose programme the reader can see ends when the programme does.
    programme = aliased(KvpProgramme, name="linked_programme")
    linked = (select(programme.case_id).join(scope.people, scope.p.id == programme.person_id)
              .where(programme.case_id.is_not(None), scope.readable(programme, DataKind.PLAN)))
    return and_(
        _running_period(Side.MUNICIPAL, KVP), ServiceCase.id.not_in(linked),
        by_rules(scope, case_municipality(scope.p.residence_municipality_id), [KVP], None,
                 lambda r: (r.kvp_warning_days, r.grace_days), lambda v: window(ServiceCase.ends_on, scope.today, *v)),
    )


def _aap_ending(scope: Scope) -> ColumnElement[bool]:
    return and_(_running_period(Side.STATE, AAP),
                by_rules(scope, scope.p.residence_municipality_id, [AAP], None,
                         lambda r: (r.aap_warning_days, r.grace_days),
                         lambda v: window(ServiceCase.ends_on, scope.today, *v)))


def _sick_leave(scope: Scope) -> ColumnElement[bool]:
    def checkpoints(v: tuple[tuple[int, ...], int, int]) -> ColumnElement[bool]:
        weeks, warning, grace = v
        if not weeks:
            return false()
        return or_(*(window(ServiceCase.starts_on, scope.today - timedelta(weeks=w), warning, grace) for w in weeks))

    return and_(ServiceCase.side == Side.STATE.value, ServiceCase.service_code == SICK_LEAVE,
                ServiceCase.status == CaseStatus.ACTIVE.value, ServiceCase.starts_on.is_not(None),
                by_rules(scope, scope.p.residence_municipality_id, [SICK_LEAVE], None,
                         lambda r: (r.sick_leave_weeks, r.sick_leave_warning_days, r.grace_days), checkpoints))


def _expired_activity(scope: Scope) -> ColumnElement[bool]:
    return and_(Activity.status.in_([s.value for s in OPEN_STATUSES]), Activity.to_date < scope.today)


def _agreed_activity(scope: Scope) -> ColumnElement[bool]:
    return and_(Activity.agreed.is_(True),
                Activity.status.in_([ActivityStatus.PLANLAGT.value, ActivityStatus.GJENNOMFORES.value]),
                or_(Activity.to_date.is_(None), Activity.to_date >= scope.today))


def _meeting_today(scope: Scope) -> ColumnElement[bool]:
    start = datetime.combine(scope.today, time())
    return and_(Appointment.cancelled_at.is_(None), Appointment.starts_at >= start,
                Appointment.starts_at < start + timedelta(days=1))


def _ip_due(scope: Scope) -> ColumnElement[bool]:
    services = sorted(set(scope.session.scalars(select(IndividualPlan.service_code).distinct())) or {"ind_plan"})
    return and_(
        IndividualPlan.status != IpStatus.ENDED.value, IndividualPlan.ended_on.is_(None),
        IndividualPlan.next_revision_on.is_not(None),
        by_rules(scope, func.coalesce(IndividualPlan.responsible_municipality_id, scope.p.residence_municipality_id),
                 services, IndividualPlan.service_code, lambda r: r.ip_revision_warning_days,
                 lambda days: IndividualPlan.next_revision_on <= scope.today + timedelta(days=days)),
    )


def _programme_ending(scope: Scope) -> ColumnElement[bool]:
    return and_(KvpProgramme.ended_on.is_(None),
                by_rules(scope, func.coalesce(KvpProgramme.responsible_municipality_id,
                                              scope.p.residence_municipality_id), [KVP], None,
                         lambda r: (r.kvp_warning_days, r.grace_days),
                         lambda v: window(KvpProgramme.planned_end_on, scope.today, *v)))


def _contact_cutoff(scope: Scope, column: Any, *, before: bool, dated: bool = False) -> ColumnElement[bool]:
    """`column` before (or on and after) the person's "no contact for N months" cutoff (N per office);
    `dated`: the column holds a date, not a moment."""
    def term(months: int) -> ColumnElement[bool]:
        cutoff = months_cutoff(scope.today, months)
        bound = cutoff if dated else datetime.combine(cutoff, time())
        return column < bound if before else column >= bound

    return by_rules(scope, scope.p.residence_municipality_id, [""], None, lambda r: r.no_contact_months, term)


def _recent_contact(scope: Scope) -> ColumnElement[bool]:
    return _contact_cutoff(scope, ContactEntry.at, before=False)


def _followed_before_cutoff(scope: Scope) -> ColumnElement[bool]:
    return and_(PersonContact.ends.is_(None), _contact_cutoff(scope, PersonContact.starts, before=True, dated=True))


def _open_contact(scope: Scope) -> ColumnElement[bool]:
    return PersonContact.ends.is_(None)


def _effective_contact(scope: Scope) -> ColumnElement[bool]:
    """An open contact with a veileder who is active and not away without a deputy today."""
    gone = set(scope.session.scalars(select(Staff.id).where(Staff.active.is_(False)))) | uncovered_absent(
        scope.absences)
    if not gone:
        return PersonContact.ends.is_(None)
    return and_(PersonContact.ends.is_(None), PersonContact.staff_id.not_in(sorted(gone)))


def _new_for_me(scope: Scope) -> ColumnElement[bool]:
    seen = (select(AccessLogEntry.id).where(
        AccessLogEntry.staff_id == scope.me, AccessLogEntry.person_id == PersonContact.person_id,
        AccessLogEntry.action == LogAction.READ, AccessLogEntry.at >= PersonContact.starts).exists())
    return and_(PersonContact.staff_id == scope.me, PersonContact.ends.is_(None),
                PersonContact.starts >= scope.today - timedelta(days=NEW_FOR_ME_DAYS), ~seen)


def _covering(scope: Scope) -> ColumnElement[bool]:
    covering = scope.covering
    return and_(PersonContact.ends.is_(None), PersonContact.staff_id.in_(covering)) if covering else false()


def _waiting(scope: Scope) -> ColumnElement[bool]:
    if scope.view is View.MINE:
        return and_(open_handover(), or_(Handover.sender_id == scope.me, Handover.receiver_id == scope.me))
    return open_handover()


def _reminder_open(scope: Scope) -> ColumnElement[bool]:
    return and_(Reminder.staff_id.in_(scope.reminder_staff), Reminder.done_at.is_(None))


FLAGS: dict[str, Flag] = {
    "state_active": Flag(ServiceCase, _state_active, DataKind.CASE),
    "over_processing": Flag(ServiceCase, _over_processing, DataKind.CASE),
    "interim_due": Flag(ServiceCase, _interim_due, DataKind.CASE),
    "complaint_running": Flag(ServiceCase, _complaint_running, DataKind.CASE),
    "complaint_to_handle": Flag(ServiceCase, _complaint_to_handle, DataKind.CASE),
    "kvp_decision_ending": Flag(ServiceCase, _kvp_decision_ending, DataKind.CASE),
    "aap_ending": Flag(ServiceCase, _aap_ending, DataKind.CASE),
    "sick_leave": Flag(ServiceCase, _sick_leave, DataKind.CASE),
    "expired_activity": Flag(Activity, _expired_activity, DataKind.PLAN),
    "agreed_activity": Flag(Activity, _agreed_activity, DataKind.PLAN),
    "meeting_today": Flag(Appointment, _meeting_today, DataKind.APPOINTMENT),
    "ip_due": Flag(IndividualPlan, _ip_due, DataKind.PLAN),
    "programme_ending": Flag(KvpProgramme, _programme_ending, DataKind.PLAN),
    "recent_contact": Flag(ContactEntry, _recent_contact, DataKind.NOTE),
    "followed_before_cutoff": Flag(PersonContact, _followed_before_cutoff),
    "open_contact": Flag(PersonContact, _open_contact),
    "effective_contact": Flag(PersonContact, _effective_contact),
    "new_for_me": Flag(PersonContact, _new_for_me),
    "covering": Flag(PersonContact, _covering),
    "waiting": Flag(Handover, _waiting),
    "reminder": Flag(Reminder, _reminder_open),
}

Hits = dict[str, ColumnElement[bool]]
Expression = Callable[[Scope, Hits], ColumnElement[bool]]


def _needs_14a(scope: Scope, hit: Hits) -> ColumnElement[bool]:
    p = scope.p
    return and_(p.innsatsgruppe == "", hit["state_active"],
                side_readable_clause(scope.ctx.reach, p.id, p.residence_municipality_id, Side.STATE, DataKind.CASE,
                                     INNSATS_SERVICE, consenting=scope.consenting))


def _no_contact(scope: Scope, hit: Hits) -> ColumnElement[bool]:
    """Followed up since before the cutoff (the earliest open contact began then; a person held by a team
    only, registered then), and no contact the reader can see from the cutoff on."""
    p = scope.p
    team_only = and_(p.owner_team_id.is_not(None), ~hit["open_contact"],
                     _contact_cutoff(scope, p.created_at, before=True))
    return and_(or_(hit["followed_before_cutoff"], team_only), ~hit["recent_contact"])


def _one(name: str) -> tuple[tuple[str, ...], Expression]:
    return (name,), lambda scope, hit: hit[name]


FILTERS: dict[Filter, tuple[tuple[str, ...], Expression]] = {
    Filter.ALL: ((), lambda scope, hit: true()),
    Filter.UNASSIGNED: (("effective_contact",), lambda scope, hit: ~hit["effective_contact"]),
    Filter.NEW_FOR_ME: _one("new_for_me"),
    Filter.NEEDS_14A: (("state_active",), _needs_14a),
    Filter.MEETINGS_TODAY: _one("meeting_today"),
    Filter.EXPIRED_ACTIVITIES: _one("expired_activity"),
    Filter.IN_AGREED_ACTIVITY: _one("agreed_activity"),
    Filter.NOT_IN_AGREED_ACTIVITY: (("agreed_activity",), lambda scope, hit: ~hit["agreed_activity"]),
    Filter.WAITING_FOR_ANSWER: _one("waiting"),
    Filter.OVER_PROCESSING_DEADLINE: _one("over_processing"),
    Filter.INTERIM_REPLY_DUE: _one("interim_due"),
    Filter.COMPLAINT_DEADLINE: _one("complaint_running"),
    Filter.COMPLAINTS_TO_HANDLE: _one("complaint_to_handle"),
    Filter.KVP_ENDING: (("programme_ending", "kvp_decision_ending"),
                        lambda scope, hit: or_(hit["programme_ending"], hit["kvp_decision_ending"])),
    Filter.IP_REVISION_DUE: _one("ip_due"),
    Filter.NO_CONTACT: (("followed_before_cutoff", "open_contact", "recent_contact"), _no_contact),
    Filter.SICK_LEAVE: _one("sick_leave"),
    Filter.AAP_ENDING: _one("aap_ending"),
    Filter.REMINDERS: _one("reminder"),
    Filter.COVERING: _one("covering"),
}


@dataclass(frozen=True)
class Filtered:
    """The view's people joined to the flags the chosen filters need, and each filter's expression."""

    source: FromClause
    expressions: dict[Filter, ColumnElement[bool]]


def filtered(scope: Scope, keys: Sequence[Filter]) -> Filtered:
    """One pass over each item table the filters need, grouped by person, joined to the view's people."""
    needed = sorted({name for key in keys for name in FILTERS[key][0]})
    by_model: dict[Any, list[str]] = {}
    for name in needed:
        by_model.setdefault(FLAGS[name].model, []).append(name)
    source: FromClause = scope.people
    hits: Hits = {}
    for model, names in by_model.items():
        table = _flag_table(scope, model, names)
        source = source.outerjoin(table, table.c.person_id == scope.p.id)
        hits.update({name: func.coalesce(table.c[name], 0) == 1 for name in names})
    return Filtered(source, {key: FILTERS[key][1](scope, hits) for key in keys})


def _flag_table(scope: Scope, model: Any, names: list[str]) -> CTE:
    conditions = {name: FLAGS[name].condition(scope) for name in names}
    kinds = {FLAGS[name].kind for name in names}
    kind = next(iter(kinds))
    # Grouped by the view's people (not by the item table), so that the database walks the view's
    # people and looks their rows up, instead of walking the whole table in person order.
    statement: Select[Any] = (
        select(scope.p.id.label("person_id"), *(func.max(case((condition, 1), else_=0)).label(name)
                                                for name, condition in conditions.items()))
        .select_from(scope.people).join(model, model.person_id == scope.p.id)
        .where(or_(*conditions.values()))
        .group_by(scope.p.id)
    )
    if kind is not None:
        statement = statement.where(scope.readable(model, kind, closed_area=model is ServiceCase))
    if model is ServiceCase:
        statement = statement.where(ServiceCase.closed_at.is_(None))
    return statement.cte(f"flags_{model.__tablename__}")


# --- sorting ------------------------------------------------------------------------------------------------------


# A first screen of everyone in these orders walks the order's index and stops after the screen.
_INDEXED_ORDERS = frozenset({SortKey.NAME, SortKey.BIRTH_DATE, SortKey.FNR})


def sorted_ids(scope: Scope, keys: Sequence[Filter], sort: SortKey, descending: bool,
               limit: int | None = None) -> Select[Any]:
    """The ids of the people every filter in `keys` holds, in the chosen order (ties by name, then id),
    at most `limit`."""
    narrowing = [key for key in keys if key is not Filter.ALL]
    if not narrowing:
        first_screen = limit is not None and sort in _INDEXED_ORDERS
        statement = select(Person.id).where(*(scope.first_screen_population() if first_screen
                                              else scope.population))
    else:
        chosen = filtered(scope, narrowing)
        statement = (select(Person.id).select_from(chosen.source).join(Person, Person.id == scope.p.id)
                     .where(*(chosen.expressions[key] for key in narrowing)))
    statement = _ordered(scope, statement, sort, descending)
    return statement if limit is None else statement.limit(limit)


def _ordered(scope: Scope, statement: Select[Any], sort: SortKey, descending: bool) -> Select[Any]:
    def direction(column: Any) -> Any:
        return (column.desc() if descending else column.asc()).nulls_last()

    columns: list[Any]
    if sort is SortKey.NAME:
        columns = [Person.last_name, Person.first_name]
    elif sort is SortKey.FNR:
        columns = [Person.fnr]
    elif sort is SortKey.BIRTH_DATE:
        columns = [Person.birth_date]
    elif sort is SortKey.REGISTERED:
        columns = [Person.created_at]
    elif sort is SortKey.MUNICIPALITY:
        statement = statement.join(Municipality, Municipality.id == Person.residence_municipality_id)
        columns = [Municipality.name]
    elif sort is SortKey.TEAM:
        statement = statement.outerjoin(Team, Team.id == Person.owner_team_id)
        columns = [Team.name]
    elif sort is SortKey.VEILEDER:
        columns = [select(Staff.name).join(PersonContact, PersonContact.staff_id == Staff.id).where(
            PersonContact.person_id == Person.id, PersonContact.ends.is_(None), PersonContact.is_primary.is_(True)
        ).order_by(Staff.name).limit(1).scalar_subquery()]
    elif sort is SortKey.INNSATSGRUPPE:
        shown = side_readable_clause(scope.ctx.reach, Person.id, Person.residence_municipality_id, Side.STATE,
                                     DataKind.CASE, INNSATS_SERVICE, consenting=scope.consenting)
        columns = [case((and_(shown, Person.innsatsgruppe != ""), Person.innsatsgruppe), else_=None)]
    elif sort is SortKey.NEXT_DEADLINE:
        columns = [_next_deadline(scope)]
    else:
        columns = [_last_contact(scope)]
    return statement.order_by(*(direction(c) for c in columns), Person.last_name, Person.first_name, Person.id)


def next_case_date(today: date) -> Any:
    """Per case row, the date the engine lists first among processing, interim reply and complaints."""
    interim_first = and_(ServiceCase.interim_reply_sent_on.is_(None),
                         ServiceCase.interim_reply_due < ServiceCase.processing_deadline)
    return case(
        (and_(ServiceCase.status.in_([s.value for s in UNDECIDED]), ServiceCase.received_on.is_not(None)),
         case((interim_first, ServiceCase.interim_reply_due), else_=ServiceCase.processing_deadline)),
        (and_(ServiceCase.status == CaseStatus.DECIDED.value, ServiceCase.outcome.in_([o.value for o in ADVERSE]),
              ServiceCase.decided_on <= today, ServiceCase.complaint_received_on.is_(None),
              ServiceCase.complaint_deadline >= today), ServiceCase.complaint_deadline),
        (and_(ServiceCase.status == CaseStatus.APPEALED.value, ServiceCase.complaint_received_on.is_not(None),
              ServiceCase.sent_to_statsforvalteren_on.is_(None), ServiceCase.complaint_outcome == ""),
         ServiceCase.complaint_handling_due),
        else_=None,
    )


def _next_deadline(scope: Scope) -> Any:
    columns = ItemColumns(ServiceCase.person_id, Person.residence_municipality_id, ServiceCase.side,
                          ServiceCase.responsible_municipality_id, ServiceCase.service_code, ServiceCase.closed_area_id)
    return (select(func.min(next_case_date(scope.today)))
            .where(ServiceCase.person_id == Person.id, ServiceCase.closed_at.is_(None),
                   readable_clause(scope.ctx.reach, columns, DataKind.CASE, consenting=scope.consenting))
            .scalar_subquery())


def _last_contact(scope: Scope) -> Any:
    columns = ItemColumns(ContactEntry.person_id, Person.residence_municipality_id, ContactEntry.side,
                          ContactEntry.responsible_municipality_id, ContactEntry.service_code)
    return (select(func.max(ContactEntry.at))
            .where(ContactEntry.person_id == Person.id,
                   readable_clause(scope.ctx.reach, columns, DataKind.NOTE, consenting=scope.consenting))
            .scalar_subquery())
