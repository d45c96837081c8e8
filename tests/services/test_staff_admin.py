"""Staff administration: accounts, roles, authorisations, absences, passwords."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import pytest

from navdesk.domain.codes import Role, Side
from navdesk.domain.errors import Conflict, NotAllowed, ValidationFailed
from navdesk.domain.org_rules import AbsenceEntry, AuthorisationEntry
from navdesk.services import org, staff_admin
from navdesk.services.actor import Actor
from navdesk.services.passwords import verify_password
from navdesk.services.staff_admin import StaffDraft
from navdesk.store.engine import Database
from navdesk.store.models import Staff

PASSWORD = "hemmelig-123"


def make_actor(db: Database, login: str, *roles: Role) -> Actor:
    with db.session() as session:
        staff = Staff(login=login, name=login.title(), roles=",".join(r.value for r in roles))
        session.add(staff)
        session.flush()
        return Actor(staff.id, staff.login, staff.name, frozenset(roles))


@pytest.fixture
def admin(db: Database) -> Actor:
    return make_actor(db, "admin", Role.ADMIN)


@pytest.fixture
def leader(db: Database) -> Actor:
    return make_actor(db, "leder", Role.LEADER, Role.VEILEDER)


@pytest.fixture
def place(db: Database, admin: Actor) -> dict[str, uuid.UUID]:
    gol = org.create_municipality(db, admin, org.MunicipalityDraft("3324", "Gol")).id
    hemsedal = org.create_municipality(db, admin, org.MunicipalityDraft("3326", "Hemsedal")).id
    office = org.create_office(
        db, admin, org.OfficeDraft("GOL", "NAV Gol og Hemsedal", "", (gol, hemsedal))
    ).id
    return {"Gol": gol, "Hemsedal": hemsedal, "GOL": office}


def kari(place: dict[str, uuid.UUID], **changes: object) -> StaffDraft:
    draft = StaffDraft(
        login="kari",
        name="Kari Nordmann",
        email="kari.nordmann@nav.no",
        employer_municipality_id=place["Gol"],
        roles=frozenset({Role.VEILEDER}),
        fte_percent=80,
        specialist_areas=("Gjeldsrådgivning", "Ungdom"),
        office_ids=(place["GOL"],),
        authorisations=(
            AuthorisationEntry(Side.MUNICIPAL, place["Gol"]),
            AuthorisationEntry(Side.MUNICIPAL, place["Hemsedal"], "oko_stonad"),
        ),
        new_password=PASSWORD,
        new_password_repeated=PASSWORD,
    )
    return replace(draft, **changes)  # type: ignore[arg-type]


def errors_of(call: object, *args: object) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as failure:
        call(*args)  # type: ignore[operator]
    return failure.value.errors


def stored(db: Database, staff_id: uuid.UUID) -> Staff:
    with db.session() as session:
        staff = session.get(Staff, staff_id)
        assert staff is not None
        return staff


def test_create_a_municipal_veileder_with_a_temporary_password(
    db: Database, leader: Actor, place: dict[str, uuid.UUID]
) -> None:
    created = staff_admin.create_staff(db, leader, kari(place))
    assert created.specialist_areas == ("Gjeldsrådgivning", "Ungdom")
    assert set(created.authorisations) == set(kari(place).authorisations)
    assert created.must_change_password and created.has_password
    row = next(r for r in staff_admin.list_staff(db, leader) if r.login == "kari")
    assert (row.employer, row.offices, row.fte_percent, row.active) == ("Gol", ("GOL",), 80, True)
    record = stored(db, created.id)
    assert record.password_hash != PASSWORD and verify_password(record.password_hash, PASSWORD)


def test_staff_are_listed_by_name(
    db: Database, admin: Actor, leader: Actor, place: dict[str, uuid.UUID]
) -> None:
    staff_admin.create_staff(db, admin, kari(place))
    assert [r.login for r in staff_admin.list_staff(db, admin)] == ["admin", "kari", "leder"]


def test_a_veileder_cannot_administer_staff(db: Database, place: dict[str, uuid.UUID]) -> None:
    veileder = make_actor(db, "vera", Role.VEILEDER)
    with pytest.raises(NotAllowed):
        staff_admin.list_staff(db, veileder)
    with pytest.raises(NotAllowed):
        staff_admin.create_staff(db, veileder, kari(place))


def test_every_field_error_is_reported_and_nothing_saved(
    db: Database, admin: Actor, place: dict[str, uuid.UUID], english: None
) -> None:
    draft = kari(
        place,
        login="Kari Nordmann",
        name="",
        email="kari",
        roles=frozenset(),
        fte_percent=0,
        leader_share_percent=30,
        specialist_areas=("",),
        authorisations=(AuthorisationEntry(Side.MUNICIPAL, None, "kvp"),),
        absences=(AbsenceEntry(date(2026, 7, 2), date(2026, 7, 1)),),
        new_password="kort",
    )
    errors = errors_of(staff_admin.create_staff, db, admin, draft)
    assert set(errors) == {
        "login",
        "name",
        "email",
        "roles",
        "fte_percent",
        "leader_share_percent",
        "specialist_areas",
        "authorisations",
        "absences",
        "new_password",
    }
    assert "leader role" in errors["leader_share_percent"]
    assert [r.login for r in staff_admin.list_staff(db, admin)] == ["admin"]


def test_a_new_account_needs_a_password_and_logins_are_unique(
    db: Database, admin: Actor, place: dict[str, uuid.UUID], english: None
) -> None:
    errors = errors_of(
        staff_admin.create_staff, db, admin, kari(place, new_password="", new_password_repeated="")
    )
    assert "at least 8 characters" in errors["new_password"]
    mismatch = errors_of(
        staff_admin.create_staff, db, admin, kari(place, new_password_repeated="hemmelig-124")
    )
    assert set(mismatch) == {"new_password_repeated"}
    staff_admin.create_staff(db, admin, kari(place))
    assert (
        "taken by Kari Nordmann"
        in errors_of(staff_admin.create_staff, db, admin, kari(place, name="Kari 2"))["login"]
    )


def test_update_keeps_the_password_unless_a_new_one_is_given(
    db: Database, admin: Actor, place: dict[str, uuid.UUID]
) -> None:
    created = staff_admin.create_staff(db, admin, kari(place))
    with db.session() as session:
        record = session.get(Staff, created.id)
        assert record is not None
        record.must_change_password = False
        record.failed_logins = 5
    loaded = staff_admin.get_staff(db, admin, created.id)
    same = staff_admin.update_staff(
        db,
        admin,
        loaded.id,
        loaded.version,
        kari(place, fte_percent=100, new_password="", new_password_repeated=""),
    )
    assert same.fte_percent == 100 and not same.must_change_password
    assert verify_password(stored(db, created.id).password_hash, PASSWORD)
    renewed = staff_admin.update_staff(
        db,
        admin,
        same.id,
        same.version,
        kari(place, new_password="nytt-passord", new_password_repeated="nytt-passord"),
    )
    assert renewed.must_change_password
    record = stored(db, created.id)
    assert verify_password(record.password_hash, "nytt-passord") and record.failed_logins == 0


def test_absence_with_a_deputy_and_authorisation_changes_conflict_when_stale(
    db: Database, admin: Actor, leader: Actor, place: dict[str, uuid.UUID]
) -> None:
    created = staff_admin.create_staff(db, admin, kari(place))
    away = AbsenceEntry(date(2026, 7, 1), date(2026, 7, 21), leader.staff_id, "Ferie")
    saved = staff_admin.update_staff(
        db,
        admin,
        created.id,
        created.version,
        kari(place, absences=(away,), new_password="", new_password_repeated=""),
    )
    assert saved.absences == (away,)
    with pytest.raises(Conflict):
        staff_admin.update_staff(db, admin, created.id, created.version, kari(place, authorisations=()))
    assert staff_admin.get_staff(db, admin, created.id).authorisations == saved.authorisations


def test_own_deputy_is_refused(
    db: Database, admin: Actor, place: dict[str, uuid.UUID], english: None
) -> None:
    created = staff_admin.create_staff(db, admin, kari(place))
    draft = kari(place, absences=(AbsenceEntry(date(2026, 7, 1), date(2026, 7, 2), created.id),))
    errors = errors_of(staff_admin.update_staff, db, admin, created.id, created.version, draft)
    assert "own deputy" in errors["absences"]


def test_only_an_administrator_grants_the_administrator_role(
    db: Database, admin: Actor, leader: Actor, place: dict[str, uuid.UUID], english: None
) -> None:
    escalated = kari(place, roles=frozenset({Role.ADMIN, Role.VEILEDER}))
    assert "Only an administrator" in errors_of(staff_admin.create_staff, db, leader, escalated)["roles"]
    assert staff_admin.create_staff(db, admin, escalated).roles == {Role.ADMIN, Role.VEILEDER}


def test_a_leader_share_needs_the_leader_role(
    db: Database, admin: Actor, place: dict[str, uuid.UUID]
) -> None:
    half = kari(place, roles=frozenset({Role.LEADER, Role.VEILEDER}), leader_share_percent=50)
    assert staff_admin.create_staff(db, admin, half).leader_share_percent == 50


def test_managers_cannot_lock_themselves_out(db: Database, leader: Actor, english: None) -> None:
    me = staff_admin.get_staff(db, leader, leader.staff_id)
    draft = StaffDraft(login=me.login, name=me.name, roles=frozenset({Role.VEILEDER}), active=False)
    errors = errors_of(staff_admin.update_staff, db, leader, me.id, me.version, draft)
    assert "own leader or administrator role" in errors["roles"]
    assert "own account" in errors["active"]
    assert "own account" in errors_of(staff_admin.deactivate_staff, db, leader, me.id)["active"]


def test_deactivated_staff_stay_listed_but_leave_the_choices(
    db: Database, admin: Actor, place: dict[str, uuid.UUID]
) -> None:
    created = staff_admin.create_staff(db, admin, kari(place))
    gone = staff_admin.deactivate_staff(db, admin, created.id)
    assert not gone.active
    assert [r.login for r in staff_admin.list_staff(db, admin, include_inactive=False)] == ["admin"]
    assert "kari" in [r.login for r in staff_admin.list_staff(db, admin)]
    assert all("kari" not in c.label for c in org.choices(db, admin).staff)


def test_a_closed_area_must_be_named(
    db: Database, admin: Actor, place: dict[str, uuid.UUID], english: None
) -> None:
    named = (AuthorisationEntry(Side.CLOSED, place["Gol"], "barnevern"),)
    assert staff_admin.create_staff(db, admin, kari(place, authorisations=named)).authorisations == named
    unknown = (AuthorisationEntry(Side.MUNICIPAL, place["Gol"], "finnes_ikke"),)
    errors = errors_of(staff_admin.create_staff, db, admin, kari(place, login="ola", authorisations=unknown))
    assert "finnes_ikke" in errors["authorisations"]
