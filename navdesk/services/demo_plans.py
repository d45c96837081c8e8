"""Demo plans: activity plans for most people under state follow-up, KVP programmes with weekly plans for
the KVP participants, individual plans with ansvarsgrupper for those who have one, and the register of
external partners they draw on.

Built after the cases (the case builder tells who is followed up on the state side; it reads who has a KVP
decision and who an individual plan), from its own random streams, with bulk inserts: on average
`MEAN_ACTIVITIES` activities per person followed up (the knob that decides most of the time this takes), each
with its change of status. Some activities are past their end date and still open, some revisions are overdue,
some KVP programmes are interrupted or ended (their open activities then closed with the end reason). Texts are
Norwegian: they are what an office would type in, not interface text.
"""

from __future__ import annotations

import json
import random
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select

from navdesk.domain.case_codes import Outcome
from navdesk.domain.codes import Role, Side
from navdesk.domain.plans import (
    ActivityStatus,
    ActivityType,
    ChangedBy,
    IpStatus,
    KvpEndReason,
    ParticipantKind,
    add_years,
)
from navdesk.services.demo_case_data import EMPLOYERS, PROVIDERS, TILTAK_KINDS, DemoCases
from navdesk.services.demo_context import DemoContext, between, pick
from navdesk.services.demo_org import AAL, AGREEMENTS, FLAA, GOL, HEMSEDAL, HOL, NESBYEN, OFFICES, DemoOrg
from navdesk.services.demo_staff import STAFF
from navdesk.store.models import (
    Activity,
    ActivityVersion,
    Ansvarsgruppe,
    AnsvarsgruppeMeeting,
    AnsvarsgruppeMember,
    Consent,
    ExternalPartner,
    Goal,
    IndividualPlan,
    KvpInterruption,
    KvpProgramme,
    KvpWeekRow,
    Measure,
    MeetingTask,
    PartnerContact,
    PlanLink,
    PlanParticipant,
    PlanRevision,
    ServiceCase,
)
from navdesk.store.models.confidentiality import consent_municipality
from navdesk.store.models.plans import meeting_attendee

CHUNK = 5000
MEAN_ACTIVITIES = 6  # 10 would match NAV's plans better, but costs ~70 % more time at 100,000 people
# Of the people followed up on the state side, this share has an activity plan.
ACTIVITY_PLAN_SHARE = 0.85
ANSVARSGRUPPE_SHARE = 0.75
TEMPLATES_PER_TYPE = 48
OPEN = frozenset({ActivityStatus.FORSLAG, ActivityStatus.PLANLAGT, ActivityStatus.GJENNOMFORES})
CLOSED = frozenset({ActivityStatus.FULLFORT, ActivityStatus.AVBRUTT})

# (type, weight, how long it usually runs in days)
ACTIVITY_MIX: tuple[tuple[ActivityType, int, int], ...] = (
    (ActivityType.STILLING, 34, 21), (ActivityType.EGENAKTIVITET, 16, 45), (ActivityType.MOTE, 14, 0),
    (ActivityType.SAMTALEREFERAT, 10, 0), (ActivityType.SOKEAVTALE, 6, 90), (ActivityType.BEHANDLING, 6, 120),
    (ActivityType.TILTAK, 8, 150), (ActivityType.I_JOBB, 6, 180),
)
JOB_TITLES = ("Butikkmedarbeider", "Renholder", "Lagermedarbeider", "Servitør", "Assistent i barnehage",
              "Sjåfør", "Helsefagarbeider", "Tømrerlærling", "Resepsjonist", "Kokk", "Heisvert", "Skiinstruktør",
              "Kundebehandler", "Vaktmester", "Miljøarbeider")
OWN_ACTIVITIES = (("Oppdatere CV", "Få CV-en klar til søknadene"),
                  ("Delta på jobbmesse i Gol", "Møte arbeidsgivere i regionen"),
                  ("Trene tre ganger i uka", "Bedre form og mer overskudd"),
                  ("Norskkurs på voksenopplæringen", "Bedre norsk for å få jobb"),
                  ("Lage budsjett", "Få oversikt over økonomien"),
                  ("Ta førerkort klasse B", "Kunne ta jobber som krever bil"),
                  ("Hospitere i en bedrift", "Prøve ut et nytt yrke"))
MEETINGS = ("Oppfølgingsmøte", "Trepartsmøte med arbeidsgiver", "Møte om aktivitetsplanen", "Kartleggingsmøte")
CONVERSATIONS = (("Samtale om jobbsøking", "Gikk gjennom aktuelle stillinger. Bruker søker på tre av dem."),
                 ("Telefonsamtale om status", "Bruker er fortsatt syk. Ny samtale om to uker."),
                 ("Samtale om tiltak", "Snakket om arbeidstrening. Bruker er positiv."))
TREATMENTS = (("Fysioterapi", "Gol fysioterapi"), ("Samtaleterapi", "Hallingdal DPS, poliklinikk"),
              ("Poliklinisk rusbehandling", "Hallingdal DPS, poliklinikk"), ("Opptrening", "Ål rehabilitering"))
GOALS = ("Jeg vil ha en fast jobb i butikk.", "Jeg vil jobbe i reiselivet i Hallingdal.",
         "Jeg vil fullføre videregående skole.", "Jeg vil jobbe deltid ved siden av behandlingen.",
         "Jeg vil klare meg selv økonomisk.", "Jeg vil tilbake i jobben min etter sykmeldingen.",
         "Jeg vil ta fagbrev som helsefagarbeider.", "Jeg vil lære norsk godt nok til å få jobb.")
KVP_GOALS = ("Jeg vil komme i lønnet arbeid gjennom programmet.", "Jeg vil få fast jobb innen ett år.",
             "Jeg vil klare en full arbeidsdag.")
IP_GOALS = ("Jeg vil bo i egen leilighet.", "Jeg vil ha en hverdag med faste aktiviteter.",
            "Jeg vil ha bedre kontakt med familien min.", "Jeg vil komme i arbeid på sikt.")
WEEK_TEMPLATES: tuple[tuple[tuple[int, str, float], ...], ...] = (
    ((0, "Arbeidstrening", 7.5), (1, "Norskopplæring", 6.0), (1, "Trening", 1.5), (2, "Arbeidstrening", 7.5),
     (3, "Jobbsøking på NAV-kontoret", 4.0), (3, "Samtale med veileder", 1.0), (3, "Trening", 2.5),
     (4, "Arbeidstrening", 7.5)),
    ((0, "Praksisplass", 7.5), (1, "Praksisplass", 7.5), (2, "Kurs i arbeidslivsfag", 7.5),
     (3, "Praksisplass", 7.5), (4, "Jobbsøking og oppfølging", 7.5)),
    ((0, "Arbeidsforberedende trening", 6.0), (1, "Arbeidsforberedende trening", 6.0),
     (2, "Helsefremmende aktivitet", 4.0), (2, "Samtale med veileder", 1.5), (3, "Arbeidsforberedende trening", 6.0),
     (4, "Jobbsøking", 5.0)),
)
KVP_ACTIVITIES = (("Arbeidstrening", ActivityType.TILTAK), ("Norskopplæring", ActivityType.EGENAKTIVITET),
                  ("Jobbsøking", ActivityType.SOKEAVTALE), ("Helsefremmende trening", ActivityType.EGENAKTIVITET),
                  ("Praksisplass", ActivityType.TILTAK))
KVP_ENDS: tuple[tuple[KvpEndReason, int, str], ...] = (
    (KvpEndReason.COMPLETED, 45, "Programmet gjennomført"), (KvpEndReason.WORK, 28, "Gikk over i arbeid"),
    (KvpEndReason.EDUCATION, 8, "Begynte på utdanning"), (KvpEndReason.STOPPED, 7, "Stanset etter fravær"),
    (KvpEndReason.MOVED, 6, "Flyttet fra kommunen"), (KvpEndReason.OTHER, 6, "Annen grunn"),
)
CANCEL_REASONS = ("Bruker ble syk.", "Stillingen ble trukket.", "Aktiviteten passet ikke likevel.",
                  "Erstattet av en annen aktivitet.")

# (name, kind, municipality, address, phone, ((contact, title), ...))
PARTNERS: tuple[tuple[str, str, str, str, str, tuple[tuple[str, str], ...]], ...] = (
    ("Gol legesenter", "health", GOL, "Sentrumsvegen 105, 3550 Gol", "32029100",
     (("Kari Li", "fastlege"), ("Per Sørbøen", "fastlege"))),
    ("Hemsedal legekontor", "health", HEMSEDAL, "Trøimsvegen 17, 3560 Hemsedal", "32055000",
     (("Anders Grøndahl", "fastlege"),)),
    ("Ål legesenter", "health", AAL, "Torget 1, 3570 Ål", "32085000",
     (("Marte Thorsheim", "fastlege"), ("Jon Vik", "fastlege"))),
    ("Geilo legesenter", "health", HOL, "Geilovegen 40, 3580 Geilo", "32095000", (("Silje Bergo", "fastlege"),)),
    ("Nesbyen legekontor", "health", NESBYEN, "Rukkevegen 5, 3540 Nesbyen", "32070000",
     (("Terje Bøen", "fastlege"),)),
    ("Flå legekontor", "health", FLAA, "Gardnesvegen 10, 3539 Flå", "32053000", (("Gunn Haugen", "fastlege"),)),
    ("Hallingdal DPS, poliklinikk", "dps", AAL, "Leksvegen 2, 3570 Ål", "32086700",
     (("Eli Kvissel", "psykologspesialist"), ("Rune Dalen", "psykiatrisk sykepleier"))),
    ("Psykisk helse og rus, Gol kommune", "municipal_service", GOL, "Gol helsetun, 3550 Gol", "32029200",
     (("Hege Brenden", "miljøterapeut"),)),
    ("Psykisk helse og rus, Hol kommune", "municipal_service", HOL, "Hol helsetun, 3576 Hol", "32095400",
     (("Lars Eggerud", "miljøterapeut"),)),
    ("Ål vidaregåande skule", "school", AAL, "Leksvegen 16, 3570 Ål", "32082000",
     (("Ingrid Medhus", "rådgiver"),)),
    ("Gol vidaregåande skule", "school", GOL, "Heradsvegen 14, 3550 Gol", "32027600",
     (("Knut Ulsaker", "kontaktlærer"),)),
    ("Barnevernet i Hallingdal", "child_welfare", NESBYEN, "Rukkevegen 3, 3540 Nesbyen", "32070500",
     (("Tone Grøthe", "saksbehandler"),)),
    ("Hallingdal politistasjon", "police", GOL, "Gamlevegen 1, 3550 Gol", "32026000",
     (("Eirik Rustad", "politikontakt"),)),
    ("Hallingdal Vekst AS", "employer", GOL, "Industrivegen 3, 3550 Gol", "32024400",
     (("Mona Sundre", "jobbspesialist"),)),
    ("Skistar Hemsedal", "employer", HEMSEDAL, "Hemsedal skisenter, 3560 Hemsedal", "32055300",
     (("Ola Ødegård", "personalleder"),)),
    ("Coop Hallingdal", "employer", GOL, "Sentrumsvegen 80, 3550 Gol", "32024000",
     (("Randi Kvisle", "butikksjef"),)),
)
PARTICIPANT_ROLES = {"health": "Fastlege", "dps": "Behandler", "municipal_service": "Miljøterapeut",
                     "school": "Skole", "employer": "Arbeidsgiver"}
CONTRIBUTIONS = {
    "person": "Møter til avtaler og sier fra når noe ikke fungerer.",
    "staff": "Koordinerer planen, kaller inn til møter og følger opp tiltakene.",
    "health": "Følger opp helsen og skriver legeerklæringer ved behov.",
    "dps": "Gir samtalebehandling hver annen uke.",
    "municipal_service": "Gir praktisk bistand i hjemmet to ganger i uka.",
    "school": "Tilrettelegger opplæringen og gir tilbakemelding til gruppa.",
    "employer": "Gir arbeidstrening og en fast kontaktperson på arbeidsplassen.",
    "next_of_kin": "Støtter i hverdagen og deltar i ansvarsgruppemøtene.",
}


@dataclass(frozen=True, slots=True)
class _Followed:
    id: uuid.UUID
    municipality: str
    since: datetime  # registered, or the history's first day for someone registered before it
    codes: frozenset[str]


@dataclass
class _Staffing:
    state: dict[str, list[uuid.UUID]] = field(default_factory=dict)
    municipal: dict[str, list[uuid.UUID]] = field(default_factory=dict)

    @classmethod
    def build(cls, org: DemoOrg) -> _Staffing:
        staffing = cls()
        hosts = {member: spec.host for spec in AGREEMENTS if spec.host == GOL for member in spec.members}
        for office in OFFICES:
            for number in office.municipalities:
                employer = hosts.get(number, number)
                staffing.state[number] = [
                    org.staff_ids[s.login] for s in STAFF if Role.VEILEDER in s.roles and office.code in s.offices
                    and ("state", "", "") in s.resolved_authorisations()]
                staffing.municipal[number] = [
                    org.staff_ids[s.login] for s in STAFF if Role.VEILEDER in s.roles
                    and ("municipal", employer, "") in s.resolved_authorisations()]
        return staffing


def build_plans(ctx: DemoContext, org: DemoOrg, cases: DemoCases) -> None:
    """Partners first, then each person's plans, chunk by chunk."""
    maker = _PlanMaker(ctx, org, _Staffing.build(org), _partners(ctx, org))
    kvp, ip = _municipal_plans(ctx)
    # Everyone under state follow-up, and the KVP participants and those with an individual plan: they have
    # an activity plan with NAV too.
    followed = [_Followed(person.id, person.municipality, person.since, frozenset(person.state_services))
                for person in cases.followed if person.state_services or person.id in kvp or person.id in ip]
    for start in range(0, len(followed), CHUNK):
        for person in followed[start:start + CHUNK]:
            if maker.rng.random() < ACTIVITY_PLAN_SHARE or person.id in kvp or person.id in ip:
                maker.activity_plan(person)
        maker.flush()
    municipality = {person.id: person.municipality for person in followed}
    for person_id, case in kvp.items():
        maker.kvp(person_id, municipality[person_id], case)
    maker.flush()
    for person_id, case in ip.items():
        maker.individual_plan(person_id, municipality[person_id], case)
    maker.flush()


@dataclass(frozen=True, slots=True)
class _Case:
    id: uuid.UUID
    municipality_id: uuid.UUID
    starts_on: date
    ends_on: date | None


def _municipal_plans(ctx: DemoContext) -> tuple[dict[uuid.UUID, _Case], dict[uuid.UUID, _Case]]:
    """The latest granted KVP and individual-plan decision of each person, in a stable order."""
    result: dict[str, dict[uuid.UUID, _Case]] = {"kvp": {}, "ind_plan": {}}
    for person_id, code, case_id, municipality_id, starts, ends in ctx.session.connection().execute(
        select(ServiceCase.person_id, ServiceCase.service_code, ServiceCase.id,
               ServiceCase.responsible_municipality_id, ServiceCase.starts_on, ServiceCase.ends_on)
        .where(ServiceCase.service_code.in_(("kvp", "ind_plan")),
               ServiceCase.outcome.in_((Outcome.GRANTED.value, Outcome.PARTLY_GRANTED.value)),
               ServiceCase.starts_on.is_not(None))
        .order_by(ServiceCase.starts_on, ServiceCase.id)
    ):
        if municipality_id is not None and starts is not None:
            result[code][person_id] = _Case(case_id, municipality_id, starts, ends)
    return result["kvp"], result["ind_plan"]


def _partners(ctx: DemoContext, org: DemoOrg) -> dict[str, list[tuple[uuid.UUID, str, str]]]:
    """The partner register; returns partner kind -> [(contact id, contact title, municipality number)]."""
    partner_rows, contact_rows = [], []
    contacts: dict[str, list[tuple[uuid.UUID, str, str]]] = defaultdict(list)
    for name, kind, number, address, phone, people in PARTNERS:
        partner_id = ctx.ids("external_partner").next()
        partner_rows.append({"id": partner_id, "version": 1, "name": name, "kind": kind,
                             "municipality_id": org.municipality_ids[number], "address": address, "phone": phone,
                             "email": "", "active": True})
        for contact_name, title in people:
            contact_id = ctx.ids("partner_contact").next()
            contact_rows.append({"id": contact_id, "version": 1, "partner_id": partner_id, "name": contact_name,
                                 "title": title, "phone": phone, "email": "", "active": True})
            contacts[kind].append((contact_id, title, number))
    ctx.insert_rows(ExternalPartner, partner_rows)
    ctx.insert_rows(PartnerContact, contact_rows)
    return contacts


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class _PlanMaker:
    ORDER = (Goal, Consent, KvpProgramme, IndividualPlan, Measure, Activity, ActivityVersion, PlanLink,
             KvpInterruption, KvpWeekRow, PlanParticipant, PlanRevision, Ansvarsgruppe, AnsvarsgruppeMember,
             AnsvarsgruppeMeeting, MeetingTask)

    def __init__(self, ctx: DemoContext, org: DemoOrg, staffing: _Staffing,
                 partners: dict[str, list[tuple[uuid.UUID, str, str]]]) -> None:
        self.ctx = ctx
        self.org = org
        self.staffing = staffing
        self.partners = partners
        self.today = ctx.today
        self.now = datetime.combine(ctx.today, time(16))
        self.rng = ctx.rng("plans.activities")
        self.goal_rng = ctx.rng("plans.goals")
        self.kvp_rng = ctx.rng("plans.kvp")
        self.ip_rng = ctx.rng("plans.individual")
        self.rows: dict[type, list[dict[str, Any]]] = {model: [] for model in self.ORDER}
        self.links: list[dict[str, Any]] = []
        self.consent_links: list[dict[str, Any]] = []
        self.attendees: list[dict[str, Any]] = []
        self.activity_goal: dict[uuid.UUID, uuid.UUID] = {}  # person -> their activity-plan goal
        self.activity_ids = ctx.ids("activity")
        self.version_ids = ctx.ids("activity_version")
        self.mix = [kind for kind, _weight, _days in ACTIVITY_MIX]
        self.weights = [weight for _kind, weight, _days in ACTIVITY_MIX]
        self.days = {kind: days for kind, _weight, days in ACTIVITY_MIX}
        self.templates = self._templates(ctx.rng("plans.templates"))
        self.moves: dict[tuple[ActivityStatus, ActivityStatus, str], str] = {}

    def flush(self) -> None:
        for model in self.ORDER:
            rows = self.rows[model]
            self.ctx.insert_rows(model, rows)
            rows.clear()
        for table, rows in ((consent_municipality, self.consent_links), (meeting_attendee, self.attendees)):
            if rows:
                self.ctx.session.execute(insert(table), rows)
                rows.clear()

    # Goals and links ------------------------------------------------------------------------------

    def goal(self, person_id: uuid.UUID, text: str, side: Side, municipality_id: uuid.UUID | None, service: str,
             at: datetime, staff_id: uuid.UUID) -> uuid.UUID:
        goal_id = self.ctx.ids("plan_goal").at(at)
        self.rows[Goal].append({
            "id": goal_id, "version": 1, "person_id": person_id, "text": text, "side": side.value,
            "responsible_municipality_id": municipality_id, "service_code": service, "created_at": at,
            "created_by_id": staff_id, "changed_at": at, "changed_by_id": staff_id,
            "changed_by": ChangedBy.PERSON.value if self.goal_rng.random() < 0.3 else ChangedBy.NAV.value,
            "archived_at": None})
        return goal_id

    def link(self, person_id: uuid.UUID, kind: str, plan_id: uuid.UUID | None, at: datetime, staff_id: uuid.UUID,
             *, goal_id: uuid.UUID | None = None, measure_id: uuid.UUID | None = None) -> None:
        self.rows[PlanLink].append({
            "id": self.ctx.ids("plan_link").at(at), "person_id": person_id, "goal_id": goal_id,
            "measure_id": measure_id, "plan_kind": kind, "plan_id": plan_id, "linked_at": at,
            "linked_by_id": staff_id})

    # Activity plan --------------------------------------------------------------------------------

    def activity_plan(self, person: _Followed) -> None:
        rng = self.rng
        pool = self.staffing.state[person.municipality]
        veileder = pick(rng, pool)
        first = person.since.date()
        start = datetime.combine(first, time(11)) + timedelta(minutes=between(rng, 0, 300))
        goal_id = self.goal(person.id, pick(self.goal_rng, GOALS), Side.STATE, None, "", start, veileder)
        self.link(person.id, "activity_plan", None, start, veileder, goal_id=goal_id)
        self.activity_goal[person.id] = goal_id
        count = max(1, int(rng.gauss(MEAN_ACTIVITIES, 3)))
        span = max(1, (self.today - first).days + 45)
        kinds = rng.choices(self.mix, self.weights, k=count)
        for kind in kinds:
            if kind is ActivityType.TILTAK and "tiltak" not in person.codes:
                kind = ActivityType.STILLING
            from_date = first + timedelta(days=int(rng.random() * span))
            if kind is ActivityType.SAMTALEREFERAT:  # a summary of a conversation that has taken place
                from_date = min(from_date, self.today)
            self.activity(person.id, kind, from_date, pick(rng, pool) if rng.random() < 0.2 else veileder,
                          goal_id if rng.random() < 0.4 else None)

    def activity(self, person_id: uuid.UUID, kind: ActivityType, from_date: date, staff_id: uuid.UUID,
                 goal_id: uuid.UUID | None, *, kvp: tuple[uuid.UUID, uuid.UUID] | None = None,
                 title: str = "", closed_on: date | None = None, close_reason: str = "") -> None:
        """One activity and its change of status, if any; `kvp` is (programme id, municipality id) for a KVP
        activity. The hot path of the demo: texts and JSON come ready-made from `self.templates`."""
        random_ = self.rng.random
        today = self.today
        days = self.days[kind]
        to_date: date | None = from_date + timedelta(days=1 + int(days * (0.5 + random_()))) if days else from_date
        if kind is ActivityType.I_JOBB and random_() < 0.5:
            to_date = None
        variants = self.templates[kind]
        template_title, details = variants[int(random_() * len(variants))]
        title = title or template_title
        status, agreed = self._status(kind, from_date, to_date)
        reason = CANCEL_REASONS[int(random_() * len(CANCEL_REASONS))] if status is ActivityStatus.AVBRUTT else ""
        if closed_on is not None and status in OPEN:
            status, reason = ActivityStatus.AVBRUTT, close_reason
        created = datetime(from_date.year, from_date.month, from_date.day, 9) - timedelta(
            days=int(random_() * 10), minutes=-int(random_() * 420))
        if created > self.now:
            created = self.now - timedelta(hours=1)
        initial = (ActivityStatus.FULLFORT if kind is ActivityType.SAMTALEREFERAT
                   else status if status in (ActivityStatus.FORSLAG, ActivityStatus.PLANLAGT)
                   else ActivityStatus.PLANLAGT)
        moved_on = closed_on or (to_date if status in CLOSED and to_date else from_date)
        moved_on = min(moved_on, today)
        moved = datetime(moved_on.year, moved_on.month, moved_on.day, 14)
        if moved <= created:
            moved = created + timedelta(minutes=30)
        version = 1 if status is initial else 2
        by = "person" if kind is ActivityType.STILLING and random_() < 0.3 else "nav"
        activity_id = self.activity_ids.at(created)
        self.rows[Activity].append({
            "id": activity_id, "version": version, "person_id": person_id, "activity_type": kind.value,
            "status": status.value, "title": title, "description": "", "from_date": from_date, "to_date": to_date,
            "agreed": agreed, "details": details, "cancel_reason": reason, "goal_id": goal_id,
            "kvp_programme_id": kvp[0] if kvp else None, "side": "municipal" if kvp else "state",
            "responsible_municipality_id": kvp[1] if kvp else None, "service_code": "kvp" if kvp else "",
            "created_at": created, "created_by_id": staff_id, "created_by_kind": by,
            "changed_at": moved if version == 2 else created, "changed_by_id": staff_id,
            "changed_by": by if version == 1 else "nav",
        })
        if version == 2:
            key = (initial, status, reason)
            change = self.moves.get(key)
            if change is None:
                values = {"status": [initial.value, status.value]}
                if reason:
                    values["cancel_reason"] = ["", reason]
                change = self.moves[key] = _json(values)
            self.rows[ActivityVersion].append({
                "id": self.version_ids.at(moved), "activity_id": activity_id, "version": 2, "at": moved,
                "by": "nav", "staff_id": staff_id, "change": "status", "changes": change})

    def _status(self, kind: ActivityType, from_date: date, to_date: date | None) -> tuple[ActivityStatus, bool]:
        random_ = self.rng.random
        if kind is ActivityType.SAMTALEREFERAT:
            return (ActivityStatus.FULLFORT, False) if from_date <= self.today else (ActivityStatus.PLANLAGT, False)
        if to_date is not None and to_date < self.today:
            draw = random_()
            status = (ActivityStatus.FULLFORT if draw < 0.72 else ActivityStatus.AVBRUTT if draw < 0.84
                      else ActivityStatus.GJENNOMFORES if draw < 0.93 else ActivityStatus.PLANLAGT)
        elif from_date > self.today:
            status = ActivityStatus.FORSLAG if random_() < 0.25 else ActivityStatus.PLANLAGT
        else:
            status = ActivityStatus.GJENNOMFORES if random_() < 0.7 else ActivityStatus.PLANLAGT
        return status, status is not ActivityStatus.FORSLAG and random_() < 0.65

    def _templates(self, rng: random.Random) -> dict[ActivityType, list[tuple[str, str]]]:
        """Per type, a few dozen (title, details as JSON) for the activities to draw from."""
        return {kind: [(self._title(kind, rng), self._details(kind, rng)) for _index in range(TEMPLATES_PER_TYPE)]
                for kind in ActivityType}

    @staticmethod
    def _title(kind: ActivityType, rng: random.Random) -> str:
        if kind is ActivityType.STILLING:
            return rng.choice(JOB_TITLES)
        if kind is ActivityType.EGENAKTIVITET:
            return rng.choice(OWN_ACTIVITIES)[0]
        if kind is ActivityType.MOTE:
            return rng.choice(MEETINGS)
        if kind is ActivityType.SAMTALEREFERAT:
            return rng.choice(CONVERSATIONS)[0]
        if kind is ActivityType.SOKEAVTALE:
            return "Avtale om å søke jobber"
        if kind is ActivityType.BEHANDLING:
            return rng.choice(TREATMENTS)[0]
        if kind is ActivityType.TILTAK:
            return rng.choice(TILTAK_KINDS)
        return "Deltidsjobb"

    @staticmethod
    def _details(kind: ActivityType, rng: random.Random) -> str:
        if kind is ActivityType.STILLING:
            label = rng.choice(("soknad_sendt", "soknad_sendt", "innkalt_til_intervju", "avslag", "jobbtilbud", ""))
            values = {"employer": rng.choice(EMPLOYERS), "job_title": rng.choice(JOB_TITLES)}
            if label:
                values["label"] = label
            return _json(values)
        if kind is ActivityType.EGENAKTIVITET:
            return _json({"purpose": rng.choice(OWN_ACTIVITIES)[1]})
        if kind is ActivityType.MOTE:
            channel = rng.choice(("oppmote", "oppmote", "telefon", "video"))
            values = {"time": rng.choice(("09:00", "10:00", "11:30", "13:00", "14:00")), "channel": channel}
            if channel == "oppmote":
                values["place"] = "NAV-kontoret"
            return _json(values)
        if kind is ActivityType.SAMTALEREFERAT:
            return _json({"channel": rng.choice(("oppmote", "telefon")), "minutes": rng.choice(CONVERSATIONS)[1]})
        if kind is ActivityType.SOKEAVTALE:
            per_week = rng.choice((3, 5, 5, 8))
            return _json({"per_week": per_week, "in_total": per_week * rng.choice((8, 12))})
        if kind is ActivityType.BEHANDLING:
            treatment = rng.choice(TREATMENTS)
            return _json({"kind": treatment[0], "place": treatment[1]})
        if kind is ActivityType.TILTAK:
            return _json({"provider": rng.choice(PROVIDERS), "tiltak_kind": rng.choice(TILTAK_KINDS)})
        return _json({"employer": rng.choice(EMPLOYERS), "extent": "deltid",
                      "hours_per_week": rng.choice((10, 15, 20))})

    # KVP ------------------------------------------------------------------------------------------

    def kvp(self, person_id: uuid.UUID, number: str, case: _Case) -> None:
        rng = self.kvp_rng
        staff_id = rng.choice(self.staffing.municipal[number])
        starts = case.starts_on
        at = datetime.combine(starts, time(10))
        programme_id = self.ctx.ids("kvp_programme").at(at)
        years = 2 if rng.random() < 0.4 else 1
        special = ""
        if rng.random() < 0.04:
            years, special = 3, "Bruker har hatt langvarig sykdom underveis og trenger mer tid i arbeidstrening."
        planned_end = add_years(starts, years) - timedelta(days=1)
        ended_on, end_reason, end_note, end_text = None, "", "", ""
        if planned_end < self.today or rng.random() < 0.08:
            ended_on = min(planned_end, self.today - timedelta(days=rng.randint(0, 30)))
            ended_on = max(ended_on, starts + timedelta(days=30))
            if ended_on > self.today:
                ended_on = None
        if ended_on is not None:
            reason = rng.choices(KVP_ENDS, [weight for _r, weight, _t in KVP_ENDS])[0]
            end_reason, end_text = reason[0].value, reason[2]
            end_note = "Bruker flyttet til Oslo for å bo nær familien." if reason[0] is KvpEndReason.OTHER else ""
        self.rows[KvpProgramme].append({
            "id": programme_id, "version": 1, "person_id": person_id, "side": Side.MUNICIPAL.value,
            "responsible_municipality_id": case.municipality_id, "service_code": "kvp", "case_id": case.id,
            "starts_on": starts, "planned_end_on": planned_end, "special_reason": special, "ended_on": ended_on,
            "end_reason": end_reason, "end_note": end_note, "created_at": at, "created_by_id": staff_id,
            "changed_at": at, "changed_by_id": staff_id})
        goal_id = self.goal(person_id, rng.choice(KVP_GOALS), Side.MUNICIPAL, case.municipality_id, "kvp", at,
                            staff_id)
        self.link(person_id, "kvp", programme_id, at, staff_id, goal_id=goal_id)
        state_goal = self.activity_goal.get(person_id)
        if state_goal is not None and rng.random() < 0.5:  # the same goal in both plans: entered once
            self.link(person_id, "kvp", programme_id, at, staff_id, goal_id=state_goal)
        last_day = ended_on or self.today
        if rng.random() < 0.2 and (last_day - starts).days > 60:
            break_start = starts + timedelta(days=rng.randint(20, (last_day - starts).days - 30))
            still = ended_on is None and rng.random() < 0.25
            self.rows[KvpInterruption].append({
                "id": self.ctx.ids("kvp_interruption").at(datetime.combine(break_start, time(9))),
                "programme_id": programme_id, "starts_on": break_start,
                "ends_on": None if still else min(break_start + timedelta(days=rng.randint(10, 40)), last_day),
                "reason": rng.choice(("Sykdom", "Omsorg for syk mor", "Innleggelse på sykehus")),
                "by_id": staff_id})
        for position, (weekday, text, hours) in enumerate(rng.choice(WEEK_TEMPLATES)):
            self.rows[KvpWeekRow].append({
                "id": self.ctx.ids("kvp_week_row").at(at), "programme_id": programme_id, "weekday": weekday,
                "position": position, "activity": text, "hours": hours, "goal_id": goal_id, "activity_id": None})
        close = f"KVP avsluttet: {end_text}" if ended_on else ""
        for title, kind in rng.sample(KVP_ACTIVITIES, k=rng.randint(3, 5)):
            from_date = starts + timedelta(days=rng.randint(0, max(1, (last_day - starts).days)))
            self.activity(person_id, kind, from_date, staff_id, goal_id, kvp=(programme_id, case.municipality_id),
                          title=title, closed_on=ended_on, close_reason=close)

    # Individual plan and ansvarsgruppe ------------------------------------------------------------

    def individual_plan(self, person_id: uuid.UUID, number: str, case: _Case) -> None:
        rng = self.ip_rng
        pool = self.staffing.municipal[number]
        coordinator = rng.choice(pool)
        starts = case.starts_on
        at = datetime.combine(starts, time(12))
        plan_id = self.ctx.ids("individual_plan").at(at)
        consent_id = self.ctx.ids("consent").at(at)
        self.rows[Consent].append({
            "id": consent_id, "person_id": person_id, "given_on": starts, "valid_until": None, "withdrawn_on": None,
            "withdrawn_registered_by_id": None, "sides": Side.MUNICIPAL.value, "service_codes": "ind_plan",
            "kinds": "plan", "to_state": False, "form": "written",
            "purpose": "Samtykke til individuell plan og til å dele opplysninger med deltakerne i planen.",
            "registered_by_id": coordinator, "registered_at": at})
        self.consent_links.append({"consent_id": consent_id, "municipality_id": case.municipality_id})
        revisions = self._revision_dates(starts)
        next_revision = revisions[-1] + timedelta(days=rng.choice((120, 180, 182)))
        if rng.random() < 0.2:  # the revision was due a while ago: flagged on the card
            next_revision = min(next_revision, self.today - timedelta(days=rng.randint(5, 60)))
        next_revision = max(next_revision, starts + timedelta(days=30))
        ended = case.ends_on is not None and case.ends_on < self.today and rng.random() < 0.5
        status = IpStatus.ENDED if ended else IpStatus.DRAFT if rng.random() < 0.08 else IpStatus.ACTIVE
        self.rows[IndividualPlan].append({
            "id": plan_id, "version": 1 + len(revisions), "person_id": person_id, "status": status.value,
            "side": Side.MUNICIPAL.value, "responsible_municipality_id": case.municipality_id,
            "service_code": "ind_plan",
            "resources": "Er god med dyr og praktisk arbeid. Har en søster som stiller opp.",
            "needs": "Trenger hjelp til å holde orden på avtaler og økonomi, og et sted å bo.",
            "carried_out": "Koordinator kaller inn til ansvarsgruppemøte hver tredje måned. Tiltakene følges "
                           "opp i møtene og skrives inn i referatet.",
            "other_services": "Fastlege, psykisk helse og rus i kommunen, Hallingdal DPS.",
            "period_from": starts, "period_to": case.ends_on, "next_revision_on": next_revision,
            "coordinator_id": coordinator, "plan_consent_id": consent_id, "created_at": at,
            "created_by_id": coordinator, "changed_at": at, "changed_by_id": coordinator,
            "ended_on": case.ends_on if ended else None, "end_reason": "Målene i planen er nådd." if ended else ""})
        for index, revised in enumerate(revisions):
            following = revisions[index + 1] if index + 1 < len(revisions) else next_revision
            self.rows[PlanRevision].append({
                "id": self.ctx.ids("plan_revision").at(datetime.combine(revised, time(13))), "plan_id": plan_id,
                "revised_on": revised, "summary": "Planen er gjennomgått med bruker og ansvarsgruppen.",
                "next_revision_on": following, "by_id": coordinator, "at": datetime.combine(revised, time(13))})
        goal_id = self.goal(person_id, rng.choice(IP_GOALS), Side.MUNICIPAL, case.municipality_id, "ind_plan", at,
                            coordinator)
        self.link(person_id, "individual_plan", plan_id, at, coordinator, goal_id=goal_id)
        state_goal = self.activity_goal.get(person_id)
        if state_goal is not None and rng.random() < 0.5:  # the same goal in the activity plan: entered once
            self.link(person_id, "individual_plan", plan_id, at, coordinator, goal_id=state_goal)
        contacts = self._plan_contacts(rng, number)
        participants: list[tuple[str, uuid.UUID | None, uuid.UUID | None, str, str]] = [
            ("person", None, None, "", ""), ("staff", coordinator, None, "", "Koordinator")]
        participants += [("partner_contact", None, contact_id, "", PARTICIPANT_ROLES.get(kind, ""))
                         for kind, contact_id in contacts]
        if rng.random() < 0.5:
            participants.append(("next_of_kin", None, None, rng.choice(("Liv (mor)", "Tor (far)", "Siri (søster)")),
                                 "Pårørende"))
        for kind, staff_id, contact_id, name, role in participants:
            partner_kind = next((k for k, c in contacts if c == contact_id), kind)
            self.rows[PlanParticipant].append({
                "id": self.ctx.ids("plan_participant").at(at), "version": 1, "plan_id": plan_id, "kind": kind,
                "staff_id": staff_id, "contact_id": contact_id, "name": name, "role": role,
                "contribution": CONTRIBUTIONS.get(partner_kind, ""),
                "sharing_consent_id": consent_id if kind in ("partner_contact", "next_of_kin") else None})
        for description, scope, owner, days in (
                ("Søke kommunal bolig", "", "Koordinator", 60),
                ("Samtalebehandling", "Annenhver uke", "Behandler ved DPS", 180),
                ("Praktisk bistand i hjemmet", "To ganger i uka", "Psykisk helse og rus", 120)):
            measure_id = self.ctx.ids("plan_measure").at(at)
            deadline = starts + timedelta(days=days)
            self.rows[Measure].append({
                "id": measure_id, "version": 1, "person_id": person_id, "goal_id": goal_id,
                "description": description, "scope": scope or "Etter behov", "owner": owner, "owner_staff_id": None,
                "owner_contact_id": None, "deadline": deadline, "carried_out": "", "side": Side.MUNICIPAL.value,
                "responsible_municipality_id": case.municipality_id, "service_code": "ind_plan",
                "done_on": deadline if deadline < self.today and rng.random() < 0.6 else None, "created_at": at,
                "created_by_id": coordinator, "changed_at": at, "changed_by_id": coordinator, "archived_at": None})
            self.link(person_id, "individual_plan", plan_id, at, coordinator, measure_id=measure_id)
        if rng.random() < ANSVARSGRUPPE_SHARE:
            self._ansvarsgruppe(rng, person_id, plan_id, case, coordinator, contacts, revisions, at)

    def _revision_dates(self, starts: date) -> list[date]:
        dates = [starts]
        while dates[-1] + timedelta(days=200) < self.today and len(dates) < 4:
            dates.append(dates[-1] + timedelta(days=self.ip_rng.randint(150, 200)))
        return dates

    def _plan_contacts(self, rng: random.Random, number: str) -> list[tuple[str, uuid.UUID]]:
        chosen = []
        for kind in ("health", "dps", "municipal_service", "employer"):
            local = [c for c in self.partners.get(kind, []) if c[2] == number] or self.partners.get(kind, [])
            if local and (kind in ("health", "dps") or rng.random() < 0.5):
                chosen.append((kind, rng.choice(local)[0]))
        return chosen

    def _ansvarsgruppe(self, rng: random.Random, person_id: uuid.UUID, plan_id: uuid.UUID, case: _Case,
                       coordinator: uuid.UUID, contacts: Sequence[tuple[str, uuid.UUID]], meetings: list[date],
                       at: datetime) -> None:
        group_id = self.ctx.ids("ansvarsgruppe").at(at)
        self.rows[Ansvarsgruppe].append({
            "id": group_id, "version": 1, "person_id": person_id, "individual_plan_id": plan_id,
            "name": "Ansvarsgruppe", "side": Side.MUNICIPAL.value, "responsible_municipality_id": case.municipality_id,
            "service_code": "ind_plan", "created_at": at, "created_by_id": coordinator, "ended_on": None})
        members = []
        for kind, staff_id, contact_id, name, role in (
                (ParticipantKind.PERSON, None, None, "", ""), (ParticipantKind.STAFF, coordinator, None, "",
                                                                "Koordinator"),
                *((ParticipantKind.PARTNER_CONTACT, None, c, "", PARTICIPANT_ROLES.get(k, "")) for k, c in contacts)):
            member_id = self.ctx.ids("ansvarsgruppe_member").at(at)
            members.append(member_id)
            self.rows[AnsvarsgruppeMember].append({
                "id": member_id, "group_id": group_id, "kind": kind.value, "staff_id": staff_id,
                "contact_id": contact_id, "name": name, "role": role, "left_on": None})
        for held in meetings:
            written = datetime.combine(held, time(15))
            meeting_id = self.ctx.ids("ansvarsgruppe_meeting").at(written)
            self.rows[AnsvarsgruppeMeeting].append({
                "id": meeting_id, "version": 1, "group_id": group_id, "held_on": held, "place": "NAV-kontoret",
                "minutes": "Gjennomgang av situasjonen siden forrige møte. Bruker forteller at det går bedre med "
                           "søvnen, men at økonomien fortsatt er vanskelig.",
                "decisions": "Planen revideres. Koordinator søker om kommunal bolig. Nytt møte om tre måneder.",
                "written_by_id": coordinator, "written_at": written})
            for member_id in members:
                if member_id == members[0] or rng.random() < 0.8:
                    self.attendees.append({"meeting_id": meeting_id, "member_id": member_id})
            deadline = held + timedelta(days=rng.choice((14, 30, 45)))
            self.rows[MeetingTask].append({
                "id": self.ctx.ids("ansvarsgruppe_task").at(written), "meeting_id": meeting_id,
                "description": "Sende søknad om kommunal bolig", "owner_member_id": members[1], "owner": "",
                "deadline": deadline,
                "done_on": deadline - timedelta(days=3) if deadline < self.today and rng.random() < 0.75 else None})
