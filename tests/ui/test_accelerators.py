"""Alt+letter: a form label's letter puts the cursor in its field, and no window offers one letter twice.

Every dialog and main-window area that can be built on the demo region is built once per language (the
areas as the leader `leder` and the municipal veileder `kommune`, the plans as a veileder the access policy
lets change them), shown without a modal loop, and checked in each state its tabs can show: two visible
buttons, check boxes, radio buttons, labels with a buddy, group boxes, tab titles or menu-bar titles on the
same `&` letter make Alt+letter only move between them instead of doing what either says. Qt ignores the
letters of hidden widgets, so the pages of one tab widget may reuse each other's letters. Menus are checked
on their own.
"""

from __future__ import annotations

import functools
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from card_people import GOL, HEMSEDAL, resident, staff_actor
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QDialog,
    QGroupBox,
    QLabel,
    QMenu,
    QMenuBar,
    QPushButton,
    QRadioButton,
    QTabBar,
    QTabWidget,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import Select, select

from navdesk import i18n
from navdesk.domain.case_flow import Step
from navdesk.domain.codes import Role
from navdesk.domain.errors import NotAllowed, NotFound
from navdesk.services import applications, auth, individual_plans, kvp
from navdesk.services.actor import Actor
from navdesk.services.auth import authenticate
from navdesk.services.card import open_card
from navdesk.services.card_types import ConsentItem
from navdesk.services.demo_staff import DEMO_LOGINS
from navdesk.services.plan_types import TaskView
from navdesk.store.engine import Database
from navdesk.store.models import (
    Activity,
    Ansvarsgruppe,
    AnsvarsgruppeMeeting,
    IndividualPlan,
    KvpProgramme,
    Municipality,
    Person,
    Staff,
)
from navdesk.ui.auth.change_password_dialog import ChangePasswordDialog
from navdesk.ui.auth.first_start_dialog import FirstStartDialog
from navdesk.ui.auth.lock_dialog import LockDialog
from navdesk.ui.auth.login_dialog import LoginDialog
from navdesk.ui.auth.settings_dialog import SettingsDialog
from navdesk.ui.cases.complaint_dialogs import ComplaintDialog, ComplaintOutcomeDialog
from navdesk.ui.cases.decision_dialog import DecisionDialog
from navdesk.ui.cases.step_dialog import DatedStepDialog
from navdesk.ui.context import UiContext
from navdesk.ui.main_window import MainWindow
from navdesk.ui.navigation import areas
from navdesk.ui.people.card.card_view import CardView
from navdesk.ui.people.card.note_dialog import NoteDialog
from navdesk.ui.people.person_dialog import PersonDialog
from navdesk.ui.plans.activity_cancel_dialog import CancelActivityDialog
from navdesk.ui.plans.group_task_dialog import CompleteTaskDialog
from navdesk.ui.setup.form import reveal
from navdesk.ui.worker import DbWorker

LANGUAGES = ("en", "nb", "nn")
TIMEOUT_MS = 10_000

# --- Finding the letters ------------------------------------------------------------------------------


def mnemonic(text: str) -> str | None:
    """The letter Alt opens in `text`, as Qt reads it: the first `&` not doubled."""
    index = 0
    while (index := text.find("&", index)) >= 0:
        following = text[index + 1:index + 2]
        if following == "&":
            index += 2
            continue
        return following.lower() if following.strip() else None
    return None


@dataclass(frozen=True)
class Owner:
    letter: str
    what: str  # e.g. 'button "&Save"'


BUTTON_KINDS = ((QCheckBox, "check box"), (QRadioButton, "radio button"), (QToolButton, "tool button"))


def _texts(widget: QWidget) -> list[tuple[str, str]]:
    if isinstance(widget, QAbstractButton):
        kind = next((name for cls, name in BUTTON_KINDS if isinstance(widget, cls)), "button")
        return [(kind, widget.text())]
    if isinstance(widget, QLabel) and widget.buddy() is not None:
        return [("label", widget.text())]
    if isinstance(widget, QGroupBox):
        return [("group box", widget.title())]
    if isinstance(widget, QTabBar):
        return [("tab", widget.tabText(i)) for i in range(widget.count()) if widget.isTabVisible(i)]
    if isinstance(widget, QMenuBar):
        return [("menu", action.text()) for action in widget.actions() if action.isVisible()]
    return []


def owners(window: QWidget) -> list[Owner]:
    """Every visible widget of `window` that Alt+letter reaches."""
    found = []
    for widget in [window, *window.findChildren(QWidget)]:
        if widget.window() is not window or not widget.isVisible():
            continue
        for kind, text in _texts(widget):
            letter = mnemonic(text)
            if letter is not None:
                found.append(Owner(letter, f'{kind} "{text}"'))
    return found


def clashes_in(owned: list[Owner]) -> set[str]:
    by_letter: dict[str, set[str]] = {}
    for owner in owned:
        by_letter.setdefault(owner.letter, set()).add(owner.what)
    return {f"Alt+{letter.upper()}: " + ", ".join(sorted(whats))
            for letter, whats in by_letter.items() if len(whats) > 1}


def menus_of(window: QWidget) -> list[QMenu]:
    """The menus of the window's menu bar and of its visible menu buttons."""
    menus = []
    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisible():
            continue
        if isinstance(widget, QMenuBar):
            menus += [action.menu() for action in widget.actions() if action.menu() is not None]
        elif isinstance(widget, QPushButton | QToolButton) and widget.menu() is not None:
            menus.append(widget.menu())
    return menus


def menu_clashes(menu: QMenu) -> set[str]:
    owned = [Owner(letter, f'menu entry "{action.text()}"') for action in menu.actions()
             if action.isVisible() and not action.isSeparator() and (letter := mnemonic(action.text()))]
    return {f"{menu.title().replace('&', '') or 'menu'}: {clash}" for clash in clashes_in(owned)}


def settle(worker: DbWorker) -> None:
    """Let the window load what it loads when shown (a tab page fetches its data when turned to)."""
    QCoreApplication.processEvents()
    if not worker.idle:
        loop, timer = QEventLoop(), QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        worker.busy_changed.connect(loop.quit)
        timer.start(TIMEOUT_MS)
        while not worker.idle:
            assert timer.isActive(), "the window did not finish loading"
            loop.exec()
        timer.stop()
        worker.busy_changed.disconnect(loop.quit)
    QCoreApplication.processEvents()


def wait_until(condition: Callable[[], bool], worker: DbWorker, failure: str) -> None:
    """Most of what a window waits for is the worker: wait for it, and poll only for what comes after."""
    deadline = QDeadlineTimer(TIMEOUT_MS)
    settle(worker)
    while not condition():
        assert not deadline.hasExpired(), failure
        QTest.qWait(1)
        settle(worker)


def clashes_of(window: QWidget, worker: DbWorker, within: QWidget | None = None) -> set[str]:
    """The clashes of `window` in its current state and with every page of every tab widget shown in turn
    (inside `within` only, e.g. one area of the main window)."""
    found = clashes_in(owners(window))
    for menu in menus_of(window):
        found |= menu_clashes(menu)
    done: set[int] = set()
    while True:
        pending = [tabs for tabs in (within or window).findChildren(QTabWidget)
                   if id(tabs) not in done and tabs.window() is window]
        if not pending:
            return found
        tabs = pending[0]
        done.add(id(tabs))
        reveal(tabs)
        if not tabs.isVisible():
            continue  # on a page of a stack that is not shown (another area)
        before = tabs.currentIndex()
        for index in range(tabs.count()):
            if tabs.isTabVisible(index) and tabs.isTabEnabled(index):
                tabs.setCurrentIndex(index)
                settle(worker)
                found |= clashes_in(owners(window))
        tabs.setCurrentIndex(before)


# --- The desk: one demo database, one main window per login and language ------------------------------


class Desk:
    """The demo region with a signed-in main window per login, built again when the language changes."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.worker = DbWorker()
        self.actors: dict[str, Actor] = {}
        self.language = ""
        self.windows: dict[str, MainWindow] = {}
        self.dialogs_to_close: list[QWidget] = []  # the dialogs a checked dialog was opened from
        self.kept: list[QWidget] = []  # windows without a parent, kept alive while they are checked
        self.found: dict[str, tuple[str, uuid.UUID] | None] = {}

    def speak(self, language: str) -> None:
        i18n.set_language(language)
        if language != self.language:
            self.close_windows()
            self.language = language

    def close_windows(self) -> None:
        settle(self.worker)
        for window in self.windows.values():
            window.close()
            window.deleteLater()
        self.windows.clear()
        QCoreApplication.processEvents()

    def ctx(self, login: str) -> UiContext:
        if login not in self.actors:
            self.actors[login] = (authenticate(self.db, login, "demo") if login in DEMO_LOGINS
                                  else staff_actor(self.db, login))
        return UiContext(self.db, self.worker, self.actors[login], is_demo=True)

    def main(self, login: str) -> MainWindow:
        if login not in self.windows:
            window = MainWindow(self.ctx(login))
            window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)  # visible to Qt, never painted
            window.resize(1366, 768)
            window.show()
            self.windows[login] = window
            settle(self.worker)
        return self.windows[login]

    def area(self, login: str, key: str) -> QWidget:
        page = self.main(login).show_area(key)
        settle(self.worker)
        return page

    def card(self, login: str, person_id: uuid.UUID) -> CardView:
        """The person's card in the People area of `login`'s main window."""
        people = self.area(login, "people")
        card: CardView = people.card  # type: ignore[attr-defined]
        if card.person_id != person_id:
            self.main(login).open_person(person_id)
            wait_until(lambda: card.person_id == person_id and card.stack.currentWidget() is not card.empty_page,
                       self.worker, "the card did not open")
        return card

    def query(self, statement: Select[Any]) -> list[Any]:
        with self.db.session() as session:
            return list(session.scalars(statement).all())

    def rows(self, statement: Select[Any]) -> list[tuple[Any, ...]]:
        with self.db.session() as session:
            return [tuple(row) for row in session.execute(statement).all()]

    def holder(self, key: str, candidates: Callable[[], list[tuple[uuid.UUID, uuid.UUID]]],
               read: Callable[[Database, Actor, uuid.UUID], object]) -> tuple[str, uuid.UUID]:
        """The first (veileder, person) where the veileder may change the person's plan (`read` gives its
        view) and open the card; the demo logins first. Found once per module."""
        if key not in self.found:
            self.found[key] = self._find(candidates(), read)
        found = self.found[key]
        assert found is not None, f"the demo has no {key} a veileder may change"
        return found

    def _find(self, candidates: list[tuple[uuid.UUID, uuid.UUID]],
              read: Callable[[Database, Actor, uuid.UUID], object]) -> tuple[str, uuid.UUID] | None:
        staff = self.query(select(Staff.login).where(Staff.roles.contains(Role.VEILEDER.value))
                           .order_by(Staff.login.not_in(DEMO_LOGINS), Staff.login))
        for person_id, plan_id in candidates:
            for login in staff:
                actor = self.ctx(login).actor
                plan = self._allowed(read, self.db, actor, plan_id)
                if getattr(plan, "can_change", False) and self._allowed(open_card, self.db, actor, person_id):
                    return login, person_id
        return None

    @staticmethod
    def _allowed(read: Callable[..., object], *args: object) -> object | None:
        try:
            return read(*args)
        except (NotAllowed, NotFound):
            return None


def top_level_dialogs() -> set[QWidget]:
    return {w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()}


def opened(desk: Desk, open_it: Callable[[], object]) -> QWidget:
    """The dialog `open_it` opens (shown without a modal loop), once it has loaded."""
    before = top_level_dialogs()
    open_it()
    wait_until(lambda: bool(top_level_dialogs() - before - set(desk.dialogs_to_close)), desk.worker,
               "no dialog opened")
    (dialog,) = top_level_dialogs() - before - set(desk.dialogs_to_close)
    return dialog


def closed(desk: Desk, dialog: QWidget) -> None:
    """Close without the questions a dialog's own reject may ask (and the lock's refusal to close)."""
    if isinstance(dialog, QDialog):
        dialog.done(QDialog.DialogCode.Rejected)
    dialog.hide()
    dialog.deleteLater()
    settle(desk.worker)
    if dialog in desk.kept:
        desk.kept.remove(dialog)


# --- The people the windows are about ---------------------------------------------------------------
# The demo is random in which people get plans, so the plan windows look for a person who has one and a
# staff member the access policy lets in; the rest use people the demo always makes the same way.

Who = Callable[[Desk], tuple[str, uuid.UUID]]  # (login, person)


def residents_of(number: str) -> Select[Any]:
    return (select(Person.id).join(Municipality, Municipality.id == Person.residence_municipality_id)
            .where(Municipality.number == number))


def rich_person(desk: Desk) -> tuple[str, uuid.UUID]:
    """The leader on the first Gol resident, whom the demo gives a full history on both sides."""
    return "leder", resident(desk.db, GOL)


def kommune_on_rich_person(desk: Desk) -> tuple[str, uuid.UUID]:
    return "kommune", resident(desk.db, GOL)


def refused_person(desk: Desk) -> tuple[str, uuid.UUID]:
    """`gjeld` on a Hemsedal resident: the card refuses and offers emergency access instead."""
    return "gjeld", resident(desk.db, HEMSEDAL)


def activity_person(desk: Desk) -> tuple[str, uuid.UUID]:
    """The leader (state side at Gol) on a Gol resident with an activity plan."""
    return "leder", desk.query(select(Activity.person_id).where(Activity.person_id.in_(residents_of(GOL)))
                               .order_by(Activity.person_id).limit(1))[0]


def group_person(desk: Desk) -> tuple[str, uuid.UUID]:
    """Someone in an open ansvarsgruppe that has met, under an open individual plan."""
    def candidates() -> list[tuple[uuid.UUID, uuid.UUID]]:
        return desk.rows(select(Ansvarsgruppe.person_id, Ansvarsgruppe.id)
                         .join(IndividualPlan, IndividualPlan.id == Ansvarsgruppe.individual_plan_id)
                         .where(Ansvarsgruppe.ended_on.is_(None), IndividualPlan.ended_on.is_(None),
                                Ansvarsgruppe.id.in_(select(AnsvarsgruppeMeeting.group_id)))
                         .order_by(Ansvarsgruppe.person_id))

    return desk.holder("group", candidates, individual_plans.get_ansvarsgruppe)


def kvp_person(desk: Desk) -> tuple[str, uuid.UUID]:
    """Someone in a KVP programme that is still running."""
    def candidates() -> list[tuple[uuid.UUID, uuid.UUID]]:
        return desk.rows(select(KvpProgramme.person_id, KvpProgramme.id)
                         .where(KvpProgramme.ended_on.is_(None)).order_by(KvpProgramme.person_id))

    return desk.holder("kvp", candidates, kvp.get_kvp)


# --- The windows ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    name: str
    check: Callable[[Desk], set[str]] = field(repr=False)


def area_window(login: str, key: str) -> Window:
    def check(desk: Desk) -> set[str]:
        page = desk.area(login, key)
        return clashes_of(desk.main(login), desk.worker, within=page)

    return Window(f"{key} area ({login})", check)


def card_window(name: str, who: Who) -> Window:
    def check(desk: Desk) -> set[str]:
        login, person_id = who(desk)
        card = desk.card(login, person_id)
        return clashes_of(desk.main(login), desk.worker, within=card)

    return Window(name, check)


def dialog_window(name: str, open_it: Callable[[Desk], object]) -> Window:
    def check(desk: Desk) -> set[str]:
        try:
            dialog = opened(desk, lambda: open_it(desk))
            found = clashes_of(dialog, desk.worker)
            closed(desk, dialog)
            return found
        finally:
            while desk.dialogs_to_close:
                closed(desk, desk.dialogs_to_close.pop())

    return Window(name, check)


Opener = Callable[[Desk], object]


def on_card(run: Callable[[CardView], object], who: Who = rich_person) -> Opener:
    return lambda desk: run(desk.card(*who(desk)))


def action(key: str) -> Opener:
    """One of the card's menu actions, as the leader on the first Gol resident's card."""
    return on_card(lambda card: card.run_action(key))


def first_row(view: QWidget) -> None:
    model = view.model() if callable(view.model) else view.model  # type: ignore[attr-defined]
    assert model.rowCount() > 0, f"{view.objectName() or type(view).__name__} has no row to choose"
    view.setCurrentIndex(model.index(0, 0))  # type: ignore[attr-defined]


def on_tab(card: CardView, key: str) -> QWidget:
    tab = card.extra_tabs[key]
    card.tabs.setCurrentWidget(tab)
    settle(card.ctx.worker)
    return tab


def plans_page(page: str, run: Callable[[QWidget], object], who: Who = group_person) -> Opener:
    """Turn the card's Plans tab to `page` (goal_page, ip_page, group_page, kvp_page) and run `run` on it."""
    def open_it(desk: Desk) -> object:
        tab = on_tab(desk.card(*who(desk)), "plans")
        section = getattr(tab, page)
        tab.sections.setCurrentWidget(section)  # type: ignore[attr-defined]
        settle(desk.worker)
        return run(section)

    return open_it


def chosen(view: Callable[[QWidget], QWidget], then: Callable[[QWidget], object]) -> Callable[[QWidget], object]:
    """Choose the first row of the page's list `view(page)`, then run `then(page)`."""
    def run(page: QWidget) -> object:
        first_row(view(page))
        return then(page)

    return run


def first_note(card: CardView) -> object:
    assert card.card is not None and card.card.journal.items, "the card has no note"
    return card.card.journal.items[0]


def made_up_consent() -> ConsentItem:
    # Consents are random in the demo; the dialog only shows when and to whom the consent was given.
    return ConsentItem(uuid.uuid4(), "active", "Active", date(2024, 3, 1), None, None, ("NAV Gol",), (), "written",
                       "Oppfølging", "Ingrid Haugen", "", True)


def step_dialog(make: Callable[[UiContext, object, QWidget], QWidget]) -> Opener:
    """A case step's dialog over the card, for the first Gol resident's first application."""
    def open_it(desk: Desk) -> object:
        card = desk.card(*rich_person(desk))
        assert card.card is not None
        case_id = next(case.case_id for case in card.card.municipal.items if case.received_on is not None)
        card.open_dialog(make(card.ctx, applications.application(desk.db, card.ctx.actor, case_id), card))
        return None

    return open_it


def shown(make: Callable[[Desk], QWidget]) -> Opener:
    """A window made outside any other: kept here until it has been checked and closed."""
    def open_it(desk: Desk) -> object:
        dialog = make(desk)
        desk.kept.append(dialog)
        dialog.show()
        return dialog

    return open_it


def setup_editor(tab: str, existing: bool) -> Opener:
    """The set-up tab's form for a new record, or for the first one in its list."""
    def open_it(desk: Desk) -> object:
        view = desk.area("leder", "setup")
        page = getattr(view, tab)
        view.tabs.setCurrentWidget(page)  # type: ignore[attr-defined]
        settle(desk.worker)
        if not existing:
            return page.open_editor(None)
        first_row(page.table)
        return page.edit_current()

    return open_it


def partner_register(then: Callable[[QWidget], object] | None = None) -> Opener:
    """The partner register from the Plans tab, or the form `then` opens from it."""
    def open_it(desk: Desk) -> object:
        tab = on_tab(desk.card(*group_person(desk)), "plans")
        register = opened(desk, tab.open_partners)  # type: ignore[attr-defined]
        if then is None:
            return None
        desk.dialogs_to_close.append(register)
        first_row(register.list)  # type: ignore[attr-defined]
        settle(desk.worker)
        return then(register)

    return open_it


def activity_tab(run: Callable[[QWidget], object]) -> Opener:
    return on_card(lambda card: run(on_tab(card, "activity_plan")), activity_person)


def first_activity(tab: QWidget) -> object:
    card = tab.current_card()  # type: ignore[attr-defined]
    assert card is not None, "the activity plan has no activity to open"
    return card


def team_tab(tab: str, run: Callable[[QWidget], object]) -> Opener:
    def open_it(desk: Desk) -> object:
        view = desk.area("leder", "team")
        page = getattr(view, tab)
        view.tabs.setCurrentWidget(page)  # type: ignore[attr-defined]
        settle(desk.worker)
        return run(page)

    return open_it


def worklist(run: Callable[[QWidget], object]) -> Opener:
    return lambda desk: run(desk.area("leder", "worklist"))


def calendar(run: Callable[[QWidget], object]) -> Opener:
    return lambda desk: run(desk.area("leder", "calendar").page())  # type: ignore[attr-defined]


def made_up_task() -> TaskView:
    # Open follow-up tasks are random in the demo; the dialog only shows the task's words.
    return TaskView(uuid.uuid4(), uuid.uuid4(), "Søke bostøtte", "Kari", None, None, False)


def decision(step: Step) -> Callable[[UiContext, object, QWidget], QWidget]:
    return lambda ctx, case, parent: DecisionDialog(ctx, case, step, parent)  # type: ignore[arg-type]


def dated(step: Step) -> Callable[[UiContext, object, QWidget], QWidget]:
    return lambda ctx, case, parent: DatedStepDialog(ctx, case, step, parent)  # type: ignore[arg-type]


def area_windows(login: str, *roles: Role) -> list[Window]:
    actor = Actor(uuid.uuid4(), login, login, frozenset(roles))
    return [area_window(login, area.key) for area in areas() if area.visible(actor)]


def leader_windows() -> list[Window]:
    """The leader's areas and dialogs, grouped by the card they need so that each card is read once."""
    return [
        *area_windows("leder", Role.LEADER, Role.VEILEDER),
        card_window("person card (leder)", rich_person),
        dialog_window("new person", lambda desk: desk.area("leder", "people").new_person()),  # type: ignore[attr-defined]
        *(dialog_window(name, action(key)) for name, key in (
            ("edit person", "edit_person"), ("register contact", "register_contact"),
            ("book appointment (card)", "book_appointment"), ("ownership", "ownership"), ("hand over", "hand_over"),
            ("§14a decision", "innsats"), ("conflicts of interest", "conflicts"), ("print plan", "print_plan"),
            ("register application", "register_application"), ("case handling", "case_handling"))),
        dialog_window("new note", on_card(lambda card: card.new_note())),
        dialog_window("edit note", on_card(lambda card: card.open_dialog(NoteDialog(
            card.ctx, card.person_id, card.card.note_targets, first_note(card), card)))),  # type: ignore[union-attr]
        dialog_window("note history", on_card(lambda card: card.show_note_history(first_note(card)))),
        dialog_window("register consent", on_card(lambda card: card.register_consent())),
        dialog_window("withdraw consent", on_card(lambda card: card.withdraw_consent(made_up_consent()))),
        dialog_window("decision", step_dialog(decision(Step.DECIDE))),
        dialog_window("office reversal", step_dialog(decision(Step.OFFICE_REVERSAL))),
        dialog_window("complaint", step_dialog(ComplaintDialog)),
        dialog_window("complaint outcome", step_dialog(ComplaintOutcomeDialog)),
        dialog_window("interim reply", step_dialog(dated(Step.INTERIM_REPLY))),
        dialog_window("send to Statsforvalteren", step_dialog(dated(Step.SEND_TO_STATSFORVALTEREN))),
        dialog_window("new activity", activity_tab(lambda tab: tab.new_activity())),
        dialog_window("edit activity", activity_tab(lambda tab: tab.open_activity(first_activity(tab)))),
        dialog_window("activity history", activity_tab(lambda tab: tab.show_history())),
        dialog_window("cancel activity", activity_tab(lambda tab: tab.card_view.open_dialog(
            CancelActivityDialog(tab.ctx, first_activity(tab), tab.card_view)))),
        *(dialog_window(f"{tab} form ({'edit' if existing else 'new'})", setup_editor(tab, existing))
          for tab in ("municipalities", "offices", "host_agreements", "catalogue", "teams", "staff")
          for existing in (False, True)),
        dialog_window("assignment rule (new)", team_tab("rules", lambda tab: tab.open_editor(None))),
        dialog_window("assignment rule (edit)", team_tab("rules", chosen(lambda tab: tab.rules,
                                                                         lambda tab: tab.edit_current()))),
        dialog_window("reminders", worklist(chosen(lambda view: view.table, lambda view: view.edit_reminders()))),
        dialog_window("save filter", worklist(lambda view: view.save_filter())),
        dialog_window("book appointment (calendar)", calendar(lambda page: page.new_appointment())),
    ]


def plan_windows() -> list[Window]:
    """The Plans tab and its dialogs, as a veileder allowed to see the person's plans."""
    ip, group, kvp_page = "ip_page", "group_page", "kvp_page"
    return [
        card_window("person card with plans", group_person),
        dialog_window("new individual plan", plans_page(ip, lambda page: page.new_plan())),
        dialog_window("edit individual plan", plans_page(ip, lambda page: page.edit_plan())),
        dialog_window("plan revision", plans_page(ip, lambda page: page.record_revision())),
        dialog_window("end individual plan", plans_page(ip, lambda page: page.end_plan())),
        dialog_window("new participant", plans_page(ip, lambda page: page.add_participant())),
        dialog_window("edit participant", plans_page(ip, chosen(lambda page: page.participants,
                                                                lambda page: page.edit_participant()))),
        dialog_window("new goal", plans_page("goal_page", lambda page: page.box.new_goal())),
        dialog_window("new measure", plans_page("goal_page", lambda page: page.box.new_measure())),
        dialog_window("edit goal", plans_page(ip, chosen(lambda page: page.goals.goal_list,
                                                         lambda page: page.goals.edit_goal()))),
        dialog_window("edit measure", plans_page(ip, chosen(lambda page: page.goals.measure_list,
                                                            lambda page: page.goals.edit_measure()))),
        dialog_window("new ansvarsgruppe", plans_page(group, lambda page: page.new_group())),
        dialog_window("new meeting", plans_page(group, lambda page: page.new_meeting())),
        dialog_window("edit meeting", plans_page(group, chosen(lambda page: page.meetings,
                                                               lambda page: page.edit_meeting()))),
        dialog_window("new member", plans_page(group, lambda page: page.add_member())),
        dialog_window("member leaves", plans_page(group, chosen(lambda page: page.members,
                                                                lambda page: page.member_leaves()))),
        dialog_window("new task", plans_page(group, chosen(lambda page: page.meetings,
                                                           lambda page: page.add_task()))),
        dialog_window("complete task", plans_page(group, lambda page: page.open_dialog(
            CompleteTaskDialog(page.ctx, made_up_task(), page)))),
        dialog_window("end ansvarsgruppe", plans_page(group, lambda page: page.end_group())),
        dialog_window("start KVP", plans_page(kvp_page, lambda page: page.start())),
        dialog_window("partner register", partner_register()),
        dialog_window("new partner", partner_register(lambda register: register.new_partner())),
        dialog_window("edit partner", partner_register(lambda register: register.edit_partner())),
        dialog_window("new partner contact", partner_register(lambda register: register.new_contact())),
        dialog_window("edit partner contact", partner_register(chosen(lambda register: register.contacts,
                                                                      lambda register: register.edit_contact()))),
        card_window("person card with KVP", kvp_person),
        *(dialog_window(name, plans_page(kvp_page, run, kvp_person)) for name, run in (
            ("KVP period", lambda page: page.edit_period()), ("KVP interruption", lambda page: page.interrupt()),
            ("KVP re-entry", lambda page: page.re_entry()), ("KVP week plan", lambda page: page.edit_week()),
            ("end KVP", lambda page: page.end_programme()))),
    ]


def other_windows() -> list[Window]:
    return [
        card_window("person card (kommune)", kommune_on_rich_person),
        card_window("refused person card (gjeld)", refused_person),
        dialog_window("emergency access", on_card(lambda card: card.ask_emergency_access(), refused_person)),
        dialog_window("sign in", shown(lambda desk: LoginDialog(desk.worker, lambda _login, _password: None,
                                                               auth.demo_logins(desk.db), where="demo"))),
        dialog_window("first start", shown(lambda desk: FirstStartDialog(desk.db, desk.worker))),
        dialog_window("change password", shown(lambda desk: ChangePasswordDialog(
            desk.db, desk.worker, desk.ctx("leder").actor))),
        dialog_window("change password (forced)", shown(lambda desk: ChangePasswordDialog(
            desk.db, desk.worker, desk.ctx("leder").actor, forced=True))),
        dialog_window("lock", shown(lambda desk: LockDialog(desk.db, desk.worker, desk.ctx("leder").actor))),
        dialog_window("settings", shown(lambda desk: SettingsDialog(desk.db, desk.worker, desk.ctx("admin").actor,
                                                                   15))),
    ]


# A login's areas come before any card opened in its window: the People area is checked with no card open.
WINDOWS = [*leader_windows(), *area_windows("kommune", Role.VEILEDER), *plan_windows(), *other_windows()]


@pytest.fixture(scope="module", autouse=True)
def _catalogues_read_once() -> Iterator[None]:
    """Each test starts in bokmål (tests/conftest.py), and reading a .po file takes a tenth of a second:
    for this module's few hundred tests each catalogue is read once."""
    read = functools.cache(i18n._load)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(i18n, "_load", read)
        yield


@pytest.fixture(scope="module")
def desk(qapp: QApplication, demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    path = tmp_path_factory.mktemp("accelerators") / "demo.sqlite"
    shutil.copyfile(demo_template, path)
    database = Database(path)
    desk = Desk(database)
    yield desk
    desk.close_windows()
    desk.worker.shutdown()
    database.dispose()


@pytest.fixture(scope="module", params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> str:
    """Module-scoped, so that pytest runs every window in one language before the next."""
    return str(request.param)


@pytest.mark.parametrize("window", WINDOWS, ids=[window.name for window in WINDOWS])
def test_no_two_controls_in_a_window_share_an_alt_letter(desk: Desk, window: Window, language: str) -> None:
    desk.speak(language)
    found = window.check(desk)
    assert not found, f"{window.name} in {language}:\n" + "\n".join(sorted(found))


@pytest.mark.usefixtures("english")
def test_a_form_labels_alt_letter_puts_the_cursor_in_its_field(qtbot: QtBot, desk: Desk) -> None:
    """The person form's fields sit in boxes with their error labels under them (FormErrors.wrap): the
    label's letter still reaches the field, and the boxes are no Tab stops of their own."""
    dialog = PersonDialog(desk.ctx("leder"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog and dialog.save_button.isEnabled())

    for key, field_ in ((Qt.Key.Key_L, dialog.last_name), (Qt.Key.Key_M, dialog.municipality),
                        (Qt.Key.Key_I, dialog.first_name)):
        qtbot.keyClick(dialog, key, Qt.KeyboardModifier.AltModifier)
        assert field_.hasFocus()
    qtbot.keyClick(dialog.first_name, Qt.Key.Key_Tab)
    assert dialog.last_name.hasFocus()

    qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # the tab "&Contact and address"
    qtbot.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    assert dialog.email.hasFocus()
    dialog.reject()
