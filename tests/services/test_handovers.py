"""Handovers: the sender keeps the person until the receiver answers; unanswered ones are flagged."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from caseload_region import Region, build_region
from sqlalchemy import select

from navdesk.domain.errors import Conflict, NotAllowed, ValidationFailed
from navdesk.services import handovers
from navdesk.services.handovers import HandoverForm
from navdesk.services.worklist import Filter, View, WorklistQuery, worklist_ids
from navdesk.store.engine import Database
from navdesk.store.models import AccessLogEntry, OwnershipEvent, PersonContact

NOW = datetime(2026, 3, 2, 10, 0)  # a Monday


@pytest.fixture
def region(db: Database) -> Region:
    return build_region(db)


def contacts(region: Region, person_id: uuid.UUID) -> set[str]:
    with region.db.session() as session:
        ids = set(session.scalars(select(PersonContact.staff_id).where(PersonContact.person_id == person_id,
                                                                      PersonContact.ends.is_(None))))
    return {login for login, a in region.actors.items() if a.staff_id in ids}


def form(region: Region, receiver: str = "msando", note: str = "Trenger tett oppfølging; neste møte 10. mars.",
         agreed: bool | None = True) -> HandoverForm:
    return HandoverForm(region[receiver].staff_id, note, agreed)


def test_propose_then_accept_moves_the_person(region: Region) -> None:
    person = region.person(region.gol, contact="stat")
    item = handovers.propose(region.db, region["stat"], person, form(region), now=NOW)
    assert item.open and item.answer_due == (NOW + timedelta(days=3)).date()
    # The sender still holds the person until the receiver answers.
    assert contacts(region, person) == {"stat"}
    assert person in worklist_ids(region.db, region["stat"], WorklistQuery(View.MINE), now=NOW)
    waiting = WorklistQuery(View.MINE, Filter.WAITING_FOR_ANSWER)
    assert person in worklist_ids(region.db, region["msando"], waiting, now=NOW)
    assert [i.id for i in handovers.overview(region.db, region["msando"], now=NOW).incoming] == [item.id]

    accepted = handovers.accept(region.db, region["msando"], item.id, item.version, now=NOW + timedelta(hours=2))
    assert accepted.accepted is True and not accepted.open
    assert contacts(region, person) == {"msando"}
    assert person not in worklist_ids(region.db, region["stat"], WorklistQuery(View.MINE), now=NOW)
    with region.db.session() as session:
        new = session.scalar(select(PersonContact).where(PersonContact.person_id == person,
                                                        PersonContact.ends.is_(None)))
        assert new is not None and new.is_primary and new.agreed_with_person
        note = session.scalar(select(OwnershipEvent.note).where(OwnershipEvent.person_id == person))
        assert note is not None and "Trenger tett oppfølging" in note
        logged = session.scalars(select(AccessLogEntry.what).where(AccessLogEntry.person_id == person)).all()
    assert logged.count("handover") == 2


def test_only_the_receiver_answers(region: Region) -> None:
    person = region.person(region.gol, contact="stat")
    item = handovers.propose(region.db, region["stat"], person, form(region), now=NOW)
    with pytest.raises(NotAllowed):
        handovers.accept(region.db, region["stat"], item.id, item.version, now=NOW)
    with pytest.raises(NotAllowed):
        handovers.decline(region.db, region["leder"], item.id, item.version, "Nei", now=NOW)


def test_declining_needs_a_reason_and_leaves_the_sender_in_charge(region: Region, english: None) -> None:
    person = region.person(region.gol, contact="stat")
    item = handovers.propose(region.db, region["stat"], person, form(region), now=NOW)
    with pytest.raises(ValidationFailed) as failure:
        handovers.decline(region.db, region["msando"], item.id, item.version, "   ", now=NOW)
    assert "reason" in failure.value.errors
    declined = handovers.decline(region.db, region["msando"], item.id, item.version, "Full kapasitet.", now=NOW)
    assert declined.accepted is False and declined.decline_reason == "Full kapasitet."
    assert contacts(region, person) == {"stat"}
    with pytest.raises(Conflict):
        handovers.accept(region.db, region["msando"], item.id, declined.version, now=NOW)


def test_the_proposal_is_validated(region: Region, english: None) -> None:
    person = region.person(region.hemsedal, contact="stat")
    with pytest.raises(ValidationFailed) as failure:
        handovers.propose(region.db, region["stat"], person,
                          HandoverForm(region["gjeld"].staff_id, "", None), now=NOW)
    errors = failure.value.errors
    assert set(errors) == {"receiver_id", "note", "agreed_with_person"}
    assert "agreed with the person" in errors["agreed_with_person"]
    with pytest.raises(ValidationFailed) as failure:
        handovers.propose(region.db, region["stat"], person, form(region, receiver="stat"), now=NOW)
    assert set(failure.value.errors) == {"receiver_id"}
    handovers.propose(region.db, region["stat"], person, form(region, agreed=False), now=NOW)
    with pytest.raises(ValidationFailed) as failure:
        handovers.propose(region.db, region["stat"], person, form(region, receiver="leder"), now=NOW)
    assert "already waiting" in failure.value.errors["receiver_id"]


def test_only_the_holder_team_or_a_leader_may_propose(region: Region) -> None:
    person = region.person(region.gol, contact="stat")
    with pytest.raises(NotAllowed):
        handovers.propose(region.db, region["msando"], person, form(region, receiver="leder"), now=NOW)
    item = handovers.propose(region.db, region["leder"], person, form(region), now=NOW)
    handovers.accept(region.db, region["msando"], item.id, item.version, now=NOW)
    # A leader's handover replaces the primary veileder.
    assert contacts(region, person) == {"msando"}


def test_an_unanswered_handover_is_flagged_to_both_and_the_leader(region: Region) -> None:
    person = region.person(region.gol, contact="stat")
    item = handovers.propose(region.db, region["stat"], person, form(region), now=NOW)
    on_time = NOW + timedelta(days=3)
    assert not handovers.overview(region.db, region["leder"], now=on_time).overdue_at_my_offices
    late = NOW + timedelta(days=4)
    assert [i.overdue for i in handovers.overview(region.db, region["stat"], now=late).outgoing] == [True]
    assert [i.overdue for i in handovers.overview(region.db, region["msando"], now=late).incoming] == [True]
    assert [i.id for i in handovers.overview(region.db, region["leder"], now=late).overdue_at_my_offices] == [item.id]
    assert handovers.overview(region.db, region["kommune"], now=late).overdue_at_my_offices == ()


def test_withdrawing_ends_the_proposal(region: Region) -> None:
    person = region.person(region.gol, contact="stat")
    item = handovers.propose(region.db, region["stat"], person, form(region), now=NOW)
    withdrawn = handovers.withdraw(region.db, region["stat"], item.id, item.version, now=NOW)
    assert withdrawn.withdrawn and not withdrawn.open
    assert handovers.overview(region.db, region["msando"], now=NOW).incoming == ()
    assert contacts(region, person) == {"stat"}


def test_receivers_are_those_the_policy_lets_have_the_person(region: Region) -> None:
    person = region.person(region.hemsedal, contact="stat")
    names = {name for _id, name in handovers.receivers(region.db, region["stat"], person, now=NOW)}
    assert names == {"Msando", "Kommune", "Leder"}
