"""The person card: one person, seen by stat, kommune, gjeld, leder and admin exactly as the policy says."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest
from card_people import GOL, HEMSEDAL, closed_area_person, conflicted_person, resident, sign_in, staff_actor
from sqlalchemy import event, func, select, update

from navdesk.domain.access_types import Reason
from navdesk.domain.codes import Side
from navdesk.domain.errors import NotAllowed, ValidationFailed
from navdesk.services import consents, journal
from navdesk.services.access_facts import access_context, visible_person_clause
from navdesk.services.actor import Actor
from navdesk.services.card import open_card
from navdesk.services.card_types import PersonCard
from navdesk.store.engine import Database
from navdesk.store.models import AccessLogEntry, JournalNote, Person, ServiceCase

pytestmark = pytest.mark.usefixtures("english")

NO_MUNICIPAL = "Municipal information — no access. You are not authorised for this."
NO_STATE = "State information — no access. You are not authorised for this."


def log_entries(db: Database, person_id: uuid.UUID) -> list[AccessLogEntry]:
    with db.session() as session:
        return list(session.scalars(select(AccessLogEntry).where(AccessLogEntry.person_id == person_id)
                                    .order_by(AccessLogEntry.seq)))


def note_titles(db: Database, person_id: uuid.UUID, side: Side) -> set[str]:
    with db.session() as session:
        return set(session.scalars(select(JournalNote.title).where(JournalNote.person_id == person_id,
                                                                   JournalNote.side == side)))


def add_municipal_note(db: Database, person_id: uuid.UUID, text: str, service: str = "oko_stonad") -> None:
    with db.session() as session:
        municipality = session.get_one(Person, person_id).residence_municipality_id
    journal.add_note(db, sign_in(db, "kommune"), person_id, journal.NoteForm(
        side=Side.MUNICIPAL, responsible_municipality_id=municipality, service_code=service,
        noted_on=date.today(), title="Husleie", text=text))


def test_stat_sees_the_state_side_and_the_municipal_side_only_as_withheld(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    add_municipal_note(demo_db, person, "Husleierestanse på 12 345 kroner")
    card = open_card(demo_db, sign_in(demo_db, "stat"), person)

    assert {fact.service_code for fact in card.state.facts} >= {"aap", "tiltak"}
    assert card.municipal.items == ()
    assert [marker.text for marker in card.municipal.withheld] == [NO_MUNICIPAL]
    assert {note.side for note in card.journal.items} == {Side.STATE}
    assert NO_MUNICIPAL in [marker.text for marker in card.journal.withheld]
    assert "Husleierestanse" not in repr(card)
    assert {event.side for event in card.overview.items} == {Side.STATE}


def test_kommune_sees_hemsedal_through_the_host_agreement_and_not_the_state_side(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    card = open_card(demo_db, sign_in(demo_db, "kommune"), person)

    assert {case.service_code for case in card.municipal.items} == {"oko_stonad", "gjeld", "oko_radgivning"}
    assert {case.municipality for case in card.municipal.items} == {"Hemsedal"}
    assert card.state.facts == () and card.state.innsatsgruppe == ""
    assert [marker.text for marker in card.state.withheld] == [NO_STATE]
    assert {note.side for note in card.journal.items} == {Side.MUNICIPAL}
    assert card.journal.items and note_titles(demo_db, person, Side.STATE).isdisjoint(
        {note.title for note in card.journal.items} - note_titles(demo_db, person, Side.MUNICIPAL))


def test_the_debt_counsellor_sees_only_the_debt_services_of_a_gol_resident(demo_db: Database) -> None:
    person = resident(demo_db, GOL)
    card = open_card(demo_db, sign_in(demo_db, "gjeld"), person)

    assert {case.service_code for case in card.municipal.items} == {"gjeld", "oko_radgivning"}
    assert [marker.text for marker in card.municipal.withheld] == [NO_MUNICIPAL]
    assert card.state.facts == ()
    # One marker however many cases are withheld: the card never counts what it hides.
    assert len(card.municipal.withheld) == 1


def test_leder_sees_both_sides_and_the_four_cards_differ(demo_db: Database) -> None:
    person = resident(demo_db, GOL)
    cards = {login: open_card(demo_db, sign_in(demo_db, login), person) for login in ("leder", "stat", "kommune",
                                                                                       "gjeld")}
    leader = cards["leder"]
    assert leader.state.facts and leader.municipal.items
    assert not leader.state.withheld and not leader.municipal.withheld
    shown = {login: ({f.case_id for f in card.state.facts}, {c.case_id for c in card.municipal.items})
             for login, card in cards.items()}
    assert len({(frozenset(state), frozenset(municipal)) for state, municipal in shown.values()}) == 4


def test_the_debt_counsellor_and_the_administrator_cannot_open_a_hemsedal_card(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    for login, reason in (("gjeld", Reason.DENIED_NO_AUTHORISATION), ("admin", Reason.DENIED_ADMIN)):
        with pytest.raises(NotAllowed) as refused:
            open_card(demo_db, sign_in(demo_db, login), person)
        assert refused.value.message.startswith("You cannot open this card")
        last = log_entries(demo_db, person)[-1]
        assert (last.staff_login, last.allowed, last.reason, last.what) == (login, False, reason.value, "card")


def test_a_conflicted_staff_member_is_refused_as_if_the_person_did_not_exist(demo_db: Database) -> None:
    person = conflicted_person(demo_db, "stat")
    stat = sign_in(demo_db, "stat")
    with pytest.raises(NotAllowed) as conflicted:
        open_card(demo_db, stat, person)
    with pytest.raises(NotAllowed) as missing:
        open_card(demo_db, stat, uuid.uuid4())
    assert conflicted.value.message == missing.value.message
    last = log_entries(demo_db, person)[-1]
    assert (last.staff_login, last.allowed, last.reason) == ("stat", False, Reason.DENIED_CONFLICT.value)
    # Colleagues still serve the person.
    assert open_card(demo_db, sign_in(demo_db, "leder"), person).state is not None


def test_every_card_read_is_one_log_entry_with_the_reason(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    before = len(log_entries(demo_db, person))
    open_card(demo_db, sign_in(demo_db, "kommune"), person)
    entries = log_entries(demo_db, person)
    assert len(entries) == before + 1
    assert (entries[-1].action, entries[-1].what, entries[-1].allowed, entries[-1].reason) == (
        "read", "card", True, Reason.MUNICIPAL_HOST_AGREEMENT.value)


def test_the_access_log_section_shows_who_looked_to_those_who_serve_the_person(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    open_card(demo_db, sign_in(demo_db, "stat"), person)
    with pytest.raises(NotAllowed):
        open_card(demo_db, sign_in(demo_db, "gjeld"), person)
    card = open_card(demo_db, sign_in(demo_db, "kommune"), person)
    whos = [(item.who, item.allowed) for item in card.access_log.items]
    assert ("Ola Rud (stat)", True) in whos and ("Sigrid Kolsrud (gjeld)", False) in whos
    assert card.access_log_total >= 2 and card.can_print_access_log


def test_a_consent_opens_exactly_its_scope_and_stops_when_withdrawn(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    stat, kommune = sign_in(demo_db, "stat"), sign_in(demo_db, "kommune")
    consent_id = consents.register_consent(demo_db, kommune, person, consents.ConsentInput(
        given_on=date.today(), valid_until=None, form="written", purpose="Samordnet gjeldsoppfølging",
        sides=frozenset({Side.MUNICIPAL}), to_staff_ids=frozenset({stat.staff_id}),
        service_codes=frozenset({"gjeld"})))

    card = open_card(demo_db, stat, person)
    assert {case.service_code for case in card.municipal.items} == {"gjeld"}
    assert NO_MUNICIPAL in [marker.text for marker in card.municipal.withheld]  # the other services
    assert card.consents.items[0].state == "active" and "Ola Rud" in card.consents.items[0].parties
    # A consent lets stat read the municipal side, not write on it.
    assert {target.side for target in card.note_targets} == {Side.STATE}

    consents.withdraw_consent(demo_db, kommune, consent_id, date.today())
    card = open_card(demo_db, stat, person)
    assert card.municipal.items == ()
    assert "Municipal information — no access. The person has withdrawn their consent." in [
        marker.text for marker in card.municipal.withheld]


def test_emergency_access_opens_the_card_for_reading_flagged_and_logged(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    gjeld = sign_in(demo_db, "gjeld")
    with pytest.raises(ValidationFailed) as short:
        consents.open_emergency_access(demo_db, gjeld, person, "akutt")
    assert "reason" in short.value.errors

    reason = "Bruker ringer i krise og trenger nødhjelp i kveld"
    consents.open_emergency_access(demo_db, gjeld, person, reason)
    card = open_card(demo_db, gjeld, person)
    assert card.emergency and "emergency" in {badge.key for badge in card.header.badges}
    assert card.state.facts and card.municipal.items
    assert card.note_targets == () and not card.can_print_access_log
    entries = log_entries(demo_db, person)
    assert (entries[-2].action, entries[-2].why, entries[-2].allowed) == ("emergency", reason, True)
    assert (entries[-1].action, entries[-1].reason, entries[-1].why) == ("read", "emergency", reason)
    with pytest.raises(NotAllowed):
        add_note_as(demo_db, gjeld, person)
    # Eight hours later the glass is whole again.
    with pytest.raises(NotAllowed):
        open_card(demo_db, gjeld, person, now=datetime.now() + timedelta(hours=9))


def add_note_as(db: Database, actor: Actor, person_id: uuid.UUID) -> None:
    journal.add_note(db, actor, person_id, journal.NoteForm(
        side=Side.STATE, noted_on=date.today(), title="Notat", text="Tekst"))


def test_a_protected_address_never_appears_on_the_card(demo_db: Database) -> None:
    person, other = resident(demo_db, HEMSEDAL), resident(demo_db, HEMSEDAL, 2)
    with demo_db.session() as session:
        session.execute(update(Person).where(Person.id == person).values(
            protected_address=True, address_line="Hemmelig vei 7", postal_code="3560", postal_place="Hemsedal"))
        session.execute(update(Person).where(Person.id == other).values(
            protected_address=False, address_line="Åpen vei 3", postal_code="3560", postal_place="Hemsedal"))
    for login in ("leder", "stat", "kommune"):
        card = open_card(demo_db, sign_in(demo_db, login), person)
        assert card.header.address == "" and "Hemmelig vei" not in repr(card)
        assert "protected_address" in {badge.key for badge in card.header.badges}
    assert open_card(demo_db, sign_in(demo_db, "leder"), other).header.address == "Åpen vei 3, 3560 Hemsedal"


def test_a_closed_area_leaves_no_trace_for_those_not_named_on_it(demo_db: Database) -> None:
    person = closed_area_person(demo_db)
    closed_titles = note_titles(demo_db, person, Side.CLOSED)
    named = open_card(demo_db, staff_actor(demo_db, "rulsaker"), person)
    assert [case.service_code for case in named.closed.items] == ["barnevern"]
    assert closed_titles <= {note.title for note in named.journal.items}

    outsider = open_card(demo_db, staff_actor(demo_db, "blunde"), person)
    assert outsider.closed.items == () and outsider.closed.withheld == ()
    shown = repr(outsider)
    assert "barnevern" not in shown.lower() and "Information withheld" not in shown
    assert closed_titles.isdisjoint({note.title for note in outsider.journal.items})


def test_opening_a_card_costs_the_same_few_queries_whatever_the_history(demo_db: Database) -> None:
    leder = sign_in(demo_db, "leder")
    with demo_db.session() as session:  # the person with the most cases whom the leader may see
        visible = set(session.scalars(select(Person.id).where(
            visible_person_clause(access_context(session, leder).reach))))
        cases = session.execute(select(ServiceCase.person_id, func.count()).group_by(ServiceCase.person_id)).all()
        busy = max(((count, person_id.hex, person_id) for person_id, count in cases if person_id in visible),
                   default=(0, "", None))[2]
    quiet = resident(demo_db, GOL, 3)
    assert busy is not None

    def count(person_id: uuid.UUID) -> tuple[int, PersonCard]:
        statements: list[str] = []
        def listener(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(demo_db.engine, "before_cursor_execute", listener)
        try:
            card = open_card(demo_db, leder, person_id)
        finally:
            event.remove(demo_db.engine, "before_cursor_execute", listener)
        return len(statements), card

    busy_count, busy_card = count(busy)
    quiet_count, quiet_card = count(quiet)
    assert len(busy_card.overview.items) > 2 * len(quiet_card.overview.items)
    # Only a few optional lookups (consents, closed areas, owner team) may differ; never one per row.
    assert busy_count <= quiet_count + 3 and busy_count <= 40
