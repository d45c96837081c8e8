"""Plans through the services, as the card and the plan views use them: activities on the board moved and
locked with every version kept, goals entered once and shown in every plan they are linked into, KVP
ended with its open activities closed, individual plans and their revisions, and the access policy and
the access log on every read and change."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest
from card_people import sign_in
from plan_people import municipality, new_person
from sqlalchemy import func, select

from navdesk.domain.errors import Conflict, NotAllowed, ValidationFailed
from navdesk.domain.plans import ActivityLocked, ChangedBy
from navdesk.services import access_log, activities, individual_plans, kvp, partners, plan_access, plans
from navdesk.services.plan_types import (
    ActivityEdit,
    ActivityFilter,
    ActivityForm,
    AnsvarsgruppeForm,
    IndividualPlanForm,
    KvpForm,
    MeasureForm,
    MeetingForm,
    MemberForm,
    ParticipantForm,
    PartnerContactForm,
    PartnerForm,
    PlanRef,
    RevisionForm,
    TaskForm,
    WeekRowForm,
)
from navdesk.store.engine import Database
from navdesk.store.models import (
    AccessLogEntry,
    Activity,
    AnsvarsgruppeMeeting,
    IndividualPlan,
    KvpProgramme,
    KvpWeekRow,
    Municipality,
    ServiceCase,
)

TODAY = date.today()


def job(title: str = "Butikkmedarbeider", employer: str = "Coop Gol", **changes: object) -> ActivityForm:
    values: dict[str, object] = {
        "activity_type": "stilling", "title": title, "from_date": TODAY, "to_date": TODAY + timedelta(days=14),
        "details": {"employer": employer, "job_title": title, "label": "soknad_sendt"},
    }
    values.update(changes)
    return ActivityForm(**values)  # type: ignore[arg-type]


def log_entries(db: Database, person_id: uuid.UUID) -> list[tuple[str, str, str, bool]]:
    with db.session() as session:
        return [(login, action, what, allowed) for login, action, what, allowed in session.execute(
            select(AccessLogEntry.staff_login, AccessLogEntry.action, AccessLogEntry.what, AccessLogEntry.allowed)
            .where(AccessLogEntry.person_id == person_id).order_by(AccessLogEntry.seq))]


# The activity plan ---------------------------------------------------------------------------------

def test_an_activity_moves_across_the_board_and_is_locked_when_completed(demo_db: Database, english: None) -> None:
    stat = sign_in(demo_db, "stat")
    person = new_person(demo_db)
    created = activities.create_activity(demo_db, stat, person, job())
    assert created.card.status == "planlagt" and created.card.subtitle == "Coop Gol · Butikkmedarbeider · " \
                                                                          "Application sent"
    moved = activities.move_activity(demo_db, stat, created.card.activity_id, created.card.version, "gjennomfores")
    done = activities.move_activity(demo_db, stat, moved.activity_id, moved.version, "fullfort")
    assert done.locked and done.next_statuses == () and not done.can_change

    board = activities.board(demo_db, stat, person)
    columns = {column.status: [card.title for card in column.cards] for column in board.columns}
    assert [column.status for column in board.columns] == ["forslag", "planlagt", "gjennomfores", "fullfort",
                                                           "avbrutt"]
    assert columns["fullfort"] == ["Butikkmedarbeider"] and columns["planlagt"] == []

    with pytest.raises(ActivityLocked) as locked:
        activities.move_activity(demo_db, stat, done.activity_id, done.version, "planlagt")
    assert "Create a new activity instead" in locked.value.errors["status"]
    with pytest.raises(ActivityLocked):
        activities.update_activity(demo_db, stat, done.activity_id, done.version,
                                   ActivityEdit("Ny tittel", TODAY, TODAY, {"employer": "Kiwi", "job_title": "X"}))


def test_every_change_is_kept_as_a_version_with_who_and_what(demo_db: Database, english: None) -> None:
    stat = sign_in(demo_db, "stat")
    person = new_person(demo_db)
    created = activities.create_activity(demo_db, stat, person, job(employer="Coop Gol"))
    edited = activities.update_activity(
        demo_db, stat, created.card.activity_id, created.card.version,
        ActivityEdit("Butikkmedarbeider", TODAY, TODAY + timedelta(days=14),
                     {"employer": "Kiwi Gol", "job_title": "Butikkmedarbeider", "label": "innkalt_til_intervju"},
                     by=ChangedBy.PERSON))
    activities.move_activity(demo_db, stat, edited.card.activity_id, edited.card.version, "avbrutt",
                             reason="Stillingen ble trukket.")
    history = activities.activity_history(demo_db, stat, created.card.activity_id)
    assert [(entry.version, entry.what) for entry in history] == [(3, "Moved"), (2, "Changed"), (1, "Created")]
    assert history[0].lines == ("Status: Planned (planlagt) → Cancelled (avbrutt)",
                                "Reason for cancelling: — → Stillingen ble trukket.")
    assert "Employer: Coop Gol → Kiwi Gol" in history[1].lines
    assert "Label (etikett): Application sent → Called to interview" in history[1].lines
    assert history[1].who == "The person (recorded by Ola Rud)"
    # What it said when created is still there, although it has changed since.
    assert "Employer: Coop Gol" in history[2].lines and "Status: Planned (planlagt)" in history[2].lines
    assert history[2].who == "NAV (Ola Rud)"


def test_a_save_on_a_stale_version_is_a_conflict(demo_db: Database) -> None:
    stat = sign_in(demo_db, "stat")
    person = new_person(demo_db)
    created = activities.create_activity(demo_db, stat, person, job())
    activities.move_activity(demo_db, stat, created.card.activity_id, created.card.version, "gjennomfores")
    with pytest.raises(Conflict):
        activities.move_activity(demo_db, stat, created.card.activity_id, created.card.version, "fullfort")


def test_bad_input_is_told_field_by_field_and_nothing_is_saved(demo_db: Database, english: None) -> None:
    stat = sign_in(demo_db, "stat")
    person = new_person(demo_db)
    with pytest.raises(ValidationFailed) as failed:
        activities.create_activity(demo_db, stat, person, job(title="", details={"employer": ""}))
    assert failed.value.errors == {"title": "This field is required.", "employer": "This field is required.",
                                   "job_title": "This field is required."}
    with pytest.raises(ValidationFailed) as failed:
        activities.create_activity(demo_db, stat, person, ActivityForm(
            "samtalereferat", "Samtale", TODAY, None, {"channel": "telefon", "minutes": "Snakket om CV"},
            status="fullfort", by=ChangedBy.PERSON))
    assert failed.value.errors == {"by": "Meetings and conversation summaries are recorded by NAV."}
    created = activities.create_activity(demo_db, stat, person, job())
    with pytest.raises(ValidationFailed) as failed:
        activities.move_activity(demo_db, stat, created.card.activity_id, created.card.version, "avbrutt")
    assert failed.value.errors == {"reason": "Say why the activity is cancelled."}
    board = activities.board(demo_db, stat, person)
    assert sum(len(column.cards) for column in board.columns) == 1


def test_an_agreed_activity_is_changed_by_nav_only(demo_db: Database, english: None) -> None:
    stat = sign_in(demo_db, "stat")
    person = new_person(demo_db)
    created = activities.create_activity(demo_db, stat, person, job())
    agreed = activities.mark_agreed(demo_db, stat, created.card.activity_id, created.card.version)
    assert agreed.agreed
    edit = ActivityEdit("Ny", TODAY, TODAY, {"employer": "Kiwi", "job_title": "Ny"}, by=ChangedBy.PERSON)
    with pytest.raises(ValidationFailed) as failed:
        activities.update_activity(demo_db, stat, agreed.activity_id, agreed.version, edit)
    assert "only NAV can change" in failed.value.errors["agreed"]
    # The person may still move it on the board.
    moved = activities.move_activity(demo_db, stat, agreed.activity_id, agreed.version, "gjennomfores",
                                     by=ChangedBy.PERSON)
    assert moved.status == "gjennomfores"


def test_the_board_and_the_list_mark_overdue_activities_and_filter(demo_db: Database) -> None:
    stat = sign_in(demo_db, "stat")
    person = new_person(demo_db)
    late = activities.create_activity(demo_db, stat, person, job(
        "Renholder", from_date=TODAY - timedelta(days=20), to_date=TODAY - timedelta(days=2)))
    activities.create_activity(demo_db, stat, person, job("Kokk", agreed=True))
    activities.create_activity(demo_db, stat, person, ActivityForm(
        "egenaktivitet", "Oppdatere CV", TODAY, TODAY + timedelta(days=7), {"purpose": "Søknader"}))
    board = activities.board(demo_db, stat, person)
    assert board.overdue == 1 and board.can_create
    planned = next(column for column in board.columns if column.status == "planlagt")
    assert planned.cards[0].activity_id == late.card.activity_id and planned.cards[0].overdue

    def titles(**filters: object) -> list[str]:
        listed = activities.list_activities(demo_db, stat, person, ActivityFilter(**filters))  # type: ignore[arg-type]
        return sorted(card.title for card in listed.items)

    assert titles(overdue=True) == ["Renholder"]
    assert titles(overdue=False) == ["Kokk", "Oppdatere CV"]
    assert titles(agreed=True) == ["Kokk"]
    assert titles(types=frozenset({"egenaktivitet"})) == ["Oppdatere CV"]
    assert titles(statuses=frozenset({"fullfort"})) == []


def test_reads_and_changes_are_logged(demo_db: Database) -> None:
    stat = sign_in(demo_db, "stat")
    person = new_person(demo_db)
    created = activities.create_activity(demo_db, stat, person, job())
    activities.board(demo_db, stat, person)
    activities.activity_history(demo_db, stat, created.card.activity_id)
    assert log_entries(demo_db, person) == [("stat", "change", "activity", True),
                                            ("stat", "read", "activity plan", True),
                                            ("stat", "read", "activity history", True)]


def test_the_access_log_names_every_plan_entry_in_words(english: None) -> None:
    whats = [value for name, value in vars(plan_access).items() if name.startswith("WHAT_")]
    assert len(whats) == 8
    for what in whats:
        assert access_log.what_label(what) != what
    assert access_log.what_label(plan_access.WHAT_ACTIVITY_PLAN) == "Activity plan"


# Enter once ---------------------------------------------------------------------------------------

def test_a_goal_entered_once_shows_and_changes_in_every_plan_it_is_linked_into(demo_db: Database) -> None:
    leder, kommune, stat = (sign_in(demo_db, login) for login in ("leder", "kommune", "stat"))
    person = new_person(demo_db)
    goal = plans.add_goal(demo_db, stat, person, "Jeg vil ha fast jobb i butikk.", PlanRef.activity_plan(),
                          by=ChangedBy.PERSON)
    plan = individual_plans.create_individual_plan(demo_db, kommune, person, IndividualPlanForm(
        municipality(demo_db), TODAY, TODAY + timedelta(days=180)))
    programme = kvp.start_kvp(demo_db, kommune, person, KvpForm(municipality(demo_db), TODAY,
                                                                TODAY + timedelta(days=364)))
    # Linking a state goal into municipal plans takes someone who works both sides: the leader.
    with pytest.raises(NotAllowed):
        plans.link_goal(demo_db, kommune, goal.goal_id, PlanRef.individual_plan(plan.plan_id))
    plans.link_goal(demo_db, leder, goal.goal_id, PlanRef.individual_plan(plan.plan_id))
    linked = plans.link_goal(demo_db, leder, goal.goal_id, PlanRef.kvp(programme.programme_id))
    assert [place.ref.kind for place in linked.plans] == ["activity_plan", "individual_plan", "kvp"]

    plans.update_goal(demo_db, kommune, goal.goal_id, linked.version, "Jeg vil ha fast jobb i butikk på Gol.")
    changed = "Jeg vil ha fast jobb i butikk på Gol."
    assert [g.text for g in individual_plans.get_individual_plan(demo_db, kommune, plan.plan_id).goals] == [changed]
    assert [g.text for g in kvp.get_kvp(demo_db, kommune, programme.programme_id).goals] == [changed]
    seen_by_stat = plans.goals_and_measures(demo_db, stat, person, plan=PlanRef.activity_plan())
    assert [g.text for g in seen_by_stat.goals] == [changed]
    # stat sees the goal in the activity plan, but not that it is in the municipal plans.
    assert [place.ref.kind for place in seen_by_stat.goals[0].plans] == ["activity_plan"]


def test_a_measure_is_linked_like_a_goal_and_its_last_plan_cannot_be_taken_away(demo_db: Database,
                                                                               english: None) -> None:
    leder = sign_in(demo_db, "leder")
    person = new_person(demo_db)
    plan = individual_plans.create_individual_plan(demo_db, leder, person, IndividualPlanForm(
        municipality(demo_db), TODAY, TODAY + timedelta(days=180)))
    measure = plans.add_measure(demo_db, leder, person, MeasureForm(
        "Samtalebehandling", scope="Annenhver uke", owner="Behandler ved DPS", deadline=TODAY + timedelta(days=90)),
        PlanRef.individual_plan(plan.plan_id))
    both = plans.link_measure(demo_db, leder, measure.measure_id, PlanRef.activity_plan())
    assert len(both.plans) == 2
    plans.unlink_measure(demo_db, leder, measure.measure_id, PlanRef.activity_plan())
    with pytest.raises(ValidationFailed) as failed:
        plans.unlink_measure(demo_db, leder, measure.measure_id, PlanRef.individual_plan(plan.plan_id))
    assert failed.value.errors == {"plan": "This is the only plan it is in. Archive it instead."}


# KVP --------------------------------------------------------------------------------------------

def test_ending_kvp_closes_its_open_activities_with_the_end_reason(demo_db: Database, english: None) -> None:
    kommune = sign_in(demo_db, "kommune")
    person = new_person(demo_db)
    programme = kvp.start_kvp(demo_db, kommune, person, KvpForm(
        municipality(demo_db), TODAY - timedelta(days=200), TODAY + timedelta(days=160)))
    kvp_activity = ActivityForm("egenaktivitet", "Norskopplæring", TODAY - timedelta(days=100),
                                TODAY + timedelta(days=60), {"purpose": "Bedre norsk"},
                                kvp_programme_id=programme.programme_id)
    open_one = activities.create_activity(demo_db, kommune, person, kvp_activity)
    finished = activities.create_activity(demo_db, kommune, person, ActivityForm(
        "tiltak", "Arbeidstrening", TODAY - timedelta(days=150), TODAY - timedelta(days=10),
        {"provider": "Hallingdal Vekst AS"}, status="gjennomfores", kvp_programme_id=programme.programme_id))
    activities.move_activity(demo_db, kommune, finished.card.activity_id, finished.card.version, "fullfort")
    current = kvp.get_kvp(demo_db, kommune, programme.programme_id)
    ended = kvp.end_kvp(demo_db, kommune, programme.programme_id, current.version, TODAY, "arbeid")

    assert ended.status == "ended" and not ended.can_change
    states = {card.title: (card.status, card.locked) for card in ended.activities}
    assert states == {"Norskopplæring": ("avbrutt", True), "Arbeidstrening": ("fullfort", True)}
    detail = activities.get_activity(demo_db, kommune, open_one.card.activity_id)
    assert detail.cancel_reason == "KVP ended: Went into work"
    assert activities.activity_history(demo_db, kommune, open_one.card.activity_id)[0].what == "Moved"
    with pytest.raises(ValidationFailed):
        kvp.interrupt_kvp(demo_db, kommune, programme.programme_id, ended.version, TODAY, "Sykdom")


def test_a_kvp_programme_beyond_two_years_needs_a_special_reason(demo_db: Database, english: None) -> None:
    kommune = sign_in(demo_db, "kommune")
    person = new_person(demo_db)
    starts = TODAY
    too_long = KvpForm(municipality(demo_db), starts, starts + timedelta(days=800))
    with pytest.raises(ValidationFailed) as failed:
        kvp.start_kvp(demo_db, kommune, person, too_long)
    assert list(failed.value.errors) == ["special_reason"]
    started = kvp.start_kvp(demo_db, kommune, person, KvpForm(
        too_long.responsible_municipality_id, starts, too_long.planned_end_on,
        special_reason="Langvarig sykdom underveis i programmet."))
    assert started.longest_end > started.planned_end_on > started.ordinary_end


def test_interruption_re_entry_and_the_weekly_plan(demo_db: Database) -> None:
    kommune = sign_in(demo_db, "kommune")
    person = new_person(demo_db)
    programme = kvp.start_kvp(demo_db, kommune, person, KvpForm(
        municipality(demo_db), TODAY - timedelta(days=100), TODAY + timedelta(days=265)))
    goal = plans.add_goal(demo_db, kommune, person, "Jeg vil klare en full arbeidsdag.",
                          PlanRef.kvp(programme.programme_id))
    week = [WeekRowForm(day, "Arbeidstrening", 7.5, goal_id=goal.goal_id) for day in range(5)]
    planned = kvp.set_week_plan(demo_db, kommune, programme.programme_id, programme.version, week)
    assert planned.week_hours == 37.5 and planned.full_time
    assert planned.week[0].goal_text == "Jeg vil klare en full arbeidsdag."
    away = kvp.interrupt_kvp(demo_db, kommune, programme.programme_id, planned.version,
                             TODAY - timedelta(days=30), "Sykdom")
    assert away.status == "interrupted"
    back = kvp.resume_kvp(demo_db, kommune, programme.programme_id, away.version, TODAY - timedelta(days=10))
    assert back.status == "running"
    assert back.ordinary_end == programme.ordinary_end + timedelta(days=20)
    with pytest.raises(ValidationFailed) as failed:
        kvp.set_week_plan(demo_db, kommune, programme.programme_id, back.version,
                          [WeekRowForm(0, "Arbeidstrening", 13.0)])
    assert list(failed.value.errors) == ["rows.0.hours"]


# Individual plan, ansvarsgruppe, partners ---------------------------------------------------------

def test_a_user_without_municipal_access_cannot_read_the_individual_plan(demo_db: Database, english: None) -> None:
    kommune, stat = sign_in(demo_db, "kommune"), sign_in(demo_db, "stat")
    person = new_person(demo_db)
    plan = individual_plans.create_individual_plan(demo_db, kommune, person, IndividualPlanForm(
        municipality(demo_db), TODAY, TODAY + timedelta(days=180), needs="Egen bolig"))
    with pytest.raises(NotAllowed):
        individual_plans.get_individual_plan(demo_db, stat, plan.plan_id)
    with pytest.raises(ValidationFailed) as failed:  # one plan at a time: it is revised, not started again
        individual_plans.create_individual_plan(demo_db, kommune, person, IndividualPlanForm(
            municipality(demo_db), TODAY, TODAY + timedelta(days=180)))
    assert list(failed.value.errors) == ["responsible_municipality_id"]
    overview = plans.plan_overview(demo_db, stat, person)
    assert overview.individual_plans == ()
    assert [marker.text for marker in overview.withheld] == [
        "Municipal information — no access. You are not authorised for this."]
    assert ("stat", "read", "individual plan", False) in log_entries(demo_db, person)


def test_revisions_are_kept_and_an_overdue_one_is_flagged(demo_db: Database, english: None) -> None:
    kommune = sign_in(demo_db, "kommune")
    person = new_person(demo_db)
    plan = individual_plans.create_individual_plan(demo_db, kommune, person, IndividualPlanForm(
        municipality(demo_db), TODAY - timedelta(days=200), TODAY - timedelta(days=20)))
    assert plan.revision_overdue
    assert plans.plan_overview(demo_db, kommune, person).revision_overdue
    with pytest.raises(ValidationFailed) as failed:
        individual_plans.record_revision(demo_db, kommune, plan.plan_id, plan.version, RevisionForm(TODAY, None))
    assert failed.value.errors == {"next_revision_on": "Set the date of the next revision."}
    revised = individual_plans.record_revision(demo_db, kommune, plan.plan_id, plan.version, RevisionForm(
        TODAY, TODAY + timedelta(days=180), "Gjennomgått med bruker og fastlege."))
    assert not revised.revision_overdue
    assert [(r.revised_on, r.next_revision_on) for r in revised.revisions] == [(TODAY, TODAY + timedelta(days=180))]
    later = individual_plans.get_individual_plan(demo_db, kommune, plan.plan_id,
                                                 now=datetime.now() + timedelta(days=181))
    assert later.revision_overdue


def test_the_plan_names_what_the_regulation_still_misses(demo_db: Database, english: None) -> None:
    kommune = sign_in(demo_db, "kommune")
    person = new_person(demo_db)
    gol = municipality(demo_db)
    plan = individual_plans.create_individual_plan(demo_db, kommune, person, IndividualPlanForm(
        gol, TODAY, TODAY + timedelta(days=180), resources="Glad i dyr", needs="Egen bolig",
        carried_out="Møter hver tredje måned", other_services="Fastlege", coordinator_id=kommune.staff_id))
    assert [code for code, _label in plan.missing] == ["goals", "participants", "contributions", "measures",
                                                       "consent"]
    partner = partners.create_partner(demo_db, kommune, PartnerForm("Testlegesenteret", "health", gol))
    with_contact = partners.add_partner_contact(demo_db, kommune, partner.partner_id,
                                                PartnerContactForm("Kari Li", "fastlege"))
    contact = with_contact.contacts[0]
    assert contact.label == "Kari Li (fastlege), Testlegesenteret"
    view = individual_plans.add_participant(demo_db, kommune, plan.plan_id, ParticipantForm(
        "partner_contact", contact_id=contact.contact_id, role="Fastlege", contribution="Følger opp helsen"))
    assert view.participants[0].name == "Kari Li (fastlege)" and view.participants[0].organisation == \
        "Testlegesenteret"
    assert view.participants[0].needs_sharing_consent and not view.participants[0].sharing_consent_active
    assert "participants" not in {code for code, _label in view.missing}
    with pytest.raises(ValidationFailed) as failed:
        individual_plans.activate_individual_plan(demo_db, kommune, plan.plan_id, view.version)
    assert list(failed.value.errors) == ["plan_consent_id"]


def test_an_ansvarsgruppe_meeting_keeps_minutes_decisions_and_tasks(demo_db: Database, english: None) -> None:
    kommune = sign_in(demo_db, "kommune")
    person = new_person(demo_db)
    plan = individual_plans.create_individual_plan(demo_db, kommune, person, IndividualPlanForm(
        municipality(demo_db), TODAY, TODAY + timedelta(days=90)))
    group = individual_plans.create_ansvarsgruppe(demo_db, kommune, person, AnsvarsgruppeForm(
        "Ansvarsgruppe", individual_plan_id=plan.plan_id))
    group = individual_plans.add_member(demo_db, kommune, group.group_id, MemberForm(
        "staff", staff_id=kommune.staff_id, role="Koordinator"))
    group = individual_plans.add_member(demo_db, kommune, group.group_id, MemberForm(
        "next_of_kin", name="Liv Planlegger", role="Mor"))
    members = {member.name: member.member_id for member in group.members}
    assert set(members) == {"The person", "Anne Grøthe", "Liv Planlegger"}
    with pytest.raises(ValidationFailed) as failed:
        individual_plans.record_meeting(demo_db, kommune, group.group_id, MeetingForm(
            TODAY + timedelta(days=1), tasks=(TaskForm("Søke bolig"),)))
    assert failed.value.errors == {
        "held_on": "Minutes are written for a meeting that has taken place.",
        "minutes": "Write the minutes or the decisions.", "attendee_ids": "Choose who attended.",
        "tasks.0.owner": "This field is required.", "tasks.0.deadline": "This field is required."}
    group = individual_plans.record_meeting(demo_db, kommune, group.group_id, MeetingForm(
        TODAY, "NAV Gol", frozenset(members.values()), "Gikk gjennom planen.", "Søke kommunal bolig.",
        (TaskForm("Sende boligsøknad", owner_member_id=members["Anne Grøthe"], deadline=TODAY - timedelta(days=1)),)))
    meeting = group.meetings[0]
    assert meeting.attendees == ("Anne Grøthe (Koordinator, NAV)", "Liv Planlegger (Mor)", "The person")
    assert [(task.owner, task.overdue) for task in group.open_tasks] == [("Anne Grøthe", True)]
    done = individual_plans.complete_task(demo_db, kommune, group.open_tasks[0].task_id, TODAY)
    assert done.open_tasks == ()
    summary = individual_plans.get_individual_plan(demo_db, kommune, plan.plan_id).groups[0]
    assert (summary.members, summary.last_meeting_on, summary.open_tasks) == (3, TODAY, 0)
    ended = individual_plans.end_ansvarsgruppe(demo_db, kommune, done.group_id, done.version, TODAY)
    assert ended.ended_on == TODAY and not ended.can_change
    with pytest.raises(ValidationFailed):
        individual_plans.add_member(demo_db, kommune, done.group_id, MemberForm("other", name="Ny"))


def test_the_partner_register_refuses_duplicates_and_keeps_old_contacts(demo_db: Database, english: None) -> None:
    kommune = sign_in(demo_db, "kommune")
    gol = municipality(demo_db)
    partner = partners.create_partner(demo_db, kommune, PartnerForm("Gol ungdomsskule", "school", gol))
    with pytest.raises(ValidationFailed) as failed:
        partners.create_partner(demo_db, kommune, PartnerForm("gol ungdomsskule", "school", gol, email="x"))
    assert failed.value.errors == {"email": "An e-mail address like ola.nordmann@nav.no."}
    with pytest.raises(ValidationFailed) as failed:
        partners.create_partner(demo_db, kommune, PartnerForm("gol ungdomsskule", "school", gol))
    assert failed.value.errors == {"name": "A partner with this name is already in the register."}
    with_contact = partners.add_partner_contact(demo_db, kommune, partner.partner_id,
                                                PartnerContactForm("Per Hagen", "kontaktlærer"))
    contact = with_contact.contacts[0]
    partners.update_partner_contact(demo_db, kommune, contact.contact_id, contact.version,
                                    PartnerContactForm("Per Hagen", "kontaktlærer"), active=False)
    assert contact.contact_id not in {c.contact_id for c in partners.contact_choices(demo_db, kommune)}
    assert partners.get_partner(demo_db, kommune, partner.partner_id).contacts[0].active is False
    with pytest.raises(NotAllowed):
        partners.list_partners(demo_db, sign_in(demo_db, "admin"))


# The demo region -------------------------------------------------------------------------------------

def test_the_demo_fills_realistic_plans_that_the_services_read(demo_db: Database) -> None:
    with demo_db.session() as session:
        followed = set(session.scalars(select(ServiceCase.person_id).where(ServiceCase.side == "state")))
        with_plan = set(session.scalars(select(Activity.person_id).where(Activity.kvp_programme_id.is_(None))))
        today = date.today()
        overdue = session.scalar(select(func.count()).select_from(Activity).where(
            Activity.status.in_(["forslag", "planlagt", "gjennomfores"]), Activity.to_date < today))
        programmes = session.scalars(select(KvpProgramme)).all()
        week_rows = session.scalar(select(func.count()).select_from(KvpWeekRow))
        late_revisions = session.scalar(select(func.count()).select_from(IndividualPlan).where(
            IndividualPlan.status != "avsluttet", IndividualPlan.next_revision_on < today))
        meetings = session.scalar(select(func.count()).select_from(AnsvarsgruppeMeeting))
        gol_or_hemsedal = select(Municipality.id).where(Municipality.number.in_(["3324", "3326"]))
        person_with_ip = session.scalars(select(IndividualPlan.person_id).where(
            IndividualPlan.responsible_municipality_id.in_(gol_or_hemsedal))).first()
    assert len(with_plan & followed) > 0.7 * len(followed)
    assert overdue and programmes and week_rows and meetings and late_revisions is not None
    assert person_with_ip is not None
    overview = plans.plan_overview(demo_db, sign_in(demo_db, "leder"), person_with_ip)
    assert overview.individual_plans and overview.goals
