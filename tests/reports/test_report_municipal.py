"""The municipal report: made from the demo region and read back with pypdf — its figures are the counts
in the database, small counts are hidden and cannot be worked out, and a reader without municipal
authorisation gets no municipal figures."""

from __future__ import annotations

import io
import uuid
from datetime import date, datetime, time, timedelta

import pytest
from card_people import GOL, HEMSEDAL, resident, sign_in
from pypdf import PdfReader
from sqlalchemy import func, select

from navdesk import i18n
from navdesk.domain import suppression
from navdesk.domain.case_codes import CaseStatus, Outcome
from navdesk.domain.codes import Side
from navdesk.i18n import format_date
from navdesk.services import report_municipal
from navdesk.services.report_types import SMALL_COUNT, Period, ReportKind, ReportScope
from navdesk.services.reports import make_report
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Office, ServiceCase

TODAY = date.today()
LAST_MONTH = date(TODAY.year - 1, 12, 1) if TODAY.month == 1 else date(TODAY.year, TODAY.month - 1, 1)
QUIET_MONTH = date(2020, 3, 1)  # before the demo region's history begins


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def between(text: str, first: str, after: str | None) -> str:
    start = text.index(first)
    return text[start:text.index(after, start)] if after else text[start:]


def month_text(first: date) -> str:
    return f"{first.year:04d}-{first.month:02d}"


def municipality_id(db: Database, number: str) -> uuid.UUID:
    with db.session() as session:
        return session.scalars(select(Municipality.id).where(Municipality.number == number)).one()


def expected_total(db: Database, number: str, column: str, first: date) -> str:
    """The printed total of a breakdown by service (applications) or outcome (decisions), counted plainly."""
    end = Period(first.year, first.month).end
    key = ServiceCase.service_code if column == "received_on" else ServiceCase.outcome
    day = getattr(ServiceCase, column)
    with db.session() as session:
        parts = [count for _key, count in session.execute(
            select(key, func.count()).where(
                ServiceCase.side == Side.MUNICIPAL.value, ServiceCase.outcome != "" if column == "decided_on" else
                ServiceCase.id.is_not(None), ServiceCase.responsible_municipality_id == municipality_id(db, number),
                day >= first, day < end).group_by(key))]
    return suppression.breakdown(parts, SMALL_COUNT).total.text()


def test_the_figures_are_the_counts_in_the_database(demo_db: Database, english: None) -> None:
    leder = sign_in(demo_db, "leder")
    text = text_of(make_report(demo_db, leder, "municipal", "GOL", month_text(LAST_MONTH)))
    period = format_date(LAST_MONTH, "LLLL y")
    assert "Municipal report" in text and f"NAV Gol og Hemsedal — {period}" in text
    assert f"Municipal report, {period}" in text  # on every page, with the page number
    gol = between(text, "Gol (municipality 3324)", "Hemsedal (municipality 3326)")
    hemsedal = between(text, "Hemsedal (municipality 3326)", "Each municipality's share")
    for section, number in ((gol, GOL), (hemsedal, HEMSEDAL)):
        assert "Services in use" in section and "Interim replies" in section and "Complaints" in section
        assert "Qualification programme (KVP)" in section and "Debt counselling" in section
        assert f"All services {expected_total(demo_db, number, 'received_on', LAST_MONTH)}" in section
        decisions = expected_total(demo_db, number, "decided_on", LAST_MONTH)
        assert (f"All decisions {decisions}" in section if decisions != "0"
                else "No decisions were made in the period." in section)
    assert "About the figures" in text and "fewer than 5" in text


def _add_decided(db: Database, number: str, people: int, day: date, outcome: Outcome = Outcome.GRANTED) -> None:
    """`people` residents of the municipality, each with one application decided on `day`: the i-th took i days."""
    municipality = municipality_id(db, number)
    with db.session() as session:
        for index in range(people):
            session.add(ServiceCase(
                person_id=resident(db, number, index), side=Side.MUNICIPAL.value, service_code="oko_stonad",
                responsible_municipality_id=municipality, status=CaseStatus.DECIDED.value,
                received_on=day - timedelta(days=index), decided_on=day, starts_on=day, ends_on=day,
                outcome=outcome.value, created_at=datetime.combine(day, time(10))))


def test_small_counts_are_hidden_and_cannot_be_worked_out_from_the_totals(demo_db: Database,
                                                                           english: None) -> None:
    _add_decided(demo_db, GOL, 2, QUIET_MONTH.replace(day=10))
    _add_decided(demo_db, HEMSEDAL, 12, QUIET_MONTH.replace(day=20))
    text = text_of(make_report(demo_db, sign_in(demo_db, "leder"), "municipal", "GOL", month_text(QUIET_MONTH)))
    gol = between(text, "Gol (municipality 3324)", "Hemsedal (municipality 3326)")
    assert "All decisions fewer than 5" in gol and "Granted fewer than 5" in gol
    assert "All decisions 2" not in gol
    assert "Processing time: too few decisions in the period to print it." in gol
    hemsedal = between(text, "Hemsedal (municipality 3326)", "Each municipality's share")
    assert "All decisions 12" in hemsedal and "Granted 12 100%" in hemsedal
    # 0, 1, … 11 days: the median is 5.5, and nine in ten (the 11th of 12) took no more than 10.
    assert "half of the decisions were made within 5.5 days; nine in ten within 10 days" in hemsedal
    # Two people in Gol must not be found as 14 − 12: Hemsedal's count is withheld too, the total stays.
    shares = between(text, "Each municipality's share", "About the figures")
    assert "Gol fewer than 5" in shares and "Hemsedal withheld" in shares and "The office 14" in shares
    assert "Hemsedal 12" not in shares and "86%" not in shares


def test_interim_replies_due_in_the_period_are_counted_sent_late_or_missing(demo_db: Database,
                                                                          english: None) -> None:
    gol = municipality_id(demo_db, GOL)
    due = QUIET_MONTH.replace(day=16)
    with demo_db.session() as session:
        for index, sent in enumerate([due - timedelta(days=3)] * 6 + [due + timedelta(days=4)] * 5 + [None] * 7):
            session.add(ServiceCase(
                person_id=resident(demo_db, GOL, index), side=Side.MUNICIPAL.value, service_code="oko_stonad",
                responsible_municipality_id=gol, status=CaseStatus.IN_PROGRESS.value,
                received_on=due - timedelta(days=31), interim_reply_due=due, interim_reply_sent_on=sent,
                created_at=datetime.combine(due - timedelta(days=31), time(10))))
    text = text_of(make_report(demo_db, sign_in(demo_db, "leder"), "municipal", "GOL", month_text(QUIET_MONTH)))
    gol_section = between(text, "Gol (municipality 3324)", "Hemsedal (municipality 3326)")
    assert "Interim reply sent in time 6 33%" in gol_section
    assert "Interim reply sent late 5 28%" in gol_section and "No interim reply sent 7 39%" in gol_section
    assert "Interim replies due 18" in gol_section


def test_a_reader_without_municipal_authorisation_gets_no_municipal_figures(demo_db: Database,
                                                                            english: None) -> None:
    with demo_db.session() as session:
        office = session.scalars(select(Office).where(Office.code == "GOL")).one()
        scope = ReportScope(ReportKind.MUNICIPAL, office.id, office.code, office.name,
                            Period(LAST_MONTH.year, LAST_MONTH.month), "en", datetime.now(), "Ola Rud")
    text = text_of(report_municipal.build(demo_db, sign_in(demo_db, "stat"), scope))
    assert "You may not see municipal data at this office, so this report has no municipal figures." in text
    for withheld in ("Services in use", "All decisions", "Complaints received", "Each municipality's share"):
        assert withheld not in text


def test_the_debt_counsellor_sees_only_the_services_she_works(demo_db: Database, english: None) -> None:
    with demo_db.session() as session:
        office = session.scalars(select(Office).where(Office.code == "GOL")).one()
        scope = ReportScope(ReportKind.MUNICIPAL, office.id, office.code, office.name,
                            Period(LAST_MONTH.year, LAST_MONTH.month), "en", datetime.now(), "Sigrid Kolsrud")
    text = text_of(report_municipal.build(demo_db, sign_in(demo_db, "gjeld"), scope))
    # Gjeldsrådgivning reaches Gol through the debt agreement; Hemsedal is not part of it.
    assert "You have no municipal authorisation for Hemsedal, so its figures are left out." in text
    assert "Only the services you work for Gol are counted: Gjeldsrådgivning" in text
    assert "Qualification programme (KVP)" not in text and "Debt counselling" in text
    assert "these shares are not the split between the municipalities" in text


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_report_speaks_the_chosen_language(demo_db: Database, language: str) -> None:
    pdf = make_report(demo_db, sign_in(demo_db, "leder"), "municipal", "GOL", month_text(LAST_MONTH), language)
    text = text_of(pdf)
    with i18n.in_language(language):
        assert i18n._("Municipal report") in text
        assert format_date(LAST_MONTH, "LLLL y") in text
        assert i18n._("Page {page} of {pages}").format(page=1, pages=len(PdfReader(io.BytesIO(pdf)).pages)) in text
