"""Demo case data: what the office knows about each demo person on both sides, and who may see it.

State follow-up facts (AAP, sick leave, dagpenger, tiltak, uføretrygd), municipal applications and
decisions (responsible municipality = residence), journal notes, the contact log, appointments, a few
consents and conflicts of interest, and one closed child-welfare case. The first Gol and the first
Hemsedal resident get a full history on both sides, so that `leder`, `stat`, `kommune` and `gjeld`
each see a visibly different card for the same person. Texts are Norwegian: they are data an office
would type in, not interface text.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import insert, select

from navdesk.domain.case_codes import AppointmentChannel, CaseStatus, ContactChannel, NoteKind, Outcome
from navdesk.domain.codes import Innsatsgruppe, Role, Side
from navdesk.services.demo_context import DemoContext
from navdesk.services.demo_org import AGREEMENTS, GOL, HEMSEDAL, HOL, OFFICES, DemoOrg
from navdesk.services.demo_staff import STAFF
from navdesk.store.models import (
    Appointment,
    ClosedArea,
    ConflictOfInterest,
    Consent,
    ContactEntry,
    JournalNote,
    Person,
    ServiceCase,
)
from navdesk.store.models.cases import closed_area_staff
from navdesk.store.models.confidentiality import consent_municipality

T = TypeVar("T")
CHUNK = 5000
# Share of people with each state fact; AAP and uføretrygd follow the person's innsatsgruppe.
SICK_LEAVE, DAGPENGER, TILTAK = 0.10, 0.10, 0.10
AAP_BY_INNSATS: dict[str, float] = {Innsatsgruppe.SPESIELT_TILPASSET: 0.7, Innsatsgruppe.GRADERT_VARIG_TILPASSET: 0.3}
AAP_OTHERWISE = 0.10
UFORE_BY_INNSATS: dict[str, float] = {Innsatsgruppe.VARIG_TILPASSET: 0.6, Innsatsgruppe.GRADERT_VARIG_TILPASSET: 0.5}
# (service code, share of people who have applied at least once); some apply again.
MUNICIPAL_SERVICES: tuple[tuple[str, float], ...] = (
    ("oko_stonad", 0.25), ("oko_radgivning", 0.06), ("gjeld", 0.04), ("midl_botilbud", 0.02),
    ("kvp", 0.025), ("ind_plan", 0.02),
)
REPEAT_SHARE = {"oko_stonad": 0.35, "oko_radgivning": 0.1, "midl_botilbud": 0.2}
# How long a granted service runs, in days (økonomisk stønad: a month at a time).
PERIOD_DAYS = {"kvp": 365, "midl_botilbud": 21, "ind_plan": 730, "gjeld": 180}
# Decision outcomes with their cumulative shares.
OUTCOMES: tuple[tuple[Outcome, float], ...] = (
    (Outcome.GRANTED, 0.65), (Outcome.PARTLY_GRANTED, 0.80), (Outcome.REFUSED, 0.97), (Outcome.DISMISSED, 1.0),
)
NOTES_PER_SERVICE = 0.9
CONTACTS_PER_SIDE = 0.6
APPOINTMENTS_PER_SIDE = 0.35
# Of the people followed up on both sides, this share has consented to sharing between the sides.
CONSENT_SHARE_OF_BOTH_SIDES = 0.15
TILTAK_KINDS = ("Arbeidstrening", "Arbeidsforberedende trening (AFT)", "Lønnstilskudd", "AMO-kurs",
                "Oppfølging", "Varig tilrettelagt arbeid")
PROVIDERS = ("Hallingdal Vekst AS", "Ål Arbeidssenter", "Hallingdal Industri", "Gol Produksjon AS",
             "Geilo Attføring")
EMPLOYERS = ("Gol kommune", "Hallingdal sjukehus", "Coop Hallingdal", "Skistar Hemsedal", "Hol kommune",
             "Ål vidaregåande skule", "Geilo Hotell", "Hallingdal Trevare", "Nesbyen Bygg AS",
             "Flå Kommune", "Kiwi Gol", "Hemsedal Hotell")

# (title, text) by service code; "state" and "municipal" hold general notes of each side.
NOTES: dict[str, tuple[tuple[str, str], ...]] = {
    "state": (
        ("Oppfølgingssamtale", "Samtale om situasjonen og veien videre mot arbeid. Bruker ønsker å prøve "
                               "seg i praksis. Avtalt ny samtale om fire uker."),
        ("Vurdering av bistandsbehov", "Gjennomgått utdanning, arbeidserfaring og helse. Bruker trenger noe "
                                       "veiledning for å komme i arbeid."),
        ("CV og jobbsøking", "Gikk gjennom CV og tre aktuelle stillinger. Bruker sender søknader denne uka."),
    ),
    "aap": (
        ("Status arbeidsavklaring", "Behandlingen går etter planen. Bruker melder om bedring, men fortsatt "
                                    "redusert kapasitet. Ny vurdering før perioden går ut."),
        ("Plan før sluttdato AAP", "Gjennomgått hva som skjer når AAP-perioden slutter. Vurderer "
                                   "arbeidsrettet tiltak og eventuelt søknad om uføretrygd."),
    ),
    "sykefravaer": (
        ("Dialogmøte", "Dialogmøte med bruker og arbeidsgiver. Gradert sykmelding vurderes fra neste "
                       "måned. Oppfølgingsplanen er oppdatert."),
        ("Kontakt med arbeidsgiver", "Arbeidsgiver har tilrettelagt med lettere oppgaver. Ny kontakt om tre uker."),
    ),
    "dagpenger": (
        ("Meldekort og aktivitet", "Bruker sender meldekort og søker aktivt. Minnet om plikten til å være "
                                   "reell arbeidssøker."),
    ),
    "tiltak": (
        ("Oppstart tiltak", "Bruker har startet i tiltaket. Første tilbakemelding fra tiltaksarrangør er god."),
        ("Evaluering av tiltak", "Trepartssamtale med tiltaksarrangør. Avtalt å forlenge tiltaket i tre måneder."),
    ),
    "uforetrygd": (
        ("Uføretrygd", "Orientert om saksgangen for uføretrygd og hvilke opplysninger som trengs fra lege."),
    ),
    "municipal": (
        ("Kartleggingssamtale", "Gjennomgått bosituasjon, økonomi og nettverk. Bruker ønsker hjelp til å "
                                "sette opp budsjett."),
        ("Samarbeidsmøte", "Møte med bruker og fastlege om videre oppfølging. Referat sendt bruker."),
    ),
    "oko_stonad": (
        ("Søknad om økonomisk stønad", "Søknaden gjennomgått med bruker. Mangler kontoutskrift for siste "
                                       "måned; bruker ettersender."),
        ("Vedtak forklart", "Vedtaket forklart for bruker, inkludert klageadgang og klagefrist på tre uker."),
        ("Nødhjelp", "Bruker var uten mat. Innvilget nødhjelp i form av matkort samme dag."),
    ),
    "oko_radgivning": (
        ("Økonomisk rådgivning", "Satt opp budsjett sammen med bruker. Faste utgifter er høyere enn inntekt; "
                                 "vurderer å søke bostøtte."),
    ),
    "gjeld": (
        ("Gjeldsrådgivning", "Gjennomgått gjeldsoversikt fra Gjeldsregisteret og inkasso. Bruker samtykker "
                             "til at vi kontakter kreditorene."),
        ("Forhandling med kreditorer", "Sendt forslag om frivillig gjeldsordning til kreditorene. Svarfrist "
                                       "om fire uker."),
    ),
    "midl_botilbud": (
        ("Midlertidig botilbud", "Bruker står uten bolig. Skaffet midlertidig botilbud i tre uker; søker "
                                 "kommunal bolig parallelt."),
    ),
    "kvp": (
        ("Kvalifiseringsprogram", "Ukeplanen for programmet er gjennomgått. Oppmøtet har vært stabilt."),
        ("Avbrudd i programmet", "Bruker har vært syk i to uker. Programmet fortsetter etter avtale."),
    ),
    "ind_plan": (
        ("Ansvarsgruppemøte", "Møte med fastlege, psykiatritjenesten og bruker. Målene i den individuelle "
                              "planen er revidert. Koordinator er NAV."),
    ),
    "barnevern": (
        ("Bekymringsmelding", "Mottatt bekymringsmelding fra skolen. Undersøkelse startet."),
        ("Hjemmebesøk", "Hjemmebesøk gjennomført. Tiltak i hjemmet vurderes."),
    ),
}
ORAL_NOTES: tuple[tuple[str, str], ...] = (
    ("Telefon fra bruker", "Bruker ringte og fortalte at situasjonen hjemme er endret. Opplysningene er "
                           "skrevet ned etter samtalen og lest opp for bruker."),
    ("Muntlige opplysninger", "Bruker opplyste muntlig om ny inntekt fra deltidsjobb. Nedtegnet og "
                              "bekreftet av bruker."),
)
REASONS: dict[str, str] = {
    Outcome.GRANTED: "Vilkårene i sosialtjenesteloven er oppfylt.",
    Outcome.PARTLY_GRANTED: "Innvilget etter statens veiledende satser; utgifter over satsene er ikke dekket.",
    Outcome.REFUSED: "Inntekten er over satsene for livsopphold.",
    Outcome.DISMISSED: "Søknaden mangler nødvendige opplysninger etter purring.",
}
CONTACT_SUMMARIES: dict[ContactChannel, tuple[str, ...]] = {
    ContactChannel.PHONE: ("Ringte om status i saken.", "Avtalte nytt møte.", "Spørsmål om utbetaling."),
    ContactChannel.MEETING: ("Oppfølgingsmøte på kontoret.", "Møte om plan og aktiviteter."),
    ContactChannel.HOME_VISIT: ("Hjemmebesøk etter avtale.",),
    ContactChannel.SMS: ("Påminnelse om møte sendt.", "Bruker bekreftet timen."),
    ContactChannel.VIDEO: ("Videomøte om jobbsøking.",),
    ContactChannel.LETTER: ("Brev om vedtak sendt.", "Innkalling sendt per brev."),
}
CHANNELS = tuple(CONTACT_SUMMARIES)
APPOINTMENT_CHANNELS = (AppointmentChannel.IN_PERSON, AppointmentChannel.IN_PERSON, AppointmentChannel.PHONE,
                        AppointmentChannel.VIDEO)
APPOINTMENT_PURPOSES = ("Oppfølgingssamtale", "Gjennomgang av aktivitetsplan", "Samtale om økonomi",
                        "Trepartsmøte med arbeidsgiver", "Ansvarsgruppemøte", "Kartleggingssamtale")


@dataclass(frozen=True, slots=True)
class _Resident:
    id: uuid.UUID
    municipality: str  # number
    municipality_id: uuid.UUID
    first_day: int  # ordinal of the registration day
    span: int  # days from registration to the demo's day
    innsatsgruppe: str


@dataclass
class _Staffing:
    """Who writes on each side for each municipality (by login, resolved to ids)."""

    state: dict[str, list[uuid.UUID]] = field(default_factory=dict)  # municipality -> state veiledere
    municipal: dict[str, list[uuid.UUID]] = field(default_factory=dict)  # municipality -> municipal staff
    debt: list[uuid.UUID] = field(default_factory=list)
    office: dict[str, uuid.UUID] = field(default_factory=dict)  # municipality -> office id

    @classmethod
    def build(cls, org: DemoOrg) -> _Staffing:
        staffing = cls()
        hosts = {member: spec.host for spec in AGREEMENTS if spec.host == GOL for member in spec.members}
        for office in OFFICES:
            for number in office.municipalities:
                staffing.office[number] = org.office_ids[office.code]
                staffing.state[number] = [
                    org.staff_ids[s.login] for s in STAFF
                    if office.code in s.offices and Role.VEILEDER in s.roles
                    and any(side == "state" for side, _m, _c in s.resolved_authorisations())
                ]
                employer = hosts.get(number, number)
                staffing.municipal[number] = [
                    org.staff_ids[s.login] for s in STAFF
                    if Role.VEILEDER in s.roles and (("municipal", employer, "") in s.resolved_authorisations())
                ]
        staffing.debt = [org.staff_ids[login] for login in ("gjeld", "ehagen")]
        return staffing

    def writer(self, rng: random.Random, side: str, municipality: str, service: str) -> uuid.UUID:
        # The debt team serves the members of the debt agreement; Hemsedal's debt cases stay with Gol.
        if side == Side.MUNICIPAL and service == "gjeld" and municipality != HEMSEDAL:
            return _pick(rng, self.debt)
        return _pick(rng, self.state[municipality] if side == Side.STATE else self.municipal[municipality])


def build_case_data(ctx: DemoContext, org: DemoOrg) -> None:
    """Fill every demo person's cases, notes, contacts and appointments, then the special cases."""
    staffing = _Staffing.build(org)
    showcase: set[str] = set()
    maker = _CaseMaker(ctx, org, staffing)
    for chunk in _residents(ctx, org):
        for resident in chunk:
            if resident.municipality in (GOL, HEMSEDAL) and resident.municipality not in showcase:
                showcase.add(resident.municipality)
                maker.full_history(resident)
            else:
                maker.person(resident)
        maker.flush()
    _confidential(ctx, org, maker.residents)


def _residents(ctx: DemoContext, org: DemoOrg) -> Iterator[list[_Resident]]:
    numbers = {municipality_id: number for number, municipality_id in org.municipality_ids.items()}
    today = ctx.today.toordinal()
    # Core, not the ORM: plain rows of 100,000 people, without the ORM's per-row bookkeeping.
    rows = ctx.session.connection().execute(
        select(Person.id, Person.residence_municipality_id, Person.created_at, Person.innsatsgruppe)
        .order_by(Person.created_at, Person.id)
    ).all()
    for start in range(0, len(rows), CHUNK):
        chunk = []
        for person_id, municipality_id, created_at, innsats in rows[start:start + CHUNK]:
            first = created_at.toordinal()
            chunk.append(_Resident(person_id, numbers[municipality_id], municipality_id, first,
                                   max(0, today - first), innsats or ""))
        yield chunk


class _CaseMaker:
    """Makes the rows of one chunk of people at a time. This is the demo's hot loop: it draws with
    `random()` and builds plain dicts, and leaves out columns whose default will do."""

    def __init__(self, ctx: DemoContext, org: DemoOrg, staffing: _Staffing) -> None:
        self.ctx = ctx
        self.org = org
        self.staffing = staffing
        self.today = ctx.today
        self.state_rng = ctx.rng("cases.state")
        self.municipal_rng = ctx.rng("cases.municipal")
        self.note_rng = ctx.rng("journal.notes")
        self.contact_rng = ctx.rng("journal.contacts")
        self.appointment_rng = ctx.rng("journal.appointments")
        self.consent_rng = ctx.rng("consents")
        self.case_ids = ctx.ids("service_case")
        self.note_ids = ctx.ids("journal_note")
        self.contact_ids = ctx.ids("contact_entry")
        self.appointment_ids = ctx.ids("appointment")
        # State facts and municipal applications fill different columns: two batches, two statements.
        self.state_cases: list[dict[str, Any]] = []
        self.applications: list[dict[str, Any]] = []
        self.notes: list[dict[str, Any]] = []
        self.contacts: list[dict[str, Any]] = []
        self.appointments: list[dict[str, Any]] = []
        self.consents: list[dict[str, Any]] = []
        self.consent_links: list[dict[str, Any]] = []
        # Residents by municipality, for the conflicts and the closed case made at the end.
        self.residents: dict[str, list[uuid.UUID]] = {}

    def flush(self) -> None:
        for model, rows in ((ServiceCase, self.state_cases), (ServiceCase, self.applications),
                            (JournalNote, self.notes), (ContactEntry, self.contacts),
                            (Appointment, self.appointments), (Consent, self.consents)):
            self.ctx.insert_rows(model, rows)
            rows.clear()
        if self.consent_links:
            self.ctx.session.execute(insert(consent_municipality), self.consent_links)
            self.consent_links.clear()

    # One person ---------------------------------------------------------------------------------

    def person(self, resident: _Resident) -> None:
        self.residents.setdefault(resident.municipality, []).append(resident.id)
        state_codes = self._state_codes(resident)
        for code in state_codes:
            self._state_case(resident, code)
        rng = self.municipal_rng
        municipal_codes = [code for code, share in MUNICIPAL_SERVICES if rng.random() < share]
        for code in municipal_codes:
            self._application(resident, code)
            if rng.random() < REPEAT_SHARE.get(code, 0.0):
                self._application(resident, code)
        note_rng = self.note_rng
        self._notes(resident, Side.STATE, state_codes or (["state"] if note_rng.random() < 0.3 else []))
        self._notes(resident, Side.MUNICIPAL, municipal_codes)
        self._contacts(resident, bool(state_codes), municipal_codes)
        self._appointments(resident, bool(state_codes), municipal_codes)
        if state_codes and municipal_codes and self.consent_rng.random() < CONSENT_SHARE_OF_BOTH_SIDES:
            self._consent(resident)

    def full_history(self, resident: _Resident) -> None:
        """Both sides, every kind of record: the person the demo and the tests look at first."""
        self.residents.setdefault(resident.municipality, []).append(resident.id)
        for code in ("aap", "tiltak"):
            self._state_case(resident, code)
        for code in ("oko_stonad", "oko_stonad", "gjeld", "oko_radgivning"):
            self._application(resident, code)
        self._notes(resident, Side.STATE, ["aap", "tiltak", "state"], at_least=2)
        self._notes(resident, Side.MUNICIPAL, ["oko_stonad", "gjeld", "municipal"], at_least=2)
        self._contacts(resident, True, ["oko_stonad", "gjeld"], at_least=3)
        self._appointments(resident, True, ["oko_stonad"], at_least=2)

    def _state_codes(self, resident: _Resident) -> list[str]:
        random_ = self.state_rng.random
        codes = []
        if random_() < AAP_BY_INNSATS.get(resident.innsatsgruppe, AAP_OTHERWISE):
            codes.append("aap")
        if random_() < UFORE_BY_INNSATS.get(resident.innsatsgruppe, 0.0):
            codes.append("uforetrygd")
        if random_() < SICK_LEAVE:
            codes.append("sykefravaer")
        if random_() < DAGPENGER:
            codes.append("dagpenger")
        if random_() < TILTAK:
            codes.append("tiltak")
        return codes

    @staticmethod
    def _day(rng: random.Random, resident: _Resident, margin: int = 0) -> date:
        """A day between the person's registration and `margin` days before the demo's day."""
        return date.fromordinal(resident.first_day + int(rng.random() * (max(0, resident.span - margin) + 1)))

    def _state_case(self, resident: _Resident, code: str) -> None:
        rng = self.state_rng
        starts = self._day(rng, resident, 14)
        ends: date | None = None
        details: dict[str, Any] = {}
        if code == "aap":
            ends = starts + timedelta(days=_pick(rng, (365, 730, 1095)))
        elif code == "sykefravaer":
            starts = self.today - timedelta(days=14 + int(rng.random() * 266))
            details = {"grade": _pick(rng, (100, 100, 50, 60, 80)), "employer": _pick(rng, EMPLOYERS)}
        elif code == "dagpenger":
            weeks = _pick(rng, (52, 104))
            ends = starts + timedelta(weeks=weeks)
            details = {"weeks": weeks}
        elif code == "tiltak":
            ends = starts + timedelta(days=_pick(rng, (90, 180, 365)))
            details = {"tiltak": _pick(rng, TILTAK_KINDS), "provider": _pick(rng, PROVIDERS)}
        else:
            details = {"grade": _pick(rng, (50, 60, 80, 100))}
        moment = datetime(starts.year, starts.month, starts.day, 10)
        self.state_cases.append({
            "id": self.case_ids.at(moment), "version": 1, "person_id": resident.id, "side": "state",
            "service_code": code,
            "status": "ended" if ends is not None and ends < self.today else "active",
            "starts_on": starts, "ends_on": ends, "details": json.dumps(details, ensure_ascii=False),
            "created_at": moment, "created_by_id": self.staffing.writer(rng, "state", resident.municipality, code),
        })

    def _application(self, resident: _Resident, code: str) -> None:
        rng = self.municipal_rng
        received = self._day(rng, resident)
        age = (self.today - received).days
        status, outcome, decided, starts, ends = CaseStatus.APPLIED, "", None, None, None
        if age > 3:
            status = CaseStatus.IN_PROGRESS
        if age > 21 or (age > 3 and rng.random() < 0.6):
            decided = received + timedelta(days=1 + int(rng.random() * min(age, 20)))
            outcome = _weighted(rng, OUTCOMES).value
            status = CaseStatus.DECIDED
            if outcome in (Outcome.GRANTED, Outcome.PARTLY_GRANTED):
                starts = decided
                ends = decided + timedelta(days=PERIOD_DAYS.get(code, 30))
            elif outcome == Outcome.REFUSED and rng.random() < 0.15:
                status = CaseStatus.APPEALED
        moment = datetime(received.year, received.month, received.day, 10)
        self.applications.append({
            "id": self.case_ids.at(moment), "version": 1, "person_id": resident.id, "side": "municipal",
            "service_code": code, "responsible_municipality_id": resident.municipality_id, "status": status.value,
            "received_on": received, "oral_application": rng.random() < 0.1, "decided_on": decided,
            "starts_on": starts, "ends_on": ends, "outcome": outcome, "reasons": REASONS.get(outcome, ""),
            "created_at": moment,
            "created_by_id": self.staffing.writer(rng, "municipal", resident.municipality, code),
        })

    def _notes(self, resident: _Resident, side: Side, codes: Sequence[str], *, at_least: int = 0) -> None:
        if not codes:
            return
        rng = self.note_rng
        for index in range(max(at_least, _small_count(rng, NOTES_PER_SERVICE * len(codes)))):
            code = codes[index % len(codes)]
            oral = rng.random() < 0.15
            title, text = _pick(rng, ORAL_NOTES if oral else NOTES.get(code) or NOTES[side.value])
            service = "" if side is Side.STATE else _municipal_service(code, codes)
            self.add_note(resident, side, service, self._day(rng, resident), title, text,
                          NoteKind.ORAL if oral else NoteKind.NOTE,
                          self.staffing.writer(rng, side, resident.municipality, service))

    def add_note(self, resident: _Resident, side: Side, service: str, on: date, title: str, text: str,
                 kind: NoteKind, author: uuid.UUID) -> None:
        minutes = int(self.note_rng.random() * 420)
        written = datetime(on.year, on.month, on.day, 9 + minutes // 60, minutes % 60)
        self.notes.append({
            "id": self.note_ids.at(written), "version": 1, "person_id": resident.id, "side": side.value,
            "responsible_municipality_id": resident.municipality_id if side is Side.MUNICIPAL else None,
            "service_code": service, "kind": kind.value, "noted_on": on, "title": title, "text": text,
            "author_id": author, "written_at": written,
        })

    def _contacts(self, resident: _Resident, state: bool, municipal: Sequence[str], *, at_least: int = 0) -> None:
        sides = [side for side, has in ((Side.STATE, state), (Side.MUNICIPAL, bool(municipal))) if has]
        if not sides:
            return
        rng = self.contact_rng
        for index in range(max(at_least, _small_count(rng, CONTACTS_PER_SIDE * len(sides)))):
            side = sides[index % len(sides)] if at_least else _pick(rng, sides)
            service = _pick(rng, municipal) if side is Side.MUNICIPAL else ""
            channel = _pick(rng, CHANNELS)
            day = self._day(rng, resident)
            minutes = int(rng.random() * 480)
            at = datetime(day.year, day.month, day.day, 8 + minutes // 60, minutes % 60)
            self.contacts.append({
                "id": self.contact_ids.at(at), "person_id": resident.id, "side": side.value,
                "responsible_municipality_id": resident.municipality_id if side is Side.MUNICIPAL else None,
                "service_code": service, "channel": channel.value, "at": at,
                "staff_id": self.staffing.writer(rng, side, resident.municipality, service),
                "summary": _pick(rng, CONTACT_SUMMARIES[channel]),
            })

    def _appointments(self, resident: _Resident, state: bool, municipal: Sequence[str], *,
                      at_least: int = 0) -> None:
        sides = [side for side, has in ((Side.STATE, state), (Side.MUNICIPAL, bool(municipal))) if has]
        if not sides:
            return
        rng = self.appointment_rng
        for index in range(max(at_least, _small_count(rng, APPOINTMENTS_PER_SIDE * len(sides)))):
            side = sides[index % len(sides)] if at_least else _pick(rng, sides)
            service = _pick(rng, municipal) if side is Side.MUNICIPAL else ""
            future = rng.random() < 0.25
            day = (self.today + timedelta(days=1 + int(rng.random() * 30)) if future
                   else self._day(rng, resident, 1))
            if day.weekday() >= 5:
                day += timedelta(days=7 - day.weekday())
            starts = datetime(day.year, day.month, day.day, _pick(rng, (9, 10, 11, 13, 14)))
            office_day = resident.municipality == HEMSEDAL and day.weekday() == 1
            self.appointments.append({
                "id": self.appointment_ids.at(starts), "version": 1, "person_id": resident.id,
                "staff_id": self.staffing.writer(rng, side, resident.municipality, service), "side": side.value,
                "responsible_municipality_id": resident.municipality_id if side is Side.MUNICIPAL else None,
                "service_code": service, "starts_at": starts, "ends_at": starts + timedelta(minutes=45),
                "office_id": None if office_day else self.staffing.office[resident.municipality],
                "municipality_id": resident.municipality_id if office_day else None,
                "location": "Hemsedal rådhus (kontordag)" if office_day else "",
                "channel": _pick(rng, APPOINTMENT_CHANNELS).value, "purpose": _pick(rng, APPOINTMENT_PURPOSES),
                "cancelled_at": starts - timedelta(days=1) if rng.random() < 0.05 else None,
            })

    def _consent(self, resident: _Resident) -> None:
        """Consent to share both sides within the office (the typical samtykke for working across sides)."""
        rng = self.consent_rng
        given = self._day(rng, resident)
        valid_until = given + timedelta(days=365) if rng.random() < 0.7 else None
        withdrawn = given + timedelta(days=1 + int(rng.random() * 90)) if rng.random() < 0.1 else None
        if withdrawn is not None and withdrawn > self.today:
            withdrawn = None
        registered_by = self.staffing.writer(rng, Side.STATE, resident.municipality, "")
        registered_at = datetime(given.year, given.month, given.day, 12)
        consent_id = self.ctx.ids("consent").at(registered_at)
        self.consents.append({
            "id": consent_id, "person_id": resident.id, "given_on": given, "valid_until": valid_until,
            "withdrawn_on": withdrawn, "withdrawn_registered_by_id": registered_by if withdrawn else None,
            "sides": "municipal,state", "service_codes": "", "kinds": "", "to_state": True,
            "form": _pick(rng, ("written", "written", "oral")),
            "purpose": "Samordnet oppfølging på tvers av statlig og kommunal side.",
            "registered_by_id": registered_by, "registered_at": registered_at,
        })
        self.consent_links.append({"consent_id": consent_id, "municipality_id": resident.municipality_id})


def _confidential(ctx: DemoContext, org: DemoOrg, residents: dict[str, list[uuid.UUID]]) -> None:
    """Conflicts of interest (one for `stat` on a Gol resident) and one closed child-welfare case in Hol."""
    registered = datetime.combine(ctx.today - timedelta(days=40), time(13))
    conflicts = (
        ("stat", GOL, 1, "Bruker er nær familie av veilederen."),
        ("kommune", HEMSEDAL, 1, "Veilederen er nabo og tidligere svigerinne."),
        ("msando", GOL, 2, "Bruker er veilederens tidligere kollega og nære venn."),
    )
    rows = []
    for login, municipality, index, reason in conflicts:
        people = residents.get(municipality, [])
        if len(people) > index:
            rows.append({"id": ctx.ids("conflict_of_interest").at(registered), "person_id": people[index],
                         "staff_id": org.staff_ids[login], "reason": reason,
                         "registered_by_id": org.staff_ids["leder"], "registered_at": registered,
                         "ended_at": None})
    ctx.insert_rows(ConflictOfInterest, rows)
    hol = residents.get(HOL, [])
    if not hol:
        return
    person_id = hol[0]
    opened = ctx.today - timedelta(days=75)
    area_id = ctx.ids("closed_area").at(datetime.combine(opened, time(9)))
    ctx.insert_rows(ClosedArea, [{"id": area_id, "person_id": person_id, "name": "Barnevernssak",
                                  "service_code": "barnevern", "created_at": datetime.combine(opened, time(9))}])
    ctx.session.execute(insert(closed_area_staff), [{"area_id": area_id, "staff_id": org.staff_ids["rulsaker"]}])
    author = org.staff_ids["rulsaker"]
    moment = datetime.combine(opened, time(9))
    ctx.insert_rows(ServiceCase, [{
        "id": ctx.ids("service_case").at(moment), "version": 1, "person_id": person_id, "side": Side.CLOSED.value,
        "service_code": "barnevern", "responsible_municipality_id": org.municipality_ids[HOL],
        "closed_area_id": area_id, "status": CaseStatus.IN_PROGRESS.value, "received_on": opened,
        "oral_application": False, "starts_on": opened, "ends_on": None, "decided_on": None, "outcome": "",
        "reasons": "", "details": "{}", "created_at": moment, "created_by_id": author, "closed_at": None,
        "close_reason": "",
    }])
    notes = []
    for offset, (title, text) in zip((0, 30), NOTES["barnevern"], strict=True):
        written = datetime.combine(opened + timedelta(days=offset), time(11))
        notes.append({
            "id": ctx.ids("journal_note").at(written), "version": 1, "person_id": person_id,
            "side": Side.CLOSED.value, "responsible_municipality_id": None, "service_code": "barnevern",
            "closed_area_id": area_id, "kind": NoteKind.NOTE.value, "noted_on": written.date(), "title": title,
            "text": text, "author_id": author, "written_at": written, "edited_at": None, "edited_by_id": None,
        })
    ctx.insert_rows(JournalNote, notes)


def _municipal_service(code: str, codes: Sequence[str]) -> str:
    """The service a municipal note belongs to; a general note goes with the person's first service (or
    general advice), because a host agreement opens named services only."""
    if code != "municipal":
        return code
    return next((c for c in codes if c != "municipal"), "oko_radgivning")


def _pick(rng: random.Random, items: Sequence[T]) -> T:
    """`rng.choice`, at a third of the cost (the demo draws millions of times)."""
    return items[int(rng.random() * len(items))]


def _small_count(rng: random.Random, mean: float) -> int:
    """A small count around `mean` (a cheap stand-in for a Poisson draw)."""
    whole = int(mean)
    count = whole + (rng.random() < mean - whole)
    if whole:
        count += (rng.random() < 0.25) - (rng.random() < 0.25)
    return count


def _weighted(rng: random.Random, choices: Sequence[tuple[Outcome, float]]) -> Outcome:
    point = rng.random()
    for value, cumulative in choices:
        if point < cumulative:
            return value
    return choices[-1][0]
