"""Oppsett: the organisation set-up for administrators and leaders, one tab per kind of record."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from navdesk.domain.codes import label
from navdesk.i18n import _, ngettext
from navdesk.services import org, staff_admin
from navdesk.ui.context import UiContext
from navdesk.ui.navigation import Area
from navdesk.ui.setup import formatting
from navdesk.ui.setup.catalogue_tab import CatalogueTab
from navdesk.ui.setup.host_agreement_dialog import HostAgreementDialog
from navdesk.ui.setup.list_tab import ListTab
from navdesk.ui.setup.municipality_dialog import MunicipalityDialog
from navdesk.ui.setup.office_dialog import OfficeDialog
from navdesk.ui.setup.row_model import Column
from navdesk.ui.setup.staff_dialog import StaffDialog
from navdesk.ui.setup.team_dialog import TeamDialog


def _joined(values: tuple[str, ...]) -> str:
    return ", ".join(values)


def municipalities_tab(ctx: UiContext) -> ListTab:
    columns: list[Column[org.MunicipalityRow]] = [
        Column(lambda: _("Number"), lambda r: r.number),
        Column(lambda: _("Name"), lambda r: r.name),
        Column(lambda: _("Services in force"), lambda r: str(r.services), numeric=True),
        Column(lambda: _("Served by"), lambda r: _joined(r.offices) or _("No office yet")),
    ]
    return ListTab(
        ctx,
        columns=columns,
        load=lambda: org.list_municipalities(ctx.db, ctx.actor),
        fetch=org.get_municipality,
        dialog_class=MunicipalityDialog,
        empty_text=lambda: _(
            "No municipalities yet. Choose New (Ctrl+N) to add the first one by its number."
        ),
        delete=lambda record_id: org.delete_municipality(ctx.db, ctx.actor, record_id),
        delete_question=lambda r: _(
            "Delete {name}? Only a municipality nothing refers to can be deleted."
        ).format(name=r.name),
    )


def offices_tab(ctx: UiContext) -> ListTab:
    columns: list[Column[org.OfficeRow]] = [
        Column(lambda: _("Code"), lambda r: r.code),
        Column(lambda: _("Name"), lambda r: r.name),
        Column(lambda: _("Serves"), lambda r: _joined(r.municipalities)),
        Column(lambda: _("Opening hours"), lambda r: formatting.opening_hours(r.hours)),
        Column(
            lambda: _("Office days elsewhere"),
            lambda r: str(r.days_elsewhere) if r.days_elsewhere else "",
            numeric=True,
        ),
        Column(lambda: _("Address"), lambda r: r.address),
    ]
    return ListTab(
        ctx,
        columns=columns,
        load=lambda: org.list_offices(ctx.db, ctx.actor),
        fetch=org.get_office,
        dialog_class=OfficeDialog,
        empty_text=lambda: _("No offices yet. Add the municipalities first, then choose New (Ctrl+N) here."),
        delete=lambda record_id: org.delete_office(ctx.db, ctx.actor, record_id),
        delete_question=lambda r: _("Delete the office {name}?").format(name=r.name),
    )


def host_agreements_tab(ctx: UiContext) -> ListTab:
    columns: list[Column[org.HostAgreementRow]] = [
        Column(lambda: _("Host"), lambda r: r.host),
        Column(lambda: _("Members"), lambda r: _joined(r.members)),
        Column(
            lambda: _("Services"),
            lambda r: ngettext("{count} service", "{count} services", len(r.service_codes)).format(
                count=len(r.service_codes)
            ),
            tooltip=lambda r: "\n".join(r.service_names),
        ),
        Column(lambda: _("Participation"), lambda r: _("Partial") if r.partial else _("Full")),
        Column(lambda: _("Valid from"), lambda r: formatting.optional_date(r.valid_from)),
        Column(lambda: _("Valid to"), lambda r: formatting.optional_date(r.valid_to)),
        Column(lambda: _("Status"), lambda r: formatting.validity(r.valid_from, r.valid_to)),
        Column(lambda: _("Name"), lambda r: r.name),
    ]
    return ListTab(
        ctx,
        columns=columns,
        load=lambda: org.list_host_agreements(ctx.db, ctx.actor),
        fetch=org.get_host_agreement,
        dialog_class=HostAgreementDialog,
        empty_text=lambda: _(
            "No host agreements. Without one, no municipality's staff may work another municipality's "
            "services. Choose New (Ctrl+N) to register a vertskommuneavtale."
        ),
        dimmed=lambda r: not r.is_valid_on(date.today()),
    )


def teams_tab(ctx: UiContext) -> ListTab:
    columns: list[Column[org.TeamRow]] = [
        Column(lambda: _("Name"), lambda r: r.name),
        Column(lambda: _("Type"), lambda r: label(r.team_type)),
        Column(lambda: _("Team lead"), lambda r: r.lead),
        Column(
            lambda: _("Members"),
            lambda r: str(len(r.members)),
            tooltip=lambda r: "\n".join(r.members),
            numeric=True,
        ),
        Column(lambda: _("Offices"), lambda r: _joined(r.offices)),
        Column(lambda: _("Municipalities"), lambda r: _joined(r.municipalities)),
    ]
    return ListTab(
        ctx,
        columns=columns,
        load=lambda: org.list_teams(ctx.db, ctx.actor),
        fetch=org.get_team,
        dialog_class=TeamDialog,
        empty_text=lambda: _("No teams yet. Choose New (Ctrl+N) to set up, for example, a youth team."),
    )


def staff_tab(ctx: UiContext) -> ListTab:
    columns: list[Column[staff_admin.StaffRow]] = [
        Column(lambda: _("Name"), lambda r: r.name),
        Column(lambda: _("User name"), lambda r: r.login),
        Column(lambda: _("Employer"), lambda r: r.employer or _("The state (NAV)")),
        Column(lambda: _("Roles"), lambda r: formatting.roles(r.roles)),
        Column(lambda: _("Position"), lambda r: formatting.position(r.fte_percent, r.leader_share_percent)),
        Column(lambda: _("Active"), lambda r: formatting.yes_no(r.active)),
        Column(lambda: _("Offices"), lambda r: _joined(r.offices)),
    ]
    return ListTab(
        ctx,
        columns=columns,
        load=lambda: staff_admin.list_staff(ctx.db, ctx.actor),
        fetch=staff_admin.get_staff,
        dialog_class=StaffDialog,
        empty_text=lambda: _("No staff yet. Choose New (Ctrl+N) to add a staff member."),
        delete=lambda record_id: staff_admin.deactivate_staff(ctx.db, ctx.actor, record_id),
        delete_caption=lambda: _("De&activate…"),
        delete_question=lambda r: _(
            "Deactivate {name}? They can no longer log in; their notes keep their name. "
            "Tick Active in the form to bring them back."
        ).format(name=r.name),
        dimmed=lambda r: not r.active,
    )


class SetupView(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        title = QLabel(_("Organisation set-up"))
        title.setObjectName("pageTitle")
        self.tabs = QTabWidget()
        self.municipalities = municipalities_tab(ctx)
        self.offices = offices_tab(ctx)
        self.host_agreements = host_agreements_tab(ctx)
        self.catalogue = CatalogueTab(ctx)
        self.teams = teams_tab(ctx)
        self.staff = staff_tab(ctx)
        for tab, caption in (
            (self.municipalities, _("&Municipalities")),
            (self.offices, _("&Offices")),
            (self.host_agreements, _("&Host agreements")),
            (self.catalogue, _("Service &catalogue")),
            (self.teams, _("&Teams")),
            (self.staff, _("&Staff")),
        ):
            self.tabs.addTab(tab, caption)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        self.setFocusProxy(self.tabs)


AREA = Area(
    key="setup",
    label=lambda: _("Set-up"),
    factory=SetupView,
    visible=lambda actor: actor.can_manage_organisation,
    order=90,
)
