"""The demo region's organisation: Hallingdal's municipalities, offices, catalogues, host agreements and
one office's own deadline rule.

Names, addresses and agreement texts are Norwegian: they are data an office would type in, not
interface text.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, time

from navdesk.domain.catalogue import DEFAULT_SERVICES, default_service
from navdesk.domain.codes import Side
from navdesk.services.demo_context import DemoContext
from navdesk.store.models import (
    DeadlineRuleOverride,
    HostAgreement,
    HostAgreementCoverage,
    Municipality,
    Office,
    OfficeDay,
    OfficeHours,
    Region,
    Service,
)

REGION_NAME = "Hallingdal"

# Number, name and approximate population (residence of demo people is weighted by it).
MUNICIPALITIES: tuple[tuple[str, str, int], ...] = (
    ("3320", "Flå", 1000),
    ("3322", "Nesbyen", 3300),
    ("3324", "Gol", 4600),
    ("3326", "Hemsedal", 2500),
    ("3328", "Ål", 4700),
    ("3330", "Hol", 4400),
)
GOL, HEMSEDAL, AAL, HOL, NESBYEN, FLAA = "3324", "3326", "3328", "3330", "3322", "3320"

WEEKDAYS = (0, 1, 2, 3, 4)


@dataclass(frozen=True)
class OfficeSpec:
    code: str
    name: str
    address: str
    municipalities: tuple[str, ...]
    # (weekdays, opens, closes)
    hours: tuple[tuple[tuple[int, ...], time, time], ...]


OFFICES: tuple[OfficeSpec, ...] = (
    OfficeSpec("GOL", "NAV Gol og Hemsedal", "Sentrumsvegen 93, 3550 Gol", (GOL, HEMSEDAL),
               ((WEEKDAYS, time(10), time(14)),)),
    OfficeSpec("HOL", "NAV Hol", "Geilovegen 29, 3580 Geilo", (HOL,),
               (((0, 1, 2, 4), time(10), time(14)), ((3,), time(10), time(17)))),
    OfficeSpec("AAL", "NAV Ål", "Torget 3, 3570 Ål", (AAL,),
               (((0, 1, 2, 3), time(9, 30), time(14)), ((4,), time(9, 30), time(13)))),
    OfficeSpec("NES", "NAV Nesbyen", "Rukkevegen 3, 3540 Nesbyen", (NESBYEN,),
               (((0, 1, 3), time(10), time(14)),)),
    OfficeSpec("FLAA", "NAV Flå", "Gardnesvegen 12, 3539 Flå", (FLAA,),
               (((1, 3), time(10), time(14)),)),
)

# Gol's staff meet Hemsedal's residents at the town hall every Tuesday.
OFFICE_DAYS: tuple[tuple[str, str, int, time, time, str], ...] = (
    ("GOL", HEMSEDAL, 1, time(10), time(14), "Hemsedal rådhus, Trøimsvegen 17, 3560 Hemsedal"),
)

MUNICIPAL_SERVICE_CODES: tuple[str, ...] = tuple(
    s.code for s in DEFAULT_SERVICES if s.side is Side.MUNICIPAL and s.prefill
)
# Only Hol runs child welfare from the NAV office, as a closed area (only named staff may see it).
CLOSED_SERVICES: dict[str, tuple[str, ...]] = {HOL: ("barnevern",)}
CATALOGUE_YEARS_BACK = 8


@dataclass(frozen=True)
class AgreementSpec:
    name: str
    host: str
    years_back: int
    # member municipality -> the service codes it takes part in (partial participation = fewer codes)
    members: dict[str, tuple[str, ...]]


AGREEMENTS: tuple[AgreementSpec, ...] = (
    AgreementSpec("Vertskommuneavtale NAV Gol og Hemsedal", GOL, 6, {HEMSEDAL: MUNICIPAL_SERVICE_CODES}),
    AgreementSpec(
        "Interkommunal gjeldsrådgivning i Hallingdal",
        AAL,
        3,
        {GOL: ("gjeld", "oko_radgivning"), NESBYEN: ("gjeld", "oko_radgivning"), HOL: ("gjeld",)},
    ),
)


@dataclass
class DemoOrg:
    """Ids of what the organisation builders made, for the builders that come after them."""

    region_id: uuid.UUID
    municipality_ids: dict[str, uuid.UUID] = field(default_factory=dict)  # by number
    population: dict[str, int] = field(default_factory=dict)  # by number
    office_ids: dict[str, uuid.UUID] = field(default_factory=dict)  # by code
    office_municipalities: dict[str, tuple[str, ...]] = field(default_factory=dict)  # code -> numbers
    agreement_ids: list[uuid.UUID] = field(default_factory=list)
    service_count: int = 0
    staff_ids: dict[str, uuid.UUID] = field(default_factory=dict)  # by login
    team_ids: dict[str, uuid.UUID] = field(default_factory=dict)  # by name


def build_organisation(ctx: DemoContext) -> DemoOrg:
    region = Region(id=ctx.ids("region").next(), name=REGION_NAME)
    ctx.save(region)
    org = DemoOrg(region_id=region.id)
    municipalities = _add_municipalities(ctx, org)
    _add_offices(ctx, org, municipalities)
    _add_catalogues(ctx, org)
    _add_agreements(ctx, org)
    _add_deadline_rule(ctx, org)
    return org


def _add_deadline_rule(ctx: DemoContext, org: DemoOrg) -> None:
    """Hol decides sosialhjelp within ten working days: its own, stricter rule."""
    ctx.insert_rows(DeadlineRuleOverride, [{
        "id": ctx.ids("deadline_rule_override").next(), "version": 1, "office_id": org.office_ids["HOL"],
        "service_code": "oko_stonad", "processing_days": 10, "processing_in_working_days": True,
    }])


def _add_municipalities(ctx: DemoContext, org: DemoOrg) -> dict[str, Municipality]:
    made: dict[str, Municipality] = {}
    for number, name, population in MUNICIPALITIES:
        municipality = Municipality(id=ctx.ids("municipality").next(), number=number, name=name,
                                    region_id=org.region_id)
        made[number] = municipality
        org.municipality_ids[number] = municipality.id
        org.population[number] = population
    ctx.save(*made.values())
    return made


def _add_offices(ctx: DemoContext, org: DemoOrg, municipalities: dict[str, Municipality]) -> None:
    ids = ctx.ids("office")
    for spec in OFFICES:
        office = Office(
            id=ids.next(),
            code=spec.code,
            name=spec.name,
            region_id=org.region_id,
            address=spec.address,
            municipalities=[municipalities[number] for number in spec.municipalities],
        )
        office.hours = [
            OfficeHours(id=ctx.ids("office_hours").next(), weekday=weekday, opens=opens, closes=closes)
            for weekdays, opens, closes in spec.hours
            for weekday in weekdays
        ]
        office.days_elsewhere = [
            OfficeDay(
                id=ctx.ids("office_day").next(),
                municipality_id=org.municipality_ids[number],
                weekday=weekday,
                opens=opens,
                closes=closes,
                location=location,
            )
            for code, number, weekday, opens, closes, location in OFFICE_DAYS
            if code == spec.code
        ]
        ctx.save(office)
        org.office_ids[spec.code] = office.id
        org.office_municipalities[spec.code] = spec.municipalities


def _add_catalogues(ctx: DemoContext, org: DemoOrg) -> None:
    ids = ctx.ids("service")
    valid_from = date(ctx.today.year - CATALOGUE_YEARS_BACK, 1, 1)
    for number, _name, _population in MUNICIPALITIES:
        codes = [s.code for s in DEFAULT_SERVICES if s.prefill] + list(CLOSED_SERVICES.get(number, ()))
        for code in codes:
            default = default_service(code)
            assert default is not None
            ctx.save(
                Service(
                    id=ids.next(),
                    municipality_id=org.municipality_ids[number],
                    code=default.code,
                    name=default.name,
                    side=default.side.value,
                    legal_basis=default.legal_basis,
                    is_minimum=default.is_minimum,
                    processing_days=default.processing_days,
                    valid_from=valid_from,
                )
            )
            org.service_count += 1


def _add_agreements(ctx: DemoContext, org: DemoOrg) -> None:
    ids = ctx.ids("host_agreement")
    for spec in AGREEMENTS:
        agreement = HostAgreement(
            id=ids.next(),
            name=spec.name,
            host_municipality_id=org.municipality_ids[spec.host],
            valid_from=date(ctx.today.year - spec.years_back, 1, 1),
            valid_to=None,
            coverage=[
                HostAgreementCoverage(member_municipality_id=org.municipality_ids[member], service_code=code)
                for member, codes in spec.members.items()
                for code in codes
            ],
        )
        ctx.save(agreement)
        org.agreement_ids.append(agreement.id)
