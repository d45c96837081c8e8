"""The monthly report: made from the demo region and read back with pypdf — its headings in the chosen
language, its figures equal to counts made here with plain queries and the Python access policy, and a
reader without municipal (or any person) access gets none of those figures."""

from __future__ import annotations

from collections import Counter

import pytest
from report_checks import (
    DAY,
    LAST_MONTH,
    NOW,
    PERIOD_TEXT,
    in_period,
    page_count,
    reader,
    scope,
    staff_actor,
    text_of,
)
from sqlalchemy import func, select

from navdesk import i18n
from navdesk.domain.access_types import DataKind
from navdesk.i18n import _, format_number
from navdesk.reports.figures import month_label
from navdesk.services import report_month
from navdesk.services.report_reader import open_reader
from navdesk.services.report_types import ReportKind
from navdesk.services.reports import make_report
from navdesk.store.engine import Database
from navdesk.store.models import Appointment, Office, PersonContact, Staff, WalkIn

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def figures(db: Database, login: str, office: str) -> report_month.pdf.MonthReport:
    with db.session() as session:
        return report_month.month_report(open_reader(session, staff_actor(db, login), scope(db, ReportKind.MONTH,
                                                                                              office)))


def test_the_month_report_in_english_has_every_section_on_numbered_pages(demo_db: Database, english: None) -> None:
    pdf = make_report(demo_db, staff_actor(demo_db, "leder"), "month", "GOL", PERIOD_TEXT, "en", now=NOW)
    text = text_of(pdf)
    pages = page_count(pdf)
    for heading in ("Monthly report", "People followed up", "Caseload per veileder", "Caseload per team", "Plans",
                    "Deadlines in municipal cases", "Contact", "Appointments", "Walk-ins"):
        assert heading in text, heading
    assert f"NAV Gol og Hemsedal — {month_label(LAST_MONTH.start)}" in text
    assert "by Ingrid Haugen" in text
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    # Every page names the office, the report and its period.
    assert text.count(f"Monthly report, {month_label(LAST_MONTH.start)}") == pages


def test_the_figures_are_the_counts_of_what_the_leader_may_see(demo_db: Database, english: None) -> None:
    check = reader(demo_db, staff_actor(demo_db, "leder"), "GOL")
    report = figures(demo_db, "leder", "GOL")
    followed = check.followed()
    assert report.people is not None
    assert report.people.followed == len(followed) > 50
    assert report.people.new == sum(in_period(check.created[person]) for person in check.facts)
    with demo_db.session() as session:
        office_id = session.scalars(select(Office.id).where(Office.code == "GOL")).one()
        walk_ins = session.scalar(select(func.count()).select_from(WalkIn).where(
            WalkIn.office_id == office_id, WalkIn.day >= LAST_MONTH.start, WalkIn.day < LAST_MONTH.end))
        contacts = session.execute(select(PersonContact.person_id, Staff.name)
                                   .join(Staff, Staff.id == PersonContact.staff_id)
                                   .where(PersonContact.starts <= DAY)
                                   .where((PersonContact.ends.is_(None)) | (PersonContact.ends > DAY))).all()
        starts = dict(session.execute(select(Appointment.id, Appointment.starts_at)).all())
        rows = session.execute(select(Appointment.id, Appointment.person_id, Appointment.side,
                                      Appointment.responsible_municipality_id, Appointment.service_code)
                               .where(Appointment.person_id.in_(list(check.facts)))).all()
    assert report.walk_ins.total == walk_ins > 0
    held = Counter(name for person, name in {(p, n) for p, n in contacts} if person in followed)
    assert {row.name: row.people for row in report.veiledere} == dict(held)
    readable = [row for row in rows if in_period(starts[row.id])
                and check.may_read(row.person_id, DataKind.APPOINTMENT, row.side, row.responsible_municipality_id,
                                   row.service_code, check.facts[row.person_id].residence_municipality_id)]
    assert report.meetings is not None and report.meetings.appointments == len(readable) > 0

    text = text_of(make_report(demo_db, staff_actor(demo_db, "leder"), "month", "GOL", PERIOD_TEXT, "en", now=NOW))
    assert ("Followed up People living in the office's municipalities who are registered and not archived. "
            f"{format_number(len(followed))}") in text
    assert "Walk-ins this month Change from the month before" in text
    assert f"Total {format_number(walk_ins)}" in text


def test_the_month_report_speaks_bokmaal_by_choice(demo_db: Database) -> None:
    i18n.set_language("en")
    pdf = make_report(demo_db, staff_actor(demo_db, "leder"), ReportKind.MONTH, "GOL", PERIOD_TEXT, "nb", now=NOW)
    assert i18n.current_language() == "en"  # the report's language does not change the program's
    text = text_of(pdf)
    with i18n.in_language("nb"):
        expected = [_("Monthly report"), _("Caseload per veileder"), month_label(LAST_MONTH.start), "Side 1 av"]
    assert all(item in text for item in expected), expected


def test_a_leader_without_municipal_authorisation_gets_no_municipal_figures(demo_db: Database,
                                                                            english: None) -> None:
    # Tone Brenno leads NAV Ål and is authorised for the state side only.
    report = figures(demo_db, "tbrenno", "AAL")
    assert report.access.state and not report.access.municipal
    assert report.deadlines is None
    assert report.plans is not None and report.plans.individual_plan is None and report.plans.kvp is None
    assert report.plans.entitled is None and report.plans.activity_plan is not None
    assert all(row.municipal is None for row in (*report.veiledere, *report.teams))
    assert report.people is not None and report.people.followed == len(reader(demo_db, staff_actor(
        demo_db, "tbrenno"), "AAL").followed())

    text = text_of(make_report(demo_db, staff_actor(demo_db, "tbrenno"), "month", "AAL", PERIOD_TEXT, "en",
                               now=NOW))
    assert "You may not see municipal data at this office" in text
    assert "Deadlines in municipal cases" not in text
    assert "Individual plan An individual plan" not in text and "Qualification programme" not in text
    assert "Caseload per veileder Veileder People State " in text
    assert "State Municipal" not in text and "Municipal" not in text.replace("Municipal report", "")


def test_the_administrator_gets_only_the_figures_about_no_person(demo_db: Database, english: None) -> None:
    text = text_of(make_report(demo_db, staff_actor(demo_db, "admin"), "month", "HOL", PERIOD_TEXT, "en", now=NOW))
    assert "You have no access to person data" in text
    assert "Walk-ins this month" in text
    for heading in ("People followed up", "Caseload per veileder", "Plans", "Contact", "Appointments"):
        assert heading not in text, heading


def test_a_month_before_anything_happened_still_makes_a_report(demo_db: Database, english: None) -> None:
    text = text_of(make_report(demo_db, staff_actor(demo_db, "leder"), "month", "GOL", "2020-03", "en", now=NOW))
    assert "Followed up People living in the office's municipalities who are registered and not archived. 0" in text
    assert "March 2020" in text
