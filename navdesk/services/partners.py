"""The register of external partners (school, health, DPS, child welfare, police, employers ...) and their
named contacts, shared by every plan and ansvarsgruppe.

The register holds no person data, so any veileder or leader may read and keep it up to date; nothing
is deleted: a partner or contact that is no longer used is made inactive and stays in old plans.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from navdesk.domain import validators
from navdesk.domain.codes import Role
from navdesk.domain.errors import Conflict, Errors, NotFound
from navdesk.domain.plans import PartnerKind, label, label_of
from navdesk.i18n import _
from navdesk.services.actor import Actor, require
from navdesk.services.plan_types import PartnerContactForm, PartnerContactView, PartnerForm, PartnerView
from navdesk.store.engine import Database
from navdesk.store.models import ExternalPartner, Municipality, PartnerContact

PHONE_MAX = 30


def list_partners(db: Database, actor: Actor, *, kind: str | None = None, search: str = "",
                  include_inactive: bool = False) -> tuple[PartnerView, ...]:
    """Partners by name, optionally of one kind and whose name contains `search`."""
    _require_staff(actor)
    with db.session() as session:
        query = select(ExternalPartner)
        if kind:
            query = query.where(ExternalPartner.kind == kind)
        if search.strip():
            query = query.where(func.lower(ExternalPartner.name).contains(search.strip().lower()))
        if not include_inactive:
            query = query.where(ExternalPartner.active.is_(True))
        rows = session.scalars(query.order_by(ExternalPartner.name)).all()
        return tuple(_view(session, row, include_inactive) for row in rows)


def get_partner(db: Database, actor: Actor, partner_id: uuid.UUID) -> PartnerView:
    _require_staff(actor)
    with db.session() as session:
        return _view(session, _partner(session, partner_id), True)


def contact_choices(db: Database, actor: Actor) -> tuple[PartnerContactView, ...]:
    """Every active contact of an active partner, for the pickers in plans and ansvarsgrupper."""
    _require_staff(actor)
    with db.session() as session:
        rows = session.execute(
            select(PartnerContact, ExternalPartner.name)
            .join(ExternalPartner, ExternalPartner.id == PartnerContact.partner_id)
            .where(PartnerContact.active.is_(True), ExternalPartner.active.is_(True))
            .order_by(ExternalPartner.name, PartnerContact.name)
        ).all()
        return tuple(_contact_view(contact, partner) for contact, partner in rows)


def create_partner(db: Database, actor: Actor, form: PartnerForm) -> PartnerView:
    _require_staff(actor)
    with db.session() as session:
        _check_partner(session, form, None)
        partner = ExternalPartner()
        _fill_partner(partner, form)
        session.add(partner)
        session.flush()
        return _view(session, partner, True)


def update_partner(db: Database, actor: Actor, partner_id: uuid.UUID, version: int, form: PartnerForm, *,
                   active: bool = True) -> PartnerView:
    _require_staff(actor)
    with db.session() as session:
        partner = _partner(session, partner_id)
        if partner.version != version:
            raise Conflict(_conflict())
        _check_partner(session, form, partner.id)
        _fill_partner(partner, form)
        partner.active = active
        session.flush()
        return _view(session, partner, True)


def add_partner_contact(db: Database, actor: Actor, partner_id: uuid.UUID, form: PartnerContactForm) -> PartnerView:
    _require_staff(actor)
    with db.session() as session:
        partner = _partner(session, partner_id)
        _check_contact(form)
        contact = PartnerContact(partner_id=partner.id)
        _fill_contact(contact, form)
        session.add(contact)
        session.flush()
        return _view(session, partner, True)


def update_partner_contact(db: Database, actor: Actor, contact_id: uuid.UUID, version: int,
                           form: PartnerContactForm, *, active: bool = True) -> PartnerView:
    _require_staff(actor)
    with db.session() as session:
        contact = session.get(PartnerContact, contact_id)
        if contact is None:
            raise NotFound(_("The contact no longer exists."))
        if contact.version != version:
            raise Conflict(_conflict())
        _check_contact(form)
        _fill_contact(contact, form)
        contact.active = active
        session.flush()
        return _view(session, _partner(session, contact.partner_id), True)


def partner_kinds() -> tuple[tuple[str, str], ...]:
    return tuple((kind.value, label(kind)) for kind in PartnerKind)


def _require_staff(actor: Actor) -> None:
    require(actor, Role.VEILEDER, Role.LEADER)


def _partner(session: Session, partner_id: uuid.UUID) -> ExternalPartner:
    partner = session.get(ExternalPartner, partner_id)
    if partner is None:
        raise NotFound(_("The partner no longer exists."))
    return partner


def _view(session: Session, partner: ExternalPartner, include_inactive: bool) -> PartnerView:
    query = select(PartnerContact).where(PartnerContact.partner_id == partner.id)
    if not include_inactive:
        query = query.where(PartnerContact.active.is_(True))
    contacts = session.scalars(query.order_by(PartnerContact.name)).all()
    municipality = session.get(Municipality, partner.municipality_id) if partner.municipality_id else None
    return PartnerView(
        partner_id=partner.id,
        version=partner.version,
        name=partner.name,
        kind=partner.kind,
        kind_label=label_of(PartnerKind, partner.kind),
        municipality_id=partner.municipality_id,
        municipality=municipality.name if municipality else "",
        address=partner.address,
        phone=partner.phone,
        email=partner.email,
        active=partner.active,
        contacts=tuple(_contact_view(contact, partner.name) for contact in contacts),
    )


def _contact_view(contact: PartnerContact, partner: str) -> PartnerContactView:
    return PartnerContactView(contact.id, contact.version, contact.partner_id, partner, contact.name, contact.title,
                              contact.phone, contact.email, contact.active)


def _check_partner(session: Session, form: PartnerForm, own_id: uuid.UUID | None) -> None:
    errors = Errors()
    _add(errors, "name", validators.required(form.name, 150))
    if form.kind not in {kind.value for kind in PartnerKind}:
        errors.add("kind", _("Choose the kind of partner."))
    if form.municipality_id is not None and session.get(Municipality, form.municipality_id) is None:
        errors.add("municipality_id", _("Choose a municipality."))
    _add(errors, "address", validators.optional(form.address, 200))
    _add(errors, "phone", validators.optional(form.phone, PHONE_MAX))
    _add(errors, "email", validators.email(form.email))
    if not errors:
        where = (ExternalPartner.municipality_id.is_(None) if form.municipality_id is None
                 else ExternalPartner.municipality_id == form.municipality_id)
        same = select(ExternalPartner.id).where(func.lower(ExternalPartner.name) == form.name.strip().lower(), where)
        if own_id is not None:
            same = same.where(ExternalPartner.id != own_id)
        if session.scalars(same).first() is not None:
            errors.add("name", _("A partner with this name is already in the register."))
    errors.raise_if_any()


def _fill_partner(partner: ExternalPartner, form: PartnerForm) -> None:
    partner.name, partner.kind, partner.municipality_id = form.name.strip(), form.kind, form.municipality_id
    partner.address, partner.phone, partner.email = form.address.strip(), form.phone.strip(), form.email.strip()


def _check_contact(form: PartnerContactForm) -> None:
    errors = Errors()
    _add(errors, "name", validators.required(form.name, 150))
    _add(errors, "title", validators.optional(form.title, 150))
    _add(errors, "phone", validators.optional(form.phone, PHONE_MAX))
    _add(errors, "email", validators.email(form.email))
    errors.raise_if_any()


def _fill_contact(contact: PartnerContact, form: PartnerContactForm) -> None:
    contact.name, contact.title = form.name.strip(), form.title.strip()
    contact.phone, contact.email = form.phone.strip(), form.email.strip()


def _conflict() -> str:
    return _("Someone else changed this after you opened it. Close it and open it again to see their changes.")


def _add(errors: Errors, name: str, problem: str | None) -> None:
    if problem:
        errors.add(name, problem)
