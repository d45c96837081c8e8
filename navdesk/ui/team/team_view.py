"""Team: handovers between veiledere, absence cover, and (leaders, administrators) the assignment rules.

Each tab loads when it is first shown and again when data it shows changes.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from navdesk.domain.codes import Role
from navdesk.i18n import _
from navdesk.services.actor import Actor
from navdesk.ui.context import UiContext
from navdesk.ui.navigation import Area
from navdesk.ui.tab_keys import number_tabs
from navdesk.ui.team.absence_tab import AbsenceTab
from navdesk.ui.team.handovers_tab import HandoversTab
from navdesk.ui.team.rules_tab import RulesTab


def _works_with_people(actor: Actor) -> bool:
    return actor.has(Role.VEILEDER, Role.LEADER)


class TeamView(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        title = QLabel(_("Team"))
        title.setObjectName("pageTitle")
        self.tabs = QTabWidget()
        self.handovers: HandoversTab | None = None
        self.absence: AbsenceTab | None = None
        self.rules: RulesTab | None = None
        if _works_with_people(ctx.actor):
            self.handovers = HandoversTab(ctx)
            self.tabs.addTab(self.handovers, _("Handovers"))
        if _works_with_people(ctx.actor) or ctx.actor.can_manage_organisation:
            self.absence = AbsenceTab(ctx)
            self.tabs.addTab(self.absence, _("Absence and cover"))
        if ctx.actor.can_manage_organisation:
            self.rules = RulesTab(ctx)
            self.tabs.addTab(self.rules, _("Assignment rules"))
        number_tabs(self.tabs, self)  # the tabs' buttons need every letter there is
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        self.setFocusProxy(self.tabs)


AREA = Area(
    key="team",
    label=lambda: _("Team"),
    factory=TeamView,
    visible=lambda actor: _works_with_people(actor) or actor.can_manage_organisation,
    order=30,
)
