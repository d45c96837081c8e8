"""The contact log: a contact is logged where the user may write, shows on the card, and is logged itself."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from card_people import GOL, HEMSEDAL, closed_area_person, resident, sign_in, staff_actor
from sqlalchemy import select

from navdesk.domain.case_codes import ContactChannel
from navdesk.domain.codes import Side
from navdesk.domain.errors import NotAllowed, ValidationFailed
from navdesk.services import contact_log
from navdesk.services.card import open_card
from navdesk.services.contact_log import ContactForm
from navdesk.store.engine import Database
from navdesk.store.models import AccessLogEntry, Person

pytestmark = pytest.mark.usefixtures("english")


def municipality_of(db: Database, person_id: uuid.UUID) -> uuid.UUID:
    with db.session() as session:
        return session.get_one(Person, person_id).residence_municipality_id


def last_log(db: Database) -> AccessLogEntry:
    with db.session() as session:
        return session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.seq.desc()).limit(1)).one()


def an_hour_ago() -> datetime:
    return datetime.now().replace(second=0, microsecond=0) - timedelta(hours=1)


def test_a_phone_call_on_the_state_side_shows_in_the_contacts_and_the_timeline(demo_db: Database) -> None:
    person = resident(demo_db, GOL)
    stat = sign_in(demo_db, "stat")
    at = an_hour_ago()
    saved = contact_log.register_contact(demo_db, stat, person, ContactForm(
        side=Side.STATE, channel=ContactChannel.PHONE, at=at, summary="  Ringte om meldekortet.  "))

    assert (saved.at, saved.side, saved.channel) == (at, Side.STATE, "Phone")
    entry = last_log(demo_db)
    assert (entry.action, entry.what, entry.allowed, entry.person_id) == ("change", "contact", True, person)
    card = open_card(demo_db, stat, person)
    contact = card.contacts.items[0]
    assert (contact.at, contact.channel, contact.staff, contact.summary) == (
        at, "Phone", "Ola Rud", "Ringte om meldekortet.")
    assert any(event.kind == "Contact" and event.detail == "Ringte om meldekortet." for event in card.overview.items)


def test_a_municipal_contact_is_hidden_from_the_state_veileder(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    kommune, stat = sign_in(demo_db, "kommune"), sign_in(demo_db, "stat")
    contact_log.register_contact(demo_db, kommune, person, ContactForm(
        side=Side.MUNICIPAL, channel=ContactChannel.MEETING, at=an_hour_ago(), summary="Budsjettmøte på kontoret.",
        responsible_municipality_id=municipality_of(demo_db, person), service_code="oko_stonad"))

    assert "Budsjettmøte på kontoret." in {c.summary for c in open_card(demo_db, kommune, person).contacts.items}
    assert "Budsjettmøte på kontoret." not in {c.summary for c in open_card(demo_db, stat, person).contacts.items}


def test_a_side_the_user_may_not_write_on_is_refused_and_the_refusal_logged(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    stat = sign_in(demo_db, "stat")
    with pytest.raises(NotAllowed):
        contact_log.register_contact(demo_db, stat, person, ContactForm(
            side=Side.MUNICIPAL, channel=ContactChannel.PHONE, at=an_hour_ago(), summary="Ringte.",
            responsible_municipality_id=municipality_of(demo_db, person), service_code="oko_stonad"))
    entry = last_log(demo_db)
    assert (entry.what, entry.allowed, entry.person_id) == ("contact", False, person)
    assert "Ringte." not in {c.summary for c in open_card(demo_db, sign_in(demo_db, "kommune"), person).contacts.items}


def test_the_administrator_logs_no_contacts(demo_db: Database) -> None:
    with pytest.raises(NotAllowed):
        contact_log.register_contact(demo_db, staff_actor(demo_db, "admin"), resident(demo_db, GOL), ContactForm(
            side=Side.STATE, channel=ContactChannel.PHONE, at=an_hour_ago(), summary="Ringte."))


def test_bad_input_gets_a_message_per_field_and_saves_nothing(demo_db: Database) -> None:
    person = resident(demo_db, GOL)
    stat = sign_in(demo_db, "stat")
    before = len(open_card(demo_db, stat, person).contacts.items)
    with pytest.raises(ValidationFailed) as failed:
        contact_log.register_contact(demo_db, stat, person, ContactForm(
            side=Side.STATE, channel="pigeon", at=datetime.now() + timedelta(hours=2), summary="  "))
    assert set(failed.value.errors) == {"channel", "at", "summary"}
    assert failed.value.errors["at"] == "A contact cannot lie in the future."
    with pytest.raises(ValidationFailed) as failed:
        contact_log.register_contact(demo_db, stat, person, ContactForm(
            side="", channel=ContactChannel.PHONE, at=None, summary="x" * 2001))
    assert set(failed.value.errors) == {"side", "at", "summary"}
    with pytest.raises(ValidationFailed) as failed:
        contact_log.register_contact(demo_db, stat, person, ContactForm(
            side=Side.MUNICIPAL, channel=ContactChannel.PHONE, at=an_hour_ago(), summary="Ringte."))
    assert set(failed.value.errors) == {"responsible_municipality_id"}
    assert len(open_card(demo_db, stat, person).contacts.items) == before


def test_contacts_go_where_the_user_may_write_but_never_into_a_closed_area(demo_db: Database) -> None:
    person = closed_area_person(demo_db)
    rulsaker = staff_actor(demo_db, "rulsaker")
    card = open_card(demo_db, rulsaker, person)
    assert any(target.side is Side.CLOSED for target in card.note_targets)
    targets = contact_log.contact_targets(card.note_targets)
    assert targets and all(target.side is not Side.CLOSED for target in targets)

    stat_card = open_card(demo_db, sign_in(demo_db, "stat"), resident(demo_db, HEMSEDAL))
    assert [t.side for t in contact_log.contact_targets(stat_card.note_targets)] == [Side.STATE]


def test_the_form_offers_every_channel_once_with_its_label(english: None) -> None:
    choices = contact_log.channel_choices()
    assert {choice.code for choice in choices} == set(ContactChannel)
    assert choices[0].label == "Meeting" and choices[1].label == "Phone"
