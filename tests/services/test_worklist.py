"""The worklist: every filter's count equals a direct count, made here item by item with the policy's
`decide` and the deadline engine, for staff with different access (stat, kommune, gjeld, leder)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from navdesk.domain.access_types import Action, DataKind, ItemFacts
from navdesk.domain.case_codes import CaseStatus, Outcome
from navdesk.domain.codes import Role, Side
from navdesk.domain.deadlines import DueKind, Severity, due_items
from navdesk.domain.plans import ActivityStatus
from navdesk.services import deadline_facts
from navdesk.services.access_facts import access_context, person_facts
from navdesk.services.actor import Actor, parse_roles
from navdesk.services.audit import LogAction
from navdesk.services.caseload import absences_on, covered_by, uncovered_absent
from navdesk.services.deadline_rules import rule_book
from navdesk.services.worklist import (
    Filter,
    SortKey,
    View,
    WorklistQuery,
    available_views,
    worklist_counts,
    worklist_ids,
    worklist_rows,
)
from navdesk.store.engine import Database
from navdesk.store.models import (
    AccessLogEntry,
    Activity,
    Appointment,
    ContactEntry,
    Handover,
    IndividualPlan,
    Municipality,
    Office,
    Person,
    PersonContact,
    Reminder,
    ServiceCase,
    Staff,
    StaffAbsence,
    Team,
)
from navdesk.store.models.org import office_municipality, team_member, team_office
from navdesk.store.models.staff import staff_office

NOW = datetime.combine(date.today(), time(12, 0))
TODAY = NOW.date()


def actor(db: Database, login: str) -> Actor:
    with db.session() as session:
        staff = session.scalar(select(Staff).where(Staff.login == login))
        assert staff is not None
        return Actor(staff.id, staff.login, staff.name, parse_roles(staff.roles), staff.employer_municipality_id)


def _ids(db: Database, *logins: str) -> list[uuid.UUID]:
    return [actor(db, login).staff_id for login in logins]


def _municipality(session, number: str) -> uuid.UUID:  # type: ignore[no-untyped-def]
    return session.scalar(select(Municipality.id).where(Municipality.number == number))


@pytest.fixture
def seeded(demo_db: Database) -> Iterator[Database]:
    """The demo region plus one Hemsedal and one Gol resident with something in every filter."""
    stat, kommune, msando = _ids(demo_db, "stat", "kommune", "msando")
    with demo_db.session() as session:
        hemsedal, gol = _municipality(session, "3326"), _municipality(session, "3324")
        created = NOW - timedelta(days=400)
        for person_id, fnr, municipality in ((HEMSEDAL_PERSON, "01018012345", hemsedal),
                                              (GOL_PERSON, "02018012345", gol)):
            session.add(Person(id=person_id, fnr=fnr, first_name="Test", last_name=f"Person {fnr[:2]}",
                               birth_date=date(1980, 1, int(fnr[:2])), residence_municipality_id=municipality,
                               created_at=created))
        session.flush()
        session.add_all([
            PersonContact(person_id=HEMSEDAL_PERSON, staff_id=stat, is_primary=True, starts=TODAY - timedelta(days=5)),
            PersonContact(person_id=HEMSEDAL_PERSON, staff_id=kommune, starts=TODAY - timedelta(days=200)),
            PersonContact(person_id=GOL_PERSON, staff_id=stat, is_primary=True, starts=TODAY - timedelta(days=200)),
        ])
        municipal = {"person_id": HEMSEDAL_PERSON, "side": Side.MUNICIPAL.value,
                     "responsible_municipality_id": hemsedal,
                     "created_at": created}
        session.add_all([
            ServiceCase(**municipal, service_code="oko_stonad", status=CaseStatus.IN_PROGRESS.value,
                        received_on=TODAY - timedelta(days=40), processing_deadline=TODAY - timedelta(days=26),
                        interim_reply_due=TODAY - timedelta(days=9)),
            ServiceCase(**municipal, service_code="midl_botilbud", status=CaseStatus.DECIDED.value,
                        received_on=TODAY - timedelta(days=12), decided_on=TODAY - timedelta(days=10),
                        outcome=Outcome.REFUSED.value, complaint_deadline=TODAY + timedelta(days=11)),
            ServiceCase(**municipal, service_code="oko_stonad", status=CaseStatus.APPEALED.value,
                        received_on=TODAY - timedelta(days=60), decided_on=TODAY - timedelta(days=50),
                        outcome=Outcome.REFUSED.value, complaint_deadline=TODAY - timedelta(days=29),
                        complaint_received_on=TODAY - timedelta(days=35),
                        complaint_handling_due=TODAY - timedelta(days=14)),
            ServiceCase(**municipal, service_code="kvp", status=CaseStatus.DECIDED.value,
                        received_on=TODAY - timedelta(days=330), decided_on=TODAY - timedelta(days=320),
                        outcome=Outcome.GRANTED.value, starts_on=TODAY - timedelta(days=320),
                        ends_on=TODAY + timedelta(days=30)),
            ServiceCase(person_id=HEMSEDAL_PERSON, side=Side.STATE.value, service_code="sykefravaer",
                        status=CaseStatus.ACTIVE.value, starts_on=TODAY - timedelta(weeks=12) + timedelta(days=3),
                        created_at=created),
            ServiceCase(person_id=GOL_PERSON, side=Side.STATE.value, service_code="aap", status=CaseStatus.ACTIVE.value,
                        starts_on=TODAY - timedelta(days=700), ends_on=TODAY + timedelta(days=40), created_at=created),
            Appointment(person_id=HEMSEDAL_PERSON, staff_id=kommune, side=Side.MUNICIPAL.value,
                        responsible_municipality_id=hemsedal, service_code="oko_stonad",
                        starts_at=datetime.combine(TODAY, time(9)), ends_at=datetime.combine(TODAY, time(10)),
                        purpose="Samtale om økonomi"),
            Appointment(person_id=GOL_PERSON, staff_id=stat, side=Side.STATE.value,
                        starts_at=datetime.combine(TODAY, time(13)), ends_at=datetime.combine(TODAY, time(14)),
                        purpose="Oppfølging"),
            ContactEntry(person_id=GOL_PERSON, side=Side.STATE.value, channel="phone", staff_id=stat,
                         at=NOW - timedelta(days=150)),
            Reminder(person_id=GOL_PERSON, staff_id=stat, text="Ring", deadline=TODAY, created_at=NOW),
            Handover(person_id=GOL_PERSON, sender_id=stat, receiver_id=msando, note="Overtar?", proposed_at=NOW,
                     answer_due=TODAY - timedelta(days=1), agreed_with_person=True),
        ])
        plan_side = {"person_id": GOL_PERSON, "side": Side.STATE.value, "created_at": NOW, "created_by_id": stat,
                     "changed_at": NOW, "changed_by_id": stat}
        session.add_all([
            Activity(**plan_side, activity_type="egenaktivitet", status=ActivityStatus.GJENNOMFORES.value,
                     title="Jobbsøking", to_date=TODAY - timedelta(days=3)),
            Activity(**plan_side, activity_type="tiltak", status=ActivityStatus.PLANLAGT.value, title="AFT",
                     to_date=TODAY + timedelta(days=60), agreed=True),
            IndividualPlan(person_id=HEMSEDAL_PERSON, side=Side.MUNICIPAL.value, responsible_municipality_id=hemsedal,
                           service_code="ind_plan", status="aktiv", next_revision_on=TODAY + timedelta(days=10),
                           created_at=NOW, created_by_id=kommune, changed_at=NOW, changed_by_id=kommune),
        ])
    yield demo_db


HEMSEDAL_PERSON = uuid.UUID("00000000-0000-7000-8000-00000000a001")
GOL_PERSON = uuid.UUID("00000000-0000-7000-8000-00000000a002")


# --- the direct count ---------------------------------------------------------------------------------------------


def direct(db: Database, who: Actor, view: View) -> dict[Filter, set[uuid.UUID]]:
    """Each filter's people, computed the long way: every row, `decide`, the deadline engine."""
    me = who.staff_id
    with db.session() as session:
        ctx = access_context(session, who, now=NOW)
        people = session.execute(select(Person.id, Person.innsatsgruppe, Person.owner_team_id, Person.archived_at,
                                        Person.residence_municipality_id)).all()
        facts = person_facts(session, [p.id for p in people])
        contacts = session.execute(select(PersonContact.person_id, PersonContact.staff_id, PersonContact.starts,
                                          Staff.active).join(Staff, Staff.id == PersonContact.staff_id)
                                   .where(PersonContact.ends.is_(None))).all()
        absences = absences_on(session, TODAY)
        covering = covered_by(absences, me)
        handovers = session.execute(select(Handover.person_id, Handover.sender_id, Handover.receiver_id)
                                    .where(Handover.answered_at.is_(None), Handover.withdrawn_at.is_(None))).all()
        base = _base(session, who, view, people, contacts, covering, handovers)
        shown = {p.id for p in people if p.id in base and p.archived_at is None and ctx.may_find(facts[p.id])}
        dated = deadline_facts.load(session, ctx, shown, reminder_staff_ids=covering | {me}, facts=facts)
        book = rule_book(session, TODAY)
        items = {pid: due_items(dated[pid], book, TODAY) for pid in shown}
        reads = session.execute(select(AccessLogEntry.person_id, AccessLogEntry.at).where(
            AccessLogEntry.staff_id == me, AccessLogEntry.action == LogAction.READ)).all()
        appointments = session.execute(select(Appointment).where(Appointment.cancelled_at.is_(None))).scalars().all()
        activities = session.execute(select(Activity)).scalars().all()
        reminders = session.execute(select(Reminder.person_id).where(
            Reminder.done_at.is_(None), Reminder.staff_id.in_(covering | {me}))).scalars().all()

        def readable(person_id: uuid.UUID, kind: DataKind, side: str, municipality: uuid.UUID | None,
                     service: str, area: uuid.UUID | None = None) -> bool:
            item = deadline_facts.item_facts(kind, side, municipality, service, area,
                                              facts[person_id].residence_municipality_id)
            return deadline_facts.readable(ctx, facts[person_id], item)

        def having(kind: DueKind, *severities: Severity) -> set[uuid.UUID]:
            return {pid for pid, found in items.items()
                    if any(i.kind is kind and (not severities or i.severity in severities) for i in found)}

        away = uncovered_absent(absences)
        effective = {c.person_id for c in contacts if c.active and c.staff_id not in away}
        innsats = {p.id: p.innsatsgruppe for p in people}
        agreed = {a.person_id for a in activities if a.person_id in shown and a.agreed
                  and a.status in (ActivityStatus.PLANLAGT, ActivityStatus.GJENNOMFORES)
                  and (a.to_date is None or a.to_date >= TODAY)
                  and readable(a.person_id, DataKind.PLAN, a.side, a.responsible_municipality_id, a.service_code)}
        state_14a = {pid for pid in shown if ctx.decide(facts[pid], ItemFacts.state(DataKind.CASE, "oppfolging_14a"),
                                                         Action.READ).allowed}
        result = {
            Filter.ALL: shown,
            Filter.UNASSIGNED: shown - effective,
            Filter.NEW_FOR_ME: {c.person_id for c in contacts if c.staff_id == me and c.person_id in shown
                                and c.starts >= TODAY - timedelta(days=30)
                                and not any(r.person_id == c.person_id and r.at >= datetime.combine(c.starts, time())
                                            for r in reads)},
            Filter.NEEDS_14A: {pid for pid in state_14a if innsats[pid] == "" and any(
                c.side is Side.STATE and c.status is CaseStatus.ACTIVE and not c.closed for c in dated[pid].cases)},
            Filter.MEETINGS_TODAY: {a.person_id for a in appointments if a.person_id in shown
                                    and a.starts_at.date() == TODAY
                                    and readable(a.person_id, DataKind.APPOINTMENT, a.side,
                                                 a.responsible_municipality_id, a.service_code)},
            Filter.EXPIRED_ACTIVITIES: having(DueKind.ACTIVITY_END, Severity.OVERDUE),
            Filter.IN_AGREED_ACTIVITY: agreed,
            Filter.NOT_IN_AGREED_ACTIVITY: shown - agreed,
            Filter.WAITING_FOR_ANSWER: {h.person_id for h in handovers if h.person_id in shown
                                        and (view is not View.MINE or me in (h.sender_id, h.receiver_id))},
            Filter.OVER_PROCESSING_DEADLINE: having(DueKind.PROCESSING, Severity.OVERDUE),
            Filter.INTERIM_REPLY_DUE: having(DueKind.INTERIM_REPLY, Severity.OVERDUE, Severity.DUE_SOON),
            Filter.COMPLAINT_DEADLINE: having(DueKind.COMPLAINT_DEADLINE),
            Filter.COMPLAINTS_TO_HANDLE: having(DueKind.COMPLAINT_HANDLING),
            Filter.KVP_ENDING: having(DueKind.KVP_END),
            Filter.IP_REVISION_DUE: having(DueKind.IP_REVISION),
            Filter.NO_CONTACT: having(DueKind.NO_CONTACT, Severity.OVERDUE),
            Filter.SICK_LEAVE: having(DueKind.SICK_LEAVE),
            Filter.AAP_ENDING: having(DueKind.AAP_END),
            Filter.REMINDERS: shown & set(reminders),
            Filter.COVERING: {c.person_id for c in contacts if c.staff_id in covering and c.person_id in shown},
        }
    return result


def _base(session, who: Actor, view: View, people, contacts, covering, handovers) -> set[uuid.UUID]:  # type: ignore[no-untyped-def]
    me = who.staff_id
    if view is View.MINE:
        return ({c.person_id for c in contacts if c.staff_id == me or c.staff_id in covering}
                | {h.person_id for h in handovers if h.receiver_id == me})
    if view is View.TEAM:
        teams = set(session.scalars(select(team_member.c.team_id).where(team_member.c.staff_id == me))) | set(
            session.scalars(select(Team.id).where(Team.lead_id == me)))
        members = set(session.scalars(select(team_member.c.staff_id).where(team_member.c.team_id.in_(teams))))
        return {p.id for p in people if p.owner_team_id in teams} | {
            c.person_id for c in contacts if c.staff_id in members}
    offices = set(session.scalars(select(staff_office.c.office_id).where(staff_office.c.staff_id == me)))
    municipalities = set(session.scalars(select(office_municipality.c.municipality_id)
                                         .where(office_municipality.c.office_id.in_(offices))))
    teams = set(session.scalars(select(team_office.c.team_id).where(team_office.c.office_id.in_(offices))))
    return {p.id for p in people if p.residence_municipality_id in municipalities or p.owner_team_id in teams}


CASES = [("stat", View.MINE), ("kommune", View.MINE), ("gjeld", View.MINE), ("stat", View.TEAM),
         ("kommune", View.TEAM), ("leder", View.OFFICE), ("msando", View.MINE)]


@pytest.mark.parametrize(("login", "view"), CASES, ids=[f"{login}-{view.value}" for login, view in CASES])
def test_every_count_equals_the_direct_count(seeded: Database, login: str, view: View) -> None:
    who = actor(seeded, login)
    expected = direct(seeded, who, view)
    counts = {c.filter: c.count for c in worklist_counts(seeded, who, view, now=NOW)}
    assert counts == {key: len(people) for key, people in expected.items()}
    for key, people in expected.items():
        assert set(worklist_ids(seeded, who, WorklistQuery(view, key), now=NOW)) == people, key


def test_the_seeded_people_fill_every_filter_for_someone(seeded: Database) -> None:
    found: dict[Filter, int] = dict.fromkeys(Filter, 0)
    for login, view in (("stat", View.MINE), ("kommune", View.MINE), ("leder", View.OFFICE), ("msando", View.MINE)):
        for count in worklist_counts(seeded, actor(seeded, login), view, now=NOW):
            found[count.filter] += count.count
    assert [key for key, total in found.items() if total == 0] == []


def test_municipal_deadlines_count_only_for_those_who_may_open_the_case(seeded: Database) -> None:
    over = WorklistQuery(View.MINE, Filter.OVER_PROCESSING_DEADLINE)
    stat, kommune, gjeld = actor(seeded, "stat"), actor(seeded, "kommune"), actor(seeded, "gjeld")
    # stat holds the Hemsedal resident on the state side, kommune through the host agreement.
    assert HEMSEDAL_PERSON in worklist_ids(seeded, stat, WorklistQuery(View.MINE), now=NOW)
    assert HEMSEDAL_PERSON not in worklist_ids(seeded, stat, over, now=NOW)
    assert HEMSEDAL_PERSON in worklist_ids(seeded, kommune, over, now=NOW)
    # Hemsedal is not in the debt agreement: the debt counsellor may not find the person at all.
    assert HEMSEDAL_PERSON not in worklist_ids(seeded, gjeld, WorklistQuery(View.TEAM), now=NOW)


def test_a_conflicted_veileder_never_sees_the_person_in_any_count(seeded: Database) -> None:
    stat = actor(seeded, "stat")
    with seeded.session() as session:
        from navdesk.store.models import ConflictOfInterest

        conflicted = set(session.scalars(select(ConflictOfInterest.person_id).where(
            ConflictOfInterest.staff_id == stat.staff_id)))
    assert conflicted
    for view in (View.MINE, View.TEAM):
        for key in Filter:
            assert not conflicted & set(worklist_ids(seeded, stat, WorklistQuery(view, key), now=NOW))


def test_the_deputy_covers_the_absent_colleague(seeded: Database) -> None:
    kommune = actor(seeded, "kommune")
    with seeded.session() as session:
        absent = session.scalar(select(StaffAbsence.staff_id).where(StaffAbsence.deputy_id == kommune.staff_id))
        theirs = set(session.scalars(select(PersonContact.person_id).where(PersonContact.staff_id == absent,
                                                                          PersonContact.ends.is_(None))))
    covering = set(worklist_ids(seeded, kommune, WorklistQuery(View.MINE, Filter.COVERING), now=NOW))
    assert covering and covering <= theirs
    rows = worklist_rows(seeded, kommune, list(covering)[:5], now=NOW)
    assert all(row.covering_for == "Randi Lien" for row in rows)


def test_the_absent_veileder_without_deputy_leaves_people_unassigned(seeded: Database) -> None:
    leader = actor(seeded, "gtufto")
    with seeded.session() as session:
        away = session.scalar(select(Staff.id).where(Staff.login == "piskaret"))
        theirs = set(session.scalars(select(PersonContact.person_id).where(PersonContact.staff_id == away,
                                                                          PersonContact.ends.is_(None))))
        others = set(session.scalars(select(PersonContact.person_id).where(PersonContact.staff_id != away,
                                                                          PersonContact.ends.is_(None))))
    unassigned = set(worklist_ids(seeded, leader, WorklistQuery(View.OFFICE, Filter.UNASSIGNED), now=NOW))
    assert theirs - others and (theirs - others) <= unassigned


@pytest.mark.parametrize("key", list(SortKey))
def test_sorting_happens_in_sql_and_matches_the_rows(seeded: Database, key: SortKey) -> None:
    leder = actor(seeded, "leder")
    for descending in (False, True):
        ids = worklist_ids(seeded, leder, WorklistQuery(View.OFFICE, Filter.ALL, key, descending), now=NOW)
        rows = worklist_rows(seeded, leder, ids, now=NOW)
        assert [r.person_id for r in rows] == list(ids)
        column = {
            SortKey.NAME: lambda r: (r.last_name, r.first_name), SortKey.FNR: lambda r: r.fnr,
            SortKey.BIRTH_DATE: lambda r: r.birth_date, SortKey.MUNICIPALITY: lambda r: r.municipality,
            SortKey.VEILEDER: lambda r: r.veileder or None, SortKey.TEAM: lambda r: r.team or None,
            SortKey.INNSATSGRUPPE: None, SortKey.NEXT_DEADLINE: lambda r: r.next_deadline,
            SortKey.LAST_CONTACT: lambda r: r.last_contact, SortKey.REGISTERED: None,
        }[key]
        if column is None:
            continue
        values = [column(r) for r in rows]
        present = [v for v in values if v is not None]
        assert present == sorted(present, reverse=descending)
        assert values[len(present):] == [None] * (len(values) - len(present)), "empty values sort last"


def test_rows_show_flags_and_hide_what_the_reader_may_not_see(seeded: Database) -> None:
    stat, kommune = actor(seeded, "stat"), actor(seeded, "kommune")
    (for_kommune,) = worklist_rows(seeded, kommune, [HEMSEDAL_PERSON], now=NOW)
    kinds = {flag.kind for flag in for_kommune.flags}
    assert {DueKind.PROCESSING, DueKind.INTERIM_REPLY, DueKind.COMPLAINT_DEADLINE, DueKind.COMPLAINT_HANDLING,
            DueKind.KVP_END, DueKind.IP_REVISION} <= kinds
    assert for_kommune.next_deadline == TODAY - timedelta(days=26)
    (for_stat,) = worklist_rows(seeded, stat, [HEMSEDAL_PERSON], now=NOW)
    # stat sees the state side only: the sick leave, and that nobody has been in touch for 200 days.
    assert {flag.kind for flag in for_stat.flags} == {DueKind.SICK_LEAVE, DueKind.NO_CONTACT}
    assert for_stat.next_deadline is None
    assert for_stat.new_for_me and not for_kommune.new_for_me


def test_opening_the_card_clears_new_for_me(seeded: Database) -> None:
    from navdesk.services import audit

    stat = actor(seeded, "stat")
    new = WorklistQuery(View.MINE, Filter.NEW_FOR_ME)
    assert HEMSEDAL_PERSON in worklist_ids(seeded, stat, new, now=NOW)
    with seeded.session() as session:
        audit.log(session, stat, person_id=HEMSEDAL_PERSON, action=LogAction.READ, what="card", allowed=True, at=NOW)
    assert HEMSEDAL_PERSON not in worklist_ids(seeded, stat, new, now=NOW + timedelta(minutes=1))


def test_the_office_view_is_for_leaders_and_lists_the_views(seeded: Database) -> None:
    from navdesk.domain.errors import NotAllowed

    stat, leder = actor(seeded, "stat"), actor(seeded, "leder")
    with pytest.raises(NotAllowed):
        worklist_counts(seeded, stat, View.OFFICE, now=NOW)
    with pytest.raises(NotAllowed):
        worklist_counts(seeded, actor(seeded, "admin"), View.MINE, now=NOW)
    with seeded.session() as session:
        gol = session.scalar(select(Office.id).where(Office.code == "GOL"))
    choices = available_views(seeded, leder)
    assert (View.OFFICE, gol) in {(c.view, c.scope_id) for c in choices}
    assert View.OFFICE not in {c.view for c in available_views(seeded, stat)}
    assert Role.LEADER in leder.roles
