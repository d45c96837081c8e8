"""The card's Plans tab: goals and measures (entered once), the individual plan, the ansvarsgruppe and the
KVP programme, each a section of its own, with the partner register and printing at hand.

Data is fetched only while the tab is on screen: a card (re)load marks it stale, and it loads when shown.
One load reads the plan overview (which plans exist, what is withheld) and the section in view; the
other sections load when the user turns to them. Every save says `changes="person"`, so the card — and
with it this tab — reloads, and a goal changed in one plan reads the same in all the others.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QIcon, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QStyle, QTabWidget, QVBoxLayout, QWidget

from navdesk.domain.codes import Side
from navdesk.domain.errors import UserError
from navdesk.domain.plans import IpStatus, PlanKind, label
from navdesk.i18n import _, format_date
from navdesk.services import plans
from navdesk.services.card_types import PersonCard
from navdesk.services.plan_access import KVP_SERVICE
from navdesk.services.plan_types import PlanOverview, PlanRef
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.extensions import CardTab
from navdesk.ui.people.card.widgets import WithheldBox, empty_state
from navdesk.ui.plans.goal_page import GoalPage
from navdesk.ui.plans.group_page import GroupPage
from navdesk.ui.plans.ip_page import IpPage, plan_choice_label
from navdesk.ui.plans.kvp_page import KvpPage
from navdesk.ui.plans.partner_register_dialog import PartnerRegisterDialog
from navdesk.ui.plans.plan_form import PlanOption, PlanPage, button
from navdesk.ui.plans.print_dialog import PrintDialog
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.worker import show_error

if TYPE_CHECKING:
    from navdesk.ui.people.card.card_view import CardView

PLANS_STYLE = """
QLabel#planSection { font-size: 10.5pt; font-weight: 600; color: #1a1f26; padding-top: 8px; }
QLabel#factCaption { color: #5d6570; }
QLabel#requirement[state="done"] { color: #06893a; }
QLabel#requirement[state="missing"] { color: #7a4100; font-weight: 600; }
QLabel#loadError { color: #c30000; }
"""


def plan_options(overview: PlanOverview, card: PersonCard | None) -> list[PlanOption]:
    """The open plans a goal or measure can be written into: the activity plan (unless the reader may not
    see the state side), individual plans that have not ended, and running KVP programmes."""
    options = []
    markers = (*overview.withheld, *(card.state.withheld if card else ()))
    if not any(marker.side is Side.STATE for marker in markers):
        options.append(PlanOption(PlanRef.activity_plan(), label(PlanKind.ACTIVITY_PLAN)))
    for summary in overview.individual_plans:
        if summary.status != IpStatus.ENDED:
            options.append(PlanOption(PlanRef.individual_plan(summary.plan_id), _(
                "Individual plan, {municipality}, from {date}").format(municipality=summary.municipality,
                                                                      date=format_date(summary.period_from))))
    for programme in overview.kvp:
        if programme.ended_on is None:
            options.append(PlanOption(PlanRef.kvp(programme.programme_id), _(
                "KVP plan, {municipality}, from {date}").format(municipality=programme.municipality,
                                                               date=format_date(programme.starts_on))))
    return options


class PlansTab(QWidget):
    def __init__(self, ctx: UiContext, card_view: CardView) -> None:
        super().__init__()
        self.ctx = ctx
        self.card_view = card_view
        self.card: PersonCard | None = None
        self.person_id: uuid.UUID | None = None
        self.overview: PlanOverview | None = None
        self.stale = True
        self._request = 0
        self._page_requests: dict[int, int] = {}
        self.selected: dict[int, uuid.UUID | None] = {}
        self.setStyleSheet(PLANS_STYLE)

        self.goal_page = GoalPage(ctx, self.open_dialog)
        self.ip_page = IpPage(ctx, self.open_dialog, self.municipality_name, self.show_group)
        self.group_page = GroupPage(ctx, self.open_dialog, self.open_plans, self.municipality_name,
                                    self.print_minutes)
        self.kvp_page = KvpPage(ctx, self.open_dialog, self.municipality_name, self.kvp_decisions)
        self.pages: list[PlanPage] = [self.goal_page, self.ip_page, self.group_page, self.kvp_page]
        self.sections = QTabWidget()
        self.sections.setDocumentMode(True)
        for page, text in ((self.goal_page, _("Goals and measures")), (self.ip_page, _("Individual plan")),
                           (self.group_page, _("Ansvarsgruppe")), (self.kvp_page, _("KVP"))):
            self.sections.addTab(page, text)
            page.selection_changed.connect(lambda p=page: self._selection_changed(p))
        corner = QWidget()
        corner_layout = QHBoxLayout(corner)
        corner_layout.setContentsMargins(0, 0, 0, 2)
        self.partners_button = button(_("Partner register…"), self.open_partners)
        self.print_button = button(_("Print plan…"), self.open_print, _("Ctrl+Shift+P"))
        corner_layout.addWidget(self.partners_button)
        corner_layout.addWidget(self.print_button)
        self.sections.setCornerWidget(corner)
        self.sections.currentChanged.connect(lambda _index: self._section_changed())
        self.load_error = empty_state("")
        self.load_error.setObjectName("loadError")
        self.load_error.hide()
        self.markers = QVBoxLayout()
        self.markers.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.load_error)
        layout.addWidget(self.sections, 1)
        layout.addLayout(self.markers)

    # The card ---------------------------------------------------------------------------------------

    def show_card(self, card: PersonCard) -> None:
        if card.header.person_id != self.person_id:
            self.selected.clear()
            self.overview = None
            self.sections.setCurrentIndex(0)
        self.card = card
        self.person_id = card.header.person_id
        self.stale = True
        if self.isVisible():
            self.load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.load()

    def municipality_name(self) -> str:
        return self.card.header.municipality if self.card else ""

    def kvp_decisions(self) -> list[tuple[uuid.UUID, str]]:
        """The person's KVP cases on the card, for linking a programme to its decision."""
        if self.card is None:
            return []
        return [(case.case_id, " · ".join(part for part in (case.service_name, case.municipality, case.outcome or
                                                            case.status, format_date(case.decided_on)) if part))
                for case in self.card.municipal.items if case.service_code == KVP_SERVICE]

    def open_plans(self) -> list[tuple[uuid.UUID, str]]:
        overview = self.overview
        return [(s.plan_id, plan_choice_label(s)) for s in overview.individual_plans
                if s.status != IpStatus.ENDED] if overview else []

    # Loading ----------------------------------------------------------------------------------------

    def current_page(self) -> PlanPage:
        return self.pages[self.sections.currentIndex()]

    def load(self) -> None:
        """The overview and the section in view (one worker operation)."""
        person_id = self.person_id
        if person_id is None:
            return
        self.stale = False
        self._request += 1
        request = self._request
        page = self.current_page()
        remembered = self.selected.get(id(page))
        db, actor = self.ctx.db, self.ctx.actor

        def work() -> tuple[PlanOverview, uuid.UUID | None, Any]:
            overview = plans.plan_overview(db, actor, person_id)
            chosen = page.pick(overview, remembered)
            return overview, chosen, page.fetch(db, actor, person_id, chosen)

        def done(result: tuple[PlanOverview, uuid.UUID | None, Any]) -> None:
            if request != self._request or person_id != self.person_id:
                return
            overview, chosen, detail = result
            self.selected[id(page)] = chosen
            self._show_overview(overview)
            page.show_detail(detail)
            page.stale = False

        self.ctx.worker.run(work, while_alive(self, done), while_alive(self, self._failed), parent=self)

    def load_page(self, page: PlanPage) -> None:
        person_id = self.person_id
        if person_id is None or self.overview is None:
            self.load()
            return
        key = id(page)
        self._page_requests[key] = self._page_requests.get(key, 0) + 1
        request = self._page_requests[key]
        selected = self.selected.get(key)
        db, actor = self.ctx.db, self.ctx.actor

        def done(detail: Any) -> None:
            if request == self._page_requests.get(key) and person_id == self.person_id:
                page.show_detail(detail)
                page.stale = False

        self.ctx.worker.run(lambda: page.fetch(db, actor, person_id, selected), while_alive(self, done),
                            while_alive(self, self._failed), parent=self)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.load_error.setText(error.message)
            self.load_error.show()
        else:
            show_error(self, error)

    def _show_overview(self, overview: PlanOverview) -> None:
        assert self.person_id is not None
        self.overview = overview
        self.load_error.hide()
        options = plan_options(overview, self.card)
        current = self.current_page()
        for page in self.pages:
            chosen = page.pick(overview, self.selected.get(id(page)))
            self.selected[id(page)] = chosen
            page.set_overview(self.person_id, overview, options, chosen)
            page.stale = page is not current
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        flags = ((self.ip_page, overview.revision_overdue, _("An individual plan is overdue for revision")),
                 (self.group_page, any(g.overdue_tasks for g in overview.ansvarsgrupper),
                  _("Follow-up tasks are overdue")))
        for page, flagged, tip in flags:
            index = self.sections.indexOf(page)
            self.sections.setTabIcon(index, warning if flagged else QIcon())
            self.sections.setTabToolTip(index, tip if flagged else "")
        while self.markers.count():
            old = self.markers.takeAt(0).widget()
            if old is not None:
                old.deleteLater()
        for marker in overview.withheld:
            self.markers.addWidget(WithheldBox(marker))

    def _section_changed(self) -> None:
        page = self.current_page()
        if self.overview is not None and page.stale and self.isVisible():
            self.load_page(page)

    def _selection_changed(self, page: PlanPage) -> None:
        self.selected[id(page)] = page.selected()
        self.load_page(page)

    # Going places -----------------------------------------------------------------------------------

    def show_group(self, group_id: uuid.UUID) -> None:
        self.selected[id(self.group_page)] = group_id
        self.group_page.selector.blockSignals(True)
        self.group_page.selector.select(group_id)
        self.group_page.selector.blockSignals(False)
        self.group_page.stale = True
        self.sections.setCurrentWidget(self.group_page)
        if self.group_page.stale:
            self.load_page(self.group_page)

    def open_dialog(self, dialog: QWidget) -> None:
        self.card_view.open_dialog(dialog)

    def open_partners(self) -> None:
        self.open_dialog(PartnerRegisterDialog(self.ctx, self))

    def open_print(self) -> None:
        if self.card is not None:
            self.open_dialog(PrintDialog(self.ctx, self.card, self.card_view))

    def print_minutes(self, meeting_id: uuid.UUID) -> None:
        if self.card is not None:
            self.open_dialog(PrintDialog(self.ctx, self.card, self.card_view, meeting_id=meeting_id))


TABS = (CardTab("plans", lambda: _("Plans"), PlansTab, order=20),)
