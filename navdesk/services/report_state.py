"""The state follow-up report (`navdesk report state`): figures computed in the database under the reader's
access (see `report_reader`), laid out by `navdesk.reports.state_report`. Only for readers with state
authorisation at the office; others get the report's frame with a notice."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, or_, select

from navdesk.domain.access_types import DataKind
from navdesk.domain.case_codes import CaseStatus
from navdesk.domain.codes import Innsatsgruppe, Side, label
from navdesk.domain.deadlines import AAP, NOT_RUNNING, SICK_LEAVE, DeadlineRules
from navdesk.reports import state_report as pdf
from navdesk.services.actor import Actor
from navdesk.services.deadline_rules import rule_book
from navdesk.services.item_access import side_readable_clause
from navdesk.services.report_reader import (
    OfficePeople,
    PersonSet,
    ReportReader,
    activity_plan_set,
    as_uuid,
    count_where,
    month_starts,
    next_month,
    office_people,
    open_reader,
    raw,
    report_heading,
)
from navdesk.services.report_types import ReportScope
from navdesk.services.worklist_query import INNSATS_SERVICE
from navdesk.store.engine import Database
from navdesk.store.models import Appointment, ContactEntry, InnsatsDecision, ServiceCase

DECISION_MONTHS = 12
AAP_MONTHS_AHEAD = 3


def build(db: Database, actor: Actor, scope: ReportScope) -> bytes:
    with db.session() as session:
        reader = open_reader(session, actor, scope)
        report = state_report(reader)
    return pdf.render(report)


def state_report(reader: ReportReader) -> pdf.StateReport:
    heading, access = report_heading(reader.scope), reader.access
    if not reader.sees_state:
        return pdf.StateReport(heading, reader.day, access, None)
    people = office_people(reader, {"activity_plan": activity_plan_set(reader), **innsats_sets(reader)})
    return pdf.StateReport(heading, reader.day, access, state_figures(reader, people))


def _innsats_readable(reader: ReportReader) -> Any:
    p = reader.p
    return side_readable_clause(reader.ctx.reach, p.id, p.residence_municipality_id, Side.STATE, DataKind.CASE,
                                INNSATS_SERVICE, consenting=reader.consenting)


def innsats_sets(reader: ReportReader) -> dict[str, PersonSet]:
    """Per innsatsgruppe (and none): its people; and whose §14a decision the reader may read."""
    p = reader.p
    sets: dict[str, PersonSet] = {f"innsats_{group.value}": p.innsatsgruppe == group.value for group in Innsatsgruppe}
    sets["innsats_none"] = or_(p.innsatsgruppe.is_(None), p.innsatsgruppe == "")
    sets["innsats_readable"] = _innsats_readable(reader)
    return sets


def state_figures(reader: ReportReader, people: OfficePeople) -> pdf.StateFigures:
    now = people.followed & people["innsats_readable"]
    rows = tuple(pdf.InnsatsRow(label(group), len(now & people[f"innsats_{group.value}"]),
                                len(now & people[f"innsats_{group.value}"] & people["activity_plan"]))
                 for group in Innsatsgruppe)
    aap_running, aap_ending = aap_figures(reader)
    sick_running, checkpoints = sick_leave_figures(reader)
    return pdf.StateFigures(
        with_state_service=len(people.followed & people["state"]), innsats=rows,
        without_group=len(now & people["state"] & people["innsats_none"]),
        decisions=decision_trend(reader), aap_running=aap_running, aap_ending=aap_ending,
        sick_leave_running=sick_running, checkpoints=checkpoints)


def decision_trend(reader: ReportReader) -> tuple[pdf.MonthValue, ...]:
    months = month_starts(reader.scope.period.start, DECISION_MONTHS)
    columns = [count_where(and_(InnsatsDecision.decided_on >= first, InnsatsDecision.decided_on < next_month(first)))
               for first in months]
    values = reader.session.execute(
        select(*columns).select_from(reader.people).join(InnsatsDecision, InnsatsDecision.person_id == reader.p.id)
        .where(InnsatsDecision.decided_on >= months[0], InnsatsDecision.decided_on < reader.scope.period.end,
               _innsats_readable(reader))).one()
    return tuple(pdf.MonthValue(first, int(value)) for first, value in zip(months, values, strict=True))


def _state_cases(reader: ReportReader, code: str) -> Any:
    return (select().select_from(reader.people).join(ServiceCase, ServiceCase.person_id == reader.p.id)
            .where(ServiceCase.side == Side.STATE.value, ServiceCase.service_code == code,
                   ServiceCase.outcome.not_in([o.value for o in NOT_RUNNING]),
                   or_(ServiceCase.closed_at.is_(None), ServiceCase.closed_at >= reader.day_end),
                   reader.readable(ServiceCase, DataKind.CASE, closed_area=True)))


def aap_figures(reader: ReportReader) -> tuple[int, tuple[pdf.MonthValue, ...]]:
    """AAP periods running on the day, and ending in the period and the months after it."""
    day = reader.day
    months = [reader.scope.period.start]
    for _index in range(AAP_MONTHS_AHEAD):
        months.append(next_month(months[-1]))
    running = and_(ServiceCase.starts_on <= day, or_(ServiceCase.ends_on.is_(None), ServiceCase.ends_on >= day))
    columns = [count_where(running)] + [
        count_where(and_(ServiceCase.ends_on >= first, ServiceCase.ends_on < next_month(first))) for first in months]
    values = [int(value) for value in reader.session.execute(_state_cases(reader, AAP).add_columns(*columns)).one()]
    return values[0], tuple(pdf.MonthValue(first, value) for first, value in zip(months, values[1:], strict=True))


def sick_leave_figures(reader: ReportReader) -> tuple[int, tuple[pdf.Checkpoint, ...]]:
    """Sick-leave follow-up running on the day, and each checkpoint that fell due in the period up to the
    day: held when the person had a state-side meeting or contact from `warning` days before the checkpoint
    until `grace` days after it (the office's own rules)."""
    start, end, day = reader.scope.period.start, reader.scope.period.end, reader.day
    book = rule_book(reader.session, day)
    cases = reader.session.execute(
        _state_cases(reader, SICK_LEAVE).add_columns(raw(reader.p.id), reader.p.residence_municipality_id,
                                                    ServiceCase.starts_on, ServiceCase.ends_on, ServiceCase.status)
        .where(ServiceCase.starts_on.is_not(None), ServiceCase.starts_on <= day)).all()
    running = {key for key, _residence, starts, ends, status in cases
               if status == CaseStatus.ACTIVE.value and (ends is None or ends >= day)}
    rules: dict[Any, DeadlineRules] = {}
    due: list[tuple[Hashable, int, date, DeadlineRules]] = []
    for key, residence, starts, _ends, _status in cases:
        found = rules.get(residence) or rules.setdefault(residence, book.rules(residence, SICK_LEAVE))
        for weeks in found.sick_leave_weeks:
            checkpoint = starts + timedelta(weeks=weeks)
            if start <= checkpoint < end and checkpoint <= day:
                due.append((key, weeks, checkpoint, found))
    meetings = _state_meetings(reader, due)
    for municipality_id in reader.municipality_ids:
        rules.setdefault(municipality_id, book.rules(municipality_id, SICK_LEAVE))
    weeks_seen = sorted({weeks for found in rules.values() for weeks in found.sick_leave_weeks})
    counts = {weeks: [0, 0] for weeks in weeks_seen}
    for key, weeks, checkpoint, found in due:
        counts[weeks][0] += 1
        first, last = (checkpoint - timedelta(days=found.sick_leave_warning_days),
                       checkpoint + timedelta(days=found.grace_days))
        counts[weeks][1] += any(first <= moment <= last for moment in meetings.get(key, ()))
    return len(running), tuple(pdf.Checkpoint(weeks, due_count, held) for weeks, (due_count, held) in counts.items())


def _state_meetings(reader: ReportReader, due: list[tuple[Hashable, int, date, DeadlineRules]]
                    ) -> dict[Hashable, list[date]]:
    """The days of state-side contacts and held appointments, around the checkpoints, of the people with
    a checkpoint due."""
    if not due:
        return {}
    first = datetime.combine(min(checkpoint - timedelta(days=rules.sick_leave_warning_days)
                                 for _key, _weeks, checkpoint, rules in due), time())
    last = datetime.combine(max(checkpoint + timedelta(days=rules.grace_days + 1)
                                for _key, _weeks, checkpoint, rules in due), time())
    people = sorted({as_uuid(key) for key, *_rest in due})
    result: dict[Hashable, list[date]] = defaultdict(list)
    contacts = (select(raw(ContactEntry.person_id), ContactEntry.at)
                .join(reader.people, reader.p.id == ContactEntry.person_id)
                .where(ContactEntry.person_id.in_(people), ContactEntry.side == Side.STATE.value,
                       ContactEntry.at >= first, ContactEntry.at < last,
                       reader.readable(ContactEntry, DataKind.NOTE)))
    appointments = (select(raw(Appointment.person_id), Appointment.starts_at)
                    .join(reader.people, reader.p.id == Appointment.person_id)
                    .where(Appointment.person_id.in_(people), Appointment.side == Side.STATE.value,
                           Appointment.cancelled_at.is_(None), Appointment.starts_at >= first,
                           Appointment.starts_at < last, Appointment.starts_at < reader.day_end,
                           reader.readable(Appointment, DataKind.APPOINTMENT)))
    for statement in (contacts, appointments):
        for key, moment in reader.session.execute(statement):
            result[key].append(moment.date())
    return result
