"""The demo region's staff, teams and absences, shaped like Hallingdal in 2018.

About 20 state and 20 municipal employees; Gol employs all municipal staff at the Gol office as host
for Hemsedal, so their municipal authorisation is for Gol (Hemsedal opens through the host agreement).
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from argon2 import PasswordHasher

from navdesk.domain.codes import Role, TeamType
from navdesk.services.demo_context import DemoContext
from navdesk.services.demo_org import AAL, FLAA, GOL, HOL, NESBYEN, DemoOrg
from navdesk.store.models import Municipality, Office, Staff, StaffAbsence, StaffAuthorisation, Team

DEMO_PASSWORD = "demo"
DEMO_LOGINS: tuple[str, ...] = ("leder", "stat", "kommune", "gjeld", "admin")
ALL_OFFICES = ("GOL", "HOL", "AAL", "NES", "FLAA")

STATE = ("state", "", "")


def municipal(number: str, service: str = "") -> tuple[str, str, str]:
    return ("municipal", number, service)


@dataclass(frozen=True)
class StaffSpec:
    login: str
    name: str
    employer: str | None  # municipality number; None = the state
    offices: tuple[str, ...]
    roles: tuple[Role, ...] = (Role.VEILEDER,)
    fte: int = 100
    leader_share: int = 0
    areas: tuple[str, ...] = ()
    # (side, municipality number, service code); None = the default for the employer
    authorisations: tuple[tuple[str, str, str], ...] | None = None

    def resolved_authorisations(self) -> tuple[tuple[str, str, str], ...]:
        if self.authorisations is not None:
            return self.authorisations
        return (STATE,) if self.employer is None else (municipal(self.employer),)


V, L, A = Role.VEILEDER, Role.LEADER, Role.ADMIN

STAFF: tuple[StaffSpec, ...] = (
    # NAV Gol og Hemsedal (12)
    StaffSpec("leder", "Ingrid Haugen", None, ("GOL",), (L, V), leader_share=50,
              areas=("Ledelse", "Sykefraværsoppfølging"), authorisations=(STATE, municipal(GOL))),
    StaffSpec("stat", "Ola Rud", None, ("GOL",), areas=("Arbeidsrettet oppfølging (§ 14 a)", "AAP")),
    StaffSpec("msando", "Marte Sando", None, ("GOL", "AAL"),
              areas=("Ungdom", "Arbeidsrettet oppfølging (§ 14 a)")),
    StaffSpec("jekvisle", "Jon Erik Kvisle", None, ("GOL",), areas=("AAP", "Uføretrygd")),
    StaffSpec("sthorsrud", "Siri Thorsrud", None, ("GOL",), fte=80, areas=("Mottak", "Dagpenger")),
    StaffSpec("kommune", "Anne Grøthe", GOL, ("GOL",), areas=("Økonomisk sosialhjelp", "Bolig")),
    StaffSpec("thovda", "Tor Hovda", GOL, ("GOL",), areas=("Kvalifiseringsprogrammet (KVP)",)),
    StaffSpec("lmyhre", "Liv Myhre", GOL, ("GOL",), areas=("Midlertidig botilbud", "Bolig")),
    StaffSpec("rlien", "Randi Lien", GOL, ("GOL",), areas=("Individuell plan", "Ansvarsgrupper")),
    StaffSpec("kbraaten", "Knut Bråten", GOL, ("GOL",), fte=60, areas=("Rus og psykisk helse",)),
    StaffSpec("hellingsgard", "Hilde Ellingsgard", GOL, ("GOL",),
              areas=("Flyktninger", "Introduksjonsprogram")),
    StaffSpec("enerol", "Eirik Nerol", GOL, ("GOL", "HOL"), areas=("Ungdom",)),
    # NAV Hol (7)
    StaffSpec("gtufto", "Gunnar Tufto", HOL, ("HOL",), (L,), leader_share=100, areas=("Ledelse",)),
    StaffSpec("akleppe", "Astrid Kleppe", None, ("HOL",), areas=("Sykefraværsoppfølging",)),
    StaffSpec("piskaret", "Per Ivar Skaret", None, ("HOL",), areas=("AAP",)),
    StaffSpec("cholde", "Camilla Holde", None, ("HOL", "GOL"), areas=("Ungdom", "Tiltak")),
    StaffSpec("blunde", "Bjørn Lunde", HOL, ("HOL",), areas=("Økonomisk sosialhjelp",)),
    StaffSpec("mfekjaer", "Mona Fekjær", HOL, ("HOL",), fte=80, areas=("Kvalifiseringsprogrammet (KVP)",)),
    StaffSpec("rulsaker", "Ragnhild Ulsaker", HOL, ("HOL",), areas=("Barnevern", "Familie")),
    # NAV Ål (7)
    StaffSpec("tbrenno", "Tone Brenno", None, ("AAL",), (L, V), leader_share=60, areas=("Ledelse",)),
    StaffSpec("lliahagen", "Lars Liahagen", None, ("AAL",), areas=("Arbeidsmarkedstiltak",)),
    StaffSpec("hsaebo", "Hanne Sæbø", None, ("AAL",), areas=("Dagpenger", "Arbeidsledige")),
    StaffSpec("gjeld", "Sigrid Kolsrud", AAL, ("AAL", "GOL", "HOL", "NES"), fte=50,
              areas=("Gjeldsrådgivning", "Økonomisk rådgivning"),
              authorisations=(municipal(AAL, "gjeld"), municipal(AAL, "oko_radgivning"))),
    StaffSpec("ehagen", "Even Hagen", AAL, ("AAL", "GOL", "HOL", "NES"), fte=50,
              areas=("Gjeldsrådgivning",),
              authorisations=(municipal(AAL, "gjeld"), municipal(AAL, "oko_radgivning"))),
    StaffSpec("ksonstebo", "Kristin Sønstebø", AAL, ("AAL",), areas=("Økonomisk sosialhjelp",)),
    StaffSpec("amedhus", "Arne Medhus", AAL, ("AAL", "NES"),
              areas=("Ungdom", "Kvalifiseringsprogrammet (KVP)")),
    # NAV Nesbyen (6); its leader also leads the small office in Flå
    StaffSpec("brustand", "Berit Rustand", NESBYEN, ("NES", "FLAA"), (L, V), leader_share=50,
              areas=("Ledelse",)),
    StaffSpec("orukke", "Øyvind Rukke", None, ("NES",), areas=("Arbeidsrettet oppfølging (§ 14 a)",)),
    StaffSpec("isletta", "Ingeborg Sletta", None, ("NES",), fte=80, areas=("AAP",)),
    StaffSpec("todegaard", "Terje Ødegård", None, ("NES",), areas=("Sykefraværsoppfølging",)),
    StaffSpec("mbakke", "Marit Bakke", NESBYEN, ("NES",), areas=("Økonomisk sosialhjelp",)),
    StaffSpec("sdokken", "Svein Dokken", NESBYEN, ("NES",),
              areas=("Kvalifiseringsprogrammet (KVP)", "Bolig")),
    # NAV Flå (2): generalists; Flå lets the state employee do its municipal tasks too
    StaffSpec("nsolberg", "Nina Solberg", None, ("FLAA",), authorisations=(STATE, municipal(FLAA)),
              areas=("Generalist",)),
    StaffSpec("oflaaten", "Olav Flåten", FLAA, ("FLAA",), fte=80, areas=("Generalist",)),
    # The shared resource unit, serving several offices (6)
    StaffSpec("egrondahl", "Elin Grøndahl", None, ("AAL", "GOL", "HOL"), areas=("Arbeidsgiverkontakt",)),
    StaffSpec("mhaugo", "Magnus Haugo", None, ALL_OFFICES,
              areas=("Ungdom", "Arbeidsrettet oppfølging (§ 14 a)")),
    StaffSpec("gsundre", "Guro Sundre", None, ("HOL", "AAL"), areas=("Arbeidsmarkedstiltak", "Rekruttering")),
    StaffSpec("vovrebo", "Vegard Øvrebø", None, ("NES", "FLAA"), areas=("AAP", "Uføretrygd")),
    StaffSpec("stveito", "Synnøve Tveito", None, ("GOL", "AAL"), fte=60, areas=("Sykefraværsoppfølging",)),
    StaffSpec("klangedrag", "Kjetil Langedrag", HOL, ("HOL",), areas=("Flyktninger", "Bolig")),
    # The administrator: sets up the organisation, sees no person data
    StaffSpec("admin", "Heidi Skoglund", None, (), (A,), authorisations=()),
)


@dataclass(frozen=True)
class TeamSpec:
    name: str
    team_type: TeamType
    offices: tuple[str, ...]
    lead: str | None
    members: tuple[str, ...]
    municipalities: tuple[str, ...] = ()  # empty = those the offices serve


TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec("Mottak Gol og Hemsedal", TeamType.MOTTAK, ("GOL",), "sthorsrud",
             ("sthorsrud", "kommune", "lmyhre")),
    TeamSpec("Oppfølging Gol og Hemsedal", TeamType.OPPFOLGING, ("GOL",), "leder",
             ("leder", "stat", "msando", "jekvisle", "kommune", "thovda", "rlien", "kbraaten",
              "hellingsgard")),
    TeamSpec("Mottak Hol", TeamType.MOTTAK, ("HOL",), "blunde", ("blunde", "akleppe")),
    TeamSpec("Oppfølging Hol", TeamType.OPPFOLGING, ("HOL",), "gtufto",
             ("akleppe", "piskaret", "cholde", "mfekjaer", "rulsaker", "klangedrag")),
    TeamSpec("Mottak Ål", TeamType.MOTTAK, ("AAL",), "hsaebo", ("hsaebo", "ksonstebo")),
    TeamSpec("Oppfølging Ål", TeamType.OPPFOLGING, ("AAL",), "tbrenno",
             ("tbrenno", "lliahagen", "ksonstebo", "amedhus", "egrondahl")),
    TeamSpec("Mottak Nesbyen", TeamType.MOTTAK, ("NES",), "mbakke", ("mbakke", "todegaard")),
    TeamSpec("Oppfølging Nesbyen", TeamType.OPPFOLGING, ("NES",), "brustand",
             ("brustand", "orukke", "isletta", "sdokken", "vovrebo")),
    TeamSpec("Mottak Flå", TeamType.MOTTAK, ("FLAA",), "nsolberg", ("nsolberg", "oflaaten")),
    TeamSpec("Oppfølging Flå", TeamType.OPPFOLGING, ("FLAA",), "brustand",
             ("brustand", "nsolberg", "oflaaten")),
    TeamSpec("Ungdomsteam Hallingdal", TeamType.UNGDOM, ALL_OFFICES, "mhaugo",
             ("mhaugo", "msando", "enerol", "cholde", "amedhus")),
    TeamSpec("Gjeldsrådgivning Hallingdal", TeamType.GJELD, ("AAL", "GOL", "HOL", "NES"), "gjeld",
             ("gjeld", "ehagen"), municipalities=(AAL, GOL, HOL, NESBYEN)),
)

# (login, days from today it began, days from today it ends, deputy login or None, reason)
# Two are going on now (one with a deputy, one without); the others ended some weeks ago, and each of those
# covers a part of the month before the demo's month whatever its day (days -38 to -24 always do).
ABSENCES: tuple[tuple[str, int, int, str | None, str], ...] = (
    ("rlien", -20, 140, "kommune", "Foreldrepermisjon"),
    ("piskaret", -5, 25, None, "Sykmelding"),
    ("stat", -38, -24, "jekvisle", "Ferie"),
    ("thovda", -33, -26, None, "Sykmelding"),
    ("akleppe", -45, -24, "cholde", "Kurs og ferie"),
    ("mbakke", -36, -27, None, "Sykmelding"),
)

def away(org: DemoOrg, today: date) -> dict[uuid.UUID, list[tuple[date, date]]]:
    """The absences above by staff member: no meeting, contact or read is made by someone on a day they are away."""
    days: dict[uuid.UUID, list[tuple[date, date]]] = {}
    for login, begins, ends, _deputy, _reason in ABSENCES:
        days.setdefault(org.staff_ids[login], []).append((today + timedelta(days=begins), today + timedelta(days=ends)))
    return days


def is_away(days: dict[uuid.UUID, list[tuple[date, date]]], staff_id: uuid.UUID, day: date) -> bool:
    return any(first <= day <= last for first, last in days.get(staff_id, ()))


def build_staff(ctx: DemoContext, org: DemoOrg) -> None:
    offices = {code: ctx.session.get_one(Office, office_id) for code, office_id in org.office_ids.items()}
    password_rng = ctx.rng("staff.passwords")
    staff_ids = ctx.ids("staff")
    made: dict[str, Staff] = {}
    # Demo logins get the shared password; everyone else waits for an administrator to set one. The
    # salts are drawn in staff order (deterministic); the slow hashes run side by side (argon2 releases
    # the interpreter while it works).
    salts = {spec.login: password_rng.randbytes(16) for spec in STAFF if spec.login in DEMO_LOGINS}
    with ThreadPoolExecutor(max_workers=len(salts) or 1) as pool:
        hashes = dict(zip(salts, pool.map(_demo_hash, salts.values()), strict=True))
    for spec in STAFF:
        password_hash = hashes.get(spec.login, "")
        staff = Staff(
            id=staff_ids.next(),
            login=spec.login,
            name=spec.name,
            email=_email(spec.name),
            employer_municipality_id=org.municipality_ids[spec.employer] if spec.employer else None,
            roles=",".join(sorted(role.value for role in spec.roles)),
            fte_percent=spec.fte,
            leader_share_percent=spec.leader_share,
            specialist_areas="\n".join(spec.areas),
            password_hash=password_hash,
            offices=[offices[code] for code in spec.offices],
            authorisations=[
                StaffAuthorisation(
                    id=ctx.ids("staff_authorisation").next(),
                    side=side,
                    municipality_id=org.municipality_ids[number] if number else None,
                    service_code=service,
                )
                for side, number, service in spec.resolved_authorisations()
            ],
        )
        ctx.save(staff)
        made[spec.login] = staff
        org.staff_ids[spec.login] = staff.id
    _add_absences(ctx, made)
    _add_teams(ctx, org, made, offices)


@lru_cache(maxsize=64)
def _demo_hash(salt: bytes) -> str:
    """argon2id with the library's default parameters, like every other password; cached because the
    hash is deliberately slow and a refill with the same seed needs the very same hashes again."""
    return PasswordHasher().hash(DEMO_PASSWORD, salt=salt)


_ASCII = {ord("æ"): "ae", ord("ø"): "o", ord("å"): "aa", ord("é"): "e"}


def _email(name: str) -> str:
    folded = name.lower().translate(_ASCII)
    return ".".join(folded.split()) + "@nav.no"


def _add_absences(ctx: DemoContext, staff: dict[str, Staff]) -> None:
    for login, begins, ends, deputy, reason in ABSENCES:
        ctx.save(
            StaffAbsence(
                id=ctx.ids("staff_absence").next(),
                staff_id=staff[login].id,
                starts=ctx.today + timedelta(days=begins),
                ends=ctx.today + timedelta(days=ends),
                deputy_id=staff[deputy].id if deputy else None,
                reason=reason,
            )
        )


def _add_teams(
    ctx: DemoContext, org: DemoOrg, staff: dict[str, Staff], offices: dict[str, Office]
) -> None:
    municipalities = {
        number: ctx.session.get_one(Municipality, mid) for number, mid in org.municipality_ids.items()
    }
    for spec in TEAMS:
        numbers = spec.municipalities or tuple(
            number for code in spec.offices for number in org.office_municipalities[code]
        )
        team = Team(
            id=ctx.ids("team").next(),
            name=spec.name,
            team_type=spec.team_type.value,
            lead_id=staff[spec.lead].id if spec.lead else None,
            offices=[offices[code] for code in spec.offices],
            municipalities=[municipalities[number] for number in numbers],
            members=[staff[login] for login in spec.members],
        )
        ctx.save(team)
        org.team_ids[spec.name] = team.id
