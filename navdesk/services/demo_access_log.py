"""The demo's access log: what the staff opened over the last months, and what the leader's review looks at.

Built last, from the data as it stands: each veileder opens the cards of their own people on the days they
are at work; one Gol veileder opens far more of the office's people than anyone else in the last whole
month; a few staff break the glass with a written reason to help someone from another office;
and a few attempts are refused (another office's resident, a person the staff member is conflicted about,
once even with emergency access). Every entry's reason is the access policy's, and the entries are linked
into the log's hash chain exactly as `audit.log` links them, so `navdesk audit verify` holds afterwards.
The written reasons are Norwegian: they are what staff type in.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from navdesk.domain import access
from navdesk.domain.access_types import Action, ItemFacts, PersonFacts, Reason, StaffFacts
from navdesk.domain.codes import Role
from navdesk.domain.workdays import is_working_day
from navdesk.services import access_log, audit
from navdesk.services.access_facts import agreement_facts, person_facts, staff_facts
from navdesk.services.consents import EMERGENCY_HOURS
from navdesk.services.demo_case_data import DemoCases
from navdesk.services.demo_context import DemoContext, pick, small_count
from navdesk.services.demo_follow_up import Contacts
from navdesk.services.demo_org import GOL, HEMSEDAL, DemoOrg
from navdesk.services.demo_staff import STAFF, away, is_away
from navdesk.store.models import AccessLogEntry, ConflictOfInterest, EmergencyAccess

MONTHS_BACK = 2  # the log starts on the 1st of the month this many months before the demo's month
READS_PER_DAY = 5
HEAVY_READER, HEAVY_READS_PER_DAY = "jekvisle", 30
REFUSED_PER_DAY = 0.4  # attempts refused across the region on an ordinary day
EMERGENCIES_PER_MONTH = {"GOL": 2, "HOL": 1, "AAL": 1, "NES": 1, "FLAA": 0}  # by the office of the staff member
EMERGENCY_STAFF = {"GOL": ("sthorsrud", "kbraaten"), "HOL": ("akleppe",), "AAL": ("lliahagen",), "NES": ("orukke",),
                   "FLAA": ("nsolberg",)}
EMERGENCY_REASONS = (
    "Bruker møtte i skranken uten mat og penger. Fast veileder er på et annet kontor i dag, og jeg må se siste "
    "vedtak for å kunne gi nødhjelp.",
    "Bruker ringte i krise og ville ikke vente til fast veileder er tilbake. Trengte avtalt behandler fra "
    "aktivitetsplanen.",
    "Politiet ba om bekreftelse på at bruker har midlertidig botilbud i natt; saksbehandler var ikke på jobb.",
    "Bruker kom til kontordagen og trengte svar på søknaden. Kontoret som har saken var stengt.",
    "Fastlegen meldte bekymring for bruker og ba om å få snakke med kontaktpersonen; måtte finne hvem det er.",
)
CONFLICTED_EMERGENCY = "Bruker ba meg om hjelp i dag fordi fast veileder er syk. Gjelder utbetaling før helgen."


@dataclass(frozen=True, slots=True)
class _Entry:
    at: datetime
    staff: str  # login
    person_id: uuid.UUID
    action: str
    what: str
    allowed: bool
    reason: str
    why: str = ""


@dataclass(frozen=True, slots=True)
class _Linked:
    """An entry's fields as its hash covers them (see `audit.ChainedFields`)."""

    seq: int
    at: datetime
    staff_id: uuid.UUID | None
    staff_login: str
    person_id: uuid.UUID | None
    action: str
    what: str
    why: str
    allowed: bool
    reason: str
    prev_hash: str


@dataclass
class _Log:
    ctx: DemoContext
    org: DemoOrg
    entries: list[_Entry] = field(default_factory=list)
    emergencies: list[dict[str, Any]] = field(default_factory=list)

    def add(self, entry: _Entry) -> None:
        self.entries.append(entry)


def build_access_log(ctx: DemoContext, org: DemoOrg, cases: DemoCases, contacts: Contacts) -> None:
    first = _first_day(ctx.today)
    days = [first + timedelta(days=n) for n in range((ctx.today - first).days)]
    days = [day for day in days if is_working_day(day)]
    if not days:
        return
    judge = _Judge(ctx, org, cases, contacts)
    log = _Log(ctx, org)
    rng = ctx.rng("access_log")
    _ordinary_reads(log, judge, rng, days)
    _heavy_reads(log, judge, rng, days)
    _emergencies(log, judge, rng, days)
    _refusals(log, judge, rng, days)
    _write(ctx, org, log)


def _first_day(today: date) -> date:
    month = today.month - MONTHS_BACK
    year = today.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


class _Judge:
    """The access policy on the demo's day, for the staff and the people the log is about."""

    def __init__(self, ctx: DemoContext, org: DemoOrg, cases: DemoCases, contacts: Contacts) -> None:
        session = ctx.session
        self.on = ctx.today
        moment = datetime.combine(ctx.today, time())
        self.staff: dict[str, StaffFacts] = {spec.login: staff_facts(session, org.staff_ids[spec.login], now=moment)
                                             for spec in STAFF}
        self.agreements = agreement_facts(session)
        self.facts: dict[uuid.UUID, PersonFacts] = {}
        logins = {staff_id: login for login, staff_id in org.staff_ids.items()}
        # staff login -> their people; municipality number -> the people living there
        self.people = {logins[staff_id]: people for staff_id, people in contacts.of_staff.items()}
        self.residents = cases.residents
        connection = session.connection()
        self.conflicts = [(logins[staff_id], person_id) for staff_id, person_id in connection.execute(
            select(ConflictOfInterest.staff_id, ConflictOfInterest.person_id)
            .where(ConflictOfInterest.ended_at.is_(None)).order_by(ConflictOfInterest.registered_at,
                                                                   ConflictOfInterest.id))]
        self._session = session
        self._decisions: dict[tuple[str, uuid.UUID], access.Decision] = {}

    def load(self, person_ids: Iterable[uuid.UUID]) -> None:
        wanted = [person_id for person_id in dict.fromkeys(person_ids) if person_id not in self.facts]
        for start in range(0, len(wanted), 5000):
            self.facts.update(person_facts(self._session, wanted[start:start + 5000]))

    def read(self, login: str, person_id: uuid.UUID) -> access.Decision:
        decision = self._decisions.get((login, person_id))
        if decision is None:
            decision = self._decisions[login, person_id] = access.decide(
                self.staff[login], self.facts[person_id], ItemFacts.person(), Action.READ, on=self.on,
                agreements=self.agreements)
        return decision

    def may_break_glass(self, login: str, person_id: uuid.UUID) -> bool:
        return access.can_use_emergency_access(self.staff[login], self.facts[person_id]).allowed


def _last_month(days: Sequence[date], today: date) -> list[date]:
    """The working days of the last whole month: the month the leader reviews."""
    end = today.replace(day=1)
    start = (end - timedelta(days=1)).replace(day=1)
    return [day for day in days if start <= day < end]


def _moment(rng: random.Random, day: date) -> datetime:
    seconds = int(rng.random() * 7.5 * 3600)
    return datetime.combine(day, time(8)) + timedelta(seconds=seconds)


def _ordinary_reads(log: _Log, judge: _Judge, rng: random.Random, days: Sequence[date]) -> None:
    """Each veileder opens a few of their own people's cards every day they are at work."""
    days_away = away(log.org, log.ctx.today)
    reads: list[tuple[datetime, str, uuid.UUID]] = []
    for spec in STAFF:
        people = judge.people.get(spec.login)
        if not people or not {Role.VEILEDER, Role.LEADER} & set(spec.roles):
            continue
        for day in days:
            if not is_away(days_away, log.org.staff_ids[spec.login], day):
                reads.extend((_moment(rng, day), spec.login, pick(rng, people))
                             for _read in range(small_count(rng, READS_PER_DAY)))
    judge.load(person_id for _at, _login, person_id in reads)
    for at, login, person_id in reads:
        decision = judge.read(login, person_id)
        if decision.allowed:
            log.add(_Entry(at, login, person_id, audit.LogAction.READ, access_log.WHAT_CARD, True,
                           decision.reason.value))


def _heavy_reads(log: _Log, judge: _Judge, rng: random.Random, days: Sequence[date]) -> None:
    """One Gol veileder opens many of the office's people's cards in the last whole month: the review's case."""
    pool = judge.residents.get(GOL, []) + judge.residents.get(HEMSEDAL, [])
    month = _last_month(days, log.ctx.today)
    if not pool:
        return
    chosen = [[pick(rng, pool) for _read in range(HEAVY_READS_PER_DAY)] for _day in month]
    judge.load(person_id for reads in chosen for person_id in reads)
    for day, reads in zip(month, chosen, strict=True):
        for person_id in reads:
            decision = judge.read(HEAVY_READER, person_id)
            if decision.allowed:
                log.add(_Entry(_moment(rng, day), HEAVY_READER, person_id, audit.LogAction.READ,
                               access_log.WHAT_CARD, True, decision.reason.value))


def _emergencies(log: _Log, judge: _Judge, rng: random.Random, days: Sequence[date]) -> None:
    """Breaking the glass for someone the staff member does not serve, every month at most offices: the access,
    its written reason, and the reads under it."""
    numbers = [number for number, people in judge.residents.items() if people]
    if not numbers:
        return
    days_away = away(log.org, log.ctx.today)
    months: dict[date, list[date]] = defaultdict(list)
    for day in days:
        months[day.replace(day=1)].append(day)
    for month_days in months.values():
        for code, count in EMERGENCIES_PER_MONTH.items():
            for day in rng.sample(month_days, min(count, len(month_days))):
                login = pick(rng, EMERGENCY_STAFF[code])
                if is_away(days_away, log.org.staff_ids[login], day):
                    continue
                candidates = [pick(rng, judge.residents[pick(rng, numbers)]) for _try in range(8)]
                judge.load(candidates)
                person_id = next((person for person in candidates if not judge.read(login, person).allowed
                                  and judge.may_break_glass(login, person)), None)
                if person_id is not None:
                    _emergency(log, rng, day, login, person_id)


def _emergency(log: _Log, rng: random.Random, day: date, login: str, person_id: uuid.UUID) -> None:
    opened = datetime.combine(day, time(10)) + timedelta(seconds=int(rng.random() * 5 * 3600))
    reason = pick(rng, EMERGENCY_REASONS)
    log.emergencies.append({"id": log.ctx.ids("emergency_access").at(opened), "person_id": person_id,
                            "staff_id": log.org.staff_ids[login], "reason": reason, "opened_at": opened,
                            "ends_at": opened + timedelta(hours=EMERGENCY_HOURS)})
    log.add(_Entry(opened, login, person_id, audit.LogAction.EMERGENCY, access_log.WHAT_EMERGENCY, True,
                   Reason.EMERGENCY.value, reason))
    for read in range(1 + int(rng.random() * 3)):
        log.add(_Entry(opened + timedelta(minutes=1 + 20 * read), login, person_id, audit.LogAction.READ,
                       access_log.WHAT_CARD, True, Reason.EMERGENCY.value, reason))


def _refusals(log: _Log, judge: _Judge, rng: random.Random, days: Sequence[date]) -> None:
    """Attempts the policy refused: another office's resident now and then, and, in the last whole month, each
    conflicted staff member trying to open the person once (one of them then also trying emergency access)."""
    workers = sorted(login for login, people in judge.people.items() if people)
    numbers = [number for number, people in judge.residents.items() if people]
    if workers and numbers:
        for day in days:
            if rng.random() >= REFUSED_PER_DAY:
                continue
            login = pick(rng, workers)
            person_id = pick(rng, judge.residents[pick(rng, numbers)])
            judge.load([person_id])
            decision = judge.read(login, person_id)
            if not decision.allowed:
                log.add(_Entry(_moment(rng, day), login, person_id, audit.LogAction.READ, access_log.WHAT_CARD,
                               False, decision.reason.value))
    last_month = _last_month(days, log.ctx.today) or days
    judge.load(person_id for _login, person_id in judge.conflicts)
    for index, (login, person_id) in enumerate(judge.conflicts):
        moment = _moment(rng, pick(rng, last_month))
        log.add(_Entry(moment, login, person_id, audit.LogAction.READ, access_log.WHAT_CARD, False,
                       judge.read(login, person_id).reason.value))
        if index == len(judge.conflicts) - 1:
            log.add(_Entry(moment + timedelta(minutes=2), login, person_id, audit.LogAction.EMERGENCY,
                           access_log.WHAT_EMERGENCY, False, Reason.DENIED_CONFLICT.value, CONFLICTED_EMERGENCY))


def _write(ctx: DemoContext, org: DemoOrg, log: _Log) -> None:
    """Link the entries in time order into the chain and write them, with the emergency accesses."""
    ids = ctx.ids("access_log")
    prev_hash = audit.GENESIS
    rows = []
    ordered = sorted(enumerate(log.entries), key=lambda pair: (pair[1].at, pair[0]))
    for seq, (_index, item) in enumerate(ordered, start=1):
        entry = _Linked(seq, item.at, org.staff_ids[item.staff], item.staff, item.person_id, item.action, item.what,
                        item.why, item.allowed, item.reason, prev_hash)
        prev_hash = audit.entry_hash(entry)
        rows.append({"id": ids.at(item.at), "seq": seq, "at": item.at, "staff_id": entry.staff_id,
                     "staff_login": item.staff, "person_id": item.person_id, "action": item.action,
                     "what": item.what, "why": item.why, "allowed": item.allowed, "reason": item.reason,
                     "prev_hash": entry.prev_hash, "hash": prev_hash})
    ctx.insert_rows(EmergencyAccess, sorted(log.emergencies, key=lambda row: row["opened_at"]))
    ctx.insert_rows(AccessLogEntry, rows)
