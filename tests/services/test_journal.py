"""Journal notes and the contact log: signed, side-tagged, never silently overwritten, always logged."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest
from card_people import GOL, HEMSEDAL, resident, sign_in
from sqlalchemy import select

from navdesk.domain.case_codes import ContactChannel, NoteKind
from navdesk.domain.codes import Side
from navdesk.domain.errors import Conflict, NotAllowed, ValidationFailed
from navdesk.services import journal
from navdesk.services.card import open_card
from navdesk.store.engine import Database
from navdesk.store.models import AccessLogEntry, JournalNote, Person

pytestmark = pytest.mark.usefixtures("english")


def municipality_of(db: Database, person_id: uuid.UUID) -> uuid.UUID:
    with db.session() as session:
        return session.get_one(Person, person_id).residence_municipality_id


def municipal_note(db: Database, person_id: uuid.UUID, service: str = "oko_stonad", **values: object
                   ) -> journal.NoteForm:
    fields: dict[str, object] = {
        "side": Side.MUNICIPAL, "responsible_municipality_id": municipality_of(db, person_id),
        "service_code": service, "noted_on": date.today(), "title": "Budsjettsamtale",
        "text": "Satt opp budsjett.\nBruker følger opp husleia selv.",
    }
    fields.update(values)
    return journal.NoteForm(**fields)  # type: ignore[arg-type]


def last_log(db: Database) -> AccessLogEntry:
    with db.session() as session:
        return session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.seq.desc()).limit(1)).one()


def test_a_new_note_is_signed_side_tagged_and_shown_only_on_its_side(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    kommune = sign_in(demo_db, "kommune")
    saved = journal.add_note(demo_db, kommune, person, municipal_note(demo_db, person))
    entry = last_log(demo_db)
    assert (entry.action, entry.what, entry.allowed, entry.person_id) == ("change", "note", True, person)

    note = next(n for n in open_card(demo_db, kommune, person).journal.items if n.note_id == saved.note_id)
    assert (note.side, note.signed_by, note.author, note.can_edit) == (Side.MUNICIPAL, "Anne Grøthe",
                                                                       "Anne Grøthe", True)
    assert note.where == "Hemsedal — Økonomisk stønad"
    assert note.text == "Satt opp budsjett.\nBruker følger opp husleia selv."
    stat_card = open_card(demo_db, sign_in(demo_db, "stat"), person)
    assert saved.note_id not in {n.note_id for n in stat_card.journal.items}


def test_oral_information_is_a_note_of_its_own_kind(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    kommune = sign_in(demo_db, "kommune")
    saved = journal.add_note(demo_db, kommune, person, municipal_note(demo_db, person, kind=NoteKind.ORAL))
    note = next(n for n in open_card(demo_db, kommune, person).journal.items if n.note_id == saved.note_id)
    assert (note.kind, note.kind_label) == ("oral", "Oral information written down")


def test_editing_keeps_the_earlier_version(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    kommune = sign_in(demo_db, "kommune")
    saved = journal.add_note(demo_db, kommune, person, municipal_note(demo_db, person))
    edited = journal.edit_note(demo_db, kommune, saved.note_id, saved.version, "Budsjettsamtale (rettet)",
                               "Satt opp budsjett. Husleia betales av NAV i mars.")
    assert edited.version == saved.version + 1

    history = journal.note_history(demo_db, kommune, saved.note_id)
    assert [(v.current, v.title) for v in history.versions] == [
        (True, "Budsjettsamtale (rettet)"), (False, "Budsjettsamtale")]
    assert history.versions[1].text == "Satt opp budsjett.\nBruker følger opp husleia selv."
    assert history.versions[1].signed_by == "Anne Grøthe"
    note = next(n for n in open_card(demo_db, kommune, person).journal.items if n.note_id == saved.note_id)
    assert note.revisions == 1 and note.edited_at is not None
    assert last_log(demo_db).what == "card"


def test_a_stale_edit_is_a_conflict_and_changes_nothing(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    kommune = sign_in(demo_db, "kommune")
    saved = journal.add_note(demo_db, kommune, person, municipal_note(demo_db, person))
    journal.edit_note(demo_db, kommune, saved.note_id, saved.version, "Første retting", "Tekst én")
    with pytest.raises(Conflict):
        journal.edit_note(demo_db, kommune, saved.note_id, saved.version, "Andre retting", "Tekst to")
    with demo_db.session() as session:
        assert session.get_one(JournalNote, saved.note_id).title == "Første retting"
    assert len(journal.note_history(demo_db, kommune, saved.note_id).versions) == 2


def test_only_the_author_may_change_a_signed_note(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    saved = journal.add_note(demo_db, sign_in(demo_db, "kommune"), person, municipal_note(demo_db, person))
    with pytest.raises(NotAllowed, match="Only the author"):
        journal.edit_note(demo_db, sign_in(demo_db, "leder"), saved.note_id, saved.version, "Ny", "Ny tekst")


def test_a_note_may_be_written_only_where_the_author_may_change_data(demo_db: Database) -> None:
    hemsedal, gol = resident(demo_db, HEMSEDAL), resident(demo_db, GOL)
    stat, kommune, gjeld = sign_in(demo_db, "stat"), sign_in(demo_db, "kommune"), sign_in(demo_db, "gjeld")
    state_note = journal.NoteForm(side=Side.STATE, noted_on=date.today(), title="Samtale", text="Tekst")

    with pytest.raises(NotAllowed, match="Municipal information — no access"):
        journal.add_note(demo_db, stat, hemsedal, municipal_note(demo_db, hemsedal))
    entry = last_log(demo_db)
    assert (entry.staff_login, entry.action, entry.allowed) == ("stat", "change", False)
    with pytest.raises(NotAllowed, match="State information — no access"):
        journal.add_note(demo_db, kommune, hemsedal, state_note)
    # The debt counsellor writes on debt counselling for Gol, and on nothing else of the person.
    journal.add_note(demo_db, gjeld, gol, municipal_note(demo_db, gol, service="gjeld"))
    with pytest.raises(NotAllowed):
        journal.add_note(demo_db, gjeld, gol, municipal_note(demo_db, gol, service="oko_stonad"))
    # Hemsedal's general municipal information is not covered by the host agreement's named services.
    with pytest.raises(NotAllowed, match="No host agreement"):
        journal.add_note(demo_db, kommune, hemsedal, municipal_note(demo_db, hemsedal, service=""))


def test_bad_notes_get_their_errors_beside_the_fields(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    kommune = sign_in(demo_db, "kommune")
    with pytest.raises(ValidationFailed) as failed:
        journal.add_note(demo_db, kommune, person, municipal_note(
            demo_db, person, title=" ", text="", noted_on=date.today() + timedelta(days=2), kind="memo"))
    assert set(failed.value.errors) == {"title", "text", "noted_on", "kind"}
    with pytest.raises(ValidationFailed) as failed:
        journal.add_note(demo_db, kommune, person, municipal_note(demo_db, person, responsible_municipality_id=None))
    assert set(failed.value.errors) == {"responsible_municipality_id"}
    with pytest.raises(ValidationFailed) as failed:
        journal.add_note(demo_db, kommune, person, municipal_note(demo_db, person, service="barnevern"))
    assert set(failed.value.errors) == {"service_code"}


def test_the_contact_log_records_how_the_person_was_met(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    kommune = sign_in(demo_db, "kommune")
    at = datetime.now().replace(microsecond=0) - timedelta(hours=1)
    journal.add_contact(demo_db, kommune, person, journal.ContactForm(
        side=Side.MUNICIPAL, channel=ContactChannel.HOME_VISIT, at=at, summary="Hjemmebesøk, alt i orden.",
        responsible_municipality_id=municipality_of(demo_db, person), service_code="oko_stonad"))
    contacts = open_card(demo_db, kommune, person).contacts.items
    assert (contacts[0].at, contacts[0].channel, contacts[0].staff) == (at, "Home visit", "Anne Grøthe")
    with pytest.raises(ValidationFailed) as failed:
        journal.add_contact(demo_db, kommune, person, journal.ContactForm(
            side=Side.MUNICIPAL, channel="pigeon", at=datetime.now() + timedelta(days=1), summary="",
            responsible_municipality_id=municipality_of(demo_db, person), service_code="oko_stonad"))
    assert set(failed.value.errors) == {"channel", "at", "summary"}
