"""The annual report (årsmelding): made from the demo region and read back with pypdf — its yearly figures are
the counts in the database, small monthly counts are hidden and cannot be worked out from the year's total,
and a reader without municipal authorisation gets no municipal figures."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

from card_people import GOL, HEMSEDAL, resident, sign_in
from pypdf import PdfReader
from sqlalchemy import func, or_, select

from navdesk import i18n
from navdesk.domain import suppression
from navdesk.domain.case_codes import CaseStatus
from navdesk.domain.codes import Side
from navdesk.services import report_annual
from navdesk.services.report_types import SMALL_COUNT, Period, ReportKind, ReportScope
from navdesk.services.reports import make_report
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Office, Person, ServiceCase, WalkIn

TODAY = date.today()
QUIET_YEAR = 2019  # before the demo region's history begins


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _months(year: int) -> list[tuple[date, date]]:
    last = 12 if year < TODAY.year else TODAY.month
    return [(date(year, month, 1), date(year + (month == 12), month % 12 + 1, 1)) for month in range(1, last + 1)]


def _year_total(db: Database, model: type, day: object, where: object, year: int) -> str:
    """The year's total as printed: the months counted plainly, through the small-count rule."""
    with db.session() as session:
        months = [session.scalar(select(func.count()).select_from(model).where(where, day >= first, day < after))
                  for first, after in _months(year)]
    return suppression.breakdown([m or 0 for m in months], SMALL_COUNT).total.text()


def test_the_year_in_figures_is_the_counts_in_the_database(demo_db: Database, english: None) -> None:
    text = text_of(make_report(demo_db, sign_in(demo_db, "leder"), "annual", "GOL", str(TODAY.year)))
    for heading in ("Annual report", f"NAV Gol og Hemsedal — {TODAY.year}", "The year in figures",
                    "Month by month", "People followed up at the end of each month",
                    "Municipal applications and decisions", "Walk-ins at the office", "Decisions by outcome",
                    "Applications by municipality", "About the figures"):
        assert heading in text
    with demo_db.session() as session:
        gol_office = session.scalars(select(Office.id).where(Office.code == "GOL")).one()
        mine = list(session.scalars(select(Municipality.id).where(Municipality.number.in_((GOL, HEMSEDAL)))))

        def followed_on(cut: datetime) -> str:
            count = session.scalar(select(func.count()).select_from(Person).where(
                Person.residence_municipality_id.in_(mine), Person.created_at < cut,
                or_(Person.archived_at.is_(None), Person.archived_at >= cut))) or 0
            return suppression.count(count, SMALL_COUNT).text()

        followed = [followed_on(datetime(TODAY.year, 1, 1)),
                    followed_on(datetime.combine(TODAY + timedelta(days=1), time()))]
    walk_ins = [_year_total(demo_db, WalkIn, WalkIn.day, WalkIn.office_id == gol_office, year)
                for year in (TODAY.year - 1, TODAY.year)]
    applications = [_year_total(demo_db, ServiceCase, ServiceCase.received_on, (ServiceCase.side == "municipal")
                                & ServiceCase.responsible_municipality_id.in_(mine), year)
                    for year in (TODAY.year - 1, TODAY.year)]
    assert f"People followed up at the end of the year {followed[0]} {followed[1]}" in text
    assert f"Walk-ins at the office {walk_ins[0]} {walk_ins[1]}" in text
    assert f"Applications received {applications[0]} {applications[1]}" in text


def _add_applications(db: Database, day: date, count: int) -> None:
    with db.session() as session:
        gol = session.scalars(select(Municipality.id).where(Municipality.number == GOL)).one()
    people = [resident(db, GOL, index) for index in range(count)]
    with db.session() as session:
        for person_id in people:
            session.add(ServiceCase(person_id=person_id, side=Side.MUNICIPAL.value, service_code="oko_stonad",
                                    responsible_municipality_id=gol, status=CaseStatus.IN_PROGRESS.value,
                                    received_on=day, created_at=datetime.combine(day, time(10))))


def test_a_small_month_is_hidden_and_cannot_be_worked_out_from_the_year(demo_db: Database, english: None) -> None:
    _add_applications(demo_db, date(QUIET_YEAR, 3, 14), 3)
    _add_applications(demo_db, date(QUIET_YEAR, 5, 20), 9)
    text = text_of(make_report(demo_db, sign_in(demo_db, "leder"), "annual", "GOL", str(QUIET_YEAR)))
    # Columns: new people, followed up, applications, decisions, in KVP, walk-ins.
    assert "March 0 0 fewer than 5 0 0 0" in text
    assert "May 0 0 withheld 0 0 0" in text  # else 12 − 9 would give March away
    assert "Applications received 0 12" in text and "The year 0 12 0 0" in text
    assert "March 0 0 3" not in text and "May 0 0 9" not in text


def test_a_reader_without_municipal_authorisation_gets_no_municipal_figures(demo_db: Database,
                                                                            english: None) -> None:
    with demo_db.session() as session:
        office = session.scalars(select(Office).where(Office.code == "GOL")).one()
        scope = ReportScope(ReportKind.ANNUAL, office.id, office.code, office.name, Period(TODAY.year, None),
                            "en", datetime.now(), "Ola Rud")
    text = text_of(report_annual.build(demo_db, sign_in(demo_db, "stat"), scope))
    assert "You may not see municipal data at this office, so the municipal figures are left out" in text
    assert "People followed up at the end of the year" in text and "Walk-ins at the office" in text
    for withheld in ("Applications received", "Decisions made", "Decisions by outcome",
                     "Applications by municipality", "qualification programme"):
        assert withheld not in text


def test_the_report_speaks_bokmaal(demo_db: Database) -> None:
    text = text_of(make_report(demo_db, sign_in(demo_db, "leder"), "annual", "GOL", str(TODAY.year), "nb"))
    with i18n.in_language("nb"):
        assert i18n._("Annual report") in text
        assert i18n._("Month by month") in text
        assert i18n.format_date(date(TODAY.year, 1, 1), "LLLL") in text  # "januar"
