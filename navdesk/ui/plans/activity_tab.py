"""The person card's "Activity plan" tab: the board or the list, and everything done to an activity.

Moves from the board (drag and drop, Ctrl+Right / Ctrl+Left, the Move menu) all come to
`request_move`, which refuses with the reason what the rules do not allow and changes nothing, asks
for the reason before cancelling, and otherwise moves the activity. Data is fetched only while the tab
is on screen; every change is announced as a person change, so the card (and this tab) reloads.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QKeyCombination, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.errors import Conflict, UserError
from navdesk.domain.plans import ActivityStatus, locked_message, transition_errors
from navdesk.i18n import _, ngettext
from navdesk.services import activities
from navdesk.services.card_types import PersonCard
from navdesk.services.plan_types import ActivityBoard, ActivityCard, ActivityDetail, ActivityList
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.extensions import CardTab
from navdesk.ui.people.card.widgets import WithheldBox
from navdesk.ui.plans.activity_board import BoardView
from navdesk.ui.plans.activity_cancel_dialog import CancelActivityDialog
from navdesk.ui.plans.activity_dialog import ActivityDialog, PlanChoice
from navdesk.ui.plans.activity_history_dialog import ActivityHistoryDialog
from navdesk.ui.plans.activity_list import ActivityListView
from navdesk.ui.setup.callbacks import while_alive

if TYPE_CHECKING:
    from navdesk.ui.people.card.card_view import CardView

TAB_STYLE = """
QPushButton#viewSwitch { border-radius: 0; padding: 4px 14px; }
QPushButton#viewSwitch:checked { background: #0067c5; color: #ffffff; }
QLabel#activityNotice { border-radius: 4px; padding: 6px 10px; }
QLabel#activityNotice[tone="info"] { background: #e6f0fa; color: #00347d; border: 1px solid #99c2e8; }
QLabel#activityNotice[tone="error"] { background: #fde8e8; color: #8c0000; border: 1px solid #e08a8a; }
QLabel#overdueSummary { color: #a00000; font-weight: 600; }
QLabel#activityEmpty { color: #4a525c; }
QLabel#keyHint { color: #5d6570; font-size: 8.5pt; }
"""


def _keys(text: str) -> QKeyCombination:
    return QKeySequence(text)[0]


class ActivityTab(QWidget):
    def __init__(self, ctx: UiContext, card_view: CardView) -> None:
        super().__init__()
        self.ctx = ctx
        self.card_view = card_view
        self.person_id: uuid.UUID | None = None
        self.board_data: ActivityBoard | None = None
        self._stale = False
        self._request = 0
        self._follow: uuid.UUID | None = None
        self._refocus = False
        self.setStyleSheet(TAB_STYLE)
        self._commands = {
            _keys("Ctrl+N"): self.new_activity, _keys("Ins"): self.new_activity,
            _keys("Ctrl+H"): self.show_history, _keys("Ctrl+M"): self.show_move_menu,
            _keys("Ctrl+Shift+B"): self.show_board, _keys("Ctrl+Shift+L"): self.show_list,
        }

        self.board_button = self._switch(_("&Board"), _("Board: one column per status (Ctrl+Shift+B)"))
        self.list_button = self._switch(_("Li&st"), _("List with filters (Ctrl+Shift+L)"))
        self.board_button.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.board_button, self.list_button):
            group.addButton(button)
        self.board_button.clicked.connect(self.show_board)
        self.list_button.clicked.connect(self.show_list)
        self.new_button = QPushButton(_("&New activity…"))
        self.new_button.setToolTip(_("Ctrl+N or Insert"))
        self.new_button.clicked.connect(lambda: self.new_activity())
        self.open_button = QPushButton(_("&Open"))
        self.open_button.setToolTip(_("Enter"))
        self.open_button.clicked.connect(self.open_current)
        self.move_button = QPushButton(_("&Move to"))
        self.move_button.setToolTip(_("Ctrl+M; on the board also Ctrl+Right and Ctrl+Left"))
        self.move_button.clicked.connect(self.show_move_menu)
        self.history_button = QPushButton(_("&History…"))
        self.history_button.setToolTip(_("Ctrl+H"))
        self.history_button.clicked.connect(self.show_history)
        self.overdue_label = QLabel()
        self.overdue_label.setObjectName("overdueSummary")
        toolbar = QHBoxLayout()
        toolbar.setSpacing(0)
        toolbar.addWidget(self.board_button)
        toolbar.addWidget(self.list_button)
        toolbar.addSpacing(16)
        actions = QHBoxLayout()
        actions.setSpacing(6)
        for button in (self.new_button, self.open_button, self.move_button, self.history_button):
            actions.addWidget(button)
        toolbar.addLayout(actions)
        toolbar.addStretch(1)
        toolbar.addWidget(self.overdue_label)

        self.notice = QLabel()
        self.notice.setObjectName("activityNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.empty = QLabel()
        self.empty.setObjectName("activityEmpty")
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.markers = QVBoxLayout()
        self.markers.setSpacing(6)

        self.board = BoardView()
        self.board.open_requested.connect(self.open_activity)
        self.board.move_requested.connect(self.request_move)
        self.board.menu_requested.connect(self._context_menu)
        self.board.current_changed.connect(self._update_buttons)
        self.list_view = ActivityListView()
        self.list_view.open_requested.connect(self.open_activity)
        self.list_view.filters_changed.connect(self._load)
        self.list_view.current_changed.connect(self._update_buttons)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.board)
        self.stack.addWidget(self.list_view)
        self.key_hint = QLabel(_("Ctrl+→ / Ctrl+← moves the card · Enter opens · Ctrl+N new · Ctrl+M move to … · "
                                 "or drag the card to another column"))
        self.key_hint.setObjectName("keyHint")
        self.key_hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        layout.addLayout(toolbar)
        layout.addWidget(self.notice)
        layout.addLayout(self.markers)
        layout.addWidget(self.empty)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.key_hint)
        self.setFocusProxy(self.board)
        self._update_buttons()

    def _switch(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("viewSwitch")
        button.setCheckable(True)
        button.setToolTip(tip)
        return button

    # The card and the loading --------------------------------------------------------------------------------

    def show_card(self, card: PersonCard) -> None:
        person_id = card.header.person_id
        if person_id != self.person_id:
            self.person_id = person_id
            self.board_data = None
            self._follow = None
            self._clear_notice()
            self.list_view.blockSignals(True)
            self.list_view.clear_filters()
            self.list_view.blockSignals(False)
        self._stale = True
        if self.isVisible():
            self._load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._load()

    def _load(self) -> None:
        person_id = self.person_id
        if person_id is None:
            return
        self._stale = False
        self._request += 1
        request = self._request
        db, actor = self.ctx.db, self.ctx.actor
        filters = self.list_view.current_filter() if self.showing_list() else None

        def operation() -> tuple[ActivityBoard, ActivityList | None]:
            board = activities.board(db, actor, person_id)
            listing = activities.list_activities(db, actor, person_id, filters) if filters is not None else None
            return board, listing

        def done(result: tuple[ActivityBoard, ActivityList | None]) -> None:
            if request == self._request:
                self._loaded(*result)

        self.ctx.worker.run(operation, while_alive(self, done), while_alive(self, self._failed), parent=self)

    def _loaded(self, board: ActivityBoard, listing: ActivityList | None) -> None:
        self.board_data = board
        follow, self._follow = self._follow, None
        self.board.set_board(board, follow)
        if listing is not None:
            self.list_view.set_list(listing)
            if follow is not None:
                self.list_view.select(follow)
        while self.markers.count():
            old = self.markers.takeAt(0).widget()
            if old is not None:
                old.deleteLater()
        for marker in dict.fromkeys(board.withheld):
            self.markers.addWidget(WithheldBox(marker))
        self.overdue_label.setText(
            "⚠ " + ngettext("{count} overdue", "{count} overdue", board.overdue).format(count=board.overdue)
            if board.overdue else "")
        self._show_empty()
        if self._refocus:
            self._refocus = False
            self.board.focus_current()
        self._update_buttons()

    def _show_empty(self) -> None:
        """On an empty board, what to do next (the list has its own empty state)."""
        board = self.board_data
        total = sum(len(column.cards) for column in board.columns) if board else 0
        can_add = board is not None and bool(board.can_create or board.kvp_programmes)
        self.empty.setText(_("No activities yet. Press Ctrl+N to add the first one.") if can_add
                           else _("No activities you may see."))
        self.empty.setVisible(board is not None and total == 0 and not self.showing_list())

    def _failed(self, error: BaseException) -> None:
        self._notify(error.message if isinstance(error, UserError) else
                     _("The activity plan could not be loaded. The details are in the log file."), error=True)

    # Views ---------------------------------------------------------------------------------------------------

    def showing_list(self) -> bool:
        return self.stack.currentWidget() is self.list_view

    def show_board(self) -> None:
        self.board_button.setChecked(True)
        self.stack.setCurrentWidget(self.board)
        self.key_hint.show()
        self.setFocusProxy(self.board)
        self.board.focus_current()
        self._show_empty()
        self._update_buttons()

    def show_list(self) -> None:
        self.list_button.setChecked(True)
        self.stack.setCurrentWidget(self.list_view)
        self.key_hint.hide()
        self.empty.hide()
        self.setFocusProxy(self.list_view)
        self.list_view.setFocus(Qt.FocusReason.OtherFocusReason)
        self._load()

    def current_card(self) -> ActivityCard | None:
        return self.list_view.current_card() if self.showing_list() else self.board.current_card()

    def _update_buttons(self) -> None:
        card = self.current_card()
        board = self.board_data
        self.new_button.setEnabled(board is not None and bool(board.can_create or board.kvp_programmes))
        self.open_button.setEnabled(card is not None)
        self.history_button.setEnabled(card is not None)
        self.move_button.setEnabled(card is not None and bool(card.next_statuses))

    # Keyboard --------------------------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # The card has its own Ctrl+N (a new note): inside this tab it makes a new activity instead.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.keyCombination() in self._commands:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        command = self._commands.get(event.keyCombination())
        if command is None:
            super().keyPressEvent(event)
            return
        event.accept()
        command()

    # Moving ------------------------------------------------------------------------------------------------------

    def request_move(self, card: ActivityCard, target: str | None) -> None:
        """Move `card` to `target` if the rules allow it; otherwise say why and change nothing."""
        self._clear_notice()
        if card.locked:
            self._notify(locked_message(), error=True)
            return
        if not card.can_change:
            self._notify(_("You may read this activity but not change it."), error=True)
            return
        if target is None:
            self._notify(_("“{title}” cannot be moved further that way.").format(title=card.title), error=True)
            return
        if target == card.status:
            return
        if target not in {status for status, _label in card.next_statuses}:
            reasons = transition_errors(ActivityStatus(card.status), ActivityStatus(target), "")
            self._notify(next(iter(reasons.values())), error=True)
            return
        self._refocus = self.board.isAncestorOf(self.focusWidget()) if self.focusWidget() else False
        if target == ActivityStatus.AVBRUTT.value:
            dialog = CancelActivityDialog(self.ctx, card, self.card_view)
            dialog.moved.connect(self._moved)
            dialog.conflict.connect(self._conflict)
            self.card_view.open_dialog(dialog)
            return
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.worker.run(lambda: activities.move_activity(db, actor, card.activity_id, card.version, target),
                            while_alive(self, self._moved), while_alive(self, self._move_failed), changes="person",
                            parent=self)

    def _moved(self, card: ActivityCard) -> None:
        self._follow = card.activity_id
        self._notify(_("Moved “{title}” to {status}.").format(title=card.title, status=card.status_label))

    def _move_failed(self, error: BaseException) -> None:
        if isinstance(error, Conflict):
            self._conflict(error.message)
        elif isinstance(error, UserError):
            self._notify(error.message, error=True)
        else:
            self._notify(_("Something went wrong and nothing was saved. The details are in the log file."),
                         error=True)

    def _conflict(self, message: str) -> None:
        self._notify(message + " " + _("The plan has been reloaded with their changes."), error=True)
        self._load()

    def show_move_menu(self) -> None:
        card = self.current_card()
        if card is not None:
            self._move_menu(card).exec(self.move_button.mapToGlobal(QPoint(0, self.move_button.height())))

    def _move_menu(self, card: ActivityCard) -> QMenu:
        menu = QMenu(self)
        for status, text in card.next_statuses:
            action = menu.addAction(text + ("…" if status == ActivityStatus.AVBRUTT.value else ""))
            action.triggered.connect(lambda _checked=False, s=status: self.request_move(card, s))
        if not card.next_statuses:
            reason = locked_message() if card.locked else _("You may read this activity but not change it.")
            menu.addAction(reason).setEnabled(False)
        return menu

    def _context_menu(self, card: ActivityCard, where: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(_("Open"), lambda: self.open_activity(card))
        menu.addAction(_("History…"), self.show_history)
        move = self._move_menu(card)
        move.setTitle(_("Move to"))
        menu.addMenu(move)
        menu.exec(where)

    # Dialogs -----------------------------------------------------------------------------------------------------

    def new_activity(self, template: ActivityDetail | None = None) -> None:
        board = self.board_data
        if self.person_id is None or board is None:
            return
        places = [PlanChoice(None, _("Activity plan"))] if board.can_create else []
        places += [PlanChoice(programme_id, text) for programme_id, text in board.kvp_programmes]
        if not places:
            self._notify(_("You may not add activities to this person's plans."), error=True)
            return
        dialog = ActivityDialog(self.ctx, self.person_id, places=places, template=template, parent=self.card_view)
        dialog.saved.connect(self._saved)
        self.card_view.open_dialog(dialog)

    def open_current(self) -> None:
        card = self.current_card()
        if card is not None:
            self.open_activity(card)

    def open_activity(self, card: ActivityCard) -> None:
        if self.person_id is None:
            return
        dialog = ActivityDialog(self.ctx, self.person_id, activity_id=card.activity_id, parent=self.card_view)
        dialog.saved.connect(self._saved)
        dialog.copy_requested.connect(self.new_activity)
        self.card_view.open_dialog(dialog)

    def show_history(self) -> None:
        card = self.current_card()
        if card is not None:
            self.card_view.open_dialog(ActivityHistoryDialog(self.ctx, card.activity_id, card.title, self.card_view))

    def _saved(self, activity_id: uuid.UUID) -> None:
        self._follow = activity_id
        self._notify(_("The activity was saved."))

    # Notices -------------------------------------------------------------------------------------------------------

    def _notify(self, text: str, *, error: bool = False) -> None:
        self.notice.setText(text)
        self.notice.setProperty("tone", "error" if error else "info")
        self.notice.style().unpolish(self.notice)
        self.notice.style().polish(self.notice)
        self.notice.show()

    def _clear_notice(self) -> None:
        self.notice.hide()
        self.notice.clear()


def _tab(ctx: UiContext, card_view: CardView) -> QWidget:
    return ActivityTab(ctx, card_view)


TABS = (CardTab("activity_plan", lambda: _("Activity plan"), _tab, order=10),)
