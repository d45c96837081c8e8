"""The Reports area (Rapporter): choose a report, an office, a month (a year for the annual report) and a
language; Make report runs on the worker and shows the pages; Save… writes the PDF, Print… prints it.

Keyboard: Enter in the choices makes the report, Ctrl+S saves, Ctrl+P prints; the preview scrolls with the
arrow and page keys. A newer order replaces the result of an older one still running.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from navdesk import i18n
from navdesk.domain.codes import Role
from navdesk.domain.errors import UserError, ValidationFailed
from navdesk.i18n import _, format_date, ngettext
from navdesk.services import reports
from navdesk.services.report_types import ReportKind
from navdesk.ui.auth.fields import ErrorLabel, add_field, show_errors
from navdesk.ui.context import UiContext
from navdesk.ui.navigation import Area
from navdesk.ui.reports.preview import SCREEN_DPI, PreviewPane, paint_pages, print_dpi, render_pages
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.worker import show_error

LANGUAGE_NAMES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}
FORM_WIDTH = 300


@dataclass(frozen=True)
class MadeReport:
    """A report and its pages drawn for the screen."""

    pdf: bytes
    pages: list[QImage]
    file_name: str


class ReportsView(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.choices: reports.ReportChoices | None = None
        self.report: MadeReport | None = None
        self._generation = 0

        title = QLabel(_("Reports"))
        title.setObjectName("pageTitle")
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName(_("Report"))
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        self.office_box = QComboBox()
        self.office_box.setAccessibleName(_("Office"))
        self.month_box = QComboBox()
        self.month_box.setAccessibleName(_("Month"))
        for month in range(1, 13):
            self.month_box.addItem(format_date(date(2000, month, 1), "LLLL").capitalize(), month)
        self.year_box = QSpinBox()
        self.year_box.setAccessibleName(_("Year"))
        self.year_box.setRange(2000, date.today().year)
        self.year_box.setValue(date.today().year)
        period = QWidget()
        period_row = QHBoxLayout(period)
        period_row.setContentsMargins(0, 0, 0, 0)
        period_row.addWidget(self.month_box, 1)
        period_row.addWidget(self.year_box)
        self.language_box = QComboBox()
        self.language_box.setAccessibleName(_("Language"))
        for code in i18n.LANGUAGES:
            self.language_box.addItem(LANGUAGE_NAMES[code], code)
        self.language_box.setCurrentIndex(self.language_box.findData(i18n.current_language()))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors: dict[str, ErrorLabel] = {
            "kind": add_field(form, _("&Report"), self.kind_box),
            "office": add_field(form, _("&Office"), self.office_box),
            "period": add_field(form, _("&Period"), period),
            "language": add_field(form, _("Report lan&guage"), self.language_box),
        }
        self.make_button = QPushButton(_("&Make report"))
        self.make_button.setObjectName("makeReport")
        self.make_button.setToolTip(_("Make the report (Enter)"))
        self.make_button.clicked.connect(self.make_report)
        self.save_button = QPushButton(_("&Save…"))
        self.save_button.setToolTip(_("Save the report as a PDF file (Ctrl+S)"))
        self.save_button.clicked.connect(self.save_as)
        self.print_button = QPushButton(_("Pri&nt…"))
        self.print_button.setToolTip(_("Print the report (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_report)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.refusal = ErrorLabel()
        outputs = QHBoxLayout()
        outputs.addWidget(self.save_button)
        outputs.addWidget(self.print_button)

        self.panel = QWidget()
        self.panel.setObjectName("reportChoices")
        self.panel.setMinimumWidth(FORM_WIDTH)
        column = QVBoxLayout(self.panel)
        column.addWidget(title)
        column.addLayout(form)
        column.addWidget(self.make_button)
        column.addWidget(self.refusal)
        column.addWidget(self.status)
        column.addSpacing(12)
        column.addLayout(outputs)
        column.addStretch(1)

        self.preview = PreviewPane(self._empty_text())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.panel)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([FORM_WIDTH, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.setFocusProxy(self.kind_box)
        self._shortcuts()
        self._set_report(None)
        self.make_button.setEnabled(False)
        ctx.worker.changed.connect(self._changed)
        self.load_choices()

    def _shortcuts(self) -> None:
        for keys, slot, parent in (
            (QKeySequence(Qt.Key.Key_Return), self.make_report, self.panel),
            (QKeySequence(Qt.Key.Key_Enter), self.make_report, self.panel),
            (QKeySequence.StandardKey.Save, self.save_as, self),
            (QKeySequence.StandardKey.Print, self.print_report, self),
        ):
            shortcut = QShortcut(keys, parent)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _empty_text(self) -> str:
        return _("Choose a report, an office and a month, then press Make report. The pages appear here, "
                 "ready to save or print.")

    # --- choices --------------------------------------------------------------------------------------

    def load_choices(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.worker.run(lambda: reports.report_choices(db, actor), while_alive(self, self._show_choices),
                            parent=self)

    def _changed(self, what: str) -> None:
        if what in ("organisation", "staff"):
            self.load_choices()

    def _show_choices(self, choices: reports.ReportChoices) -> None:
        first_load = self.choices is None
        kind, office = self.kind_box.currentData(), self.office_box.currentData()
        self.choices = choices
        self.kind_box.clear()
        for choice in choices.kinds:
            self.kind_box.addItem(choice.title, choice.kind)
        self.office_box.clear()
        for item in choices.offices:
            self.office_box.addItem(f"{item.name} ({item.code})", item.code)
        for box, value in ((self.kind_box, kind), (self.office_box, office)):
            if value is not None and box.findData(value) >= 0:
                box.setCurrentIndex(box.findData(value))
        if first_load:
            self.month_box.setCurrentIndex(choices.default_month.month - 1)
            self.year_box.setValue(choices.default_month.year)
        self.make_button.setEnabled(bool(choices.offices))
        if not choices.offices:
            self.preview.show_empty(_("You lead no office, so there are no reports for you to make. An "
                                      "administrator can add you to an office as its leader."))

    def _kind_changed(self, _index: int) -> None:
        self.month_box.setVisible(not self._yearly())

    def _yearly(self) -> bool:
        return self.kind_box.currentData() == ReportKind.ANNUAL

    def period_text(self) -> str:
        if self._yearly():
            return f"{self.year_box.value():04d}"
        return f"{self.year_box.value():04d}-{self.month_box.currentData():02d}"

    # --- making -------------------------------------------------------------------------------------------

    def make_report(self) -> None:
        if not self.make_button.isEnabled():
            return  # no office to report on, or a report is being made
        kind, office = self.kind_box.currentData(), self.office_box.currentData()
        if kind is None or office is None:
            return
        period, language = self.period_text(), self.language_box.currentData()
        db, actor = self.ctx.db, self.ctx.actor
        ratio = self.devicePixelRatioF()
        self._generation += 1
        generation = self._generation
        show_errors(self.errors, {})
        self.refusal.show_error(None)
        self.status.setText(_("Making the report…"))
        self.make_button.setEnabled(False)

        def operation() -> MadeReport:
            pdf = reports.make_report(db, actor, kind, office, period, language)
            return MadeReport(pdf, render_pages(pdf, SCREEN_DPI * ratio), _file_name(kind, office, period))

        def done(made: MadeReport) -> None:
            if generation != self._generation:
                return
            self.make_button.setEnabled(True)
            self._set_report(made)
            self.preview.show_pages(made.pages, ratio)
            self.status.setText(ngettext("{count} page. Save or print it from here.",
                                         "{count} pages. Save or print them from here.",
                                         len(made.pages)).format(count=len(made.pages)))

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            self.make_button.setEnabled(True)
            self.status.setText("")
            if isinstance(error, ValidationFailed):
                show_errors(self.errors, error.errors)
            elif isinstance(error, UserError):
                self.refusal.show_error(error.message)
            else:
                show_error(self, error)

        self.ctx.worker.run(operation, while_alive(self, done), while_alive(self, failed), parent=self)

    def _set_report(self, made: MadeReport | None) -> None:
        self.report = made
        self.save_button.setEnabled(made is not None)
        self.print_button.setEnabled(made is not None)

    # --- saving and printing ----------------------------------------------------------------------------

    def save_as(self) -> None:
        if self.report is None:
            return
        start = str(Path.home() / self.report.file_name)
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the report"), start, _("PDF files (*.pdf)"))
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        if self.report is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            path.write_bytes(self.report.pdf)
        except OSError as error:
            QMessageBox.warning(self, _("navdesk"), _("Could not write {path}: {problem}").format(
                path=path, problem=error.strerror))
            return
        self.status.setText(_("Saved as {path}.").format(path=path))

    def print_report(self) -> None:
        if self.report is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.report.file_name)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the report"))
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Draw the pages for `printer` on the worker (PDFium's one thread) and print them."""
        if self.report is None:
            return
        pdf, dpi = self.report.pdf, print_dpi(printer)
        self.status.setText(_("Printing…"))

        def done(pages: list[QImage]) -> None:
            try:
                paint_pages(printer, pages)
            except OSError:
                QMessageBox.warning(self, _("navdesk"), _("The printer could not be used. Check that it is on "
                                                          "and try again."))
                self.status.setText("")
                return
            self.status.setText(_("Sent to the printer."))

        self.ctx.worker.run(lambda: render_pages(pdf, dpi), while_alive(self, done), parent=self)


def _file_name(kind: str, office: str, period: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "-", f"{kind}-{office}-{period}".lower()) + ".pdf"


AREA = Area(
    key="reports",
    label=lambda: _("Reports"),
    factory=ReportsView,
    visible=lambda actor: actor.has(Role.LEADER),
    order=50,
)
