"""The caseload report: made from the demo region for the running month (the demo's absences are around
today) and read back with pypdf — who holds whom, absences with their deputies, ufordelte, and only the
sides the reader may see."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime, time, timedelta

from report_checks import NOW, TODAY, reader, staff_actor, text_of
from sqlalchemy import select

from navdesk.i18n import format_date, format_number
from navdesk.services import report_caseload
from navdesk.services.report_reader import open_reader
from navdesk.services.report_types import Period, ReportKind, ReportScope
from navdesk.services.reports import make_report
from navdesk.store.engine import Database
from navdesk.store.models import Office, PersonContact, Staff, StaffAbsence

THIS_MONTH = Period(TODAY.year, TODAY.month)
THIS_MONTH_TEXT = f"{TODAY.year:04d}-{TODAY.month:02d}"
END_OF_TODAY = datetime.combine(TODAY + timedelta(days=1), time())


def figures(db: Database, login: str, code: str) -> report_caseload.pdf.CaseloadReport:
    with db.session() as session:
        office = session.scalars(select(Office).where(Office.code == code)).one()
        scope = ReportScope(ReportKind.CASELOAD, office.id, office.code, office.name, THIS_MONTH, "en", NOW, "Test")
        return report_caseload.caseload_report(open_reader(session, staff_actor(db, login), scope))


def held_today(db: Database, followed: set[uuid.UUID]) -> tuple[Counter[str], set[uuid.UUID]]:
    """Open contacts per veileder name, and who has a veileder at work or covered by a deputy."""
    with db.session() as session:
        contacts = session.execute(select(PersonContact.person_id, PersonContact.staff_id, Staff.name, Staff.active)
                                   .join(Staff, Staff.id == PersonContact.staff_id)
                                   .where(PersonContact.starts <= TODAY,
                                          (PersonContact.ends.is_(None)) | (PersonContact.ends > TODAY))).all()
        away_alone = set(session.scalars(select(StaffAbsence.staff_id).where(
            StaffAbsence.starts <= TODAY, StaffAbsence.ends >= TODAY, StaffAbsence.deputy_id.is_(None))))
    pairs = {(row.person_id, row.staff_id, row.name, row.active) for row in contacts if row.person_id in followed}
    per_name = Counter(name for _person, _staff, name, _active in pairs)
    effective = {person for person, staff, _name, active in pairs if active and staff not in away_alone}
    return per_name, effective


def test_the_caseload_report_in_english_shows_who_holds_whom(demo_db: Database, english: None) -> None:
    text = text_of(make_report(demo_db, staff_actor(demo_db, "leder"), "caseload", "GOL", THIS_MONTH_TEXT, "en",
                               now=NOW))
    for heading in ("Caseload", "Summary", "Per veileder", "Per team", "State services", "Municipal services",
                    "Absences"):
        assert heading in text, heading
    # Randi Lien is on leave; Anne Grøthe covers for her.
    with demo_db.session() as session:
        ends = session.scalars(select(StaffAbsence.ends).join(Staff, Staff.id == StaffAbsence.staff_id)
                               .where(Staff.login == "rlien")).one()
    assert f"Until {format_date(ends)}, Anne Grøthe covers" in text
    assert "Randi Lien" in text and "Anne Grøthe" in text


def test_the_caseload_figures_are_the_counts_of_what_the_leader_may_see(demo_db: Database, english: None) -> None:
    followed = reader(demo_db, staff_actor(demo_db, "leder"), "GOL").followed(END_OF_TODAY)
    per_name, effective = held_today(demo_db, followed)
    report = figures(demo_db, "leder", "GOL")
    assert report.followed == len(followed)
    assert report.unassigned == len(followed - effective)
    assert {item.name: item.people for item in report.veiledere if item.people} == dict(per_name)
    # Every veileder of the office is listed, also one who holds no one today.
    with demo_db.session() as session:
        at_office = set(session.scalars(select(Staff.name).join(Staff.offices).where(
            Office.code == "GOL", Staff.roles.contains("veileder"))))
    assert at_office <= {item.name for item in report.veiledere}
    total = sum(row.people for row in report.teams)
    text = text_of(make_report(demo_db, staff_actor(demo_db, "leder"), "caseload", "GOL", THIS_MONTH_TEXT, "en",
                               now=NOW))
    assert "Unassigned (ufordelte)" in text and f"Total {format_number(total)}" in text


def test_an_absence_without_a_deputy_leaves_people_unassigned(demo_db: Database, english: None) -> None:
    # Per Ivar Skaret (NAV Hol) is on sick leave with no deputy; Gunnar Tufto, the leader, has municipal
    # authorisation only.
    followed = reader(demo_db, staff_actor(demo_db, "gtufto"), "HOL").followed(END_OF_TODAY)
    per_name, effective = held_today(demo_db, followed)
    report = figures(demo_db, "gtufto", "HOL")
    assert report.unassigned == len(followed - effective) >= per_name["Per Ivar Skaret"] > 0
    skaret = next(item for item in report.veiledere if item.name == "Per Ivar Skaret")
    assert skaret.away_until is not None and skaret.deputy == ""
    assert all(item.state is None for item in report.veiledere)
    assert [table.title for table in report.services] == ["Municipal services"]

    text = text_of(make_report(demo_db, staff_actor(demo_db, "gtufto"), "caseload", "HOL", THIS_MONTH_TEXT, "en",
                               now=NOW))
    assert "You may not see state data at this office" in text
    assert "State services" not in text and "No deputy" in text
