"""Organisation set-up services: municipalities, offices, host agreements, catalogue, teams."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, time

import pytest

from navdesk.domain.catalogue import DEFAULT_SERVICES
from navdesk.domain.codes import Role, Side, TeamType
from navdesk.domain.errors import Conflict, NotAllowed, ValidationFailed
from navdesk.domain.org_rules import OfficeDayEntry, Opening
from navdesk.services import org
from navdesk.services.actor import Actor
from navdesk.store.engine import Database
from navdesk.store.models import Person, Staff

TODAY = date(2026, 3, 2)


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
def region(db: Database, admin: Actor) -> dict[str, uuid.UUID]:
    """Gol, Hemsedal and Ål with an office for Gol and Hemsedal."""
    ids = {
        name: org.create_municipality(
            db, admin, org.MunicipalityDraft(number, name), today=date(2020, 1, 1)
        ).id
        for number, name in (("3324", "Gol"), ("3326", "Hemsedal"), ("3328", "Ål"))
    }
    ids["GOL"] = org.create_office(
        db,
        admin,
        org.OfficeDraft("GOL", "NAV Gol og Hemsedal", "Sentrumsvegen 93", (ids["Gol"], ids["Hemsedal"])),
    ).id
    return ids


def agreement_draft(region: dict[str, uuid.UUID], **changes: object) -> org.HostAgreementDraft:
    draft = org.HostAgreementDraft(
        name="Vertskommuneavtale Gol og Hemsedal",
        host_id=region["Gol"],
        valid_from=date(2021, 1, 1),
        valid_to=None,
        coverage=frozenset({(region["Hemsedal"], "oko_stonad"), (region["Hemsedal"], "kvp")}),
    )
    return replace(draft, **changes)  # type: ignore[arg-type]


def errors_of(call: object, *args: object) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as failure:
        call(*args)  # type: ignore[operator]
    return failure.value.errors


# --- permissions --------------------------------------------------------------------------------------


def test_a_veileder_may_not_read_or_change_the_set_up(db: Database, region: dict[str, uuid.UUID]) -> None:
    veileder = make_actor(db, "vera", Role.VEILEDER)
    with pytest.raises(NotAllowed):
        org.list_municipalities(db, veileder)
    with pytest.raises(NotAllowed):
        org.create_municipality(db, veileder, org.MunicipalityDraft("3330", "Hol"))
    assert [m.name for m in org.list_municipalities(db, make_actor(db, "lea", Role.LEADER))] == [
        "Gol",
        "Hemsedal",
        "Ål",
    ]


# --- municipalities -----------------------------------------------------------------------------------


def test_a_new_municipality_gets_the_default_catalogue_from_today(db: Database, admin: Actor) -> None:
    hol = org.create_municipality(db, admin, org.MunicipalityDraft(" 3330 ", " Hol "), today=TODAY)
    assert (hol.number, hol.name) == ("3330", "Hol")
    services = org.list_services(db, admin, hol.id)
    assert {s.code for s in services} == {s.code for s in DEFAULT_SERVICES if s.prefill}
    assert all(s.valid_from == TODAY and s.valid_to is None for s in services)
    assert {s.code for s in services if s.is_minimum} == {
        "oko_radgivning",
        "oko_stonad",
        "midl_botilbud",
        "ind_plan",
        "kvp",
    }
    assert services[0].side is Side.MUNICIPAL and services[-1].side is Side.STATE


def test_municipality_input_is_checked_and_nothing_is_written(
    db: Database, admin: Actor, region: dict[str, uuid.UUID], english: None
) -> None:
    errors = errors_of(org.create_municipality, db, admin, org.MunicipalityDraft("3324", ""))
    assert "already registered as Gol" in errors["number"]
    assert "required" in errors["name"]
    assert (
        "four digits"
        in errors_of(org.create_municipality, db, admin, org.MunicipalityDraft("33", "X"))["number"]
    )
    assert len(org.list_municipalities(db, admin)) == 3


def test_renaming_a_municipality_and_a_stale_edit(
    db: Database, admin: Actor, region: dict[str, uuid.UUID]
) -> None:
    loaded = org.get_municipality(db, admin, region["Ål"])
    saved = org.update_municipality(
        db, admin, loaded.id, loaded.version, org.MunicipalityDraft("3328", "Aal")
    )
    assert saved.name == "Aal" and saved.version == loaded.version + 1
    with pytest.raises(Conflict):
        org.update_municipality(db, admin, loaded.id, loaded.version, org.MunicipalityDraft("3328", "Ål"))
    assert org.get_municipality(db, admin, region["Ål"]).name == "Aal"


def test_a_municipality_in_use_cannot_be_deleted(
    db: Database, admin: Actor, region: dict[str, uuid.UUID], english: None
) -> None:
    with db.session() as session:
        session.add(
            Person(
                fnr="01815012345",
                first_name="Kari",
                last_name="Test",
                birth_date=date(1950, 1, 1),
                residence_municipality_id=region["Gol"],
                created_at=TODAY,
            )
        )
    message = errors_of(org.delete_municipality, db, admin, region["Gol"])["delete"]
    assert "Gol cannot be deleted" in message
    assert "served by 1 office" in message and "home of 1 person" in message
    org.delete_municipality(db, admin, region["Ål"])
    assert [m.name for m in org.list_municipalities(db, admin)] == ["Gol", "Hemsedal"]
    assert org.list_services(db, admin, region["Ål"]) == ()


def test_municipality_rows_show_serving_offices_and_current_services(
    db: Database, admin: Actor, region: dict[str, uuid.UUID]
) -> None:
    rows = {r.name: r for r in org.list_municipalities(db, admin)}
    assert rows["Hemsedal"].offices == ("GOL",)
    assert rows["Ål"].offices == ()
    assert rows["Gol"].services == len([s for s in DEFAULT_SERVICES if s.prefill])


# --- offices ------------------------------------------------------------------------------------------


def test_an_office_with_hours_and_an_office_day_elsewhere(
    db: Database, admin: Actor, region: dict[str, uuid.UUID]
) -> None:
    loaded = org.get_office(db, admin, region["GOL"])
    hours = tuple(Opening(day, time(10), time(14)) for day in range(5))
    tuesday = OfficeDayEntry(region["Hemsedal"], 1, time(10), time(14), "Hemsedal rådhus")
    draft = org.OfficeDraft(
        "GOL", "NAV Gol og Hemsedal", "Sentrumsvegen 93", loaded.municipality_ids, hours, (tuesday,)
    )
    saved = org.update_office(db, admin, loaded.id, loaded.version, draft)
    assert saved.version > loaded.version
    again = org.get_office(db, admin, loaded.id)
    assert again.hours == hours and again.days_elsewhere == (tuesday,)
    row = org.list_offices(db, admin)[0]
    assert row.municipalities == ("Gol", "Hemsedal") and row.days_elsewhere == 1


def test_office_changes_to_child_rows_alone_still_conflict(
    db: Database, admin: Actor, region: dict[str, uuid.UUID]
) -> None:
    loaded = org.get_office(db, admin, region["GOL"])
    draft = org.OfficeDraft(
        loaded.code, loaded.name, loaded.address, loaded.municipality_ids, (Opening(0, time(9), time(15)),)
    )
    org.update_office(db, admin, loaded.id, loaded.version, draft)
    with pytest.raises(Conflict):
        org.update_office(db, admin, loaded.id, loaded.version, replace(draft, hours=()))
    assert org.get_office(db, admin, loaded.id).hours == (Opening(0, time(9), time(15)),)


def test_office_input_errors_are_all_reported(
    db: Database, admin: Actor, region: dict[str, uuid.UUID], english: None
) -> None:
    draft = org.OfficeDraft(
        "GOL",
        "",
        "",
        (),
        (Opening(0, time(14), time(10)),),
        (OfficeDayEntry(None, 1, time(10), time(14)),),
    )
    errors = errors_of(org.create_office, db, admin, draft)
    assert set(errors) == {"code", "name", "municipalities", "hours", "days_elsewhere"}
    assert "already used by NAV Gol og Hemsedal" in errors["code"]
    assert "gol" not in [o.code for o in org.list_offices(db, admin)]
    assert errors_of(org.create_office, db, admin, replace(draft, code="gol"))["code"].startswith(
        "2–8 capital"
    )


def test_an_office_that_staff_serve_cannot_be_deleted(
    db: Database, admin: Actor, region: dict[str, uuid.UUID], english: None
) -> None:
    empty = org.create_office(db, admin, org.OfficeDraft("AAL", "NAV Ål", "", (region["Ål"],)))
    org.create_team(db, admin, org.TeamDraft("Ungdom", TeamType.UNGDOM, (region["GOL"],), (), ()))
    assert "1 team covers it" in errors_of(org.delete_office, db, admin, region["GOL"])["delete"]
    org.delete_office(db, admin, empty.id)
    assert [o.code for o in org.list_offices(db, admin)] == ["GOL"]


# --- host agreements ----------------------------------------------------------------------------------


def test_create_and_list_a_host_agreement(db: Database, admin: Actor, region: dict[str, uuid.UUID]) -> None:
    created = org.create_host_agreement(db, admin, agreement_draft(region))
    (row,) = org.list_host_agreements(db, admin)
    assert (row.host, row.members, row.service_codes) == ("Gol", ("Hemsedal",), ("oko_stonad", "kvp"))
    assert row.is_valid_on(TODAY) and not row.partial
    assert org.get_host_agreement(db, admin, created.id).coverage == agreement_draft(region).coverage


def test_partial_participation_is_kept(db: Database, admin: Actor, region: dict[str, uuid.UUID]) -> None:
    coverage = frozenset(
        {(region["Hemsedal"], "oko_stonad"), (region["Hemsedal"], "kvp"), (region["Ål"], "kvp")}
    )
    created = org.create_host_agreement(db, admin, agreement_draft(region, coverage=coverage))
    assert org.get_host_agreement(db, admin, created.id).coverage == coverage
    (row,) = org.list_host_agreements(db, admin)
    assert row.members == ("Hemsedal", "Ål") and row.partial


def test_a_member_cannot_be_its_own_host(
    db: Database, admin: Actor, region: dict[str, uuid.UUID], english: None
) -> None:
    draft = agreement_draft(region, coverage=frozenset({(region["Gol"], "kvp")}))
    assert "Gol is the host" in errors_of(org.create_host_agreement, db, admin, draft)["coverage"]
    assert org.list_host_agreements(db, admin) == ()


def test_overlapping_agreements_are_refused_naming_the_other(
    db: Database, admin: Actor, region: dict[str, uuid.UUID], english: None
) -> None:
    org.create_host_agreement(db, admin, agreement_draft(region, valid_to=date(2025, 12, 31)))
    clash = agreement_draft(
        region,
        name="Ny avtale med Ål",
        host_id=region["Ål"],
        valid_from=date(2025, 6, 1),
        coverage=frozenset({(region["Hemsedal"], "kvp")}),
    )
    message = errors_of(org.create_host_agreement, db, admin, clash)["coverage"]
    assert "Hemsedal" in message and "«Vertskommuneavtale Gol og Hemsedal»" in message
    # From the day after the old one ends, the new host may take over.
    org.create_host_agreement(db, admin, replace(clash, valid_from=date(2026, 1, 1)))
    assert [r.host for r in org.list_host_agreements(db, admin)] == ["Gol", "Ål"]


def test_ending_an_agreement_and_a_concurrent_edit(
    db: Database, admin: Actor, region: dict[str, uuid.UUID]
) -> None:
    created = org.create_host_agreement(db, admin, agreement_draft(region))
    fewer = frozenset({(region["Hemsedal"], "oko_stonad")})
    saved = org.update_host_agreement(
        db,
        admin,
        created.id,
        created.version,
        agreement_draft(region, coverage=fewer, valid_to=date(2026, 6, 30)),
    )
    assert saved.coverage == fewer and saved.valid_to == date(2026, 6, 30)
    with pytest.raises(Conflict):
        org.update_host_agreement(db, admin, created.id, created.version, agreement_draft(region))
    assert org.get_host_agreement(db, admin, created.id).coverage == fewer


def test_an_agreement_ending_before_it_starts_is_refused(
    db: Database, admin: Actor, region: dict[str, uuid.UUID]
) -> None:
    draft = agreement_draft(region, valid_to=date(2020, 1, 1))
    assert set(errors_of(org.create_host_agreement, db, admin, draft)) == {"valid_to"}


# --- service catalogue --------------------------------------------------------------------------------


def service_draft(municipality_id: uuid.UUID, **changes: object) -> org.ServiceDraft:
    draft = org.ServiceDraft(
        municipality_id,
        "bostotte",
        "Kommunal bostøtte",
        Side.MUNICIPAL,
        "Forskrift",
        False,
        21,
        date(2026, 1, 1),
    )
    return replace(draft, **changes)  # type: ignore[arg-type]


def test_catalogue_entries_are_dated(
    db: Database, admin: Actor, region: dict[str, uuid.UUID], english: None
) -> None:
    gol = region["Gol"]
    created = org.create_service(db, admin, service_draft(gol))
    errors = errors_of(org.create_service, db, admin, service_draft(gol, name="Bostøtte"))
    assert "already has an entry from" in errors["valid_from"]
    overlap = errors_of(org.create_service, db, admin, service_draft(gol, valid_from=date(2026, 5, 1)))
    assert "give that entry a last day first" in overlap["valid_from"]
    ended = org.update_service(
        db, admin, created.id, created.version, service_draft(gol, valid_to=date(2026, 4, 30))
    )
    assert ended.valid_to == date(2026, 4, 30)
    org.create_service(
        db, admin, service_draft(gol, name="Bostøtte (ny ordning)", valid_from=date(2026, 5, 1))
    )
    entries = [s for s in org.list_services(db, admin, gol) if s.code == "bostotte"]
    assert [s.valid_from for s in entries] == [date(2026, 1, 1), date(2026, 5, 1)]
    # Another municipality may use the same code and date.
    org.create_service(db, admin, service_draft(region["Ål"]))


def test_catalogue_entry_checks(
    db: Database, admin: Actor, region: dict[str, uuid.UUID], english: None
) -> None:
    draft = service_draft(
        None,
        code="Bad Code",
        name="",
        side=Side.STATE,
        is_minimum=True,
        processing_days=0,
        valid_to=date(2020, 1, 1),
    )
    errors = errors_of(org.create_service, db, admin, draft)
    assert set(errors) == {"municipality", "code", "name", "is_minimum", "processing_days", "valid_to"}
    created = org.create_service(db, admin, service_draft(region["Gol"]))
    renamed = service_draft(region["Gol"], code="bostotte2")
    assert (
        "cannot be changed"
        in errors_of(org.update_service, db, admin, created.id, created.version, renamed)["code"]
    )


# --- teams --------------------------------------------------------------------------------------------


def test_a_cross_municipal_team_with_a_lead(
    db: Database, admin: Actor, region: dict[str, uuid.UUID], english: None
) -> None:
    anne = make_actor(db, "anne", Role.VEILEDER).staff_id
    bjorn = make_actor(db, "bjorn", Role.VEILEDER).staff_id
    draft = org.TeamDraft(
        "Ungdomsteam Hallingdal",
        TeamType.UNGDOM,
        (region["GOL"],),
        (region["Gol"], region["Ål"]),
        (anne, bjorn),
        lead_id=anne,
    )
    created = org.create_team(db, admin, draft)
    (row,) = org.list_teams(db, admin)
    assert (row.lead, row.members, row.offices, row.municipalities) == (
        "Anne",
        ("Anne", "Bjorn"),
        ("GOL",),
        ("Gol", "Ål"),
    )
    assert "already a team" in errors_of(org.create_team, db, admin, draft)["name"]
    no_lead = replace(draft, member_ids=(bjorn,))
    assert (
        "must be one of the members"
        in errors_of(org.update_team, db, admin, created.id, created.version, no_lead)["lead"]
    )
    assert (
        "at least one office"
        in errors_of(
            org.create_team, db, admin, replace(draft, name="Tomt", office_ids=(), municipality_ids=())
        )["offices"]
    )
    saved = org.update_team(db, admin, created.id, created.version, replace(no_lead, lead_id=None))
    assert saved.member_ids == (bjorn,) and saved.lead_id is None
    with pytest.raises(Conflict):
        org.update_team(db, admin, created.id, created.version, draft)


def test_choices_cover_municipalities_offices_staff_and_services(
    db: Database, admin: Actor, region: dict[str, uuid.UUID]
) -> None:
    choices = org.choices(db, admin)
    assert [m.name for m in choices.municipalities] == ["Gol", "Hemsedal", "Ål"]
    assert [o.label for o in choices.offices] == ["GOL — NAV Gol og Hemsedal"]
    assert [s.label for s in choices.staff] == ["Admin (admin)"]
    codes = [s.code for s in choices.services]
    assert codes[:2] == ["oko_radgivning", "oko_stonad"] and "barnevern" in codes
