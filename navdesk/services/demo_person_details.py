"""Demo person details: contact details, address, language and interpreter, digital self-service,
household, a few protected addresses, ownership (teams and contact veiledere) and §14a history.

Completes the people `demo_people` made and writes them, chunk by chunk, before their cases, which follow
the innsatsgruppe set here. Contact veiledere are always staff the access policy lets serve the person (own
authorisation, host agreement included). Names, streets and notes are Norwegian: they are data an office
would type in.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from navdesk.domain.codes import HouseholdRelation, Hovedmal, Innsatsgruppe, Role, TeamType
from navdesk.services.demo_bulk import ROWID
from navdesk.services.demo_context import DemoContext, between, pick
from navdesk.services.demo_names import IMMIGRANT_LAST_NAMES, Picker, pick_name
from navdesk.services.demo_org import AGREEMENTS, MUNICIPAL_SERVICE_CODES, OFFICES, DemoOrg
from navdesk.services.demo_people import DemoPerson, person_rows
from navdesk.services.demo_staff import STAFF, TEAMS
from navdesk.store.models import HouseholdMember, InnsatsDecision, OwnershipEvent, Person, PersonContact
from navdesk.store.search import name_order_rowids

CHUNK = 5000
EMAIL_SHARE = 0.6
NYNORSK_SHARE = 0.4
PROTECTED_EVERY, PROTECTED_AT = 200, 37  # one person in 200 has a protected address (strengt fortrolig)
CHILDREN_SHARE = 0.3
PARTNER_SHARE = 0.15
INNSATS_SHARE = 0.8
REVISED_SHARE = 0.35  # a §14a decision is revised later
NEW_DAYS = 45  # registered this recently: often still with the reception team, no veileder yet
YOUTH_AGE, YOUTH_TEAM_SHARE = 30, 0.35
DEBT_TEAM_SHARE = 0.04
CONTACT_SHARE = 0.9
SECOND_CONTACT_SHARE, THIRD_CONTACT_SHARE = 0.12, 0.02
EARLIER_CONTACT_SHARE = 0.15

# Where people live: a few real street names and the postal codes of each municipality.
STREETS: dict[str, tuple[str, ...]] = {
    "3320": ("Gardnesvegen", "Flå sentrum", "Ådalsvegen", "Grøsliøyvegen", "Bjøbergvegen"),
    "3322": ("Rukkevegen", "Alfarvegen", "Liagardsvegen", "Garnåsvegen", "Bromma", "Rødungvegen"),
    "3324": ("Sentrumsvegen", "Gamlevegen", "Heradsvegen", "Glitrevegen", "Skaga", "Robøle", "Briskevegen"),
    "3326": ("Trøimsvegen", "Hemsedalsvegen", "Ulsåkvegen", "Tuv", "Fossvegen", "Holdeskaret"),
    "3328": ("Torget", "Ålsvegen", "Leksvol", "Vesleslåttvegen", "Lienvegen", "Sundrevegen", "Kvinne"),
    "3330": ("Geilovegen", "Vestlia", "Kyrkjevegen", "Lienvegen", "Hagafoss", "Haugastøl", "Holsvegen"),
}
POSTAL: dict[str, tuple[tuple[str, str], ...]] = {
    "3320": (("3539", "Flå"),),
    "3322": (("3540", "Nesbyen"),),
    "3324": (("3550", "Gol"),),
    "3326": (("3560", "Hemsedal"),),
    "3328": (("3570", "Ål"),),
    "3330": (("3580", "Geilo"), ("3576", "Hol"), ("3577", "Hovet")),
}
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")
# An immigrant's language follows the family name the demo gave them (see demo_names).
LANGUAGE_BY_NAME: dict[str, tuple[str, ...]] = {
    "Nowak": ("pl",), "Kowalski": ("pl",), "Wiśniewski": ("pl",), "Wójcik": ("pl",), "Kowalczyk": ("pl",),
    "Kamiński": ("pl",), "Kazlauskas": ("lt",), "Petrauskas": ("lt",), "Mohamed": ("so", "ar"),
    "Ahmed": ("so", "ar"), "Ali": ("so", "ar"), "Hassan": ("so", "ar"), "Abdi": ("so",), "Warsame": ("so",),
    "Al-Khatib": ("ar",), "Haddad": ("ar",), "Tesfaye": ("ti",), "Haile": ("ti",), "Gebremedhin": ("ti",),
    "Hosseini": ("fa",), "Ahmadi": ("fa",), "Nguyen": ("vi",), "Tran": ("vi",), "Ibrahim": ("ar", "so"),
}
INTERPRETER_SHARE = {"pl": 0.4, "lt": 0.4, "vi": 0.5, "so": 0.65, "ar": 0.6, "ti": 0.75, "fa": 0.65}
INNSATS_WEIGHTS: tuple[tuple[Innsatsgruppe, int], ...] = (
    (Innsatsgruppe.STANDARD, 35), (Innsatsgruppe.SITUASJONSBESTEMT, 35), (Innsatsgruppe.SPESIELT_TILPASSET, 18),
    (Innsatsgruppe.GRADERT_VARIG_TILPASSET, 5), (Innsatsgruppe.VARIG_TILPASSET, 7),
)
INNSATS_ORDER = tuple(group for group, _weight in INNSATS_WEIGHTS)
_INNSATS = Picker[Innsatsgruppe](INNSATS_WEIGHTS)
INNSATS_NOTES = ("Vurdert etter samtale og kartlegging.", "Ny vurdering etter endret helsesituasjon.",
                 "Behovsvurdering oppdatert etter arbeidsutprøving.", "")
OWNERSHIP_NOTES = ("Overført fra mottak.", "Fordelt i teammøtet.", "Ny veileder etter ønske fra bruker.",
                   "Oppfølging delt mellom stat og kommune.")


@dataclass
class _Staffing:
    """Who may be a contact for residents of each municipality, and which teams own them."""

    org: DemoOrg
    state: dict[str, list[uuid.UUID]] = field(default_factory=dict)
    municipal: dict[str, list[uuid.UUID]] = field(default_factory=dict)
    team_members: dict[uuid.UUID, frozenset[uuid.UUID]] = field(default_factory=dict)
    reception: dict[str, uuid.UUID] = field(default_factory=dict)  # municipality -> mottak team
    follow_up: dict[str, uuid.UUID] = field(default_factory=dict)  # municipality -> oppfølging team
    youth: uuid.UUID | None = None
    debt: tuple[uuid.UUID, frozenset[str]] | None = None  # team, municipalities it covers

    @classmethod
    def build(cls, org: DemoOrg) -> _Staffing:
        staffing = cls(org)
        serving = {number: office.code for office in OFFICES for number in office.municipalities}
        # Members whose whole municipal side the host runs (Hemsedal, through Gol).
        host_of = {member: spec.host for spec in AGREEMENTS for member, codes in spec.members.items()
                   if set(codes) >= set(MUNICIPAL_SERVICE_CODES)}
        for number, office in serving.items():
            employer = host_of.get(number, number)
            staffing.state[number] = [
                org.staff_ids[s.login] for s in STAFF
                if Role.VEILEDER in s.roles and office in s.offices
                and any(side == "state" for side, _m, _c in s.resolved_authorisations())
            ]
            staffing.municipal[number] = [
                org.staff_ids[s.login] for s in STAFF
                if Role.VEILEDER in s.roles and ("municipal", employer, "") in s.resolved_authorisations()
            ]
        for spec in TEAMS:
            team_id = org.team_ids[spec.name]
            staffing.team_members[team_id] = frozenset(org.staff_ids[login] for login in spec.members)
            numbers = spec.municipalities or tuple(n for code in spec.offices for n in org.office_municipalities[code])
            if spec.team_type is TeamType.MOTTAK:
                staffing.reception.update(dict.fromkeys(numbers, team_id))
            elif spec.team_type is TeamType.OPPFOLGING:
                staffing.follow_up.update(dict.fromkeys(numbers, team_id))
            elif spec.team_type is TeamType.UNGDOM:
                staffing.youth = team_id
            elif spec.team_type is TeamType.GJELD:
                staffing.debt = (team_id, frozenset(numbers))
        return staffing

    def eligible(self, municipality: str) -> list[uuid.UUID]:
        return self.state[municipality] + self.municipal[municipality]


def build_person_details(ctx: DemoContext, org: DemoOrg, people: Sequence[DemoPerson],
                         progress: Callable[[int, int], None] | None = None) -> dict[uuid.UUID, str]:
    """Write every demo person with their details, household, ownership and §14a history; the innsatsgruppe
    of each person who has one."""
    maker = _DetailMaker(ctx, _Staffing.build(org))
    # On SQLite each person gets the rowid the search index wants (in name order, migration 0003) at once:
    # renumbering a hundred thousand wide rows afterwards costs seconds.
    rowids = (name_order_rowids([(person.last_name, person.first_name, person.id) for person in people])
              if ctx.session.connection().dialect.name == "sqlite" else None)
    for start in range(0, len(people), CHUNK):
        chunk = people[start:start + CHUNK]
        rows = person_rows(ctx, org, chunk)
        for offset, (person, row) in enumerate(zip(chunk, rows, strict=True)):
            row.update(maker.person(person, start + offset))
            if rowids is not None:
                row[ROWID] = rowids[start + offset]
        ctx.insert_rows(Person, rows)
        maker.flush()
        if progress is not None:
            progress(start + len(chunk), len(people))
    return maker.innsats


_IMMIGRANT_NAMES = frozenset(name for name, _weight in IMMIGRANT_LAST_NAMES)


class _DetailMaker:
    def __init__(self, ctx: DemoContext, staffing: _Staffing) -> None:
        self.ctx = ctx
        self.staffing = staffing
        self.today = ctx.today
        self.contact_rng = ctx.rng("details.contact")
        self.language_rng = ctx.rng("details.language")
        self.household_rng = ctx.rng("details.household")
        self.owner_rng = ctx.rng("details.ownership")
        self.innsats_rng = ctx.rng("details.innsats")
        self.innsats: dict[uuid.UUID, str] = {}
        self.household: list[dict[str, Any]] = []
        self.contacts: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.decisions: list[dict[str, Any]] = []

    def flush(self) -> None:
        """Write what belongs to the people just written."""
        for model, rows in ((HouseholdMember, self.household), (PersonContact, self.contacts),
                            (OwnershipEvent, self.events), (InnsatsDecision, self.decisions)):
            self.ctx.insert_rows(model, rows)
            rows.clear()

    def person(self, resident: DemoPerson, index: int) -> dict[str, Any]:
        """The person's own columns beyond those `demo_people` fills; their other rows are kept for `flush`."""
        language, interpreter = self._language(resident)
        age = _age(resident.birth_date, self.today)
        digital = self.contact_rng.random() >= 0.05 + 0.15 * (age > 60) + 0.15 * interpreter
        street, postal = self._address(resident.municipality)
        email = self._email(resident) if self.contact_rng.random() < EMAIL_SHARE else ""
        team_id = self._ownership(resident, age)
        innsats, hovedmal = self._innsats(resident, age)
        self._household(resident, age)
        if innsats:
            self.innsats[resident.id] = innsats
        return {"email": email, "address_line": street, "postal_code": postal[0], "postal_place": postal[1],
                "protected_address": index % PROTECTED_EVERY == PROTECTED_AT, "language": language,
                "interpreter_needed": interpreter, "digital_self_service": digital, "innsatsgruppe": innsats,
                "hovedmal": hovedmal, "owner_team_id": team_id}

    # --- contact details --------------------------------------------------------------------------------

    def _language(self, resident: DemoPerson) -> tuple[str, bool]:
        rng = self.language_rng
        family = resident.last_name.split()[-1]
        if family in _IMMIGRANT_NAMES and resident.last_name == family:
            language = pick(rng, LANGUAGE_BY_NAME.get(family, ("en",)))
            return language, rng.random() < INTERPRETER_SHARE.get(language, 0.3)
        return ("nn" if rng.random() < NYNORSK_SHARE else "nb"), False

    def _address(self, municipality: str) -> tuple[str, tuple[str, str]]:
        rng = self.contact_rng
        street = f"{pick(rng, STREETS[municipality])} {between(rng, 1, 120)}"
        if rng.random() < 0.15:
            street += f" {pick(rng, 'ABC')}"
        return street, pick(rng, POSTAL[municipality])

    def _email(self, resident: DemoPerson) -> str:
        local = ".".join(_ascii(part) for part in f"{resident.first_name} {resident.last_name}".split())
        if self.contact_rng.random() < 0.4:
            local += str(resident.birth_date.year % 100)
        return f"{local}@{pick(self.contact_rng, EMAIL_DOMAINS)}"

    # --- household --------------------------------------------------------------------------------------

    def _household(self, resident: DemoPerson, age: int) -> None:
        rng = self.household_rng
        immigrant = resident.last_name in _IMMIGRANT_NAMES
        with_children = 22 <= age <= 60 and rng.random() < CHILDREN_SHARE / 0.8
        if with_children:
            earliest = max(_years_after(resident.birth_date, 19), _years_after(self.today, -17))
            span = (self.today - earliest).days
            for _child in range(pick(rng, (1, 1, 2, 2, 3))):
                birth = earliest + timedelta(days=between(rng, 0, max(span, 0)))
                female = rng.random() < 0.5
                first, _last = pick_name(rng, female=female, birth_year=birth.year, immigrant=immigrant)
                self._member(resident, HouseholdRelation.CHILD, first, birth)
        if age >= 20 and rng.random() < PARTNER_SHARE + 0.2 * with_children:
            birth = resident.birth_date + timedelta(days=between(rng, -5 * 365, 5 * 365))
            first, _last = pick_name(rng, female=rng.random() < 0.5, birth_year=birth.year, immigrant=immigrant)
            self._member(resident, HouseholdRelation.PARTNER, first, min(birth, _years_after(self.today, -18)))

    def _member(self, resident: DemoPerson, relation: HouseholdRelation, first: str, birth: date) -> None:
        self.household.append({
            "id": self.ctx.ids("household_member").at(resident.created_at), "person_id": resident.id,
            "relation": relation.value, "first_name": first.split()[0], "birth_date": birth,
        })

    # --- ownership --------------------------------------------------------------------------------------

    def _ownership(self, resident: DemoPerson, age: int) -> uuid.UUID:
        rng, staffing = self.owner_rng, self.staffing
        municipality = resident.municipality
        reception = staffing.reception[municipality]
        if (self.today - resident.created_at.date()).days < NEW_DAYS and rng.random() < 0.7:
            self._event(resident, resident.created_at, reception, (), "")
            return reception
        team = staffing.follow_up[municipality]
        if staffing.youth and age < YOUTH_AGE and rng.random() < YOUTH_TEAM_SHARE:
            team = staffing.youth
        elif staffing.debt and municipality in staffing.debt[1] and rng.random() < DEBT_TEAM_SHARE:
            team = staffing.debt[0]
        if rng.random() >= CONTACT_SHARE:
            moved = self._after(resident.created_at, 3, 40)
            self._event(resident, moved, team, (), pick(rng, OWNERSHIP_NOTES[:2]))
            return team
        contacts = self._pick_contacts(municipality, team)
        starts = self._after(resident.created_at, 3, 60)
        if rng.random() < EARLIER_CONTACT_SHARE and (self.today - starts.date()).days > 120:
            earlier = pick(rng, staffing.eligible(municipality))
            changed = self._after(starts, 60, min(400, (self.today - starts.date()).days - 1))
            self._contact(resident, earlier, True, starts.date(), changed.date())
            self._event(resident, starts, team, (earlier,), OWNERSHIP_NOTES[0])
            starts = changed
            note = OWNERSHIP_NOTES[2]
        else:
            note = pick(rng, OWNERSHIP_NOTES)
        for position, staff_id in enumerate(contacts):
            self._contact(resident, staff_id, position == 0, starts.date(), None)
        self._event(resident, starts, team, contacts, note)
        return team

    def _pick_contacts(self, municipality: str, team: uuid.UUID) -> tuple[uuid.UUID, ...]:
        rng, staffing = self.owner_rng, self.staffing
        eligible = staffing.eligible(municipality)
        members = [staff for staff in eligible if staff in staffing.team_members[team]] or eligible
        primary = pick(rng, members)
        contacts = [primary]
        if rng.random() < SECOND_CONTACT_SHARE:
            # Combined follow-up: a second contact from the other side of the office.
            other = staffing.municipal if primary in staffing.state[municipality] else staffing.state
            if other[municipality]:
                contacts.append(pick(rng, other[municipality]))
            if rng.random() < THIRD_CONTACT_SHARE / SECOND_CONTACT_SHARE:
                contacts.append(pick(rng, eligible))
        return tuple(dict.fromkeys(contacts))

    def _contact(self, resident: DemoPerson, staff_id: uuid.UUID, primary: bool, starts: date,
                 ends: date | None) -> None:
        self.contacts.append({
            "id": self.ctx.ids("person_contact").at(datetime.combine(starts, time(9))), "person_id": resident.id,
            "staff_id": staff_id, "is_primary": primary, "starts": starts, "ends": ends,
            "agreed_with_person": self.owner_rng.random() < 0.6, "changed_by_id": staff_id,
        })

    def _event(self, resident: DemoPerson, at: datetime, team: uuid.UUID, contacts: Sequence[uuid.UUID],
               note: str) -> None:
        self.events.append({
            "id": self.ctx.ids("ownership_event").at(at), "person_id": resident.id, "at": at,
            "by_id": contacts[0] if contacts else None, "team_id": team,
            "contact_ids": ",".join(str(staff_id) for staff_id in contacts), "note": note,
        })

    def _after(self, moment: datetime, low_days: int, high_days: int) -> datetime:
        """A moment some days after `moment` in office hours, but never after today."""
        days = between(self.owner_rng, low_days, max(low_days, high_days))
        later = datetime.combine(moment.date() + timedelta(days=days), time(9 + between(self.owner_rng, 0, 6)))
        return min(later, datetime.combine(self.today, time(8)))

    # --- §14a ------------------------------------------------------------------------------------------

    def _innsats(self, resident: DemoPerson, age: int) -> tuple[str, str]:
        rng = self.innsats_rng
        if not 18 <= age <= 66 or rng.random() >= INNSATS_SHARE:
            return "", ""
        decided = resident.created_at.date() + timedelta(days=between(rng, 7, 60))
        if decided > self.today:
            return "", ""
        group = _INNSATS(rng)
        deciders = self.staffing.state[resident.municipality]
        hovedmal = ""
        while decided <= self.today:
            hovedmal = self._hovedmal(group)
            self.decisions.append({
                "id": self.ctx.ids("innsats_decision").at(datetime.combine(decided, time(10))),
                "person_id": resident.id, "innsatsgruppe": group.value, "hovedmal": hovedmal,
                "decided_on": decided, "decided_by_id": pick(rng, deciders), "note": pick(rng, INNSATS_NOTES),
            })
            if rng.random() >= REVISED_SHARE:
                break
            decided += timedelta(days=between(rng, 120, 500))
            step = pick(rng, (-1, 0, 0, 1))
            group = INNSATS_ORDER[min(max(INNSATS_ORDER.index(group) + step, 0), len(INNSATS_ORDER) - 1)]
        previous = self.decisions[-1]
        return previous["innsatsgruppe"], hovedmal

    def _hovedmal(self, group: Innsatsgruppe) -> str:
        if group is Innsatsgruppe.VARIG_TILPASSET and self.innsats_rng.random() < 0.6:
            return ""
        return (Hovedmal.BEHOLDE_ARBEID if self.innsats_rng.random() < 0.15 else Hovedmal.SKAFFE_ARBEID).value


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _ascii(text: str) -> str:
    folded = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "aa")
    return "".join(ch for ch in unicodedata.normalize("NFKD", folded) if ch.isalnum() and ch.isascii())
