"""The demo region's recent months: what the worklist filters and the leader reports count is there to count —
cases past their deadlines, interim replies and complaints, the access log the leader reviews, walk-ins over
whole years, meetings and contacts of late and ahead, people whose follow-up ended."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from navdesk.domain.access_types import Reason
from navdesk.domain.case_codes import CaseStatus
from navdesk.domain.deadlines import ADVERSE
from navdesk.services import audit
from navdesk.services.demo import build_demo
from navdesk.services.demo_staff import ABSENCES
from navdesk.services.startup import open_database
from navdesk.store.engine import Database
from navdesk.store.models import (
    AccessLogEntry,
    Appointment,
    ContactEntry,
    EmergencyAccess,
    JournalNote,
    Office,
    OfficeDay,
    OfficeHours,
    Person,
    PersonContact,
    ServiceCase,
    Staff,
    WalkIn,
)
from navdesk.store.models.staff import staff_office

TODAY = date(2025, 3, 12)
LAST_MONTH = (datetime(2025, 2, 1), datetime(2025, 3, 1))
CLIENTS = 800


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    folder: Path = tmp_path_factory.mktemp("demo-activity")
    db = open_database(folder / "demo.sqlite", backup_dir=folder / "backups")
    build_demo(db, clients=CLIENTS, seed=11, today=TODAY)
    yield db
    db.dispose()


def _logins(db: Database) -> dict[object, str]:
    with db.session() as session:
        return dict(session.execute(select(Staff.id, Staff.login)).all())


def test_the_access_log_is_one_whole_chain_of_the_last_months(demo: Database) -> None:
    state = audit.verify(demo)
    assert state.intact and state.entries > 1000
    with demo.session() as session:
        first, last = session.execute(select(func.min(AccessLogEntry.at), func.max(AccessLogEntry.at))).one()
    assert datetime(2025, 1, 1) <= first and last < datetime.combine(TODAY, time())


def test_emergency_accesses_have_reasons_and_the_reads_made_under_them(demo: Database) -> None:
    logins = _logins(demo)
    with demo.session() as session:
        accesses = session.scalars(select(EmergencyAccess).where(EmergencyAccess.opened_at >= LAST_MONTH[0],
                                                                 EmergencyAccess.opened_at < LAST_MONTH[1])).all()
        for access in accesses:
            reads = session.execute(select(AccessLogEntry.action, AccessLogEntry.why).where(
                AccessLogEntry.staff_id == access.staff_id, AccessLogEntry.person_id == access.person_id,
                AccessLogEntry.reason == Reason.EMERGENCY.value, AccessLogEntry.at >= access.opened_at,
                AccessLogEntry.at < access.ends_at)).all()
            assert (audit.LogAction.EMERGENCY, access.reason) in reads
            assert (audit.LogAction.READ, access.reason) in reads
    assert {"sthorsrud", "kbraaten"} & {logins[access.staff_id] for access in accesses}  # Gol's, every month
    assert all(len(access.reason) >= 20 for access in accesses)


def test_refused_attempts_include_a_conflicted_staff_member_breaking_the_glass(demo: Database) -> None:
    with demo.session() as session:
        refused = session.execute(select(AccessLogEntry.action, AccessLogEntry.reason).where(
            AccessLogEntry.allowed.is_(False), AccessLogEntry.at >= LAST_MONTH[0],
            AccessLogEntry.at < LAST_MONTH[1])).all()
    reasons = Counter(reason for _action, reason in refused)
    assert reasons[Reason.DENIED_CONFLICT.value] >= 2 and len(reasons) >= 2
    assert (audit.LogAction.EMERGENCY, Reason.DENIED_CONFLICT.value) in refused


def test_one_gol_veileder_read_unusually_many_people_last_month(demo: Database) -> None:
    logins = _logins(demo)
    with demo.session() as session:
        gol = session.scalars(select(Office.id).where(Office.code == "GOL")).one()
        staff = set(session.scalars(select(staff_office.c.staff_id).where(staff_office.c.office_id == gol)))
        people = dict(session.execute(
            select(AccessLogEntry.staff_id, func.count(func.distinct(AccessLogEntry.person_id)))
            .where(AccessLogEntry.staff_id.in_(staff), AccessLogEntry.allowed.is_(True),
                   AccessLogEntry.action == audit.LogAction.READ, AccessLogEntry.at >= LAST_MONTH[0],
                   AccessLogEntry.at < LAST_MONTH[1])
            .group_by(AccessLogEntry.staff_id)).all())
    heavy = max(people, key=people.__getitem__)
    others = [count for staff_id, count in people.items() if staff_id != heavy]
    assert logins[heavy] == "jekvisle"
    assert people[heavy] > max(20, 3 * statistics.median(others))


def test_applications_over_their_deadline_with_interim_replies_due_sent_and_missed(demo: Database) -> None:
    with demo.session() as session:
        cases = session.scalars(select(ServiceCase).where(ServiceCase.side == "municipal",
                                                          ServiceCase.received_on.is_not(None))).all()
    assert all(case.processing_deadline and case.interim_reply_due for case in cases)  # stamped, as when saved
    undecided = [case for case in cases if case.status in (CaseStatus.APPLIED, CaseStatus.IN_PROGRESS)]
    assert any(case.processing_deadline < TODAY for case in undecided)  # over the deadline now
    took_long = [case for case in cases if case.interim_reply_due < TODAY
                 and (case.decided_on is None or case.decided_on > case.interim_reply_due)]
    on_time = [case for case in took_long if case.interim_reply_sent_on and
               case.interim_reply_sent_on <= case.interim_reply_due]
    late = [case for case in took_long if case.interim_reply_sent_on and
            case.interim_reply_sent_on > case.interim_reply_due]
    missed = [case for case in took_long if case.interim_reply_sent_on is None]
    assert len(on_time) > len(late) > 0 and missed
    assert all(case.received_on < case.interim_reply_sent_on <= (case.decided_on or TODAY) for case in on_time + late)
    quick = [case for case in cases if case.decided_on and case.decided_on <= case.interim_reply_due]
    assert all(case.interim_reply_sent_on is None for case in quick)


def test_complaints_within_three_weeks_sent_on_and_decided_and_some_decisions_still_in_the_window(
        demo: Database) -> None:
    with demo.session() as session:
        cases = session.scalars(select(ServiceCase).where(ServiceCase.side == "municipal",
                                                          ServiceCase.decided_on.is_not(None))).all()
    complained = [case for case in cases if case.complaint_received_on is not None]
    assert complained and all(case.complaint_handling_due is not None for case in complained)
    assert all(case.complaint_received_on <= TODAY for case in complained)
    kept = [case for case in complained if case.complaint_outcome != "omgjort_av_kontoret"]
    assert all(case.complaint_received_on <= case.complaint_deadline for case in kept)  # within the three weeks
    assert any(case.sent_to_statsforvalteren_on is not None for case in complained)
    assert len({case.complaint_outcome for case in complained if case.complaint_outcome}) >= 2
    in_window = [case for case in cases if case.status == CaseStatus.DECIDED and case.outcome in ADVERSE
                 and case.complaint_received_on is None and case.complaint_deadline >= TODAY]
    assert in_window


def test_walk_ins_over_two_whole_years_come_while_the_office_is_open(demo: Database) -> None:
    with demo.session() as session:
        offices = dict(session.execute(select(Office.id, Office.code)).all())
        hours = defaultdict(list)
        for office_id, weekday, opens, closes in session.execute(
                select(OfficeHours.office_id, OfficeHours.weekday, OfficeHours.opens, OfficeHours.closes)):
            hours[office_id, None, weekday].append((opens, closes))
        for office_id, municipality_id, weekday, opens, closes in session.execute(
                select(OfficeDay.office_id, OfficeDay.municipality_id, OfficeDay.weekday, OfficeDay.opens,
                       OfficeDay.closes)):
            hours[office_id, municipality_id, weekday].append((opens, closes))
        walk_ins = session.execute(select(WalkIn.office_id, WalkIn.municipality_id, WalkIn.day, WalkIn.at)).all()
    months = Counter((offices[office_id], day.year, day.month) for office_id, _m, day, _at in walk_ins)
    for year, month in [(2023 + m // 12, m % 12 + 1) for m in range(26)]:  # January 2023 to February 2025
        assert months["GOL", year, month] > 100
    assert months["GOL", 2024, 7] < statistics.mean(months["GOL", 2024, m] for m in range(1, 13))
    for office_id, municipality_id, day, at in walk_ins:
        assert day < TODAY
        assert any(opens <= at < closes for opens, closes in hours[office_id, municipality_id, day.weekday()])


def test_meetings_and_contacts_of_late_and_in_the_coming_weeks(demo: Database) -> None:
    now = datetime.combine(TODAY, time())
    with demo.session() as session:
        past = session.scalar(select(func.count()).select_from(Appointment).where(
            Appointment.starts_at >= now - timedelta(days=30), Appointment.starts_at < now))
        ahead = session.scalar(select(func.count()).select_from(Appointment).where(
            Appointment.starts_at >= now, Appointment.starts_at < now + timedelta(days=28)))
        followed = set(session.scalars(
            select(PersonContact.person_id).join(Person, Person.id == PersonContact.person_id)
            .where(PersonContact.ends.is_(None), Person.archived_at.is_(None),
                   Person.created_at < now - timedelta(days=92))))
        contacted = set(session.scalars(select(ContactEntry.person_id).where(
            ContactEntry.at >= now - timedelta(days=92), ContactEntry.at < now)))
    assert past > CLIENTS * 0.08 and ahead > CLIENTS * 0.05
    assert len(followed & contacted) > 0.6 * len(followed)  # no contact for three months is the exception


def test_no_one_meets_a_veileder_who_is_away(demo: Database) -> None:
    logins = _logins(demo)
    away = defaultdict(list)
    for login, begins, ends, _deputy, _reason in ABSENCES:
        away[login].append((TODAY + timedelta(days=begins), TODAY + timedelta(days=ends)))
    with demo.session() as session:
        meetings = session.execute(select(Appointment.staff_id, Appointment.starts_at).where(
            Appointment.starts_at >= datetime.combine(TODAY - timedelta(days=122), time()))).all()
    for staff_id, starts in meetings:
        assert not any(first <= starts.date() <= last for first, last in away[logins[staff_id]])


def test_sick_leave_checkpoints_mostly_have_their_dialogue_meeting(demo: Database) -> None:
    with demo.session() as session:
        cases = session.execute(select(ServiceCase.person_id, ServiceCase.starts_on).join(
            Person, Person.id == ServiceCase.person_id).where(
            ServiceCase.service_code == "sykefravaer", Person.archived_at.is_(None))).all()
        meetings = defaultdict(list)
        for person_id, starts in session.execute(select(Appointment.person_id, Appointment.starts_at).where(
                Appointment.side == "state", Appointment.cancelled_at.is_(None))):
            meetings[person_id].append(starts.date())
    due = [(person_id, starts + timedelta(weeks=12)) for person_id, starts in cases
           if starts + timedelta(weeks=12) < TODAY]
    held = [person_id for person_id, checkpoint in due
            if any(abs((day - checkpoint).days) <= 14 for day in meetings[person_id])]
    assert due and len(held) > 0.6 * len(due)  # most: some are cancelled, and the veileder may be away


def test_people_whose_follow_up_ended_are_archived_with_nothing_after(demo: Database) -> None:
    with demo.session() as session:
        archived = dict(session.execute(select(Person.id, Person.archived_at).where(
            Person.archived_at.is_not(None))).all())
        open_contacts = set(session.scalars(select(PersonContact.person_id).where(PersonContact.ends.is_(None))))
        later = [person_id for model, column in ((JournalNote, JournalNote.written_at), (ContactEntry, ContactEntry.at),
                                                 (Appointment, Appointment.starts_at))
                 for person_id, moment in session.execute(select(model.person_id, column).where(
                     model.person_id.in_(archived)))
                 if moment > archived[person_id]]
    assert 0.05 * CLIENTS < len(archived) < 0.25 * CLIENTS
    assert not set(archived) & open_contacts and not later


def test_the_debt_counsellors_hold_the_people_whose_debt_case_they_work_on(demo: Database) -> None:
    with demo.session() as session:
        held = session.execute(select(Staff.login, PersonContact.person_id).join(
            Staff, Staff.id == PersonContact.staff_id).where(
            PersonContact.ends.is_(None), Staff.login.in_(("gjeld", "ehagen")))).all()
        with_debt = set(session.scalars(select(ServiceCase.person_id).where(ServiceCase.service_code == "gjeld")))
    assert {login for login, _person in held} == {"gjeld", "ehagen"}
    assert all(person_id in with_debt for _login, person_id in held)
