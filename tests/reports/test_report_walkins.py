"""The walk-ins report: made from the demo region's walk-in register and read back with pypdf — the counts
per month with the change in per cent, the reader's offices side by side, and the weekday-by-hour table."""

from __future__ import annotations

from collections import Counter
from datetime import date

from report_checks import LAST_MONTH, NOW, PERIOD_TEXT, scope, staff_actor, text_of
from sqlalchemy import select

from navdesk import i18n
from navdesk.i18n import _, format_number
from navdesk.reports.figures import change, month_label
from navdesk.services import report_walkins
from navdesk.services.report_reader import month_starts
from navdesk.services.report_types import ReportKind
from navdesk.services.reports import make_report
from navdesk.store.engine import Database
from navdesk.store.models import Office, WalkIn


def walk_in_days(db: Database, code: str) -> list[date]:
    with db.session() as session:
        return list(session.scalars(select(WalkIn.day).join(Office, Office.id == WalkIn.office_id)
                                    .where(Office.code == code)))


def test_walk_ins_per_month_with_the_change_in_per_cent(demo_db: Database, english: None) -> None:
    days = walk_in_days(demo_db, "NES")
    per_month = Counter(day.replace(day=1) for day in days)
    this_month = per_month[LAST_MONTH.start]
    before = per_month[month_starts(LAST_MONTH.start, 2)[0]]
    assert this_month > 0

    with demo_db.session() as session:
        report = report_walkins.walkins_report(session, staff_actor(demo_db, "brustand"),
                                               scope(demo_db, ReportKind.WALKINS, "NES"))
    assert [item.count for item in report.months] == [per_month[first] for first in month_starts(LAST_MONTH.start, 12)]
    assert sum(sum(counts) for _weekday, counts in report.by_weekday) == this_month
    assert sum(item.this_month for item in report.categories) == this_month
    # Berit Rustand leads both Nesbyen and Flå: both offices are compared, the chosen one first.
    assert [item.office for item in report.offices] == ["NAV Nesbyen", "NAV Flå"]
    assert report.offices[1].this_month == sum(day.replace(day=1) == LAST_MONTH.start
                                               for day in walk_in_days(demo_db, "FLAA"))

    text = text_of(make_report(demo_db, staff_actor(demo_db, "brustand"), "walkins", "NES", PERIOD_TEXT, "en",
                               now=NOW))
    for heading in ("Walk-ins", "Walk-ins per month", "Your offices compared", "Where and what about",
                    "Walk-ins by weekday and hour"):
        assert heading in text, heading
    assert (f"{month_label(LAST_MONTH.start)} {format_number(this_month)} {change(this_month, before)}") in text
    assert f"Change from the month before: {change(this_month, before)}." in text
    assert "NAV Nesbyen" in text and "NAV Flå" in text and "Monday" in text


def test_the_walk_ins_report_speaks_nynorsk_by_choice(demo_db: Database) -> None:
    text = text_of(make_report(demo_db, staff_actor(demo_db, "leder"), "walkins", "GOL", PERIOD_TEXT, "nn",
                               now=NOW))
    with i18n.in_language("nn"):
        expected = [_("Walk-ins per month"), _("Your offices compared"), month_label(LAST_MONTH.start), _("Monday")]
    assert all(item in text for item in expected), expected


def test_the_administrator_compares_every_office(demo_db: Database, english: None) -> None:
    # The register holds no person: the administrator may see it all.
    with demo_db.session() as session:
        report = report_walkins.walkins_report(session, staff_actor(demo_db, "admin"),
                                               scope(demo_db, ReportKind.WALKINS, "HOL"))
    assert report.offices[0].office == "NAV Hol" and len(report.offices) == 5


def test_a_month_before_the_register_was_used_says_so(demo_db: Database, english: None) -> None:
    text = text_of(make_report(demo_db, staff_actor(demo_db, "leder"), "walkins", "GOL", "2020-03", "en", now=NOW))
    assert "Walk-ins this month Change from the month before: —. 0" in text
    assert "March 2020 — —" in text
