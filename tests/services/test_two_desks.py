"""Two desks on the same database save the same record: the second is told what differs, nothing is lost."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest

from navdesk.domain.codes import Role
from navdesk.domain.errors import Conflict
from navdesk.services import org
from navdesk.services.actor import Actor
from navdesk.services.conflicts import EditConflict
from navdesk.store.engine import Database
from navdesk.store.models import Staff


@pytest.fixture
def other_desk(db: Database) -> Iterator[Database]:
    """A second program on the same file or server: its own engine and connections."""
    desk = Database(db.url)
    yield desk
    desk.dispose()


@pytest.fixture
def leader(db: Database) -> Actor:
    with db.session() as session:
        staff = Staff(login="leder", name="Leder", roles=Role.LEADER.value)
        session.add(staff)
        session.flush()
        return Actor(staff.id, staff.login, staff.name, frozenset({Role.LEADER}))


@pytest.fixture
def office(db: Database, leader: Actor) -> uuid.UUID:
    gol = org.create_municipality(db, leader, org.MunicipalityDraft("3324", "Gol"), today=date(2025, 1, 1))
    draft = org.OfficeDraft("GOL", "NAV Gol", "Sentrumsvegen 93", (gol.id,))
    return org.create_office(db, leader, draft).id


def as_draft(detail: org.OfficeDetail) -> org.OfficeDraft:
    return org.OfficeDraft(
        detail.code, detail.name, detail.address, detail.municipality_ids, detail.hours, detail.days_elsewhere
    )


def test_the_second_save_is_refused_and_names_what_the_first_desk_saved(
    db: Database, other_desk: Database, leader: Actor, office: uuid.UUID, english: None
) -> None:
    on_first = org.get_office(db, leader, office)
    on_second = org.get_office(other_desk, leader, office)

    org.update_office(
        db, leader, office, on_first.version, replace(as_draft(on_first), name="NAV Gol og Hemsedal")
    )
    with pytest.raises(EditConflict) as refused:
        org.update_office(
            other_desk,
            leader,
            office,
            on_second.version,
            replace(as_draft(on_second), address="Rådhusvegen 1"),
        )

    message = refused.value.message
    assert "Someone else saved this record" in message and "not saved" in message
    assert "Name: now «NAV Gol og Hemsedal» (yours: «NAV Gol»)" in message
    assert "Address: now «Sentrumsvegen 93» (yours: «Rådhusvegen 1»)" in message
    assert "Reload" in message
    assert [change.field for change in refused.value.changes] == ["Name", "Address"]
    stored = org.get_office(db, leader, office)
    assert (stored.name, stored.address) == ("NAV Gol og Hemsedal", "Sentrumsvegen 93")


def test_after_reloading_the_second_desk_applies_its_change_on_top(
    db: Database, other_desk: Database, leader: Actor, office: uuid.UUID
) -> None:
    on_first = org.get_office(db, leader, office)
    stale = org.get_office(other_desk, leader, office)
    org.update_office(
        db, leader, office, on_first.version, replace(as_draft(on_first), name="NAV Gol og Hemsedal")
    )
    with pytest.raises(Conflict):
        org.update_office(
            other_desk, leader, office, stale.version, replace(as_draft(stale), address="Rådhusvegen 1")
        )

    reloaded = org.get_office(other_desk, leader, office)
    org.update_office(
        other_desk, leader, office, reloaded.version, replace(as_draft(reloaded), address="Rådhusvegen 1")
    )
    final = org.get_office(db, leader, office)
    assert (final.name, final.address) == ("NAV Gol og Hemsedal", "Rådhusvegen 1")


def test_lists_that_differ_are_named_without_their_ids(
    db: Database, other_desk: Database, leader: Actor, office: uuid.UUID, english: None
) -> None:
    hemsedal = org.create_municipality(
        db, leader, org.MunicipalityDraft("3326", "Hemsedal"), today=date(2025, 1, 1)
    )
    on_first = org.get_office(db, leader, office)
    on_second = org.get_office(other_desk, leader, office)
    org.update_office(
        db,
        leader,
        office,
        on_first.version,
        replace(as_draft(on_first), municipality_ids=(*on_first.municipality_ids, hemsedal.id)),
    )
    with pytest.raises(EditConflict) as refused:
        org.update_office(other_desk, leader, office, on_second.version, as_draft(on_second))
    assert "• Municipalities" in refused.value.message
    assert str(hemsedal.id) not in refused.value.message


def test_saves_that_cross_in_flight_still_conflict(
    db: Database, other_desk: Database, leader: Actor, monkeypatch: pytest.MonkeyPatch, english: None
) -> None:
    """Both desks pass the version check; the first commit wins, the second finds the row moved on."""
    gol = org.create_municipality(db, leader, org.MunicipalityDraft("3324", "Gol"), today=date(2025, 1, 1))
    check = org._check_municipality
    crossed: list[bool] = []

    def first_desk_saves_meanwhile(*args: object) -> None:
        check(*args)  # type: ignore[arg-type]
        if not crossed:
            crossed.append(True)
            org.update_municipality(
                db, leader, gol.id, gol.version, org.MunicipalityDraft("3324", "Gol kommune")
            )

    monkeypatch.setattr(org, "_check_municipality", first_desk_saves_meanwhile)
    with pytest.raises(Conflict, match="Someone else saved this record"):
        org.update_municipality(
            other_desk, leader, gol.id, gol.version, org.MunicipalityDraft("3324", "Gol herad")
        )
    assert crossed
    assert org.get_municipality(db, leader, gol.id).name == "Gol kommune"
