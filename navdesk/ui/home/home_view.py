"""Home: who you are signed in as, and what you are authorised for."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from navdesk.domain.codes import Side, label
from navdesk.i18n import _, format_date, format_percent_whole
from navdesk.services import profile
from navdesk.ui.context import UiContext
from navdesk.ui.navigation import Area


class HomeView(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        layout.addWidget(self.title)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.title.setText(_("Welcome, {name}").format(name=ctx.actor.name))
        ctx.worker.changed.connect(lambda _what: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        self.ctx.worker.run(lambda: profile.my_profile(self.ctx.db, self.ctx.actor), self._show, parent=self)

    def _show(self, data: profile.Profile) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        def row(caption: str, text: str) -> None:
            value = QLabel(text or "—")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(caption, value)

        row(_("Today"), format_date(date.today(), "full"))
        row(_("Roles"), ", ".join(sorted(label(r) for r in data.roles)))
        row(_("Employer"), data.employer or _("The state (NAV)"))
        split = _("{fte} position").format(fte=format_percent_whole(data.fte_percent))
        if data.leader_share_percent:
            split += " — " + _("{leader} leader, {veileder} veileder").format(
                leader=format_percent_whole(data.leader_share_percent),
                veileder=format_percent_whole(100 - data.leader_share_percent),
            )
        row(_("Position"), split)
        row(_("Offices"), ", ".join(data.offices))
        row(_("Teams"), ", ".join(data.teams))
        lines = []
        for auth in data.authorisations:
            if auth.side is Side.STATE:
                lines.append(_("State side at the offices you serve"))
            elif auth.service_code:
                lines.append(_("{side}: {municipality}, service {service}").format(
                    side=label(auth.side), municipality=auth.municipality, service=auth.service_code))
            else:
                lines.append(_("{side}: {municipality}, all services").format(
                    side=label(auth.side), municipality=auth.municipality))
        row(_("Authorisations"), "\n".join(lines) or _("No access to person data"))
        if data.absent_today:
            row(_("Absence"), _("You are registered as absent today."))


AREA = Area(
    key="home",
    label=lambda: _("Home"),
    factory=HomeView,
    visible=lambda actor: True,
    order=0,
)
