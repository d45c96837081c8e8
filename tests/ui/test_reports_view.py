"""The Reports area: choose, make (Enter), see the pages, save and print — all by keyboard; refusals and bad
periods shown next to their field; only leaders see the area."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from report_checks import LAST_MONTH, staff_actor

from navdesk.services.report_types import ReportKind
from navdesk.store.engine import Database
from navdesk.ui.context import UiContext
from navdesk.ui.navigation import areas
from navdesk.ui.reports.reports_view import AREA, ReportsView
from navdesk.ui.worker import DbWorker

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def ctx(demo_db: Database) -> Iterator[UiContext]:
    context = UiContext(demo_db, DbWorker(), staff_actor(demo_db, "leder"), is_demo=True)
    yield context
    context.worker.shutdown()


@pytest.fixture
def view(qtbot: QtBot, ctx: UiContext) -> Iterator[ReportsView]:
    reports = ReportsView(ctx)
    qtbot.addWidget(reports)
    reports.resize(1200, 720)
    with qtbot.waitActive(reports):
        reports.show()
        reports.activateWindow()
    qtbot.waitUntil(lambda: reports.make_button.isEnabled(), timeout=10_000)
    yield reports
    qtbot.waitUntil(lambda: ctx.worker.idle, timeout=30_000)


def choose(view: ReportsView, kind: ReportKind, month: date = LAST_MONTH.start) -> None:
    view.kind_box.setCurrentIndex(view.kind_box.findData(kind))
    view.month_box.setCurrentIndex(month.month - 1)
    view.year_box.setValue(month.year)


def test_the_area_starts_empty_with_what_to_do(view: ReportsView) -> None:
    assert view.preview.stack.currentWidget() is view.preview.empty
    assert "press Make report" in view.preview.empty.text()
    assert view.office_box.currentData() == "GOL"
    assert (view.year_box.value(), view.month_box.currentData()) == (LAST_MONTH.year, LAST_MONTH.month)
    assert not view.save_button.isEnabled() and not view.print_button.isEnabled()


def test_enter_makes_the_report_and_the_pages_appear(qtbot: QtBot, view: ReportsView) -> None:
    choose(view, ReportKind.MONTH)
    view.kind_box.setFocus()
    qtbot.keyClick(view.kind_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.report is not None, timeout=30_000)
    assert view.report is not None
    pages = len(PdfReader(io.BytesIO(view.report.pdf)).pages)
    assert len(view.preview.pages) == pages >= 2
    assert view.preview.stack.currentWidget() is view.preview.sheets
    assert not view.preview.pages[0].pixmap().isNull()
    assert view.preview.pages[0].pixmap().width() > view.preview.pages[0].pixmap().height() / 2
    assert f"{pages} pages" in view.status.text()
    assert view.save_button.isEnabled() and view.print_button.isEnabled()


def test_the_report_is_saved_and_printed(qtbot: QtBot, view: ReportsView, tmp_path: Path) -> None:
    choose(view, ReportKind.WALKINS)
    view.make_report()
    qtbot.waitUntil(lambda: view.report is not None, timeout=30_000)
    assert view.report is not None
    view.save_to(tmp_path / "walk-ins")
    saved = tmp_path / "walk-ins.pdf"
    assert saved.read_bytes() == view.report.pdf
    assert "Saved as" in view.status.text()

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(72)
    view.print_to(printer)
    qtbot.waitUntil(lambda: view.status.text() == "Sent to the printer.", timeout=30_000)
    printed = PdfReader(str(tmp_path / "printed.pdf"))
    assert len(printed.pages) == len(PdfReader(io.BytesIO(view.report.pdf)).pages)


def test_a_period_not_begun_is_shown_next_to_the_period(qtbot: QtBot, view: ReportsView) -> None:
    today = date.today()
    if today.month == 12:
        pytest.skip("no month of this year lies ahead in December")
    choose(view, ReportKind.MONTH, date(today.year, 12, 1))
    view.make_report()
    qtbot.waitUntil(lambda: view.errors["period"].isVisible(), timeout=10_000)
    assert view.errors["period"].text() == "The period has not begun yet."
    assert view.report is None and view.make_button.isEnabled()


def test_only_leaders_see_the_area(demo_db: Database) -> None:
    assert AREA in areas()
    assert AREA.visible(staff_actor(demo_db, "leder"))
    assert not AREA.visible(staff_actor(demo_db, "stat"))
    assert not AREA.visible(staff_actor(demo_db, "admin"))


def test_the_preview_scrolls_by_keyboard(qtbot: QtBot, view: ReportsView) -> None:
    choose(view, ReportKind.CASELOAD)
    view.make_report()
    qtbot.waitUntil(lambda: view.report is not None, timeout=30_000)
    view.preview.setFocus()
    scroll = view.preview.verticalScrollBar()
    qtbot.waitUntil(lambda: scroll.maximum() > 0, timeout=5_000)
    qtbot.keyClick(view.preview, Qt.Key.Key_PageDown)
    assert scroll.value() > 0
