"""A staff member: account, employer, roles and position, offices, authorisations, absences, password."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.codes import Role, Side, label
from navdesk.domain.org_rules import AbsenceEntry, AuthorisationEntry
from navdesk.i18n import _
from navdesk.services import staff_admin
from navdesk.ui.setup.entity_dialog import EntityDialog
from navdesk.ui.setup.form import CheckList, date_edit, from_qdate, hint, select_data
from navdesk.ui.setup.rows_editor import EditorRow, RowsEditor


def _percent_spin(low: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, 100)
    spin.setSuffix(" %")
    spin.setMaximumWidth(spin.sizeHint().width() + 40)
    return spin


class StaffDialog(EntityDialog):
    def title(self) -> str:
        return _("New staff member") if self.is_new else _("Edit staff member")

    def build_form(self) -> QWidget:
        self.setMinimumWidth(780)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._person_page(), _("Person"))
        self.tabs.addTab(self._position_page(), _("Roles and position"))
        self.tabs.addTab(self._access_page(), _("Offices and access"))
        self.tabs.addTab(self._absence_page(), _("Absences"))
        self.tabs.addTab(self._password_page(), _("Password"))
        return self.tabs

    # --- pages ----------------------------------------------------------------------------------------

    def _person_page(self) -> QWidget:
        self.login = QLineEdit()
        self.login.setMaxLength(40)
        self.login.setPlaceholderText(_("e.g. kari.nordmann"))
        self.name = QLineEdit()
        self.name.setMaxLength(120)
        self.email = QLineEdit()
        self.email.setMaxLength(120)
        self.employer = QComboBox()
        self.employer.addItem(_("The state (NAV)"), None)
        for m in self.choices.municipalities:
            self.employer.addItem(_("{name} municipality").format(name=m.name), m.id)
        self.active = QCheckBox(_("&Active: may log in and be given people"))
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(_("&User name:"), self.errors.wrap("login", self.login))
        form.addRow(_("&Name:"), self.errors.wrap("name", self.name))
        form.addRow(_("&E-mail:"), self.errors.wrap("email", self.email))
        form.addRow(_("Em&ployer:"), self.errors.wrap("employer", self.employer))
        form.addRow("", self.errors.wrap("active", self.active))
        form.addRow(
            hint(
                _(
                    "Staff are never deleted: their notes and the access log keep their name. "
                    "Untick Active when someone leaves."
                )
            )
        )
        return page

    def _position_page(self) -> QWidget:
        self.roles = {role: QCheckBox(label(role)) for role in (Role.VEILEDER, Role.LEADER, Role.ADMIN)}
        roles_box = QWidget()
        roles_line = QHBoxLayout(roles_box)
        roles_line.setContentsMargins(0, 0, 0, 0)
        for box in self.roles.values():
            roles_line.addWidget(box)
        roles_line.addStretch(1)
        self.fte = _percent_spin(1)
        self.leader_share = _percent_spin(0)
        self.specialist_areas = QPlainTextEdit()
        self.specialist_areas.setTabChangesFocus(True)
        self.specialist_areas.setPlaceholderText(_("One per line, e.g. Gjeldsrådgivning"))
        self.specialist_areas.setFixedHeight(110)
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(_("Roles:"), self.errors.wrap("roles", roles_box, focus=self.roles[Role.VEILEDER]))
        form.addRow(_("&Position (FTE):"), self.errors.wrap("fte_percent", self.fte))
        form.addRow(_("&Leader share:"), self.errors.wrap("leader_share_percent", self.leader_share))
        form.addRow(
            hint(
                _(
                    "The leader share is the part of the position spent leading; the rest is veileder work. "
                    "Only the administrator role gives no access to person data."
                )
            )
        )
        form.addRow(_("Sp&ecialist areas:"), self.errors.wrap("specialist_areas", self.specialist_areas))
        return page

    def _access_page(self) -> QWidget:
        self.offices = CheckList(rows_visible=5)
        self.offices.set_choices((o.id, o.label) for o in self.choices.offices)
        municipalities = [(m.id, m.name) for m in self.choices.municipalities]
        services = self.choices.services

        def make(value: AuthorisationEntry) -> EditorRow:
            side = QComboBox()
            for s in (Side.STATE, Side.MUNICIPAL, Side.CLOSED):
                side.addItem(label(s), s.value)
            place = QComboBox()
            place.addItem("—", None)
            for municipality_id, name in municipalities:
                place.addItem(name, municipality_id)
            service = QComboBox()
            service.setMinimumWidth(260)

            def offer_services() -> None:
                chosen = Side(side.currentData())
                current = service.currentData()
                service.clear()
                if chosen is Side.MUNICIPAL:
                    service.addItem(_("All services"), "")
                for s in services:
                    if s.side is chosen and chosen is not Side.STATE:
                        service.addItem(s.name, s.code)
                select_data(service, current, fallback=0)
                place.setEnabled(chosen is not Side.STATE)
                service.setEnabled(chosen is not Side.STATE)

            side.currentIndexChanged.connect(lambda _i: offer_services())
            select_data(side, value.side.value)
            offer_services()
            select_data(place, value.municipality_id, fallback=0)
            select_data(service, value.service_code, fallback=0)

            def read() -> AuthorisationEntry:
                chosen = Side(side.currentData())
                if chosen is Side.STATE:
                    return AuthorisationEntry(Side.STATE)
                return AuthorisationEntry(chosen, place.currentData(), service.currentData() or "")

            return EditorRow([side, place, service], read)

        def new(values: list[Any]) -> AuthorisationEntry:
            if not any(v.side is Side.STATE for v in values):
                return AuthorisationEntry(Side.STATE)
            return AuthorisationEntry(Side.MUNICIPAL, municipalities[0][0] if municipalities else None)

        self.authorisations = RowsEditor(
            [_("Side"), _("Municipality"), _("Service")],
            make,
            new,
            add_caption=_("Add &authorisation"),
            stretch_column=2,
            empty_text=_("No authorisations: this staff member sees no person data."),
        )
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(_("&Offices served:"), self.errors.wrap("offices", self.offices))
        form.addRow(
            hint(
                _(
                    "State side: at the offices served. Municipal side: per municipality, for one service or "
                    "all. A closed service (such as child welfare) marks who works it; each closed case "
                    "still names the staff who may see it."
                )
            )
        )
        form.addRow(_("Authorisations:"), self.errors.wrap("authorisations", self.authorisations))
        return page

    def _absence_page(self) -> QWidget:
        own_id = self.detail.id if self.detail is not None else None
        deputies = [(s.id, s.label) for s in self.choices.staff if s.id != own_id]

        def make(value: AbsenceEntry) -> EditorRow:
            starts, ends = date_edit(value.starts), date_edit(value.ends)
            deputy = QComboBox()
            deputy.addItem(_("No deputy"), None)
            for staff_id, text in deputies:
                deputy.addItem(text, staff_id)
            select_data(deputy, value.deputy_id, fallback=0)
            reason = QLineEdit(value.reason)
            reason.setMaxLength(200)
            reason.setPlaceholderText(_("e.g. holiday"))
            return EditorRow(
                [starts, ends, deputy, reason],
                lambda: AbsenceEntry(
                    from_qdate(starts.date()), from_qdate(ends.date()), deputy.currentData(), reason.text()
                ),
            )

        def new(values: list[Any]) -> AbsenceEntry:
            start = max([date.today(), *(v.ends + timedelta(days=1) for v in values)])
            return AbsenceEntry(start, start + timedelta(days=13))

        self.absences = RowsEditor(
            [_("First day"), _("Last day"), _("Deputy"), _("Reason")],
            make,
            new,
            add_caption=_("Add a&bsence"),
            stretch_column=3,
            empty_text=_("No absences registered."),
        )
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(hint(_("While someone is away, their deputy covers their people and deadlines.")))
        layout.addWidget(self.errors.wrap("absences", self.absences), 1)
        return page

    def _password_page(self) -> QWidget:
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password_repeated = QLineEdit()
        self.new_password_repeated.setEchoMode(QLineEdit.EchoMode.Password)
        page = QWidget()
        form = QFormLayout(page)
        self.password_hint = hint("")
        form.addRow(self.password_hint)
        form.addRow(_("New pass&word:"), self.errors.wrap("new_password", self.new_password))
        form.addRow(_("&Repeat it:"), self.errors.wrap("new_password_repeated", self.new_password_repeated))
        return page

    # --- data -----------------------------------------------------------------------------------------

    def fill(self, detail: staff_admin.StaffDetail | None) -> None:
        self.login.setText(detail.login if detail else "")
        self.name.setText(detail.name if detail else "")
        self.email.setText(detail.email if detail else "")
        select_data(self.employer, detail.employer_municipality_id if detail else None, fallback=0)
        self.active.setChecked(detail.active if detail else True)
        roles = detail.roles if detail else frozenset({Role.VEILEDER})
        for role, box in self.roles.items():
            box.setChecked(role in roles)
        self.fte.setValue(detail.fte_percent if detail else 100)
        self.leader_share.setValue(detail.leader_share_percent if detail else 0)
        self.specialist_areas.setPlainText("\n".join(detail.specialist_areas) if detail else "")
        self.offices.check_exactly(detail.office_ids if detail else ())
        self.authorisations.set_values(list(detail.authorisations) if detail else [])
        self.absences.set_values(list(detail.absences) if detail else [])
        self.new_password.clear()
        self.new_password_repeated.clear()
        if detail is None:
            text = _("Give a temporary password. They must choose their own at their first login.")
        elif detail.must_change_password:
            text = _("They still have a temporary password. Leave these empty to keep it.")
        else:
            text = _(
                "Leave these empty to keep the current password. A new one is temporary: "
                "they must choose their own at their next login (this also unlocks the account)."
            )
        self.password_hint.setText(text)
        self.tabs.setCurrentIndex(0)
        self.login.setFocus()

    def draft(self) -> staff_admin.StaffDraft:
        areas = tuple(
            line.strip() for line in self.specialist_areas.toPlainText().splitlines() if line.strip()
        )
        return staff_admin.StaffDraft(
            login=self.login.text(),
            name=self.name.text(),
            email=self.email.text(),
            employer_municipality_id=self.employer.currentData(),
            roles=frozenset(role for role, box in self.roles.items() if box.isChecked()),
            fte_percent=self.fte.value(),
            leader_share_percent=self.leader_share.value(),
            specialist_areas=areas,
            office_ids=self.offices.checked(),
            authorisations=tuple(self.authorisations.values()),
            absences=tuple(self.absences.values()),
            active=self.active.isChecked(),
            new_password=self.new_password.text(),
            new_password_repeated=self.new_password_repeated.text(),
        )

    def create(self, draft: staff_admin.StaffDraft) -> Any:
        return staff_admin.create_staff(self.ctx.db, self.ctx.actor, draft)

    def update(self, record_id: uuid.UUID, version: int, draft: staff_admin.StaffDraft) -> Any:
        return staff_admin.update_staff(self.ctx.db, self.ctx.actor, record_id, version, draft)

    def fetch(self, record_id: uuid.UUID) -> Any:
        return staff_admin.get_staff(self.ctx.db, self.ctx.actor, record_id)
