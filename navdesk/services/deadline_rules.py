"""The deadline rules in force, the offices' own values, and the deadlines stored with each case.

`rule_book` gathers the defaults, the catalogue's processing days and the overrides into the domain's
`RuleBook`. Leaders (and administrators) keep the overrides. A case's legal dates (processing deadline,
interim reply, complaint deadline, complaint preparation) are computed when the case is saved and kept:
a later change of rules changes the warnings at once, never a date already given to a person.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import Table, bindparam, or_, select, update
from sqlalchemy.orm import Session

from navdesk.domain.case_codes import CaseStatus
from navdesk.domain.deadlines import (
    DeadlineRules,
    RuleBook,
    RuleOverride,
    complaint_deadline,
    complaint_handling_due,
    interim_reply_due,
    processing_deadline,
)
from navdesk.domain.errors import Conflict, Errors, NotAllowed
from navdesk.i18n import _
from navdesk.services.actor import Actor
from navdesk.store.engine import Database
from navdesk.store.models import DeadlineRuleOverride, Office, Service, ServiceCase
from navdesk.store.models.org import office_municipality

# The values an office may set, with their allowed range (sick-leave weeks are a list of 1..52).
OVERRIDABLE: dict[str, tuple[int, int]] = {
    "processing_days": (1, 365),
    "interim_reply_prompt_days": (0, 31),
    "complaint_handling_days": (1, 90),
    "kvp_warning_days": (0, 365),
    "aap_warning_days": (0, 365),
    "ip_revision_warning_days": (0, 365),
    "activity_warning_days": (0, 90),
    "sick_leave_warning_days": (0, 90),
    "no_contact_months": (1, 24),
    "due_soon_days": (0, 60),
    "grace_days": (0, 90),
    "handover_answer_working_days": (1, 30),
}
FLAGS = ("processing_in_working_days",)
WEEKS = "sick_leave_weeks"


def office_of_municipality(session: Session) -> dict[uuid.UUID, uuid.UUID]:
    """Each municipality's office (the first by code when several serve it)."""
    result: dict[uuid.UUID, uuid.UUID] = {}
    for municipality_id, office_id in session.execute(
        select(office_municipality.c.municipality_id, office_municipality.c.office_id)
        .join(Office, Office.id == office_municipality.c.office_id).order_by(Office.code)
    ):
        result.setdefault(municipality_id, office_id)
    return result


def rule_book(session: Session, today: date | None = None) -> RuleBook:
    today = today or date.today()
    catalogue = {
        (municipality_id, code): days
        for municipality_id, code, days in session.execute(
            select(Service.municipality_id, Service.code, Service.processing_days).where(
                Service.processing_days.is_not(None), Service.valid_from <= today,
                or_(Service.valid_to.is_(None), Service.valid_to >= today),
            ).order_by(Service.valid_from)
        )
        if days is not None
    }
    overrides = tuple(_override(row) for row in session.scalars(select(DeadlineRuleOverride)))
    return RuleBook(DeadlineRules(), catalogue, overrides, office_of_municipality(session))


def _override(row: DeadlineRuleOverride) -> RuleOverride:
    values: list[tuple[str, Any]] = [(name, getattr(row, name)) for name in (*OVERRIDABLE, *FLAGS)
                                     if getattr(row, name) is not None]
    if row.sick_leave_weeks:
        values.append((WEEKS, tuple(int(part) for part in row.sick_leave_weeks.split(","))))
    return RuleOverride(row.office_id, row.service_code, tuple(values))


# --- the stored case deadlines ------------------------------------------------------------------------------


def stamp_case_deadlines(case: ServiceCase, book: RuleBook) -> None:
    """Fill the legal dates the case's state calls for and that are not yet stored."""
    rules = book.rules(case.responsible_municipality_id, case.service_code)
    if case.received_on is not None and case.status in (CaseStatus.APPLIED, CaseStatus.IN_PROGRESS):
        if case.processing_deadline is None:
            case.processing_deadline = processing_deadline(case.received_on, rules)
        if case.interim_reply_due is None:
            case.interim_reply_due = interim_reply_due(case.received_on, rules)
    if case.decided_on is not None and case.complaint_deadline is None:
        case.complaint_deadline = complaint_deadline(case.decided_on, rules)
    if case.complaint_received_on is not None and case.complaint_handling_due is None:
        case.complaint_handling_due = complaint_handling_due(case.complaint_received_on, rules)


def fill_missing_case_deadlines(session: Session, book: RuleBook, person_ids: Iterable[uuid.UUID] | None = None
                                ) -> int:
    """Stamp every municipal case that lacks a date its state calls for (cases made outside the
    application workflow: imports, the demo). Returns how many cases changed."""
    statement = select(
        ServiceCase.id, ServiceCase.responsible_municipality_id, ServiceCase.service_code, ServiceCase.status,
        ServiceCase.received_on, ServiceCase.decided_on, ServiceCase.complaint_received_on,
        ServiceCase.processing_deadline, ServiceCase.interim_reply_due, ServiceCase.complaint_deadline,
        ServiceCase.complaint_handling_due,
    ).where(ServiceCase.received_on.is_not(None), or_(
        ServiceCase.processing_deadline.is_(None), ServiceCase.interim_reply_due.is_(None),
        ServiceCase.complaint_deadline.is_(None), ServiceCase.complaint_handling_due.is_(None)))
    if person_ids is not None:
        statement = statement.where(ServiceCase.person_id.in_(list(person_ids)))
    changes = []
    for row in session.execute(statement):
        rules = book.rules(row.responsible_municipality_id, row.service_code)
        values: dict[str, Any] = {}
        if row.status in (CaseStatus.APPLIED, CaseStatus.IN_PROGRESS):
            if row.processing_deadline is None:
                values["processing_deadline"] = processing_deadline(row.received_on, rules)
            if row.interim_reply_due is None:
                values["interim_reply_due"] = interim_reply_due(row.received_on, rules)
        if row.decided_on is not None and row.complaint_deadline is None:
            values["complaint_deadline"] = complaint_deadline(row.decided_on, rules)
        if row.complaint_received_on is not None and row.complaint_handling_due is None:
            values["complaint_handling_due"] = complaint_handling_due(row.complaint_received_on, rules)
        if values:
            changes.append({"case_id": row.id, **values})
    update_cases(session, changes)
    return len(changes)


def update_cases(session: Session, changes: list[dict[str, Any]]) -> None:
    """Bulk update of many cases: each change is {"case_id": id, column: value, ...}."""
    by_keys: dict[frozenset[str], list[dict[str, Any]]] = {}
    for change in changes:
        by_keys.setdefault(frozenset(change), []).append(change)
    table = cast(Table, ServiceCase.__table__)
    for keys, rows in by_keys.items():
        columns = sorted(keys - {"case_id"})
        statement = (
            update(table).where(table.c.id == bindparam("case_id"))
            .values({name: bindparam(name) for name in columns})
        )
        session.connection().execute(statement, rows)


# --- the offices' overrides ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverrideForm:
    """An override's scope and values; None (or "" for the weeks) keeps the value from the level below."""

    office_id: uuid.UUID | None
    service_code: str
    values: dict[str, int | bool | None]
    sick_leave_weeks: str = ""


@dataclass(frozen=True)
class OverrideRow:
    id: uuid.UUID
    version: int
    office_id: uuid.UUID | None
    office: str  # "" = every office
    service_code: str
    values: tuple[tuple[str, Any], ...]
    sick_leave_weeks: str


def _require_manager(actor: Actor) -> None:
    if not actor.can_manage_organisation:
        raise NotAllowed(_("Only a leader or an administrator can change the deadline rules."))


def list_overrides(db: Database, actor: Actor) -> tuple[OverrideRow, ...]:
    _require_manager(actor)
    with db.session() as session:
        offices = dict(session.execute(select(Office.id, Office.name)).all())
        rows = session.scalars(select(DeadlineRuleOverride)).all()
        return tuple(sorted((_row(row, offices) for row in rows), key=lambda r: (r.office, r.service_code)))


def _row(row: DeadlineRuleOverride, offices: dict[uuid.UUID, str]) -> OverrideRow:
    return OverrideRow(
        row.id, row.version, row.office_id, offices.get(row.office_id, "") if row.office_id else "",
        row.service_code,
        tuple((name, getattr(row, name)) for name in (*OVERRIDABLE, *FLAGS) if getattr(row, name) is not None),
        row.sick_leave_weeks or "",
    )


def override_errors(form: OverrideForm) -> dict[str, str]:
    errors = Errors()
    for name, value in form.values.items():
        if name in FLAGS:
            if value is not None and not isinstance(value, bool):
                errors.add(name, _("Choose yes or no."))
            continue
        if name not in OVERRIDABLE:
            errors.add(name, _("This rule cannot be changed."))
            continue
        low, high = OVERRIDABLE[name]
        if value is not None and (isinstance(value, bool) or not low <= value <= high):
            errors.add(name, _("Give a whole number from {low} to {high}.").format(low=low, high=high))
    weeks = form.sick_leave_weeks.strip()
    if weeks:
        try:
            parsed = [int(part) for part in weeks.split(",")]
        except ValueError:
            parsed = []
        if not parsed or any(not 1 <= week <= 52 for week in parsed):
            errors.add(WEEKS, _("Give the weeks as whole numbers from 1 to 52, separated by commas (12, 22)."))
    if not any(value is not None for value in form.values.values()) and not weeks:
        errors.add("values", _("Set at least one value."))
    return errors.errors


def save_override(db: Database, actor: Actor, form: OverrideForm, *, override_id: uuid.UUID | None = None,
                  version: int | None = None) -> OverrideRow:
    """Create an override, or change one (with the version the form loaded)."""
    _require_manager(actor)
    errors = Errors()
    for field_name, message in override_errors(form).items():
        errors.add(field_name, message)
    with db.session() as session:
        if form.office_id is not None and session.get(Office, form.office_id) is None:
            errors.add("office_id", _("Choose an office."))
        clash = session.scalar(select(DeadlineRuleOverride.id).where(
            DeadlineRuleOverride.office_id.is_(None) if form.office_id is None
            else DeadlineRuleOverride.office_id == form.office_id,
            DeadlineRuleOverride.service_code == form.service_code.strip(),
        ))
        if clash is not None and clash != override_id:
            errors.add("service_code", _("This office already has its own rules for this service; change those."))
        errors.raise_if_any()
        if override_id is None:
            row = DeadlineRuleOverride()
            session.add(row)
        else:
            found = session.get(DeadlineRuleOverride, override_id)
            if found is None or found.version != version:
                raise Conflict(_("Someone else changed these rules after you opened them. Open them again."))
            row = found
        row.office_id = form.office_id
        row.service_code = form.service_code.strip()
        for name in (*OVERRIDABLE, *FLAGS):
            setattr(row, name, form.values.get(name))
        row.sick_leave_weeks = ",".join(str(int(p)) for p in form.sick_leave_weeks.split(",")) \
            if form.sick_leave_weeks.strip() else None
        session.flush()
        offices = dict(session.execute(select(Office.id, Office.name)).all())
        return _row(row, offices)


def delete_override(db: Database, actor: Actor, override_id: uuid.UUID) -> None:
    _require_manager(actor)
    with db.session() as session:
        row = session.get(DeadlineRuleOverride, override_id)
        if row is not None:
            session.delete(row)


def effective_rules(db: Database, municipality_id: uuid.UUID | None, service_code: str = "",
                    *, today: date | None = None) -> DeadlineRules:
    with db.session() as session:
        return rule_book(session, today).rules(municipality_id, service_code)

