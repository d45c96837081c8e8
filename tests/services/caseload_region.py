"""A small region for the caseload tests: Gol hosts Hemsedal's municipal services, one office, five staff.

stat (state, Gol office), msando (state, Gol office), kommune (Gol municipality), gjeld (Ål, debt
counselling only), leder (leader at Gol, state). Each test gets its own database (the `db` fixture).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from navdesk.domain.catalogue import DEFAULT_SERVICES
from navdesk.domain.codes import Role, Side, TeamType
from navdesk.services.actor import Actor
from navdesk.store.engine import Database
from navdesk.store.models import (
    HostAgreement,
    HostAgreementCoverage,
    Municipality,
    Office,
    Person,
    PersonContact,
    Service,
    Staff,
    StaffAuthorisation,
    Team,
)


@dataclass
class Region:
    db: Database
    gol: uuid.UUID
    hemsedal: uuid.UUID
    aal: uuid.UUID
    office: uuid.UUID
    team: uuid.UUID
    actors: dict[str, Actor] = field(default_factory=dict)

    def __getitem__(self, login: str) -> Actor:
        return self.actors[login]

    def person(self, municipality: uuid.UUID, *, contact: str | None = None, day: int = 1,
               fnr: str | None = None) -> uuid.UUID:
        with self.db.session() as session:
            person = Person(fnr=fnr or f"{day:02d}018{len(self.actors) + day:05d}", first_name="Kari",
                            last_name=f"Nordmann {day}", birth_date=date(1980, 1, day),
                            residence_municipality_id=municipality, created_at=datetime(2025, 1, 1, 9))
            session.add(person)
            session.flush()
            if contact is not None:
                session.add(PersonContact(person_id=person.id, staff_id=self[contact].staff_id, is_primary=True,
                                          starts=date(2025, 1, 1)))
            return person.id


def build_region(db: Database) -> Region:
    with db.session() as session:
        gol, hemsedal, aal = (Municipality(number=n, name=name) for n, name in
                              (("3324", "Gol"), ("3326", "Hemsedal"), ("3328", "Ål")))
        session.add_all([gol, hemsedal, aal])
        session.flush()
        office = Office(code="GOL", name="NAV Gol og Hemsedal", municipalities=[gol, hemsedal])
        session.add(office)
        for municipality in (gol, hemsedal, aal):
            for spec in DEFAULT_SERVICES:
                if spec.prefill:
                    session.add(Service(municipality_id=municipality.id, code=spec.code, name=spec.name,
                                        side=spec.side.value, legal_basis=spec.legal_basis, is_minimum=spec.is_minimum,
                                        processing_days=spec.processing_days, valid_from=date(2020, 1, 1)))
        session.add(HostAgreement(name="Gol og Hemsedal", host_municipality_id=gol.id, valid_from=date(2020, 1, 1),
                                  coverage=[HostAgreementCoverage(member_municipality_id=hemsedal.id, service_code=c)
                                            for c in ("oko_stonad", "kvp", "midl_botilbud", "ind_plan",
                                                      "oko_radgivning")]))
        session.flush()
        specs = (
            ("stat", None, (Role.VEILEDER,), [(Side.STATE, None, "")]),
            ("msando", None, (Role.VEILEDER,), [(Side.STATE, None, "")]),
            ("kommune", gol.id, (Role.VEILEDER,), [(Side.MUNICIPAL, gol.id, "")]),
            ("gjeld", aal.id, (Role.VEILEDER,), [(Side.MUNICIPAL, aal.id, "gjeld")]),
            ("leder", None, (Role.LEADER, Role.VEILEDER), [(Side.STATE, None, "")]),
        )
        actors: dict[str, Actor] = {}
        staff_rows = {}
        for login, employer, roles, authorisations in specs:
            staff = Staff(login=login, name=login.title(), employer_municipality_id=employer,
                          roles=",".join(sorted(r.value for r in roles)), offices=[office],
                          authorisations=[StaffAuthorisation(side=side.value, municipality_id=m, service_code=code)
                                          for side, m, code in authorisations])
            session.add(staff)
            session.flush()
            staff_rows[login] = staff
            actors[login] = Actor(staff.id, login, staff.name, frozenset(roles), employer)
        team = Team(name="Oppfølging Gol", team_type=TeamType.OPPFOLGING.value, offices=[office],
                    municipalities=[gol, hemsedal], lead_id=staff_rows["leder"].id,
                    members=[staff_rows[login] for login in ("stat", "msando", "kommune", "leder")])
        session.add(team)
        session.flush()
        return Region(db, gol.id, hemsedal.id, aal.id, office.id, team.id, actors)
