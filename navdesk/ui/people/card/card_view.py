"""The person card: the header with the person's flags, then one tab per section.

It only lays out what `navdesk.services.card.open_card` returns; opening it (and every reload) is one
logged read. When the card is refused, it says so — without telling whether the person exists — and
offers emergency access.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.errors import NotAllowed
from navdesk.i18n import _, format_datetime
from navdesk.services import access_report, card
from navdesk.services.card_types import ConsentItem, NoteItem, PersonCard
from navdesk.ui.cases.card_actions import open_case
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.card_sections import (
    AccessLogPage,
    ConsentsPage,
    ContactsPage,
    JournalPage,
    MunicipalPage,
    OverviewPage,
    StatePage,
)
from navdesk.ui.people.card.consent_dialog import ConsentDialog, WithdrawConsentDialog
from navdesk.ui.people.card.emergency_dialog import EmergencyDialog
from navdesk.ui.people.card.extensions import CardAction, card_actions, card_tabs
from navdesk.ui.people.card.note_dialog import NoteDialog, NoteHistoryDialog
from navdesk.ui.people.card.widgets import CARD_STYLE, Badge, FlowLayout, WithheldBox, empty_state
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.tab_keys import number_tabs
from navdesk.ui.worker import show_error

# What other views announce when they change person data: the card reloads then.
PERSON_CHANGES = frozenset({"person", "people"})
BADGE_TONES = {"protected_address": "warning", "emergency": "danger"}


class CardView(QWidget):
    person_changed = Signal(object)  # the uuid of the person now shown, or None
    escape_pressed = Signal()  # Esc that nothing on the card used: the People view goes back to its list

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id: uuid.UUID | None = None
        self.card: PersonCard | None = None
        self.dialog: QWidget | None = None  # the dialog open over the card (for tests and focus)
        self._request = 0
        self.setStyleSheet(CARD_STYLE)
        self.stack = QStackedWidget()
        self.empty_page = empty_state(_("Find a person with the search field (Ctrl+F) and press Enter to open "
                                        "their card."))
        self.empty_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.refused_page = self._build_refused_page()
        self.card_page = self._build_card_page()
        for page in (self.empty_page, self.refused_page, self.card_page):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._shortcuts()
        ctx.worker.changed.connect(self._changed)

    # Building ---------------------------------------------------------------------------------------

    def _build_refused_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        title = QLabel(_("This card cannot be opened"))
        title.setObjectName("pageTitle")
        self.refused_text = QLabel()
        self.refused_text.setWordWrap(True)
        explanation = QLabel(_("If you must see this person's information to prevent harm or to help them now, "
                               "you can open it with emergency access. You must write why; the reason and your "
                               "reading are logged and reviewed by your leader."))
        explanation.setWordWrap(True)
        self.emergency_button = QPushButton(_("&Emergency access…"))
        self.emergency_button.clicked.connect(self.ask_emergency_access)
        row = QHBoxLayout()
        row.addWidget(self.emergency_button)
        row.addStretch(1)
        for widget in (title, self.refused_text, explanation):
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _build_card_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.name = QLabel()
        self.name.setObjectName("cardName")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel()
        self.facts.setObjectName("cardFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badges = FlowLayout()
        self.header_markers = QVBoxLayout()
        self.banner = QLabel()
        self.banner.setObjectName("emergencyBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()

        self.new_note_button = QPushButton(_("New note…"))
        self.new_note_button.setToolTip(_("Ctrl+N"))
        self.new_note_button.clicked.connect(self.new_note)
        self.consent_button = QPushButton(_("Register &consent…"))
        self.consent_button.clicked.connect(self.register_consent)
        self.print_button = QPushButton(_("Print who has looked at my data…"))
        self.print_button.setToolTip(_("Ctrl+P"))
        self.print_button.clicked.connect(self.print_access_log)
        self.actions_button = QPushButton(_("Act&ions"))
        self.actions_button.setObjectName("cardActions")
        self.actions_menu = QMenu(self.actions_button)
        self.actions_button.setMenu(self.actions_menu)
        self._menu_actions: list[tuple[CardAction, QAction]] = []
        for extra in card_actions():
            entry = QAction(extra.label(), self)
            if extra.shortcut:
                entry.setShortcut(QKeySequence(extra.shortcut))
                entry.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.addAction(entry)
            entry.triggered.connect(lambda _checked=False, a=extra: self.run_action(a.key))
            self.actions_menu.addAction(entry)
            self._menu_actions.append((extra, entry))
        actions = FlowLayout()
        for button in (self.new_note_button, self.consent_button, self.print_button, self.actions_button):
            actions.addWidget(button)

        self.tabs = QTabWidget()
        self.overview = OverviewPage()
        self.state = StatePage()
        self.municipal = MunicipalPage()
        self.journal = JournalPage()
        self.contacts = ContactsPage()
        self.consents = ConsentsPage()
        self.access_log = AccessLogPage()
        # The tabs have no Alt letter: with the menu bar and each tab's own buttons there are not letters
        # enough for all (`number_tabs`).
        for widget, text in ((self.overview, _("Overview")), (self.state, _("State")),
                             (self.municipal, _("Municipal")), (self.journal, _("Journal")),
                             (self.contacts, _("Contacts and appointments")), (self.consents, _("Consents")),
                             (self.access_log, _("Access log"))):
            self.tabs.addTab(widget, text)
        self.extra_tabs: dict[str, QWidget] = {}
        for tab in card_tabs():
            self.extra_tabs[tab.key] = tab.factory(self.ctx, self)
            self.tabs.addTab(self.extra_tabs[tab.key], tab.label())
        number_tabs(self.tabs, self)
        self.journal.edit_requested.connect(self.edit_note)
        self.journal.history_requested.connect(self.show_note_history)
        self.consents.withdraw_requested.connect(self.withdraw_consent)
        self.municipal.case_requested.connect(lambda case_id: open_case(self, case_id))

        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.name)
        top.addLayout(self.badges, 1)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.facts)
        layout.addLayout(self.header_markers)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)
        return page

    def _shortcuts(self) -> None:
        for keys, slot in ((QKeySequence.StandardKey.New, self.new_note), (QKeySequence.StandardKey.Print,
                                                                           self.print_access_log)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)

    def is_showing(self, person_id: uuid.UUID) -> bool:
        """This person's card (or its refusal) is on screen."""
        return person_id == self.person_id and self.stack.currentWidget() is not self.empty_page

    def focus_card(self) -> None:
        """Put the cursor on the card: its tab bar (arrows and Ctrl+Tab go between tabs, Tab into the page)."""
        page = self.stack.currentWidget()
        if page is self.card_page:
            self.tabs.tabBar().setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif page is self.refused_page:
            self.emergency_button.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # Loading ----------------------------------------------------------------------------------------

    def show_person(self, person_id: uuid.UUID) -> None:
        """Open the person's card (a logged read); the refused panel if the card may not be opened."""
        if person_id != self.person_id:
            self.card = None
        self.person_id = person_id
        self._load()

    def clear(self) -> None:
        self.person_id = None
        self.card = None
        self.stack.setCurrentWidget(self.empty_page)
        self.person_changed.emit(None)

    def _load(self) -> None:
        person_id = self.person_id
        if person_id is None:
            return
        self._request += 1
        request = self._request
        db, actor = self.ctx.db, self.ctx.actor

        def done(result: PersonCard) -> None:
            if request == self._request:
                self._show_card(result)

        def failed(error: BaseException) -> None:
            if request != self._request:
                return
            if isinstance(error, NotAllowed):
                self._show_refused(error.message)
            else:
                show_error(self, error)

        self.ctx.worker.run(lambda: card.open_card(db, actor, person_id), while_alive(self, done),
                            while_alive(self, failed), parent=self)

    def _changed(self, what: str) -> None:
        if what in PERSON_CHANGES and self.person_id is not None:
            self._load()

    def _show_refused(self, message: str) -> None:
        self.card = None
        self.refused_text.setText(message)
        self.stack.setCurrentWidget(self.refused_page)
        self.person_changed.emit(self.person_id)

    def _show_card(self, result: PersonCard) -> None:
        first = self.card is None or self.card.header.person_id != result.header.person_id
        self.card = result
        header = result.header
        self.name.setText(header.name)
        facts = [f"{header.fnr[:6]} {header.fnr[6:]}", _("{age} years").format(age=header.age), header.municipality]
        owner = ", ".join(filter(None, (header.owner_team, *header.contacts)))
        if owner:
            facts.append(_("Followed up by {owner}").format(owner=owner))
        contact = [text for text in (header.phone, header.email, header.address) if text]
        self.facts.setText(" · ".join(facts) + ("\n" + " · ".join(contact) if contact else ""))
        self._show_badges(result)
        self._replace(self.header_markers, [WithheldBox(marker) for marker in header.withheld])
        self.banner.setVisible(result.emergency)
        if result.emergency:
            until = format_datetime(result.emergency_until) if result.emergency_until else ""
            self.banner.setText(_("Emergency access — you are reading this card with emergency access until {time}. "
                                  "Your reading is logged and reviewed by your leader.").format(time=until))
        for page in (self.overview, self.state, self.municipal, self.journal, self.contacts, self.consents,
                     self.access_log, *self.extra_tabs.values()):
            page.show_card(result)  # type: ignore[attr-defined]
        for extra, entry in self._menu_actions:
            entry.setEnabled(extra.available(self.ctx, result))
        self.new_note_button.setEnabled(bool(result.note_targets))
        self.consent_button.setEnabled(result.can_register_consent)
        self.print_button.setEnabled(result.can_print_access_log)
        self.stack.setCurrentWidget(self.card_page)
        if first:
            self.tabs.setCurrentIndex(0)
            self.person_changed.emit(result.header.person_id)

    def _show_badges(self, result: PersonCard) -> None:
        self._replace(self.badges, [Badge(badge.text, BADGE_TONES.get(badge.key, ""))
                                    for badge in result.header.badges])

    @staticmethod
    def _replace(layout: QLayout, widgets: list[QWidget]) -> None:
        while layout.count():
            old = layout.takeAt(0).widget()
            if old is not None:
                old.hide()  # at once: deleting waits for the event loop
                old.deleteLater()
        for widget in widgets:
            layout.addWidget(widget)

    # Actions ----------------------------------------------------------------------------------------

    def new_note(self) -> None:
        if self.card is None or not self.card.note_targets:
            return
        self._open(NoteDialog(self.ctx, self.card.header.person_id, self.card.note_targets, None, self))

    def edit_note(self, note: NoteItem) -> None:
        if self.card is not None and note.can_edit:
            self._open(NoteDialog(self.ctx, self.card.header.person_id, self.card.note_targets, note, self))

    def show_note_history(self, note: NoteItem) -> None:
        self._open(NoteHistoryDialog(self.ctx, note, self))

    def register_consent(self) -> None:
        if self.card is not None and self.card.can_register_consent:
            self._open(ConsentDialog(self.ctx, self.card.header.person_id, self))

    def withdraw_consent(self, consent: ConsentItem) -> None:
        self._open(WithdrawConsentDialog(self.ctx, consent, self))

    def ask_emergency_access(self) -> None:
        if self.person_id is not None:
            self._open(EmergencyDialog(self.ctx, self.person_id, self))

    def run_action(self, key: str) -> None:
        """Run one of the card's menu actions (by keyboard, menu or test) on the card shown."""
        for extra, entry in self._menu_actions:
            if extra.key == key and self.card is not None and entry.isEnabled():
                extra.run(self, self.card)

    def open_dialog(self, dialog: QWidget) -> None:
        """Show a dialog over the card; it is deleted when closed and kept in `self.dialog` until then."""
        self._open(dialog)

    def _open(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_args: self._forget(dialog))
        dialog.show()

    def _forget(self, dialog: QWidget) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def print_access_log(self) -> None:
        if self.card is None or not self.card.can_print_access_log:
            return
        header = self.card.header
        suggested = Path.home() / _("who-has-looked-{name}-{date}.pdf").format(
            name=header.name.replace(" ", "-").lower(), date=date.today().isoformat())
        path, _filter = QFileDialog.getSaveFileName(self, _("Save “who has looked at my data”"), str(suggested),
                                                    _("PDF files (*.pdf)"))
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        db, actor, person_id = self.ctx.db, self.ctx.actor, header.person_id

        def work() -> Path:
            target.write_bytes(access_report.access_log_pdf(db, actor, person_id))
            return target

        self.ctx.worker.run(work, while_alive(self, self._printed), parent=self)

    def _printed(self, path: Path) -> None:
        QMessageBox.information(self, _("Saved"), _("The printout was saved to {path}.").format(path=path))

