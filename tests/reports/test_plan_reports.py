"""The printed plans, rendered and read back with pypdf: the goals and activities are there, what the
printing staff member may not see is not, a protected address never is, the KVP option is respected, the
language is the one asked for, and every print is logged."""

from __future__ import annotations

import io
import uuid
from datetime import date, datetime, timedelta

import pytest
from card_people import sign_in
from plan_people import municipality, new_person
from pypdf import PdfReader
from sqlalchemy import select, update

from navdesk import i18n
from navdesk.domain.errors import NotAllowed
from navdesk.i18n import format_date
from navdesk.reports import plan_reports as pdf
from navdesk.services import activities, individual_plans, kvp, plan_prints, plans
from navdesk.services.plan_prints import KvpPrint
from navdesk.services.plan_types import (
    ActivityForm,
    AnsvarsgruppeForm,
    IndividualPlanForm,
    KvpForm,
    MeasureForm,
    MeetingForm,
    MemberForm,
    ParticipantForm,
    PlanRef,
    TaskForm,
    WeekRowForm,
)
from navdesk.store.engine import Database
from navdesk.store.models import AccessLogEntry, Person

TODAY = date.today()
GOAL = "Jeg vil ha fast jobb i butikk."
KVP_GOAL = "Jeg vil klare en full arbeidsdag."
SECRET_KVP = "Hemmelig KVP-aktivitet"


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def person(demo_db: Database) -> uuid.UUID:
    """A Gol resident with an activity plan (state), a KVP programme and an individual plan (municipal)."""
    leder, kommune = sign_in(demo_db, "leder"), sign_in(demo_db, "kommune")
    person_id = new_person(demo_db, seed=11)
    gol = municipality(demo_db)
    plans.add_goal(demo_db, leder, person_id, GOAL, PlanRef.activity_plan())
    activities.create_activity(demo_db, leder, person_id, ActivityForm(
        "stilling", "Butikkmedarbeider", TODAY, TODAY + timedelta(days=14),
        {"employer": "Coop Gol", "job_title": "Butikkmedarbeider", "label": "soknad_sendt"}, agreed=True))
    activities.create_activity(demo_db, leder, person_id, ActivityForm(
        "mote", "Oppfølgingsmøte", TODAY + timedelta(days=3), None,
        {"time": "10:00", "channel": "oppmote", "place": "NAV Gol"}))
    programme = kvp.start_kvp(demo_db, kommune, person_id, KvpForm(gol, TODAY - timedelta(days=30),
                                                                   TODAY + timedelta(days=330)))
    goal = plans.add_goal(demo_db, kommune, person_id, KVP_GOAL, PlanRef.kvp(programme.programme_id))
    kvp.set_week_plan(demo_db, kommune, programme.programme_id, programme.version,
                      [WeekRowForm(day, "Arbeidstrening", 7.5, goal_id=goal.goal_id) for day in range(5)])
    activities.create_activity(demo_db, kommune, person_id, ActivityForm(
        "egenaktivitet", SECRET_KVP, TODAY, TODAY + timedelta(days=30), {"purpose": "Norsk"},
        kvp_programme_id=programme.programme_id))
    plan = individual_plans.create_individual_plan(demo_db, kommune, person_id, IndividualPlanForm(
        gol, TODAY, TODAY + timedelta(days=180), needs="Egen bolig", coordinator_id=kommune.staff_id))
    plans.add_measure(demo_db, kommune, person_id, MeasureForm(
        "Søke kommunal bolig", scope="Én søknad", owner="Koordinator", deadline=TODAY + timedelta(days=60)),
        PlanRef.individual_plan(plan.plan_id))
    individual_plans.add_participant(demo_db, kommune, plan.plan_id, ParticipantForm(
        "next_of_kin", name="Liv Planlegger", role="Mor", contribution="Støtter i hverdagen"))
    return person_id


def test_the_activity_plan_holds_goals_activities_and_signature_lines(demo_db: Database, person: uuid.UUID,
                                                                      english: None) -> None:
    printed = plan_prints.print_activity_plan(demo_db, sign_in(demo_db, "stat"), person)
    text = text_of(printed.pdf)
    assert printed.suggested_name == f"aktivitetsplan-{TODAY.isoformat()}.pdf"
    for expected in ("Activity plan", "Kari Planlegger", GOAL, "Butikkmedarbeider", "Employer: Coop Gol",
                     "Agreed with NAV", "Oppfølgingsmøte", "Planned (planlagt)", "NAV Gol og Hemsedal",
                     "Storgata 1, 3550 Gol", "Place and date", "For NAV", "Page 1 of 1",
                     f"Printed {format_date(TODAY, 'long')}"):
        assert expected in text, expected
    assert SECRET_KVP not in text and KVP_GOAL not in text


@pytest.mark.parametrize(("option", "state_shown", "kvp_shown"), [
    (KvpPrint.EXCLUDE, True, False),
    (KvpPrint.INCLUDE, True, True),
    (KvpPrint.ONLY, False, True),
])
def test_the_kvp_option_decides_what_of_kvp_is_printed(demo_db: Database, person: uuid.UUID, english: None,
                                                       option: KvpPrint, state_shown: bool, kvp_shown: bool) -> None:
    text = text_of(plan_prints.print_activity_plan(demo_db, sign_in(demo_db, "leder"), person, kvp=option).pdf)
    assert ("Butikkmedarbeider" in text) is state_shown
    assert (GOAL in text) is state_shown
    assert (SECRET_KVP in text) is kvp_shown
    assert (KVP_GOAL in text) is kvp_shown
    assert ("This print holds the KVP activities only." in text) is (option is KvpPrint.ONLY)


def test_withheld_content_is_left_out_and_said_to_be_left_out(demo_db: Database, person: uuid.UUID,
                                                              english: None) -> None:
    stat = sign_in(demo_db, "stat")
    text = text_of(plan_prints.print_activity_plan(demo_db, stat, person, kvp=KvpPrint.INCLUDE).pdf)
    assert "Butikkmedarbeider" in text
    assert SECRET_KVP not in text and "Norsk" not in text
    assert "Not included in this print Municipal information — no access." in text
    with pytest.raises(NotAllowed):
        plan_prints.print_activity_plan(demo_db, stat, person, kvp=KvpPrint.ONLY)
    with pytest.raises(NotAllowed):
        plan_prints.print_individual_plan(demo_db, stat, plan_prints.current_individual_plan(
            demo_db, sign_in(demo_db, "kommune"), person))


def test_a_protected_address_is_never_printed(demo_db: Database, person: uuid.UUID) -> None:
    with demo_db.session() as session:
        session.execute(update(Person).where(Person.id == person).values(protected_address=True))
    leder = sign_in(demo_db, "leder")
    for printed in (plan_prints.print_activity_plan(demo_db, leder, person, kvp=KvpPrint.INCLUDE),
                    plan_prints.print_individual_plan(demo_db, leder,
                                                      plan_prints.current_individual_plan(demo_db, leder, person)),
                    plan_prints.print_kvp_plan(demo_db, leder, plan_prints.current_kvp_programme(demo_db, leder,
                                                                                                 person))):
        text = text_of(printed.pdf)
        assert "Kari Planlegger" in text
        assert "Storgata" not in text and "3550 Gol" not in text


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_print_is_in_the_language_asked_for(demo_db: Database, person: uuid.UUID, language: str) -> None:
    i18n.set_language("nb" if language == "en" else "en")  # the program speaks the other language
    printed = plan_prints.print_activity_plan(demo_db, sign_in(demo_db, "stat"), person, language=language)
    i18n.set_language(language)
    expected_title, expected_date = pdf.activity_plan_title(), format_date(TODAY, "long")
    other = "en" if language == "nb" else "nb"
    i18n.set_language(other)
    other_date = format_date(TODAY, "long")
    text = text_of(printed.pdf)
    assert expected_title in text and expected_date in text
    assert other_date not in text
    assert i18n.current_language() == other  # printing switched back


def test_the_individual_plan_print_holds_the_required_items(demo_db: Database, person: uuid.UUID,
                                                            english: None) -> None:
    kommune = sign_in(demo_db, "kommune")
    printed = plan_prints.print_individual_plan(demo_db, kommune,
                                                plan_prints.current_individual_plan(demo_db, kommune, person))
    text = text_of(printed.pdf)
    for expected in ("Individual plan", "My goals", "Egen bolig", "Liv Planlegger", "Støtter i hverdagen",
                     "Not recorded", "Søke kommunal bolig", "Koordinator", "Anne Grøthe, coordinator",
                     "Not yet in the plan", "Consent to the plan and to sharing with each participant"):
        assert expected in text, expected
    # The state goal is not linked into the individual plan: it is not printed there.
    assert GOAL not in text


def test_the_kvp_plan_print_holds_the_week_and_the_goal(demo_db: Database, person: uuid.UUID,
                                                        english: None) -> None:
    kommune = sign_in(demo_db, "kommune")
    printed = plan_prints.print_kvp_plan(demo_db, kommune,
                                         plan_prints.current_kvp_programme(demo_db, kommune, person))
    text = text_of(printed.pdf)
    for expected in ("Qualification programme plan (KVP)", "Weekly plan", "Monday", "Friday", "Arbeidstrening",
                     "37.5", KVP_GOAL, SECRET_KVP, "Place and date"):
        assert expected in text, expected
    assert "Butikkmedarbeider" not in text


def test_the_minutes_print_holds_attendees_decisions_and_tasks_but_no_address(
        demo_db: Database, person: uuid.UUID, english: None) -> None:
    kommune = sign_in(demo_db, "kommune")
    plan_id = plan_prints.current_individual_plan(demo_db, kommune, person)
    group = individual_plans.create_ansvarsgruppe(demo_db, kommune, person, AnsvarsgruppeForm(
        "Ansvarsgruppe for Kari", individual_plan_id=plan_id))
    group = individual_plans.add_member(demo_db, kommune, group.group_id, MemberForm(
        "staff", staff_id=kommune.staff_id, role="Koordinator"))
    members = frozenset(member.member_id for member in group.members)
    coordinator = next(m.member_id for m in group.members if m.kind == "staff")
    individual_plans.record_meeting(demo_db, kommune, group.group_id, MeetingForm(
        TODAY, "NAV Gol", members, "Gikk gjennom planen.", "Søke kommunal bolig før sommeren.",
        (TaskForm("Sende boligsøknad", owner_member_id=coordinator, deadline=TODAY + timedelta(days=14)),)))
    printed = plan_prints.print_minutes(demo_db, kommune, plan_prints.latest_meeting(demo_db, kommune, person))
    text = text_of(printed.pdf)
    for expected in ("Minutes of the ansvarsgruppe meeting", "Ansvarsgruppe for Kari", "Anne Grøthe (Koordinator",
                     "Gikk gjennom planen.", "Søke kommunal bolig før sommeren.", "Sende boligsøknad",
                     "Minutes written by Anne Grøthe"):
        assert expected in text, expected
    assert "Storgata" not in text


def test_every_print_is_logged(demo_db: Database, person: uuid.UUID) -> None:
    leder = sign_in(demo_db, "leder")
    plan_prints.print_activity_plan(demo_db, leder, person)
    plan_prints.print_kvp_plan(demo_db, leder, plan_prints.current_kvp_programme(demo_db, leder, person))
    with demo_db.session() as session:
        printed = session.execute(select(AccessLogEntry.what, AccessLogEntry.allowed).where(
            AccessLogEntry.person_id == person, AccessLogEntry.action == "print")).all()
    assert [tuple(row) for row in printed] == [("activity plan", True), ("kvp plan", True)]


def test_a_render_from_plain_data_needs_no_database(english: None) -> None:
    header = pdf.PrintHeader("NAV Hol", "Åse Øvrebø", "01817512345", "", datetime(2025, 3, 14, 10), "Per Skaret")
    activity = pdf.PrintActivity("Measure (tiltak)", "gjennomfores", "In progress (gjennomføres)",
                                 "Arbeidstrening", date(2025, 1, 1), date(2025, 6, 30), True, False, False,
                                 (("Provider (tiltaksarrangør)", "Hallingdal Vekst AS"),), "", "")
    data = pdf.ActivityPlanPrint(header, ("Jeg vil jobbe i reiselivet.",), (activity,) * 40, "", ())
    text = text_of(pdf.render_activity_plan(data))
    assert "Åse Øvrebø, fødselsnummer 018175 12345" in text
    assert "Provider (tiltaksarrangør): Hallingdal Vekst AS" in text
    assert "Page 1 of 3" in text and "Page 3 of 3" in text
