"""The Plans tab's first section: every goal and measure of the person that the reader may see, each
entered once and named with the plans it is linked into."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from navdesk.i18n import _
from navdesk.services import plans
from navdesk.services.actor import Actor
from navdesk.services.plan_types import GoalsAndMeasures, PlanOverview
from navdesk.store.engine import Database
from navdesk.ui.context import UiContext
from navdesk.ui.plans.goal_box import GoalBox, OpenDialog
from navdesk.ui.plans.plan_form import PlanOption, PlanPage
from navdesk.ui.setup.form import hint


class GoalPage(PlanPage):
    def __init__(self, ctx: UiContext, open_dialog: OpenDialog) -> None:
        super().__init__("")
        self.box = GoalBox(ctx, open_dialog)
        self.body_layout.addWidget(hint(_("A goal is written once, in the person's own words, and linked into "
                                          "every plan it belongs to. A change shows in all of them.")))
        self.body_layout.addWidget(self.box)
        self.body_layout.addStretch(1)
        self.show_content(True)

    @staticmethod
    def pick(overview: PlanOverview, remembered: uuid.UUID | None) -> uuid.UUID | None:
        return None

    @staticmethod
    def fetch(db: Database, actor: Actor, person_id: uuid.UUID, _selected: uuid.UUID | None) -> GoalsAndMeasures:
        return plans.goals_and_measures(db, actor, person_id)

    def set_overview(self, person_id: uuid.UUID, overview: PlanOverview, options: Sequence[PlanOption],
                     _selected: uuid.UUID | None) -> None:
        self.box.set_plan(person_id, options, options[0].ref if options else None)

    def show_detail(self, detail: GoalsAndMeasures | None) -> None:
        if detail is not None:
            self.box.show_items(detail.goals, detail.measures)
