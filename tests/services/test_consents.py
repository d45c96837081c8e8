"""Consents, conflicts of interest and emergency access: who may register them, and what they open."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from card_people import GOL, HEMSEDAL, conflicted_person, resident, sign_in
from sqlalchemy import select

from navdesk.domain.access_types import DataKind, Reason
from navdesk.domain.codes import Side
from navdesk.domain.errors import NotAllowed, ValidationFailed
from navdesk.services import consents
from navdesk.services.card import open_card
from navdesk.store.engine import Database
from navdesk.store.models import AccessLogEntry, Staff

pytestmark = pytest.mark.usefixtures("english")


def consent(**values: object) -> consents.ConsentInput:
    fields: dict[str, object] = {
        "given_on": date.today(), "valid_until": None, "form": "written", "purpose": "Samordnet oppfølging",
        "sides": frozenset({Side.MUNICIPAL}), "to_state": True,
    }
    fields.update(values)
    return consents.ConsentInput(**fields)  # type: ignore[arg-type]


def staff_id(db: Database, login: str) -> uuid.UUID:
    with db.session() as session:
        return session.scalars(select(Staff.id).where(Staff.login == login)).one()


def last_log(db: Database) -> AccessLogEntry:
    with db.session() as session:
        return session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.seq.desc()).limit(1)).one()


def test_a_consent_form_reports_every_problem_beside_its_field(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    with pytest.raises(ValidationFailed) as failed:
        consents.register_consent(demo_db, sign_in(demo_db, "kommune"), person, consent(
            to_state=False, sides=frozenset(), given_on=date.today() + timedelta(days=3),
            valid_until=date.today(), form="telepathy", purpose=" "))
    assert set(failed.value.errors) == {"parties", "sides", "given_on", "valid_until", "form", "purpose"}
    with pytest.raises(ValidationFailed) as failed:
        consents.register_consent(demo_db, sign_in(demo_db, "kommune"), person, consent(
            sides=frozenset({Side.CLOSED}), service_codes=frozenset({"no_such_service"})))
    assert set(failed.value.errors) == {"sides", "service_codes"}


def test_a_consent_narrowed_to_cases_opens_the_cases_but_not_the_notes(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    consents.register_consent(demo_db, sign_in(demo_db, "kommune"), person,
                              consent(kinds=frozenset({DataKind.CASE})))
    card = open_card(demo_db, sign_in(demo_db, "stat"), person)
    assert {case.service_code for case in card.municipal.items} == {"oko_stonad", "gjeld", "oko_radgivning"}
    assert {note.side for note in card.journal.items} == {Side.STATE}
    assert any(marker.side is Side.MUNICIPAL for marker in card.journal.withheld)
    assert card.consents.items[0].scope == ("Municipal", "Data: Services and cases")


def test_an_expired_consent_opens_nothing_and_says_so(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    consents.register_consent(demo_db, sign_in(demo_db, "kommune"), person, consent(
        given_on=date.today() - timedelta(days=400), valid_until=date.today() - timedelta(days=35)))
    card = open_card(demo_db, sign_in(demo_db, "stat"), person)
    assert card.municipal.items == ()
    assert [m.text for m in card.municipal.withheld] == ["Municipal information — no access. "
                                                         "The person's consent has expired."]
    assert card.consents.items[0].state_label == "Expired" and not card.consents.items[0].can_withdraw


def test_withdrawal_is_checked_and_recorded_with_who_did_it(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    kommune = sign_in(demo_db, "kommune")
    consent_id = consents.register_consent(demo_db, kommune, person, consent(
        given_on=date.today() - timedelta(days=10)))
    with pytest.raises(ValidationFailed) as failed:
        consents.withdraw_consent(demo_db, kommune, consent_id, date.today() - timedelta(days=20))
    assert set(failed.value.errors) == {"withdrawn_on"}
    consents.withdraw_consent(demo_db, kommune, consent_id, date.today())
    with pytest.raises(ValidationFailed, match="already been withdrawn"):
        consents.withdraw_consent(demo_db, kommune, consent_id, date.today())
    item = consents.list_consents(demo_db, kommune, person)[0]
    assert (item.state, item.withdrawn_on, item.withdrawn_by, item.registered_by) == (
        "withdrawn", date.today(), "Anne Grøthe", "Anne Grøthe")
    assert (last_log(demo_db).what, last_log(demo_db).action) == ("consent", "read")


def test_only_staff_serving_the_person_in_their_own_right_may_register_a_consent(demo_db: Database) -> None:
    person = resident(demo_db, GOL)
    gjeld = sign_in(demo_db, "gjeld")
    # The debt counsellor serves the Gol resident for debt counselling: that is her own right.
    consents.register_consent(demo_db, gjeld, person, consent(to_state=False,
                                                               to_staff_ids=frozenset({staff_id(demo_db, "stat")})))
    hemsedal = resident(demo_db, HEMSEDAL)
    consents.open_emergency_access(demo_db, gjeld, hemsedal, "Akutt behov for oversikt over gjeld i dag")
    with pytest.raises(NotAllowed):
        consents.register_consent(demo_db, gjeld, hemsedal, consent())


def test_a_leader_marks_a_conflict_and_ends_it(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    leder, kommune = sign_in(demo_db, "leder"), sign_in(demo_db, "kommune")
    conflict_id = consents.register_conflict(demo_db, leder, person, kommune.staff_id, "Nær familie")
    with pytest.raises(NotAllowed):
        open_card(demo_db, kommune, person)
    assert [(c.staff, c.ended_at) for c in consents.list_conflicts(demo_db, leder, person)] == [
        ("Anne Grøthe", None)]
    with pytest.raises(ValidationFailed) as twice:
        consents.register_conflict(demo_db, leder, person, kommune.staff_id, "Igjen")
    assert set(twice.value.errors) == {"staff_id"}
    consents.end_conflict(demo_db, leder, conflict_id)
    assert open_card(demo_db, kommune, person).header.person_id == person
    # The log says a change was made to the person, not that it was a conflict of interest.
    card = open_card(demo_db, leder, person)
    assert "Person details" in {item.what for item in card.access_log.items}


def test_a_veileder_may_declare_only_themself_conflicted(demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    stat = sign_in(demo_db, "stat")
    with pytest.raises(NotAllowed, match="Only a leader"):
        consents.register_conflict(demo_db, stat, person, staff_id(demo_db, "msando"), "Kjenner bruker")
    with pytest.raises(NotAllowed):
        consents.list_conflicts(demo_db, stat, person)
    consents.register_conflict(demo_db, stat, person, stat.staff_id, "Bruker er min nabo")
    with pytest.raises(NotAllowed):
        open_card(demo_db, stat, person)


def test_emergency_access_is_refused_to_a_conflicted_member_and_logged(demo_db: Database) -> None:
    person = conflicted_person(demo_db, "stat")
    reason = "Bruker er savnet og politiet ber om opplysninger"
    with pytest.raises(NotAllowed) as refused:
        consents.open_emergency_access(demo_db, sign_in(demo_db, "stat"), person, reason)
    assert refused.value.message.startswith("You cannot open this card")
    entry = last_log(demo_db)
    assert (entry.action, entry.allowed, entry.reason, entry.why) == (
        "emergency", False, Reason.DENIED_CONFLICT.value, reason)
    with pytest.raises(NotAllowed, match="administrator role"):
        consents.open_emergency_access(demo_db, sign_in(demo_db, "admin"), person, reason)


def test_the_consent_form_offers_parties_services_and_kinds(demo_db: Database) -> None:
    choices = consents.consent_choices(demo_db, sign_in(demo_db, "kommune"), resident(demo_db, HEMSEDAL))
    assert {choice.label for choice in choices.municipalities} >= {"Gol", "Hemsedal"}
    assert "Anne Grøthe (kommune)" in {choice.label for choice in choices.staff}
    assert "Heidi Skoglund (admin)" not in {choice.label for choice in choices.staff}
    assert "gjeld" in {choice.key for choice in choices.services}
    assert "barnevern" not in {choice.key for choice in choices.services}
    assert {choice.key for choice in choices.kinds} == {kind.value for kind in DataKind}
