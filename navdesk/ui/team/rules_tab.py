"""Assignment rules: an office's ordered chain, edited in place, with what it misses and wastes.

The first matching rule routes a new person. Under the list, the days 1–31 no rule covers (people
born on them stay ufordelte) and the rules that can never match are spelled out after every change.
Keys: Ctrl+N/Insert new, Enter edit, Delete delete, Ctrl+Up/Ctrl+Down move.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from navdesk.i18n import _
from navdesk.services import assignment, team_desk
from navdesk.services.assignment import Chain, RuleRow
from navdesk.services.team_desk import OfficeSetup
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.row_model import Column
from navdesk.ui.team.day_strip import DayStrip
from navdesk.ui.team.rule_dialog import CHANGES, RuleDialog
from navdesk.ui.team.widgets import OfficeChooser, RowList
from navdesk.ui.worker import show_error

# Changes that can alter the chain's rows or its choices (teams, staff) while the tab is open.
RELOAD_ON = frozenset({CHANGES, "organisation", "staff"})


def confirm(parent: QWidget, title: str, question: str) -> bool:
    """Ask before deleting (a seam for tests, which cannot answer a modal message box)."""
    return QMessageBox.question(parent, title, question) == QMessageBox.StandardButton.Yes


class RuleTexts:
    """Rule rows as words, using the office's names for services and municipalities."""

    def __init__(self, setup: OfficeSetup | None = None) -> None:
        self.services = {s.code: s.name for s in setup.services} if setup else {}
        self.municipalities = {m.id: m.label for m in setup.municipalities} if setup else {}

    def target_group(self, row: RuleRow) -> str:
        draft = row.draft
        parts = []
        if draft.min_age is not None and draft.max_age is not None:
            parts.append(_("{low}–{high} years").format(low=draft.min_age, high=draft.max_age))
        elif draft.min_age is not None:
            parts.append(_("{low} years and older").format(low=draft.min_age))
        elif draft.max_age is not None:
            parts.append(_("up to {high} years").format(high=draft.max_age))
        if draft.service_codes:
            parts.append(", ".join(sorted(self.services.get(c, c) for c in draft.service_codes)))
        if draft.municipality_ids:
            parts.append(_("lives in {places}").format(places=", ".join(
                sorted(self.municipalities.get(m, "?") for m in draft.municipality_ids))))
        if draft.employers:
            parts.append(_("employer {names}").format(names=", ".join(draft.employers)))
        return "; ".join(parts) or _("Everyone")

    @staticmethod
    def days(row: RuleRow) -> str:
        return row.draft.birth_days or _("Every day")

    @staticmethod
    def routes_to(row: RuleRow) -> str:
        return " — ".join(filter(None, (row.team, row.staff)))

    @staticmethod
    def why_never(row: RuleRow) -> str:
        if row.contradictory:
            return _("its own criteria exclude everyone")
        return _("earlier rules take all its people ({rules})").format(rules=", ".join(row.shadowed_by))

    @staticmethod
    def check(row: RuleRow) -> str:
        if not row.draft.active:
            return _("Not in use")
        if row.never_matches:
            return _("Never matches: {reason}").format(reason=RuleTexts.why_never(row))
        return ""


class RulesTab(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.chain: Chain | None = None
        self.setup: OfficeSetup | None = None
        self.texts = RuleTexts()
        self.dialog: RuleDialog | None = None
        self.loaded = False
        self._stale = False
        self._busy = False
        self._keep: uuid.UUID | None = None

        self.office = OfficeChooser(ctx)
        office_caption = QLabel(_("&Office"))
        office_caption.setBuddy(self.office)
        self.rules: RowList[RuleRow] = RowList([
            Column(lambda: "#", lambda r: str(self._position(r)), numeric=True),
            Column(lambda: _("Rule"), lambda r: r.draft.name),
            Column(lambda: _("Target group"), lambda r: self.texts.target_group(r)),
            Column(lambda: _("Birth-date days"), RuleTexts.days),
            Column(lambda: _("Routes to"), RuleTexts.routes_to),
            Column(lambda: _("Check"), RuleTexts.check),
        ], _("No rules yet: new people at this office stay ufordelte until someone assigns them. Choose "
             "New rule (Ctrl+N) to add the first."), flagged=lambda r: r.never_matches,
            dimmed=lambda r: not r.draft.active)
        self.new_button = QPushButton(_("&New rule…"))
        self.new_button.setToolTip(_("Ctrl+N or Insert"))
        self.edit_button = QPushButton(_("&Edit…"))
        self.edit_button.setToolTip(_("Enter"))
        self.delete_button = QPushButton(_("&Delete…"))
        self.delete_button.setToolTip(_("Delete key"))
        self.up_button = QPushButton(_("Move &up"))
        self.up_button.setToolTip(_("Ctrl+Up"))
        self.down_button = QPushButton(_("Move do&wn"))
        self.down_button.setToolTip(_("Ctrl+Down"))
        self.new_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))

        self.day_strip = DayStrip()
        self.days_text = QLabel()
        self.days_text.setWordWrap(True)
        self.never_text = QLabel()
        self.never_text.setWordWrap(True)
        self.never_text.setTextFormat(Qt.TextFormat.PlainText)

        bar = QHBoxLayout()
        bar.addWidget(office_caption)
        bar.addWidget(self.office, 1)
        bar.addStretch(1)
        for button in (self.new_button, self.edit_button, self.delete_button, self.up_button, self.down_button):
            bar.addWidget(button)
        check = QGroupBox(_("What the chain misses and wastes"))
        check_layout = QVBoxLayout(check)
        check_layout.addWidget(QLabel(_("Birth-date days 1–31 (red: some people born on that day match no rule)")))
        check_layout.addWidget(self.day_strip)
        check_layout.addWidget(self.days_text)
        check_layout.addWidget(self.never_text)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.rules, 1)
        layout.addWidget(check)

        self.rules.activated.connect(lambda _row: self.edit_current())
        self.rules.current_changed.connect(self._update_buttons)
        self.office.office_changed.connect(lambda _office: self.refresh())
        ctx.worker.changed.connect(while_alive(self, self._changed))
        self._shortcuts()
        self.setFocusProxy(self.rules)
        self._update_buttons()

    def _shortcuts(self) -> None:
        def add(keys: list[QKeySequence], slot: Callable[[], None], widget: QWidget) -> None:
            action = QAction(widget)
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            widget.addAction(action)

        add([QKeySequence(QKeySequence.StandardKey.New), QKeySequence(Qt.Key.Key_Insert)],
            lambda: self.open_editor(None), self)
        add([QKeySequence(QKeySequence.StandardKey.Delete)], self.delete_current, self.rules.table)
        add([QKeySequence("Ctrl+Up")], lambda: self.move_current(-1), self.rules.table)
        add([QKeySequence("Ctrl+Down")], lambda: self.move_current(1), self.rules.table)

    # --- loading --------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _changed(self, what: str) -> None:
        if what not in RELOAD_ON:
            return
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        office_id = self.office.office_id()
        if office_id is None:
            return
        self._stale = False
        db, actor = self.ctx.db, self.ctx.actor

        def load() -> tuple[OfficeSetup, Chain]:
            return team_desk.office_setup(db, actor, office_id), assignment.chain(db, actor, office_id)

        self.ctx.worker.run(load, while_alive(self, self._loaded), parent=self)

    def _loaded(self, loaded: tuple[OfficeSetup, Chain]) -> None:
        setup, chain = loaded
        if chain.office_id != self.office.office_id():
            return  # an answer for the office chosen before
        self.setup = setup
        self.texts = RuleTexts(setup)
        self.show_chain(chain)

    def show_chain(self, chain: Chain) -> None:
        self.chain = chain
        current = self.rules.current()
        keep = self._keep or (current.id if current is not None else None)
        self._keep = None
        self.rules.set_rows(chain.rules, keep=lambda r: r.id == keep)
        names = {r.id: r.draft.name for r in chain.rules}
        self.day_strip.show_coverage(chain.uncovered_days, {
            day: [names[i] for i in rule_ids if i in names] for day, rule_ids in chain.day_rules})
        if not chain.rules:
            self.days_text.setText(_("Without rules, nobody is routed: every day is uncovered."))
        elif chain.uncovered_days:
            self.days_text.setText(_("Days not covered: {days}. People born on these days of the month may match "
                                     "no rule and stay ufordelte.").format(days=chain.uncovered_text))
        else:
            self.days_text.setText(_("Every day of the month is covered: everyone matches some rule."))
        never = [r for r in chain.rules if r.never_matches]
        if never:
            lines = [_("Rules that never match:")] + [f"• {r.draft.name}: {RuleTexts.why_never(r)}" for r in never]
            self.never_text.setText("\n".join(lines))
        else:
            self.never_text.setText(_("Every rule in use can match someone."))
        self.days_text.setStyleSheet("color: #8c0000; font-weight: 600;" if chain.uncovered_days else "")
        self.never_text.setStyleSheet("color: #8c0000;" if never else "")
        self.loaded = True
        self._busy = False
        self._update_buttons()

    def _position(self, row: RuleRow) -> int:
        rules = self.chain.rules if self.chain is not None else ()
        return next((i for i, r in enumerate(rules, start=1) if r.id == row.id), row.position)

    def _update_buttons(self) -> None:
        row = self.rules.current()
        count = len(self.chain.rules) if self.chain is not None else 0
        position = self._position(row) if row is not None else 0
        self.new_button.setEnabled(self.setup is not None)
        self.edit_button.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None)
        self.up_button.setEnabled(row is not None and position > 1)
        self.down_button.setEnabled(row is not None and position < count)

    # --- editing --------------------------------------------------------------------------------------

    def edit_current(self) -> None:
        row = self.rules.current()
        if row is not None:
            self.open_editor(row)

    def open_editor(self, row: RuleRow | None) -> None:
        if self.setup is None or self.dialog is not None:
            return
        dialog = RuleDialog(self.ctx, self.setup, row, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.finished.connect(lambda _code: self._closed())
        self.dialog = dialog
        dialog.open()

    def _saved(self, chain: Chain) -> None:
        known = {r.id for r in self.chain.rules} if self.chain is not None else set()
        added = [r.id for r in chain.rules if r.id not in known]
        self._keep = added[0] if added else None
        self.show_chain(chain)

    def _closed(self) -> None:
        self.dialog = None
        self.rules.setFocus()

    def delete_current(self) -> None:
        row = self.rules.current()
        if row is None or self._busy:
            return
        if not confirm(self, _("Delete rule"), _("Delete the rule “{name}”? New people are then routed by the "
                                                 "rules that remain.").format(name=row.draft.name)):
            return
        db, actor, rule_id = self.ctx.db, self.ctx.actor, row.id
        self._run(lambda: assignment.delete_rule(db, actor, rule_id))

    def move_current(self, step: int) -> None:
        row = self.rules.current()
        if row is None or self._busy or self.chain is None:
            return
        target = self._position(row) + step
        if not 1 <= target <= len(self.chain.rules):
            return
        db, actor, rule_id = self.ctx.db, self.ctx.actor, row.id
        self._keep = row.id
        self._run(lambda: assignment.move_rule(db, actor, rule_id, target))

    def _run(self, operation: Callable[[], Chain]) -> None:
        self._busy = True

        def failed(error: BaseException) -> None:
            self._busy = False
            self.refresh()
            show_error(self, error)

        self.ctx.worker.run(operation, while_alive(self, self.show_chain), while_alive(self, failed),
                            changes=CHANGES, parent=self)
