"""The People area on a 1366×768 laptop: an open card gets the room, the keyboard flow stays, and the
card's forms keep Enter on Save after a refused save."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from card_people import HEMSEDAL, fnr_of, resident
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTabBar, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from navdesk.domain.codes import Side
from navdesk.domain.errors import NotAllowed
from navdesk.i18n import _, format_date
from navdesk.services import card, consents
from navdesk.services.auth import authenticate
from navdesk.store.engine import Database
from navdesk.store.models import Person
from navdesk.ui.context import UiContext
from navdesk.ui.main_window import MainWindow
from navdesk.ui.people.card.card_view import CardView
from navdesk.ui.people.card.consent_dialog import ConsentDialog
from navdesk.ui.people.card.emergency_dialog import EmergencyDialog
from navdesk.ui.people.card.note_dialog import NoteDialog
from navdesk.ui.people.people_view import PeopleView
from navdesk.ui.worker import DbWorker

pytestmark = pytest.mark.usefixtures("english")

OWN_TABS = 7  # the card's own sections come first; extension tabs follow


@pytest.fixture
def open_window(qtbot: QtBot, demo_db: Database) -> Iterator[Callable[[str], MainWindow]]:
    workers: list[DbWorker] = []

    def open_as(login: str) -> MainWindow:
        worker = DbWorker()
        workers.append(worker)
        window = MainWindow(UiContext(demo_db, worker, authenticate(demo_db, login, "demo"), is_demo=True))
        qtbot.addWidget(window)
        window.resize(1366, 768)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        return window

    yield open_as
    for worker in workers:
        qtbot.waitUntil(lambda w=worker: w.idle, timeout=10_000)
        worker.shutdown()


def people_of(window: MainWindow) -> PeopleView:
    people = window.show_area("people")
    assert isinstance(people, PeopleView)
    return people


def find_and_open(qtbot: QtBot, window: MainWindow, fnr: str) -> PeopleView:
    """Ctrl+F, type the number, Enter: the way a veileder opens a card."""
    qtbot.keyClick(window.nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    people = people_of(window)
    assert people.search_field.hasFocus()
    qtbot.keyClicks(people.search_field, fnr)
    with qtbot.waitSignal(people.card.person_changed, timeout=10_000):
        qtbot.keyClick(people.search_field, Qt.Key.Key_Return)
    return people


def tab_bar(people: PeopleView) -> QTabBar:
    return people.card.tabs.tabBar()


def another_visible_person(db: Database, login: str, not_this: uuid.UUID) -> uuid.UUID:
    """A second Hemsedal resident whose card `login` may open, and who is still followed up (the search leaves
    out people whose follow-up has ended, and the demo has some)."""
    actor = authenticate(db, login, "demo")
    with db.session() as session:
        archived = set(session.scalars(select(Person.id).where(Person.archived_at.is_not(None))))
    for index in range(1, 30):
        person = resident(db, HEMSEDAL, index)
        if person == not_this or person in archived:
            continue
        try:
            card.open_card(db, actor, person)
        except NotAllowed:
            continue
        return person
    raise AssertionError("no second person to open")


def test_an_opened_card_gets_the_width_and_the_cursor(qtbot: QtBot, open_window, demo_db: Database) -> None:
    window = open_window("kommune")
    person = resident(demo_db, HEMSEDAL)
    people = find_and_open(qtbot, window, fnr_of(demo_db, person))

    assert people.card.person_id == person
    assert people.list_pane.isHidden() and people.strip.isVisible()
    assert people.card.width() > 1100
    bar = tab_bar(people)
    qtbot.waitUntil(bar.hasFocus)
    # Every tab on screen at once: no scroll arrows at 1366 pixels.
    assert bar.sizeHint().width() <= bar.width()

    qtbot.keyClick(bar, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert people.card.tabs.currentWidget() is people.card.state
    qtbot.keyClick(bar, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)  # the fourth tab
    assert people.card.tabs.currentWidget() is people.card.journal


def test_f9_keeps_the_list_beside_the_cards_that_follow_until_f9_again(
    qtbot: QtBot, open_window, demo_db: Database,
) -> None:
    window = open_window("kommune")
    people = find_and_open(qtbot, window, fnr_of(demo_db, resident(demo_db, HEMSEDAL)))
    qtbot.waitUntil(tab_bar(people).hasFocus)

    qtbot.keyClick(tab_bar(people), Qt.Key.Key_F9)
    assert people.list_shown() and not people.strip.isVisible()
    assert people.table.hasFocus()

    second = another_visible_person(demo_db, "kommune", resident(demo_db, HEMSEDAL))
    with qtbot.waitSignal(people.card.person_changed, timeout=10_000):
        people.open_person(second)
    assert people.list_shown(), "the list stays open: the user chose it"
    qtbot.waitUntil(tab_bar(people).hasFocus)

    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(tab_bar(people), Qt.Key.Key_F, modifiers)  # the same, where F9 needs the Fn key
    assert not people.list_shown() and people.strip.isVisible()
    with qtbot.waitSignal(people.card.person_changed, timeout=10_000):
        people.open_person(resident(demo_db, HEMSEDAL))
    assert not people.list_shown()


def test_the_strip_button_shows_the_list_again(qtbot: QtBot, open_window, demo_db: Database) -> None:
    window = open_window("kommune")
    people = find_and_open(qtbot, window, fnr_of(demo_db, resident(demo_db, HEMSEDAL)))
    qtbot.mouseClick(people.show_list_button, Qt.MouseButton.LeftButton)
    assert people.list_shown() and people.keep_list_open
    qtbot.waitUntil(lambda: people.hide_list_button.width() > 0)  # laid out once the list shows
    qtbot.mouseClick(people.hide_list_button, Qt.MouseButton.LeftButton)
    assert not people.list_shown() and not people.keep_list_open


def test_esc_goes_from_the_card_to_the_list_and_from_the_search_back_to_the_card(
    qtbot: QtBot, open_window, demo_db: Database,
) -> None:
    window = open_window("kommune")
    person = resident(demo_db, HEMSEDAL)
    people = find_and_open(qtbot, window, fnr_of(demo_db, person))
    bar = tab_bar(people)
    qtbot.waitUntil(bar.hasFocus)

    qtbot.keyClick(bar, Qt.Key.Key_Escape)
    assert people.list_shown() and people.table.hasFocus()
    assert people.selected_person() == person
    qtbot.keyClick(people.table, Qt.Key.Key_Escape)
    assert people.search_field.hasFocus()
    qtbot.keyClick(people.search_field, Qt.Key.Key_Escape)
    assert not people.list_shown() and bar.hasFocus()
    assert not people.keep_list_open, "a look at the list changes nothing the user chose"

    # Back in the list, Enter on the same person folds the list away and goes into the card again.
    qtbot.keyClick(bar, Qt.Key.Key_Escape)
    qtbot.keyClick(people.table, Qt.Key.Key_Return)
    assert not people.list_shown() and bar.hasFocus()

    # Esc from a list inside a tab leaves the card too.
    people.card.tabs.setCurrentWidget(people.card.journal)
    people.card.journal.list.setFocus()
    qtbot.keyClick(people.card.journal.list, Qt.Key.Key_Escape)
    assert people.list_shown() and people.table.hasFocus()


def test_ctrl_f_brings_the_list_back_for_a_new_search(qtbot: QtBot, open_window, demo_db: Database) -> None:
    window = open_window("kommune")
    people = find_and_open(qtbot, window, fnr_of(demo_db, resident(demo_db, HEMSEDAL)))
    qtbot.waitUntil(tab_bar(people).hasFocus)
    qtbot.keyClick(tab_bar(people), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert people.list_shown() and people.search_field.hasFocus()
    assert people.search_field.selectedText() == people.search_field.text(), "typing replaces the old search"

    second = another_visible_person(demo_db, "kommune", resident(demo_db, HEMSEDAL))
    qtbot.keyClicks(people.search_field, fnr_of(demo_db, second))
    with qtbot.waitSignal(people.card.person_changed, timeout=10_000):
        qtbot.keyClick(people.search_field, Qt.Key.Key_Return)
    assert people.card.person_id == second and not people.list_shown()


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def visible_mnemonics(window: MainWindow) -> list[tuple[str, str]]:
    """Every Alt+letter on screen: buttons, labelled fields, tabs and the menu bar."""
    texts = [w.text() for w in window.findChildren(QAbstractButton) if w.isVisible()]
    texts += [w.text() for w in window.findChildren(QLabel) if w.isVisible() and w.buddy() is not None]
    for bar in window.findChildren(QTabBar):
        if bar.isVisible():
            texts += [bar.tabText(index) for index in range(bar.count())]
    texts += [action.text() for action in window.menuBar().actions()]
    return [(letter, text) for text in texts if (letter := mnemonic(text))]


def test_alt_letters_on_the_card_are_unique_with_the_list_open(
    qtbot: QtBot, open_window, demo_db: Database,
) -> None:
    window = open_window("leder")
    people = find_and_open(qtbot, window, fnr_of(demo_db, resident(demo_db, HEMSEDAL)))
    people.toggle_list()
    tabs = people.card.tabs
    assert tabs.count() > OWN_TABS  # the extension tabs' labels are in the tab bar too
    for index in range(OWN_TABS):
        tabs.setCurrentIndex(index)
        seen: dict[str, list[str]] = {}
        for letter, text in visible_mnemonics(window):
            seen.setdefault(letter, []).append(text)
        assert {letter: texts for letter, texts in seen.items() if len(texts) > 1} == {}, tabs.tabText(index)


def test_the_deadline_column_stays_on_screen_and_no_column_is_narrower_than_its_heading(
    qtbot: QtBot, open_window, demo_db: Database,
) -> None:
    window = open_window("kommune")
    people = find_and_open(qtbot, window, fnr_of(demo_db, resident(demo_db, HEMSEDAL)))
    people.card.tabs.setCurrentWidget(people.card.municipal)
    cases = people.card.municipal.cases
    qtbot.waitUntil(cases.isVisible)
    header = cases.header()
    last = header.count() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= cases.viewport().width()
    deadline = _("Decide by {date}").format(date=format_date(date(2026, 12, 31)))
    assert header.sectionSize(last) >= cases.fontMetrics().horizontalAdvance(deadline)
    for column in range(header.count()):
        assert header.sectionSize(column) >= header.sectionSizeHint(column)


@pytest.fixture
def open_card_as(qtbot: QtBot, demo_db: Database) -> Iterator[Callable[[str, uuid.UUID], CardView]]:
    workers: list[DbWorker] = []

    def open_as(login: str, person_id: uuid.UUID) -> CardView:
        worker = DbWorker()
        workers.append(worker)
        view = CardView(UiContext(demo_db, worker, authenticate(demo_db, login, "demo"), is_demo=True))
        qtbot.addWidget(view)
        view.resize(1200, 700)
        view.show()
        with qtbot.waitSignal(view.person_changed, timeout=10_000):
            view.show_person(person_id)
        qtbot.waitUntil(lambda: worker.idle)
        return view

    yield open_as
    for worker in workers:
        qtbot.waitUntil(lambda w=worker: w.idle, timeout=10_000)
        worker.shutdown()


def active(qtbot: QtBot, dialog: QWidget | None) -> QWidget:
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and QApplication.focusWidget().window() is dialog)
    return dialog


def refused_by_a_click(qtbot: QtBot, view: CardView, dialog: QWidget, save: QAbstractButton) -> None:
    """A mouse click on Save moves the focus onto it; the save is refused."""
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: save.isEnabled(), timeout=10_000)
    qtbot.waitUntil(lambda: view.ctx.worker.idle)
    others = [button for button in dialog.findChildren(QAbstractButton) if button is not save]
    assert save.isDefault() and not any(getattr(button, "isDefault", lambda: False)() for button in others)


def test_enter_saves_a_note_after_a_refused_save(qtbot: QtBot, open_card_as, demo_db: Database) -> None:
    view = open_card_as("kommune", resident(demo_db, HEMSEDAL))
    view.new_note()
    dialog = active(qtbot, view.dialog)
    assert isinstance(dialog, NoteDialog)
    refused_by_a_click(qtbot, view, dialog, dialog.save_button)
    assert dialog.errors.label("title").isVisible() and dialog.title_edit.hasFocus()

    qtbot.keyClicks(dialog.title_edit, "Samtale om husleie")
    dialog.text.setPlainText("Bruker har fått varsel om utkastelse.")
    count = view.journal.list.topLevelItemCount()
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.journal.list.topLevelItemCount() == count + 1, timeout=10_000)
    assert view.dialog is None or not view.dialog.isVisible()


def test_ctrl_enter_saves_a_note_from_its_text(qtbot: QtBot, open_card_as, demo_db: Database) -> None:
    view = open_card_as("kommune", resident(demo_db, HEMSEDAL))
    view.new_note()
    dialog = active(qtbot, view.dialog)
    assert isinstance(dialog, NoteDialog)
    dialog.title_edit.setText("Telefon")
    dialog.text.setFocus()
    qtbot.keyClicks(dialog.text, "Første linje")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert dialog.text.toPlainText() == "Første linje\n", "Enter in the text starts a new line"
    count = view.journal.list.topLevelItemCount()
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.journal.list.topLevelItemCount() == count + 1, timeout=10_000)


def test_enter_opens_with_emergency_access_after_a_too_short_reason(
    qtbot: QtBot, open_card_as, demo_db: Database,
) -> None:
    view = open_card_as("gjeld", resident(demo_db, HEMSEDAL))
    assert view.stack.currentWidget() is view.refused_page
    view.ask_emergency_access()
    dialog = active(qtbot, view.dialog)
    assert isinstance(dialog, EmergencyDialog)
    qtbot.keyClicks(dialog.reason, "kort")
    refused_by_a_click(qtbot, view, dialog, dialog.open_button)
    assert dialog.errors.label("reason").isVisible() and dialog.reason.hasFocus()

    qtbot.keyClicks(dialog.reason, ": bruker er i krise")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(dialog.reason, "og trenger hjelp i kveld")
    assert "\n" in dialog.reason.toPlainText(), "Shift+Enter starts a new line"
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.card_page, timeout=10_000)
    assert view.banner.isVisibleTo(view)


def test_enter_registers_a_consent_after_a_refused_save(qtbot: QtBot, open_card_as, demo_db: Database) -> None:
    view = open_card_as("kommune", resident(demo_db, HEMSEDAL))
    view.register_consent()
    dialog = active(qtbot, view.dialog)
    assert isinstance(dialog, ConsentDialog)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=10_000)
    refused_by_a_click(qtbot, view, dialog, dialog.save_button)
    assert dialog.errors.label("parties").isVisible() and dialog.sides[Side.STATE].hasFocus()

    qtbot.keyClick(dialog.to_state, Qt.Key.Key_Space)
    dialog.sides[Side.MUNICIPAL].setChecked(True)
    dialog.purpose.setPlainText("Samarbeid om oppfølging")
    count = view.consents.list.topLevelItemCount()
    qtbot.keyClick(dialog.to_state, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.consents.list.topLevelItemCount() == count + 1, timeout=10_000)


def rect_in(widget: QWidget, dialog: QWidget) -> QRect:
    return QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size())


def test_a_long_refusal_grows_the_dialog_instead_of_covering_the_reason(
    qtbot: QtBot, open_card_as, demo_db: Database, monkeypatch: pytest.MonkeyPatch,
) -> None:
    message = "You cannot open this card with emergency access now. " * 6

    def refuse(*_args: object) -> None:
        raise NotAllowed(message)

    monkeypatch.setattr(consents, "open_emergency_access", refuse)
    view = open_card_as("gjeld", resident(demo_db, HEMSEDAL))
    view.ask_emergency_access()
    dialog = active(qtbot, view.dialog)
    assert isinstance(dialog, EmergencyDialog)
    height = dialog.height()
    qtbot.keyClicks(dialog.reason, "Bruker er i krise og trenger hjelp i kveld")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    general = dialog.errors.general
    qtbot.waitUntil(general.isVisible, timeout=10_000)
    qtbot.waitUntil(lambda: dialog.height() > height)
    qtbot.wait(50)  # the layout follows the new size on the next turn of the event loop
    shown = rect_in(general, dialog)
    assert general.height() >= general.heightForWidth(general.width())
    assert not shown.intersects(rect_in(dialog.reason, dialog))
    assert not shown.intersects(rect_in(dialog.buttons, dialog))
    assert dialog.open_button.isDefault() and dialog.reason.hasFocus()


def test_alt_and_a_number_turns_to_that_tab_of_the_card(qtbot: QtBot, open_window, demo_db: Database) -> None:
    """The card's tabs carry no Alt letter (there are not letters enough); Alt+1 to Alt+9 choose them."""
    window = open_window("leder")
    people = find_and_open(qtbot, window, fnr_of(demo_db, resident(demo_db, HEMSEDAL)))
    people.card.focus_card()
    tabs = people.card.tabs
    assert all(mnemonic(tabs.tabText(index)) is None for index in range(tabs.count()))
    qtbot.keyClick(tabs.tabBar(), Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert tabs.currentIndex() == 3 and tabs.tabBar().hasFocus()
    qtbot.keyClick(tabs.tabBar(), Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert tabs.currentIndex() == 0
    assert tabs.tabToolTip(3).endswith("4")
