"""Demo case data: what the office knows about each demo person on both sides, and who may see it.

State follow-up facts (AAP, sick leave, dagpenger, tiltak, uføretrygd), municipal applications and
decisions (`demo_applications`; responsible municipality = residence; økonomisk stønad applied for again
month after month), journal notes, the contact log, appointments, a few consents and conflicts of
interest, and one closed child-welfare case, all within the demo's history (`demo_people.history_start`).
Some people's follow-up has ended: their records stop there, and they are archived. The first Gol and the
first Hemsedal resident get a full history on both sides, so that `leder`, `stat`, `kommune` and `gjeld`
each see a visibly different card for the same person. Texts are Norwegian: they are data an office
would type in, not interface text.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import BindParameter, bindparam, case, insert, select, update

from navdesk.domain.case_codes import AppointmentChannel, CaseStatus, ContactChannel, NoteKind
from navdesk.domain.codes import HouseholdRelation, Innsatsgruppe, Role, Side
from navdesk.domain.deadlines import interim_reply_due, processing_deadline
from navdesk.services.deadline_rules import rule_book
from navdesk.services.demo_applications import ApplicationMaker
from navdesk.services.demo_context import DemoContext, pick, small_count
from navdesk.services.demo_org import AGREEMENTS, GOL, HEMSEDAL, HOL, OFFICES, DemoOrg
from navdesk.services.demo_people import DemoPerson, history_start
from navdesk.services.demo_staff import STAFF, away, is_away
from navdesk.store.models import (
    Appointment,
    ClosedArea,
    ConflictOfInterest,
    Consent,
    ContactEntry,
    HouseholdMember,
    JournalNote,
    Person,
    PersonContact,
    ServiceCase,
)
from navdesk.store.models.cases import closed_area_staff
from navdesk.store.models.confidentiality import consent_municipality

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
REPEAT_SHARE = {"oko_stonad": 0.2, "oko_radgivning": 0.1, "midl_botilbud": 0.2}  # another need, later
RENEWED = {"oko_stonad": 0.45}  # the chance of applying again the next month
NOTES_PER_SERVICE = 0.9
CONTACTS_PER_SIDE = 0.3  # over the whole history; `demo_follow_up` adds the last months
APPOINTMENTS_PER_SIDE = 0.2
# Of the people whose follow-up can end (none of KEEP_FOLLOWING) and has lasted ENDED_AFTER_DAYS, this share
# has ended: every record of theirs falls before the end, and they are archived ("close and keep").
ENDED_SHARE = 0.2
ENDED_AFTER_DAYS = 90
KEEP_FOLLOWING = frozenset({"uforetrygd", "sykefravaer", "kvp", "ind_plan", "gjeld"})
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
    since: datetime  # registered, or the history's first day for someone registered before it
    first_day: int  # ordinal of that day
    span: int  # days from that day to the demo's day, or to the day the follow-up ended
    innsatsgruppe: str
    ended: date | None = None  # the follow-up ended that day: the person is archived


@dataclass
class Staffing:
    """Who writes on each side for each municipality (by login, resolved to ids)."""

    state: dict[str, list[uuid.UUID]] = field(default_factory=dict)  # municipality -> state veiledere
    municipal: dict[str, list[uuid.UUID]] = field(default_factory=dict)  # municipality -> municipal staff
    debt: list[uuid.UUID] = field(default_factory=list)
    office: dict[str, uuid.UUID] = field(default_factory=dict)  # municipality -> office id

    @classmethod
    def build(cls, org: DemoOrg) -> Staffing:
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
        return pick(rng, self._pool(side, municipality, service))

    def present(self, rng: random.Random, side: str, municipality: str, service: str, day: date,
                away: dict[uuid.UUID, list[tuple[date, date]]]) -> uuid.UUID:
        """A writer at work on the day (the one drawn, else the first colleague who is)."""
        pool = self._pool(side, municipality, service)
        drawn = pick(rng, pool)
        if not is_away(away, drawn, day):
            return drawn
        return next((staff_id for staff_id in pool if not is_away(away, staff_id, day)), drawn)

    def _pool(self, side: str, municipality: str, service: str) -> list[uuid.UUID]:
        # The debt team serves the members of the debt agreement; Hemsedal's debt cases stay with Gol.
        if side == Side.MUNICIPAL and service == "gjeld" and municipality != HEMSEDAL:
            return self.debt
        return self.state[municipality] if side == Side.STATE else self.municipal[municipality]


@dataclass(frozen=True, slots=True)
class FollowedPerson:
    """Someone still followed up, as the builders after the cases need to know them."""

    id: uuid.UUID
    municipality: str  # number
    municipality_id: uuid.UUID
    since: datetime  # registered, or the history's first day for someone registered before it
    state: bool  # followed up on the state side: an innsatsgruppe or a state service
    state_services: tuple[str, ...]
    services: tuple[str, ...]  # the municipal services they have applied for
    sick_leave_from: date | None  # the first day of a sick leave running now


@dataclass
class DemoCases:
    """What the builders after the cases need of them, so that they do not read them all back."""

    followed: list[FollowedPerson]  # in the order the people were registered
    residents: dict[str, list[uuid.UUID]]  # municipality number -> the people still followed up there


def build_case_data(ctx: DemoContext, org: DemoOrg, people: Sequence[DemoPerson], innsats: dict[uuid.UUID, str]
                    ) -> DemoCases:
    """Fill every demo person's cases, notes, contacts and appointments, then the special cases."""
    staffing = Staffing.build(org)
    showcase: set[str] = set()
    maker = _CaseMaker(ctx, org, staffing)
    for chunk in _residents(ctx, org, people, innsats):
        for resident in chunk:
            if resident.municipality in (GOL, HEMSEDAL) and resident.municipality not in showcase:
                showcase.add(resident.municipality)
                maker.full_history(resident)
            else:
                maker.person(resident)
        maker.flush()
    _confidential(ctx, org, maker.residents)
    return DemoCases(maker.followed, maker.residents)


def _residents(ctx: DemoContext, org: DemoOrg, people: Sequence[DemoPerson], innsats: dict[uuid.UUID, str]
               ) -> Iterator[list[_Resident]]:
    today, history = ctx.today.toordinal(), history_start(ctx.today)
    for start in range(0, len(people), CHUNK):
        chunk = []
        for person in people[start:start + CHUNK]:
            since = max(person.created_at, datetime.combine(history, person.created_at.time()))
            first = since.toordinal()
            chunk.append(_Resident(person.id, person.municipality, org.municipality_ids[person.municipality],
                                   since, first, max(0, today - first), innsats.get(person.id, "")))
        yield chunk


class _CaseMaker:
    """Makes the rows of one chunk of people at a time. This is the demo's hot loop: it draws with
    `random()` and builds plain dicts, and leaves out columns whose default will do."""

    def __init__(self, ctx: DemoContext, org: DemoOrg, staffing: Staffing) -> None:
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
        self.end_rng = ctx.rng("people.ended")
        self.away = away(org, ctx.today)
        with_children = frozenset(ctx.session.connection().scalars(
            select(HouseholdMember.person_id).where(HouseholdMember.relation == HouseholdRelation.CHILD.value)))
        self.application_maker = ApplicationMaker(self.municipal_rng, ctx.rng("cases.handling"),
                                                  rule_book(ctx.session, ctx.today), ctx.today, with_children)
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
        self.ended: list[dict[str, Any]] = []
        self.followed: list[FollowedPerson] = []
        # Residents still followed up, by municipality, for the conflicts and the closed case made at the end.
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
        if self.ended:
            _archive(self.ctx, self.ended)
            self.ended.clear()

    # One person ---------------------------------------------------------------------------------

    def person(self, resident: _Resident) -> None:
        state_codes = self._state_codes(resident)
        rng = self.municipal_rng
        municipal_codes = [code for code, share in MUNICIPAL_SERVICES if rng.random() < share]
        resident = self._ending(resident, state_codes, municipal_codes)
        sick_leave_from = None
        for code in state_codes:
            starts = self._state_case(resident, code)
            if code == "sykefravaer":
                sick_leave_from = starts
        if resident.ended is None:
            self._followed(resident, bool(resident.innsatsgruppe), state_codes, municipal_codes, sick_leave_from)
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
        self._followed(resident, True, ("aap", "tiltak"), ("oko_stonad", "gjeld", "oko_radgivning"), None)
        for code in ("aap", "tiltak"):
            self._state_case(resident, code)
        for code in ("oko_stonad", "oko_stonad", "gjeld", "oko_radgivning"):
            self._application(resident, code)
        self._notes(resident, Side.STATE, ["aap", "tiltak", "state"], at_least=2)
        self._notes(resident, Side.MUNICIPAL, ["oko_stonad", "gjeld", "municipal"], at_least=2)
        self._contacts(resident, True, ["oko_stonad", "gjeld"], at_least=3)
        self._appointments(resident, True, ["oko_stonad"], at_least=2)

    def _followed(self, resident: _Resident, innsats: bool, state_services: Sequence[str], services: Sequence[str],
                  sick_leave_from: date | None) -> None:
        self.residents.setdefault(resident.municipality, []).append(resident.id)
        self.followed.append(FollowedPerson(
            resident.id, resident.municipality, resident.municipality_id, resident.since,
            innsats or bool(state_services), tuple(state_services), tuple(dict.fromkeys(services)), sick_leave_from))

    def _ending(self, resident: _Resident, state_codes: Sequence[str], municipal_codes: Sequence[str]) -> _Resident:
        """The resident as they are, or, if their follow-up has ended, with the span cut at its end."""
        if (resident.span < ENDED_AFTER_DAYS + 30 or KEEP_FOLLOWING.intersection(state_codes)
                or KEEP_FOLLOWING.intersection(municipal_codes) or self.end_rng.random() >= ENDED_SHARE):
            return resident
        span = ENDED_AFTER_DAYS + int(self.end_rng.random() * (resident.span - ENDED_AFTER_DAYS - 7))
        ended = date.fromordinal(resident.first_day + span)
        self.ended.append({"b_id": resident.id, "b_at": datetime.combine(ended, time(14)), "b_day": ended})
        return replace(resident, span=span, ended=ended)

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

    def _state_case(self, resident: _Resident, code: str) -> date:
        rng = self.state_rng
        starts = self._day(rng, resident, 14)
        ends: date | None = None
        details: dict[str, Any] = {}
        if code == "aap":
            ends = starts + timedelta(days=pick(rng, (365, 730, 1095)))
        elif code == "sykefravaer":
            starts = self.today - timedelta(days=14 + int(rng.random() * 266))
            details = {"grade": pick(rng, (100, 100, 50, 60, 80)), "employer": pick(rng, EMPLOYERS)}
        elif code == "dagpenger":
            weeks = pick(rng, (52, 104))
            ends = starts + timedelta(weeks=weeks)
            details = {"weeks": weeks}
        elif code == "tiltak":
            ends = starts + timedelta(days=pick(rng, (90, 180, 365)))
            details = {"tiltak": pick(rng, TILTAK_KINDS), "provider": pick(rng, PROVIDERS)}
        else:
            details = {"grade": pick(rng, (50, 60, 80, 100))}
        if resident.ended is not None:
            ends = min(ends or resident.ended, resident.ended)
        moment = datetime(starts.year, starts.month, starts.day, 10)
        self.state_cases.append({
            "id": self.case_ids.at(moment), "version": 1, "person_id": resident.id, "side": "state",
            "service_code": code,
            "status": "ended" if ends is not None and ends < self.today else "active",
            "starts_on": starts, "ends_on": ends, "details": json.dumps(details, ensure_ascii=False),
            "created_at": moment, "created_by_id": self.staffing.writer(rng, "state", resident.municipality, code),
        })
        return starts

    def _application(self, resident: _Resident, code: str) -> None:
        """An application on a day in the person's history; økonomisk stønad is often applied for again month
        after month while the need lasts."""
        rng = self.municipal_rng
        received = self._day(rng, resident)
        self._one_application(resident, code, received)
        last = resident.ended or self.today
        while code in RENEWED and rng.random() < RENEWED[code]:
            received += timedelta(days=25 + int(rng.random() * 16))
            if received >= last:
                break
            self._one_application(resident, code, received)

    def _one_application(self, resident: _Resident, code: str, received: date) -> None:
        rng = self.municipal_rng
        moment = datetime(received.year, received.month, received.day, 10)
        handler = self.staffing.writer(rng, "municipal", resident.municipality, code)
        row = self.application_maker.make(resident.id, resident.municipality_id, code, received, resident.ended,
                                          handler)
        row.update({
            "id": self.case_ids.at(moment), "version": 1, "person_id": resident.id, "side": "municipal",
            "service_code": code, "responsible_municipality_id": resident.municipality_id,
            "oral_application": rng.random() < 0.1, "created_at": moment, "created_by_id": handler,
        })
        self.applications.append(row)

    def _notes(self, resident: _Resident, side: Side, codes: Sequence[str], *, at_least: int = 0) -> None:
        if not codes:
            return
        rng = self.note_rng
        for index in range(max(at_least, small_count(rng, NOTES_PER_SERVICE * len(codes)))):
            code = codes[index % len(codes)]
            oral = rng.random() < 0.15
            title, text = pick(rng, ORAL_NOTES if oral else NOTES.get(code) or NOTES[side.value])
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
        for index in range(max(at_least, small_count(rng, CONTACTS_PER_SIDE * len(sides)))):
            side = sides[index % len(sides)] if at_least else pick(rng, sides)
            service = pick(rng, municipal) if side is Side.MUNICIPAL else ""
            channel = pick(rng, CHANNELS)
            day = self._day(rng, resident)
            minutes = int(rng.random() * 480)
            at = datetime(day.year, day.month, day.day, 8 + minutes // 60, minutes % 60)
            self.contacts.append({
                "id": self.contact_ids.at(at), "person_id": resident.id, "side": side.value,
                "responsible_municipality_id": resident.municipality_id if side is Side.MUNICIPAL else None,
                "service_code": service, "channel": channel.value, "at": at,
                "staff_id": self.staffing.present(rng, side, resident.municipality, service, day, self.away),
                "summary": pick(rng, CONTACT_SUMMARIES[channel]),
            })

    def _appointments(self, resident: _Resident, state: bool, municipal: Sequence[str], *,
                      at_least: int = 0) -> None:
        sides = [side for side, has in ((Side.STATE, state), (Side.MUNICIPAL, bool(municipal))) if has]
        if not sides:
            return
        rng = self.appointment_rng
        for index in range(max(at_least, small_count(rng, APPOINTMENTS_PER_SIDE * len(sides)))):
            side = sides[index % len(sides)] if at_least else pick(rng, sides)
            service = pick(rng, municipal) if side is Side.MUNICIPAL else ""
            future = resident.ended is None and rng.random() < 0.25
            day = (self.today + timedelta(days=1 + int(rng.random() * 30)) if future
                   else self._day(rng, resident, 1))
            if day.weekday() >= 5:
                day += timedelta(days=7 - day.weekday())
            starts = datetime(day.year, day.month, day.day, pick(rng, (9, 10, 11, 13, 14)))
            office_day = resident.municipality == HEMSEDAL and day.weekday() == 1
            self.appointments.append({
                "id": self.appointment_ids.at(starts), "version": 1, "person_id": resident.id,
                "staff_id": self.staffing.present(rng, side, resident.municipality, service, day, self.away),
                "side": side.value,
                "responsible_municipality_id": resident.municipality_id if side is Side.MUNICIPAL else None,
                "service_code": service, "starts_at": starts, "ends_at": starts + timedelta(minutes=45),
                "office_id": None if office_day else self.staffing.office[resident.municipality],
                "municipality_id": resident.municipality_id if office_day else None,
                "location": "Hemsedal rådhus (kontordag)" if office_day else "",
                "channel": pick(rng, APPOINTMENT_CHANNELS).value, "purpose": pick(rng, APPOINTMENT_PURPOSES),
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
            "form": pick(rng, ("written", "written", "oral")),
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
        # Never the showcase person (the first), nor anyone the staff member is a contact of: a conflicted
        # staff member never serves the person.
        held = set(ctx.session.connection().scalars(
            select(PersonContact.person_id).where(PersonContact.staff_id == org.staff_ids[login])))
        people = [person_id for person_id in residents.get(municipality, [])[1:] if person_id not in held]
        if len(people) >= index:
            rows.append({"id": ctx.ids("conflict_of_interest").at(registered), "person_id": people[index - 1],
                         "staff_id": org.staff_ids[login], "reason": reason,
                         "registered_by_id": org.staff_ids["leder"], "registered_at": registered,
                         "ended_at": None})
    ctx.insert_rows(ConflictOfInterest, rows)
    hol = residents.get(HOL, [])
    if not hol:
        return
    person_id = hol[0]
    opened = ctx.today - timedelta(days=75)
    rules = rule_book(ctx.session, ctx.today).rules(org.municipality_ids[HOL], "barnevern")
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
        "close_reason": "", "processing_deadline": processing_deadline(opened, rules),
        "interim_reply_due": interim_reply_due(opened, rules),
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


def _archive(ctx: DemoContext, ended: list[dict[str, Any]]) -> None:
    """Close the follow-up of people whose follow-up ended, as `people.archive_person` does: archived, and
    their contact veiledere's contact ended that day."""
    connection = ctx.session.connection()
    connection.execute(update(Person).where(Person.id == bindparam("b_id")).values(archived_at=bindparam("b_at")),
                       ended)
    # A contact who took over after the end (the fillers before did not know of it) ends the day they began.
    day: BindParameter[date] = bindparam("b_day")
    connection.execute(update(PersonContact).where(PersonContact.person_id == bindparam("b_id"),
                                                   PersonContact.ends.is_(None))
                       .values(ends=case((PersonContact.starts > day, PersonContact.starts), else_=day)), ended)


def _municipal_service(code: str, codes: Sequence[str]) -> str:
    """The service a municipal note belongs to; a general note goes with the person's first service (or
    general advice), because a host agreement opens named services only."""
    if code != "municipal":
        return code
    return next((c for c in codes if c != "municipal"), "oko_radgivning")
