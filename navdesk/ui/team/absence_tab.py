"""Absence and cover: whom I cover for; for leaders, who is away at an office and who covers, what
nobody present covers in a period (the cover view), and moving a caseload to a colleague.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.codes import Role
from navdesk.domain.errors import ValidationFailed
from navdesk.domain.workdays import is_working_day
from navdesk.i18n import _, format_date
from navdesk.services import absence_cover, team_desk
from navdesk.services.absence_cover import Covering, CoverView
from navdesk.services.team_desk import AwayLine, OfficeSetup
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import FormErrors, date_edit, from_qdate, hint
from navdesk.ui.setup.row_model import Column
from navdesk.ui.team.cover_text import cover_html
from navdesk.ui.team.move_panel import MovePanel
from navdesk.ui.team.widgets import OfficeChooser, RowList
from navdesk.ui.worker import show_error

DEFAULT_DAYS = 13  # two working weeks from today


def _deputy(line: AwayLine) -> str:
    return line.deputy or _("Nobody — their people are ufordelte")


def _working_days(start: date, end: date) -> int:
    return sum(is_working_day(start + timedelta(days=n)) for n in range((end - start).days + 1))


class AbsenceTab(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.manager = ctx.actor.can_manage_organisation
        self.leader = ctx.actor.has(Role.LEADER)
        self.loaded = False
        self._stale = True
        self.cover: CoverView | None = None
        self.errors = FormErrors()

        self.covering: RowList[Covering] = RowList([
            Column(lambda: _("Away"), lambda c: c.name),
            Column(lambda: _("From"), lambda c: format_date(c.starts)),
            Column(lambda: _("To"), lambda c: format_date(c.ends)),
            Column(lambda: _("People"), lambda c: str(c.people), numeric=True),
            Column(lambda: _("Reason"), lambda c: c.reason),
        ], _("You are not covering for anyone today. When you are someone's deputy, their people, deadlines "
             "and reminders appear in your worklist."))
        self.covering_box = QGroupBox(_("You cover for"))
        covering_layout = QVBoxLayout(self.covering_box)
        covering_layout.addWidget(self.covering)
        covering_layout.addWidget(hint(_("While you cover, the absent colleague's people, deadlines and reminders "
                                         "are in your worklist: the filter “Covering for an absent colleague”.")))
        layout = QVBoxLayout(self)
        layout.addWidget(self.covering_box, 0 if self.manager else 1)
        self.office = OfficeChooser(ctx) if self.manager else None
        if self.office is not None:
            layout.addLayout(self._period_bar(self.office))
            layout.addWidget(self._manager_panels(), 1)
            self.office.office_changed.connect(lambda _office: self.refresh())
        ctx.worker.changed.connect(while_alive(self, lambda _what: self._changed()))

    def _period_bar(self, office: OfficeChooser) -> QHBoxLayout:
        self.start = date_edit(date.today())
        self.end = date_edit(date.today() + timedelta(days=DEFAULT_DAYS))
        self.show_button = QPushButton(_("&Show"))
        self.show_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        for text, widget in ((_("&Office"), office), (_("Fro&m"), self.start), (_("&Until"), self.end)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            bar.addWidget(caption)
            box = self.errors.wrap("end", widget) if widget is self.end else widget
            bar.addWidget(box, 1 if widget is office else 0)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        return bar

    def _manager_panels(self) -> QSplitter:
        self.away: RowList[AwayLine] = RowList([
            Column(lambda: _("Away"), lambda line: line.name),
            Column(lambda: _("From"), lambda line: format_date(line.starts)),
            Column(lambda: _("To"), lambda line: format_date(line.ends)),
            Column(lambda: _("Covered by"), _deputy),
            Column(lambda: _("People"), lambda line: str(line.people), numeric=True),
            Column(lambda: _("Reason"), lambda line: line.reason),
        ], _("Nobody at this office is away in the period. Absences and deputies are registered on the staff "
             "member under Set-up → Staff."), flagged=lambda line: not line.deputy)
        self.cover_page = QTextBrowser()
        self.cover_page.setOpenLinks(False)
        away_box = QGroupBox(_("Who is away, and who covers"))
        QVBoxLayout(away_box).addWidget(self.away)
        cover_box = QGroupBox(_("Cover view: what nobody present covers"))
        QVBoxLayout(cover_box).addWidget(self.cover_page)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(away_box)
        left.addWidget(cover_box)
        left.setChildrenCollapsible(False)
        panels = QSplitter()
        panels.addWidget(left)
        self.move_panel: MovePanel | None = None
        if self.leader:
            self.move_panel = MovePanel(self.ctx)
            move_box = QGroupBox(_("Move people to a colleague"))
            QVBoxLayout(move_box).addWidget(self.move_panel)
            panels.addWidget(move_box)
            panels.setStretchFactor(0, 3)
            panels.setStretchFactor(1, 2)
        panels.setChildrenCollapsible(False)
        return panels

    # --- loading --------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.worker.run(lambda: absence_cover.covering(db, actor), while_alive(self, self._show_covering),
                            parent=self)
        office_id = self.office.office_id() if self.office is not None else None
        if office_id is None:
            return
        start, end = from_qdate(self.start.date()), from_qdate(self.end.date())

        def load() -> tuple[OfficeSetup, tuple[AwayLine, ...], CoverView]:
            return (team_desk.office_setup(db, actor, office_id), team_desk.away(db, actor, office_id, start, end),
                    absence_cover.cover_view(db, actor, office_id, start, end))

        self.ctx.worker.run(load, while_alive(self, self._show_office), while_alive(self, self._failed), parent=self)

    def _show_covering(self, covering: tuple[Covering, ...]) -> None:
        self.covering.set_rows(covering)
        # A leader sees the box only when they are someone's deputy; a veileder always, with its empty state.
        self.covering_box.setVisible(bool(covering) or not self.manager)
        self.loaded = self.loaded or self.office is None

    def _show_office(self, loaded: tuple[OfficeSetup, tuple[AwayLine, ...], CoverView]) -> None:
        setup, away, cover = loaded
        self.errors.clear()
        self.away.set_rows(away)
        self.cover = cover
        self.cover_page.setHtml(cover_html(cover, _working_days(cover.start, cover.end)))
        if self.move_panel is not None:
            self.move_panel.set_office(setup)
        self.loaded = True

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationFailed):
            self.errors.show(error.errors)
        else:
            show_error(self, error)
