"""The office's monthly report (`navdesk report month`): figures computed in the database under the
reader's access (see `report_reader`), laid out by `navdesk.reports.month_report`."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select

from navdesk.domain.access_types import DataKind
from navdesk.domain.case_codes import AppointmentChannel, Outcome, label_of
from navdesk.domain.codes import Side
from navdesk.domain.deadlines import (
    INDIVIDUAL_PLAN,
    DeadlineRules,
    interim_reply_due,
    months_cutoff,
    processing_deadline,
)
from navdesk.domain.plans import IpStatus
from navdesk.reports import month_report as pdf
from navdesk.services.actor import Actor
from navdesk.services.deadline_rules import rule_book
from navdesk.services.report_reader import (
    OfficePeople,
    PersonSet,
    ReportReader,
    activity_plan_set,
    count_where,
    has_item,
    month_starts,
    names,
    next_month,
    office_people,
    open_reader,
    report_heading,
    team_loads,
    veileder_loads,
)
from navdesk.services.report_types import ReportScope
from navdesk.services.walkins import WalkInCategory, category_label
from navdesk.store.engine import Database
from navdesk.store.models import (
    Appointment,
    ContactEntry,
    IndividualPlan,
    KvpProgramme,
    ServiceCase,
    Staff,
    Team,
    WalkIn,
)

TREND_MONTHS = 12
GRANTED = (Outcome.GRANTED.value, Outcome.PARTLY_GRANTED.value)


def build(db: Database, actor: Actor, scope: ReportScope) -> bytes:
    with db.session() as session:
        reader = open_reader(session, actor, scope)
        report = month_report(reader)
    return pdf.render(report)


def month_report(reader: ReportReader) -> pdf.MonthReport:
    walk_ins = walk_in_figures(reader)
    heading = report_heading(reader.scope)
    if not reader.sees_people:
        return pdf.MonthReport(heading, reader.day, reader.access, None, (), (), None, None, None, None, walk_ins)
    people = office_people(reader, {**plan_sets(reader), **contact_sets(reader)},
                           case_sets={"entitled": entitled(reader)})
    return pdf.MonthReport(
        heading=heading, day=reader.day, access=reader.access, people=people_figures(reader, people),
        veiledere=veileder_rows(reader, people), teams=team_rows(reader, people),
        plans=plan_figures(reader, people), deadlines=deadline_figures(reader) if reader.sees_municipal else None,
        contact=contact_figures(people), meetings=meeting_figures(reader), walk_ins=walk_ins)


def people_figures(reader: ReportReader, people: OfficePeople) -> pdf.PeopleFigures:
    p = reader.p
    months = month_starts(reader.scope.period.start, TREND_MONTHS)

    def within(column: Any, first: date) -> ColumnElement[bool]:
        return and_(column >= datetime.combine(first, time()), column < datetime.combine(next_month(first), time()))

    columns = [count_where(within(p.created_at, first)) for first in months]
    columns += [count_where(within(p.archived_at, first)) for first in months]
    values = [int(value) for value in reader.session.execute(select(*columns).select_from(reader.people)).one()]
    trend = tuple(pdf.MonthCount(first, values[index], values[TREND_MONTHS + index])
                  for index, first in enumerate(months))
    return pdf.PeopleFigures(len(people.followed), trend[-1].new, trend[-1].ended,
                             len(people.followed - people["held"]), trend)


def veileder_rows(reader: ReportReader, people: OfficePeople) -> tuple[pdf.LoadRow, ...]:
    loads = veileder_loads(people)
    named = names(reader, Staff, loads)
    rows = [pdf.LoadRow(named.get(staff_id, ""), load.people, _side(reader.sees_state, load.state),
                        _side(reader.sees_municipal, load.municipal)) for staff_id, load in loads.items()]
    return tuple(sorted(rows, key=lambda row: (-row.people, row.name)))


def team_rows(reader: ReportReader, people: OfficePeople) -> tuple[pdf.LoadRow, ...]:
    loads = team_loads(people)
    named = names(reader, Team, loads)
    rows = [pdf.LoadRow(named.get(team_id, ""), load.people, _side(reader.sees_state, load.state),
                        _side(reader.sees_municipal, load.municipal), load.unassigned)
            for team_id, load in loads.items()]
    return tuple(sorted(rows, key=lambda row: (-row.people, row.name)))


def _side(visible: bool, value: int) -> int | None:
    return value if visible else None


def plan_sets(reader: ReportReader) -> dict[str, PersonSet]:
    """Who had each kind of plan in force on the report's day (plans the reader may read)."""
    day = reader.day
    return {
        "activity_plan": activity_plan_set(reader),
        "individual_plan": has_item(reader, IndividualPlan, _plan_in_force(reader),
                                    reader.readable(IndividualPlan, DataKind.PLAN)),
        "kvp": has_item(reader, KvpProgramme, KvpProgramme.starts_on <= day,
                        or_(KvpProgramme.ended_on.is_(None), KvpProgramme.ended_on > day),
                        reader.readable(KvpProgramme, DataKind.PLAN)),
    }


def entitled(reader: ReportReader) -> ColumnElement[bool]:
    """On `service_case`: a granted right to an individual plan, running on the report's day."""
    day = reader.day
    return and_(ServiceCase.service_code == INDIVIDUAL_PLAN, ServiceCase.outcome.in_(GRANTED),
                ServiceCase.starts_on <= day, or_(ServiceCase.ends_on.is_(None), ServiceCase.ends_on >= day),
                or_(ServiceCase.closed_at.is_(None), ServiceCase.closed_at >= reader.day_end))


def plan_figures(reader: ReportReader, people: OfficePeople) -> pdf.PlanFigures:
    now = people.followed

    def having(*names: str) -> int:
        return len(now.intersection(*(people[name] for name in names)))

    any_plan = len(now & (people["activity_plan"] | people["individual_plan"] | people["kvp"]))
    state, municipal = reader.sees_state, reader.sees_municipal
    return pdf.PlanFigures(
        followed=len(now), any_plan=any_plan, activity_plan=having("activity_plan") if state else None,
        individual_plan=having("individual_plan") if municipal else None, kvp=having("kvp") if municipal else None,
        entitled=having("entitled") if municipal else None,
        entitled_with_plan=having("entitled", "individual_plan") if municipal else None)


def _plan_in_force(reader: ReportReader) -> ColumnElement[bool]:
    return and_(IndividualPlan.status != IpStatus.DRAFT.value, IndividualPlan.created_at < reader.day_end,
                or_(IndividualPlan.ended_on.is_(None), IndividualPlan.ended_on > reader.day))


def deadline_figures(reader: ReportReader) -> pdf.DeadlineFigures:
    """Municipal applications: decided in time, open past the deadline, interim replies (forvaltningsloven
    §11a). A case made outside the application workflow has no stored deadline: the engine's is used."""
    start, end, day = reader.scope.period.start, reader.scope.period.end, reader.day
    book = rule_book(reader.session, day)
    rows = reader.session.execute(
        select(ServiceCase.responsible_municipality_id, reader.p.residence_municipality_id,
               ServiceCase.service_code, ServiceCase.received_on, ServiceCase.decided_on,
               ServiceCase.processing_deadline, ServiceCase.interim_reply_due, ServiceCase.interim_reply_sent_on)
        .select_from(reader.people).join(ServiceCase, ServiceCase.person_id == reader.p.id)
        .where(ServiceCase.side == Side.MUNICIPAL.value, ServiceCase.received_on < end,
               or_(ServiceCase.decided_on.is_(None), ServiceCase.decided_on >= start),
               reader.readable(ServiceCase, DataKind.CASE, closed_area=True))).all()
    decided = on_time = overdue = due = interim_on_time = interim_late = 0
    known: dict[tuple[Any, str], DeadlineRules] = {}
    for municipality, residence, code, received, decided_on, deadline, interim_due, sent in rows:
        rules = known.get((municipality or residence, code))
        if rules is None:
            rules = known[municipality or residence, code] = book.rules(municipality or residence, code)
        deadline = deadline or processing_deadline(received, rules)
        interim_due = interim_due or interim_reply_due(received, rules)
        if decided_on is not None and start <= decided_on < end:
            decided += 1
            on_time += decided_on <= deadline
        if received <= day and (decided_on is None or decided_on > day) and deadline < day:
            overdue += 1
        if start <= interim_due < end and interim_due <= day and (decided_on is None or decided_on > interim_due):
            due += 1
            if sent is not None and sent <= interim_due:
                interim_on_time += 1
            elif sent is not None and sent <= day:
                interim_late += 1
    return pdf.DeadlineFigures(decided, on_time, overdue, due, interim_on_time, interim_late,
                               due - interim_on_time - interim_late)


CONTACT_MONTHS = (3, 6)


def _contact_cutoff(reader: ReportReader, months: int) -> datetime:
    return datetime.combine(months_cutoff(reader.day, months), time())


def contact_sets(reader: ReportReader) -> dict[str, PersonSet]:
    """Per cutoff: who was registered before it, and who had a contact the reader may read since."""
    sets: dict[str, PersonSet] = {}
    for months in CONTACT_MONTHS:
        cutoff = _contact_cutoff(reader, months)
        sets[f"registered_{months}"] = reader.p.created_at < cutoff
        sets[f"contact_{months}"] = has_item(reader, ContactEntry, ContactEntry.at >= cutoff,
                                             ContactEntry.at < reader.day_end,
                                             reader.readable(ContactEntry, DataKind.NOTE))
    return sets


def contact_figures(people: OfficePeople) -> pdf.ContactFigures:
    """Of those followed up since before the cutoff, how many had no contact after it."""
    values = []
    for months in CONTACT_MONTHS:
        counted = people.followed & people[f"registered_{months}"]
        values += [len(counted), len(counted - people[f"contact_{months}"])]
    return pdf.ContactFigures(*values)


def meeting_figures(reader: ReportReader) -> pdf.MeetingFigures:
    now = reader.scope.made_at
    cancelled = Appointment.cancelled_at.is_not(None)
    rows = reader.session.execute(
        select(Appointment.channel, func.count(), count_where(cancelled),
               count_where(and_(~cancelled, Appointment.starts_at < now)))
        .select_from(reader.people).join(Appointment, Appointment.person_id == reader.p.id)
        .where(Appointment.starts_at >= reader.start, Appointment.starts_at < reader.end,
               reader.readable(Appointment, DataKind.APPOINTMENT))
        .group_by(Appointment.channel)).all()
    total = sum(int(row[1]) for row in rows)
    cancelled_count = sum(int(row[2]) for row in rows)
    held = sum(int(row[3]) for row in rows)
    order = {channel.value: index for index, channel in enumerate(AppointmentChannel)}
    by_channel = tuple((label_of(AppointmentChannel, channel), int(count))
                       for channel, count, _c, _h in sorted(rows, key=lambda row: order.get(row[0], len(order))))
    return pdf.MeetingFigures(total, held, cancelled_count, total - held - cancelled_count, by_channel)


def walk_in_figures(reader: ReportReader) -> pdf.WalkInFigures:
    start, end = reader.scope.period.start, reader.scope.period.end
    before = (start - timedelta(days=1)).replace(day=1)
    rows = reader.session.execute(
        select(WalkIn.category, count_where(WalkIn.day >= start), count_where(WalkIn.day < start))
        .where(WalkIn.office_id == reader.scope.office_id, WalkIn.day >= before, WalkIn.day < end)
        .group_by(WalkIn.category)).all()
    counts = {category: (int(now), int(earlier)) for category, now, earlier in rows}
    by_category = tuple((category_label(category), *counts.get(category.value, (0, 0)))
                        for category in WalkInCategory)
    return pdf.WalkInFigures(sum(now for _label, now, _b in by_category),
                             sum(earlier for _label, _n, earlier in by_category), by_category)
