"""The activity plan (aktivitetsplan), as in NAV's own model: typed activities on a board by status.

Every change is kept as a version (who — NAV or the person, recorded by a staff member —, when, what),
a completed or cancelled activity is locked (the user is told to make a new one), cancelling asks why,
and an activity past its end date that is still open is overdue. Activities of a KVP programme are on
the municipal side of the programme's municipality; all others are on the state side. Every read and
change is logged; a save on a version someone else has changed since is refused as a conflict.

Typical UI use: `board()` for the columns, `activity_form_spec(type)` to build the form,
`create_activity()`, `get_activity()`/`update_activity()` to edit, `move_activity()` for drag and drop
or the keyboard, `activity_history()` for the versions.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, not_, or_, select
from sqlalchemy.orm import Session

from navdesk.domain.access_types import Action, Decision
from navdesk.domain.errors import Conflict, Errors, ValidationFailed
from navdesk.domain.plans import (
    ACTIVITY_FIELDS,
    DATE_RULES,
    INITIAL_STATUSES,
    LONG_TEXT_MAX,
    NAV_ONLY_TYPES,
    OPEN_STATUSES,
    STATUS_ORDER,
    TRANSITIONS,
    ActivityLocked,
    ActivityStatus,
    ActivityType,
    ChangedBy,
    FieldKind,
    FieldSpec,
    is_locked,
    is_overdue,
    label,
    label_of,
    transition_errors,
    validate_activity,
)
from navdesk.i18n import _, format_date
from navdesk.services import audit
from navdesk.services.access_facts import access_context
from navdesk.services.actor import Actor
from navdesk.services.person_guard import Refused, action_session
from navdesk.services.plan_access import (
    KVP_SERVICE,
    STATE_PLAN,
    WHAT_ACTIVITY,
    WHAT_ACTIVITY_HISTORY,
    WHAT_ACTIVITY_PLAN,
    PlanJudge,
    begin,
    changed_by_label,
    log_allowed,
    require,
    row_item,
    staff_names,
)
from navdesk.services.plan_goals import GoalReader
from navdesk.services.plan_types import (
    ActivityBoard,
    ActivityCard,
    ActivityDetail,
    ActivityEdit,
    ActivityFilter,
    ActivityForm,
    ActivityFormSpec,
    ActivityList,
    BoardColumn,
    DetailValue,
    HistoryEntry,
)
from navdesk.store.engine import Database
from navdesk.store.models import Activity, ActivityVersion, KvpProgramme


class Change:
    CREATED = "created"
    EDITED = "edited"
    STATUS = "status"
    AGREED = "agreed"


def activity_form_spec(activity_type: str) -> ActivityFormSpec:
    """What the form for a new or edited activity of this type shows (no database needed)."""
    kind = ActivityType(activity_type)
    rule = DATE_RULES[kind]
    initial = sorted(INITIAL_STATUSES[kind], key=STATUS_ORDER.index)
    default = ActivityStatus.PLANLAGT if ActivityStatus.PLANLAGT in initial else initial[0]
    ordered = [default, *(status for status in initial if status is not default)]
    return ActivityFormSpec(
        activity_type=kind.value,
        type_label=label(kind),
        fields=ACTIVITY_FIELDS[kind],
        dates=rule,
        from_label=_(rule.from_label),
        to_label=_(rule.to_label),
        initial_statuses=tuple((status.value, label(status)) for status in ordered),
        nav_only=kind in NAV_ONLY_TYPES,
    )


def activity_types() -> tuple[tuple[str, str], ...]:
    """(type, label) of every activity type, in NAV's order."""
    return tuple((kind.value, label(kind)) for kind in ActivityType)


# Reading --------------------------------------------------------------------------------------------

def board(db: Database, actor: Actor, person_id: uuid.UUID, *, now: datetime | None = None) -> ActivityBoard:
    """The activity plan as columns by status; KVP activities the actor may not read are withheld."""
    now = now or datetime.now()
    today = now.date()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        _facts, judge = begin(session, ctx, person_id, action=audit.LogAction.READ, what=WHAT_ACTIVITY_PLAN,
                              now=now)
        rows = judge.sort(_person_activities(session, person_id), row_item)
        cards = [_card(row, judge, today) for row in rows]
        columns = []
        for status in STATUS_ORDER:
            in_column = [card for card in cards if card.status == status]
            columns.append(BoardColumn(status.value, label(status), tuple(_column_order(status, in_column, rows))))
        result = ActivityBoard(
            person_id=person_id,
            columns=tuple(columns),
            overdue=sum(card.overdue for card in cards),
            withheld=judge.withheld,
            can_create=judge.may(STATE_PLAN, Action.CHANGE),
            kvp_programmes=_writable_programmes(session, judge, person_id),
        )
        log_allowed(session, judge, action=audit.LogAction.READ, what=WHAT_ACTIVITY_PLAN, now=now)
        return result


def list_activities(db: Database, actor: Actor, person_id: uuid.UUID, filters: ActivityFilter | None = None, *,
                    now: datetime | None = None) -> ActivityList:
    """The activities matching `filters`: open ones first (soonest end date first), then closed (newest first)."""
    now = now or datetime.now()
    today = now.date()
    filters = filters or ActivityFilter()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        _facts, judge = begin(session, ctx, person_id, action=audit.LogAction.READ, what=WHAT_ACTIVITY_PLAN,
                              now=now)
        rows = judge.sort(_person_activities(session, person_id, filters, today), row_item)
        cards = [_card(row, judge, today) for row in rows]
        open_cards = sorted((c for c in cards if not c.locked), key=lambda c: (c.to_date is None, c.to_date))
        changed = {row.id: row.changed_at for row in rows}
        closed = sorted((c for c in cards if c.locked), key=lambda c: changed[c.activity_id], reverse=True)
        log_allowed(session, judge, action=audit.LogAction.READ, what=WHAT_ACTIVITY_PLAN, now=now)
        return ActivityList(tuple(open_cards + closed), judge.withheld)


def get_activity(db: Database, actor: Actor, activity_id: uuid.UUID, *, now: datetime | None = None) -> ActivityDetail:
    now = now or datetime.now()
    with action_session(db) as session:
        activity, judge = _open(session, actor, activity_id, audit.LogAction.READ, now)
        require(session, judge, row_item(activity), Action.READ, log_action=audit.LogAction.READ, what=WHAT_ACTIVITY,
                now=now)
        detail = _detail(session, judge, activity, now.date())
        log_allowed(session, judge, action=audit.LogAction.READ, what=WHAT_ACTIVITY, now=now)
        return detail


def activity_history(db: Database, actor: Actor, activity_id: uuid.UUID, *,
                     now: datetime | None = None) -> tuple[HistoryEntry, ...]:
    """Every version of the activity in words, newest first."""
    now = now or datetime.now()
    with action_session(db) as session:
        activity, judge = _open(session, actor, activity_id, audit.LogAction.READ, now)
        require(session, judge, row_item(activity), Action.READ, log_action=audit.LogAction.READ,
                what=WHAT_ACTIVITY_HISTORY, now=now)
        names = staff_names(session)
        reader = GoalReader(session, judge, activity.person_id, now.date())
        kind = ActivityType(activity.activity_type)
        rows = session.scalars(select(ActivityVersion).where(ActivityVersion.activity_id == activity_id)
                               .order_by(ActivityVersion.version.desc())).all()
        entries = [
            HistoryEntry(
                version=row.version,
                at=row.at,
                by=ChangedBy(row.by),
                who=changed_by_label(row.by, names.get(row.staff_id, "")),
                what=_change_label(row.change),
                lines=tuple(_history_lines(kind, row.change, _load(row.changes), reader)),
            )
            for row in rows
        ]
        created = _created_values(activity, [_load(row.changes) for row in rows])
        entries.append(HistoryEntry(
            version=1,
            at=activity.created_at,
            by=ChangedBy(activity.created_by_kind),
            who=changed_by_label(activity.created_by_kind, names.get(activity.created_by_id, "")),
            what=_change_label(Change.CREATED),
            lines=tuple(_history_lines(kind, Change.CREATED, {key: [None, value] for key, value in created.items()},
                                       reader)),
        ))
        log_allowed(session, judge, action=audit.LogAction.READ, what=WHAT_ACTIVITY_HISTORY, now=now)
        return tuple(entries)


# Changing -------------------------------------------------------------------------------------------

def create_activity(db: Database, actor: Actor, person_id: uuid.UUID, form: ActivityForm, *,
                    now: datetime | None = None) -> ActivityDetail:
    """Add an activity to the person's activity plan (or, with `kvp_programme_id`, to their KVP)."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        _facts, judge = begin(session, ctx, person_id, action=audit.LogAction.CHANGE, what=WHAT_ACTIVITY, now=now)
        kind, details, programme = _validated_new(session, judge, person_id, form, now.date())
        item = row_item(programme) if programme is not None else STATE_PLAN
        decision = require(session, judge, item, Action.CHANGE, log_action=audit.LogAction.CHANGE,
                           what=WHAT_ACTIVITY, now=now)
        assert item is not None and item.side is not None  # require() refuses anything else
        activity = Activity(
            person_id=person_id, activity_type=kind.value, status=form.status, title=form.title.strip(),
            description=form.description.strip(), from_date=form.from_date, to_date=form.to_date,
            agreed=form.agreed, details=_dump(details), cancel_reason="", goal_id=form.goal_id,
            kvp_programme_id=programme.id if programme is not None else None,
            side=item.side.value,
            responsible_municipality_id=programme.responsible_municipality_id if programme is not None else None,
            service_code=KVP_SERVICE if programme is not None else "",
            created_at=now, created_by_id=actor.staff_id, created_by_kind=form.by.value, changed_at=now,
            changed_by_id=actor.staff_id, changed_by=form.by.value,
        )
        session.add(activity)
        session.flush()
        log_allowed(session, judge, action=audit.LogAction.CHANGE, what=WHAT_ACTIVITY, reason=decision.reason,
                    now=now)
        return _detail(session, judge, activity, now.date())


def update_activity(db: Database, actor: Actor, activity_id: uuid.UUID, version: int, edit: ActivityEdit, *,
                    now: datetime | None = None) -> ActivityDetail:
    """Change what an open activity says; the earlier values are kept in its history."""
    now = now or datetime.now()
    with action_session(db) as session:
        activity, judge, decision = _open_for_change(session, actor, activity_id, version, now)
        kind = ActivityType(activity.activity_type)
        if edit.by is ChangedBy.PERSON and activity.agreed:
            raise ValidationFailed({"agreed": _("This activity is agreed with NAV: only NAV can change what it "
                                                "says. The person can still move it on the board.")})
        errors = Errors()
        if edit.by is ChangedBy.PERSON and kind in NAV_ONLY_TYPES:
            errors.add("by", _("Meetings and conversation summaries are recorded by NAV."))
        details, problems = validate_activity(kind, edit.title, edit.from_date, edit.to_date, edit.details)
        for name, message in problems.items():
            errors.add(name, message)
        _check_description(errors, edit.description)
        _check_goal(session, errors, judge, activity.person_id, edit.goal_id, now.date())
        errors.raise_if_any()
        before = _snapshot(activity)
        activity.title, activity.description = edit.title.strip(), edit.description.strip()
        activity.from_date, activity.to_date = edit.from_date, edit.to_date
        activity.details, activity.goal_id = _dump(details), edit.goal_id
        changes = _diff(before, _snapshot(activity))
        if changes:
            _touch(activity, actor, edit.by, now)
            session.flush()
            _record(session, activity, Change.EDITED, changes, edit.by, actor, now)
            log_allowed(session, judge, action=audit.LogAction.CHANGE, what=WHAT_ACTIVITY, reason=decision.reason,
                        now=now)
        return _detail(session, judge, activity, now.date())


def move_activity(db: Database, actor: Actor, activity_id: uuid.UUID, version: int, status: str, *,
                  reason: str = "", by: ChangedBy = ChangedBy.NAV, now: datetime | None = None) -> ActivityCard:
    """Move an activity to another status (the board's drag and drop). Cancelling needs a reason."""
    now = now or datetime.now()
    with action_session(db) as session:
        activity, judge, decision = _open_for_change(session, actor, activity_id, version, now)
        try:
            target = ActivityStatus(status)
        except ValueError:
            raise ValidationFailed({"status": _("Choose a status.")}) from None
        errors = transition_errors(ActivityStatus(activity.status), target, reason)
        if errors:
            raise ValidationFailed(errors)
        before = _snapshot(activity)
        activity.status = target.value
        if target is ActivityStatus.AVBRUTT:
            activity.cancel_reason = reason.strip()
        _touch(activity, actor, by, now)
        session.flush()
        _record(session, activity, Change.STATUS, _diff(before, _snapshot(activity)), by, actor, now)
        log_allowed(session, judge, action=audit.LogAction.CHANGE, what=WHAT_ACTIVITY, reason=decision.reason,
                    now=now)
        return _card(activity, judge, now.date())


def mark_agreed(db: Database, actor: Actor, activity_id: uuid.UUID, version: int, *,
                now: datetime | None = None) -> ActivityCard:
    """Mark the activity as agreed with NAV (avtalt med NAV). It stays agreed."""
    now = now or datetime.now()
    with action_session(db) as session:
        activity, judge, decision = _open_for_change(session, actor, activity_id, version, now)
        if activity.agreed:
            raise ValidationFailed({"agreed": _("The activity is already agreed with NAV.")})
        activity.agreed = True
        _touch(activity, actor, ChangedBy.NAV, now)
        session.flush()
        _record(session, activity, Change.AGREED, {"agreed": [False, True]}, ChangedBy.NAV, actor, now)
        log_allowed(session, judge, action=audit.LogAction.CHANGE, what=WHAT_ACTIVITY, reason=decision.reason,
                    now=now)
        return _card(activity, judge, now.date())


def close_programme_activities(session: Session, actor: Actor, programme_id: uuid.UUID, reason: str,
                               now: datetime) -> int:
    """Cancel every open activity of a KVP programme with `reason` (the programme has ended)."""
    rows = session.scalars(select(Activity).where(
        Activity.kvp_programme_id == programme_id,
        Activity.status.in_([status.value for status in OPEN_STATUSES]))).all()
    for activity in rows:
        before = _snapshot(activity)
        activity.status = ActivityStatus.AVBRUTT.value
        activity.cancel_reason = reason[:500]
        _touch(activity, actor, ChangedBy.NAV, now)
        session.flush()
        _record(session, activity, Change.STATUS, _diff(before, _snapshot(activity)), ChangedBy.NAV, actor, now)
    return len(rows)


def activity_cards(judge: PlanJudge, rows: Iterable[Activity], today: date) -> tuple[ActivityCard, ...]:
    """Cards for rows the judge has already let through (used by the KVP view)."""
    return tuple(_card(row, judge, today) for row in rows)


# Internals ----------------------------------------------------------------------------------------

def _open(session: Session, actor: Actor, activity_id: uuid.UUID, action: str,
          now: datetime) -> tuple[Activity, PlanJudge]:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise Refused(_("The activity no longer exists, or you may not see it."))
    ctx = access_context(session, actor, now=now)
    _facts, judge = begin(session, ctx, activity.person_id, action=action, what=WHAT_ACTIVITY, now=now)
    return activity, judge


def _open_for_change(session: Session, actor: Actor, activity_id: uuid.UUID, version: int,
                     now: datetime) -> tuple[Activity, PlanJudge, Decision]:
    activity, judge = _open(session, actor, activity_id, audit.LogAction.CHANGE, now)
    decision = require(session, judge, row_item(activity), Action.CHANGE, log_action=audit.LogAction.CHANGE,
                       what=WHAT_ACTIVITY, now=now)
    if is_locked(ActivityStatus(activity.status)):
        raise ActivityLocked()
    if activity.version != version:
        raise Conflict(_("Someone else changed this activity after you opened it. Close it and open it again "
                         "to see their changes."))
    return activity, judge, decision


def _person_activities(session: Session, person_id: uuid.UUID, filters: ActivityFilter | None = None,
                       today: date | None = None) -> list[Activity]:
    query = select(Activity).where(Activity.person_id == person_id)
    if filters is not None:
        if filters.types:
            query = query.where(Activity.activity_type.in_(sorted(filters.types)))
        if filters.statuses:
            query = query.where(Activity.status.in_(sorted(filters.statuses)))
        if filters.agreed is not None:
            query = query.where(Activity.agreed.is_(filters.agreed))
        if filters.kvp is not None:
            column = Activity.kvp_programme_id
            query = query.where(column.is_not(None) if filters.kvp else column.is_(None))
        if filters.overdue is not None and today is not None:
            late = and_(Activity.status.in_([s.value for s in OPEN_STATUSES]), Activity.to_date < today)
            query = query.where(late if filters.overdue else or_(not_(late), Activity.to_date.is_(None)))
    return list(session.scalars(query.order_by(Activity.created_at)))


def _column_order(status: ActivityStatus, cards: list[ActivityCard], rows: list[Activity]) -> list[ActivityCard]:
    if status in OPEN_STATUSES:
        return sorted(cards, key=lambda c: (c.to_date is None, c.to_date or date.max))
    changed = {row.id: row.changed_at for row in rows}
    return sorted(cards, key=lambda c: changed[c.activity_id], reverse=True)


def _writable_programmes(session: Session, judge: PlanJudge, person_id: uuid.UUID) -> tuple[tuple[uuid.UUID, str], ...]:
    result = []
    for programme in session.scalars(select(KvpProgramme).where(KvpProgramme.person_id == person_id,
                                                                KvpProgramme.ended_on.is_(None))):
        if judge.may(row_item(programme), Action.CHANGE):
            result.append((programme.id, _("KVP from {date}").format(date=format_date(programme.starts_on))))
    return tuple(result)


def _card(row: Activity, judge: PlanJudge, today: date) -> ActivityCard:
    kind = ActivityType(row.activity_type)
    status = ActivityStatus(row.status)
    locked = is_locked(status)
    can_change = not locked and judge.may(row_item(row), Action.CHANGE)
    moves = sorted(TRANSITIONS[status], key=STATUS_ORDER.index) if can_change else []
    return ActivityCard(
        activity_id=row.id,
        version=row.version,
        activity_type=kind.value,
        type_label=label(kind),
        status=status.value,
        status_label=label(status),
        title=row.title,
        from_date=row.from_date,
        to_date=row.to_date,
        agreed=row.agreed,
        overdue=is_overdue(status, row.to_date, today),
        locked=locked,
        kvp=row.kvp_programme_id is not None,
        subtitle=_subtitle(kind, _load(row.details)),
        can_change=can_change,
        next_statuses=tuple((move.value, label(move)) for move in moves),
    )


def _detail(session: Session, judge: PlanJudge, row: Activity, today: date) -> ActivityDetail:
    kind = ActivityType(row.activity_type)
    values = _load(row.details)
    names = staff_names(session)
    reader = GoalReader(session, judge, row.person_id, today)
    return ActivityDetail(
        card=_card(row, judge, today),
        description=row.description,
        details=tuple(DetailValue(spec.name, spec.label, values[spec.name], _shown(spec, values[spec.name]))
                      for spec in ACTIVITY_FIELDS[kind] if spec.name in values),
        fields=ACTIVITY_FIELDS[kind],
        cancel_reason=row.cancel_reason,
        goal_id=row.goal_id if reader.may_read_goal(row.goal_id) else None,
        goal_text=reader.goal_text(row.goal_id),
        kvp_programme_id=row.kvp_programme_id,
        created_at=row.created_at,
        created_by=names.get(row.created_by_id, ""),
        changed_at=row.changed_at,
        changed_by_label=changed_by_label(row.changed_by, names.get(row.changed_by_id, "")),
        versions=row.version,
    )


def _validated_new(session: Session, judge: PlanJudge, person_id: uuid.UUID, form: ActivityForm,
                   today: date) -> tuple[ActivityType, dict[str, object], KvpProgramme | None]:
    errors = Errors()
    try:
        kind = ActivityType(form.activity_type)
    except ValueError:
        raise ValidationFailed({"activity_type": _("Choose the kind of activity.")}) from None
    details, problems = validate_activity(kind, form.title, form.from_date, form.to_date, form.details)
    for name, message in problems.items():
        errors.add(name, message)
    if form.status not in {status.value for status in INITIAL_STATUSES[kind]}:
        errors.add("status", _("A new activity of this kind cannot start with this status."))
    if form.by is ChangedBy.PERSON and kind in NAV_ONLY_TYPES:
        errors.add("by", _("Meetings and conversation summaries are recorded by NAV."))
    if form.by is ChangedBy.PERSON and form.agreed:
        errors.add("agreed", _("Only NAV can mark an activity as agreed."))
    _check_description(errors, form.description)
    _check_goal(session, errors, judge, person_id, form.goal_id, today)
    programme = None
    if form.kvp_programme_id is not None:
        programme = session.get(KvpProgramme, form.kvp_programme_id)
        if programme is None or programme.person_id != person_id:
            errors.add("kvp_programme_id", _("Choose one of the person's KVP programmes."))
            programme = None
        elif programme.ended_on is not None:
            errors.add("kvp_programme_id", _("This KVP programme has ended."))
    errors.raise_if_any()
    return kind, details, programme


def _check_description(errors: Errors, description: str) -> None:
    if len(description.strip()) > LONG_TEXT_MAX:
        errors.add("description", _("At most {count} characters.").format(count=LONG_TEXT_MAX))


def _check_goal(session: Session, errors: Errors, judge: PlanJudge, person_id: uuid.UUID,
                goal_id: uuid.UUID | None, today: date) -> None:
    if goal_id is not None and not GoalReader(session, judge, person_id, today).may_read_goal(goal_id):
        errors.add("goal_id", _("Choose one of the person's goals."))


def _touch(activity: Activity, actor: Actor, by: ChangedBy, now: datetime) -> None:
    activity.changed_at, activity.changed_by_id, activity.changed_by = now, actor.staff_id, by.value


def _record(session: Session, activity: Activity, change: str, changes: Mapping[str, list[Any]], by: ChangedBy,
            actor: Actor, now: datetime) -> None:
    session.add(ActivityVersion(activity_id=activity.id, version=activity.version, at=now, by=by.value,
                                staff_id=actor.staff_id, change=change,
                                changes=json.dumps(changes, ensure_ascii=False)))  # in the order of the fields
    session.flush()


def _snapshot(activity: Activity) -> dict[str, Any]:
    """The activity's values as the history stores them (dates as ISO text, details flattened)."""
    values: dict[str, Any] = {
        "activity_type": activity.activity_type,
        "status": activity.status,
        "title": activity.title,
        "description": activity.description,
        "from_date": activity.from_date.isoformat() if activity.from_date else None,
        "to_date": activity.to_date.isoformat() if activity.to_date else None,
        "agreed": activity.agreed,
        "cancel_reason": activity.cancel_reason,
        "goal_id": str(activity.goal_id) if activity.goal_id else None,
    }
    for name, value in _load(activity.details).items():
        values[f"details.{name}"] = value
    return values


def _created_values(activity: Activity, newest_first: Sequence[Mapping[str, list[Any]]]) -> dict[str, Any]:
    """What the activity said when it was created: the current values with every later change undone."""
    values = _snapshot(activity)
    for changes in newest_first:
        for key, pair in changes.items():
            values[key] = pair[0] if isinstance(pair, list) and pair else None
    return {key: value for key, value in values.items() if value not in (None, "", False)}


def _diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    return {key: [before.get(key), after.get(key)] for key in dict.fromkeys([*before, *after])
            if before.get(key) != after.get(key)}


def _dump(values: Mapping[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def _load(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _shown(spec: FieldSpec, value: object) -> str:
    if spec.kind is FieldKind.CHOICE:
        for choice in spec.choices:
            if choice.value == value:
                return label(choice)
    return str(value)


def _subtitle(kind: ActivityType, values: Mapping[str, Any]) -> str:
    """One line of the type's own fields for a card: who, where, when."""
    specs = {spec.name: spec for spec in ACTIVITY_FIELDS[kind]}

    def shown(name: str) -> str:
        return _shown(specs[name], values[name]) if name in values else ""

    if kind is ActivityType.SOKEAVTALE and "per_week" in values:
        return _("{count} applications a week").format(count=values["per_week"])
    parts = {
        ActivityType.STILLING: ("employer", "job_title", "label"),
        ActivityType.I_JOBB: ("employer", "extent"),
        ActivityType.BEHANDLING: ("kind", "place"),
        ActivityType.MOTE: ("time", "channel", "place"),
        ActivityType.SAMTALEREFERAT: ("channel",),
        ActivityType.TILTAK: ("provider", "tiltak_kind"),
    }.get(kind, ())
    return " · ".join(text for text in (shown(name) for name in parts) if text)


@dataclass(frozen=True)
class _Field:
    label: str
    kind: str  # status | type | date | bool | goal | choice | text


def _field(kind: ActivityType, key: str) -> _Field:
    rule = DATE_RULES[kind]
    fixed = {
        "activity_type": _Field(_("Kind"), "type"),
        "status": _Field(_("Status"), "status"),
        "title": _Field(_("Title"), "text"),
        "description": _Field(_("Description"), "text"),
        "from_date": _Field(_(rule.from_label), "date"),
        "to_date": _Field(_(rule.to_label), "date"),
        "agreed": _Field(_("Agreed with NAV"), "bool"),
        "cancel_reason": _Field(_("Reason for cancelling"), "text"),
        "goal_id": _Field(_("Goal"), "goal"),
    }
    if key in fixed:
        return fixed[key]
    name = key.removeprefix("details.")
    for spec in ACTIVITY_FIELDS[kind]:
        if spec.name == name:
            return _Field(spec.label, "choice:" + name if spec.kind is FieldKind.CHOICE else "text")
    return _Field(name, "text")


def _value_text(kind: ActivityType, field: _Field, value: Any, reader: GoalReader) -> str:
    if value is None or value == "":
        return "—"
    if field.kind == "status":
        return label_of(ActivityStatus, value)
    if field.kind == "type":
        return label_of(ActivityType, value)
    if field.kind == "date":
        try:
            return format_date(date.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    if field.kind == "bool":
        return _("Yes") if value else _("No")
    if field.kind == "goal":
        try:
            text = reader.goal_text(uuid.UUID(value))
        except ValueError:
            text = ""
        return text or _("a goal you may not see")
    if field.kind.startswith("choice:"):
        name = field.kind.removeprefix("choice:")
        spec = next(spec for spec in ACTIVITY_FIELDS[kind] if spec.name == name)
        return _shown(spec, value)
    return str(value)


def _history_lines(kind: ActivityType, change: str, changes: Mapping[str, list[Any]],
                   reader: GoalReader) -> list[str]:
    lines = []
    for key, pair in changes.items():
        field = _field(kind, key)
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        if change == Change.CREATED:
            lines.append(_("{field}: {value}").format(field=field.label, value=_value_text(kind, field, after,
                                                                                             reader)))
        else:
            lines.append(_("{field}: {before} → {after}").format(
                field=field.label, before=_value_text(kind, field, before, reader),
                after=_value_text(kind, field, after, reader)))
    return lines


def _change_label(change: str) -> str:
    return {
        Change.CREATED: _("Created"),
        Change.EDITED: _("Changed"),
        Change.STATUS: _("Moved"),
        Change.AGREED: _("Agreed with NAV"),
    }.get(change, change)
