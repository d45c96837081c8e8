"""Ordering a leader report: the period, kind, language and office are checked, only the office's leaders
(and the administrator, without person figures) may order, every order is logged, and the report is
rendered in its own language without changing the program's."""

from __future__ import annotations

from datetime import date

import pytest
from report_checks import NOW, PERIOD_TEXT, TODAY, staff_actor, text_of
from sqlalchemy import select

from navdesk import i18n
from navdesk.domain.errors import NotAllowed, ValidationFailed
from navdesk.services.report_types import Period, ReportKind
from navdesk.services.reports import make_report, parse_period, report_choices
from navdesk.store.engine import Database
from navdesk.store.models import AccessLogEntry


@pytest.mark.parametrize(("kind", "text", "period"), [
    (ReportKind.MONTH, "2025-03", Period(2025, 3)),
    (ReportKind.MONTH, " 2025-12 ", Period(2025, 12)),
    (ReportKind.ANNUAL, "2025", Period(2025, None)),
    (ReportKind.ANNUAL, "2025-06", Period(2025, None)),
])
def test_periods_that_are_understood(kind: ReportKind, text: str, period: Period) -> None:
    assert parse_period(kind, text, today=date(2026, 5, 1)) == period


@pytest.mark.parametrize(("kind", "text", "message"), [
    (ReportKind.MONTH, "2025-13", "Write the month as YYYY-MM, for example 2026-05."),
    (ReportKind.MONTH, "2025", "Write the month as YYYY-MM, for example 2026-05."),
    (ReportKind.MONTH, "03-2025", "Write the month as YYYY-MM, for example 2026-05."),
    (ReportKind.MONTH, "2026-06", "The period has not begun yet."),
    (ReportKind.ANNUAL, "25", "Write the year as YYYY (or a month of it as YYYY-MM)."),
    (ReportKind.WALKINS, "1999-12", "Choose a period from the year 2000 on."),
])
def test_periods_that_are_refused_say_why(english: None, kind: ReportKind, text: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_period(kind, text, today=date(2026, 5, 1))
    assert refused.value.errors == {"period": message}


def test_bad_input_is_refused_field_by_field(demo_db: Database, english: None) -> None:
    leder = staff_actor(demo_db, "leder")
    with pytest.raises(ValidationFailed) as refused:
        make_report(demo_db, leder, "weekly", "GOL", PERIOD_TEXT, "en", now=NOW)
    assert "Unknown report: weekly." in refused.value.errors["kind"]
    with pytest.raises(ValidationFailed) as refused:
        make_report(demo_db, leder, "month", "GOL", "last month", "de", now=NOW)
    assert set(refused.value.errors) == {"period", "language"}
    with pytest.raises(ValidationFailed) as refused:
        make_report(demo_db, leder, "month", "OSLO", PERIOD_TEXT, "en", now=NOW)
    assert refused.value.errors == {"office": "There is no office with the code OSLO."}


def _report_log(db: Database) -> list[tuple[str, str, bool]]:
    with db.session() as session:
        return [(row.staff_login, row.what, row.allowed) for row in session.scalars(
            select(AccessLogEntry).where(AccessLogEntry.person_id.is_(None), AccessLogEntry.what.like("report %"))
            .order_by(AccessLogEntry.seq))]


def test_only_the_offices_leaders_may_order_and_every_order_is_logged(demo_db: Database, english: None) -> None:
    with pytest.raises(NotAllowed, match="Reports are for the office's leaders"):
        make_report(demo_db, staff_actor(demo_db, "stat"), "month", "GOL", PERIOD_TEXT, "en", now=NOW)
    with pytest.raises(NotAllowed, match="only for the offices you lead"):
        make_report(demo_db, staff_actor(demo_db, "leder"), "month", "HOL", PERIOD_TEXT, "en", now=NOW)
    pdf = make_report(demo_db, staff_actor(demo_db, "leder"), "walkins", "gol", PERIOD_TEXT, "en", now=NOW)
    assert pdf.startswith(b"%PDF")
    assert _report_log(demo_db) == [
        ("stat", f"report month GOL {PERIOD_TEXT}", False),
        ("leder", f"report month HOL {PERIOD_TEXT}", False),
        ("leder", f"report walkins GOL {PERIOD_TEXT}", True),
    ]


def test_the_report_speaks_its_own_language_and_leaves_the_programs_alone(demo_db: Database) -> None:
    i18n.set_language("nb")
    text = text_of(make_report(demo_db, staff_actor(demo_db, "leder"), "walkins", "GOL", PERIOD_TEXT, "en",
                               now=NOW))
    assert "Walk-ins per month" in text and "Page 1 of" in text
    assert i18n.current_language() == "nb"


def test_the_choices_offer_the_readers_own_offices(demo_db: Database, english: None) -> None:
    leder = report_choices(demo_db, staff_actor(demo_db, "leder"), today=TODAY)
    assert [office.code for office in leder.offices] == ["GOL"]
    assert {choice.kind for choice in leder.kinds} >= {ReportKind.MONTH, ReportKind.STATE, ReportKind.WALKINS,
                                                       ReportKind.CASELOAD}
    assert next(choice.title for choice in leder.kinds if choice.kind is ReportKind.MONTH) == "Monthly report"
    assert leder.default_month == (date(TODAY.year - 1, 12, 1) if TODAY.month == 1
                                   else date(TODAY.year, TODAY.month - 1, 1))
    assert [office.code for office in report_choices(demo_db, staff_actor(demo_db, "brustand")).offices] == [
        "FLAA", "NES"]
    assert len(report_choices(demo_db, staff_actor(demo_db, "admin")).offices) == 5
    assert report_choices(demo_db, staff_actor(demo_db, "stat")).offices == ()
