"""The state follow-up report: made from the demo region and read back with pypdf — headings in the chosen
language, figures equal to plain counts judged with the Python access policy, and nothing for a reader
without state authorisation at the office."""

from __future__ import annotations

from datetime import timedelta

from report_checks import DAY, NOW, PERIOD_TEXT, Reader, in_period, reader, scope, staff_actor, text_of
from sqlalchemy import select

from navdesk import i18n
from navdesk.domain.access_types import DataKind
from navdesk.domain.codes import Innsatsgruppe, label
from navdesk.domain.deadlines import RuleBook
from navdesk.i18n import _, format_number
from navdesk.services import report_state
from navdesk.services.deadline_rules import rule_book
from navdesk.services.report_reader import open_reader
from navdesk.services.report_types import ReportKind
from navdesk.services.reports import make_report
from navdesk.store.engine import Database
from navdesk.store.models import InnsatsDecision, Person, ServiceCase


def figures(db: Database, login: str, office: str) -> report_state.pdf.StateReport:
    with db.session() as session:
        return report_state.state_report(open_reader(session, staff_actor(db, login),
                                                     scope(db, ReportKind.STATE, office)))


def test_the_state_report_in_english_has_its_sections(demo_db: Database, english: None) -> None:
    text = text_of(make_report(demo_db, staff_actor(demo_db, "leder"), "state", "GOL", PERIOD_TEXT, "en", now=NOW))
    for heading in ("State follow-up report", "Innsatsgrupper and activity plans", "§14a decisions",
                    "AAP periods ending", "Sick-leave checkpoints"):
        assert heading in text, heading
    assert "Good prospects (standard innsats)" in text and "12 weeks" in text and "22 weeks" in text


def test_the_state_figures_are_the_counts_of_what_the_leader_may_see(demo_db: Database, english: None) -> None:
    check = reader(demo_db, staff_actor(demo_db, "leder"), "GOL")
    followed = check.followed()
    report = figures(demo_db, "leder", "GOL")
    assert report.figures is not None
    with demo_db.session() as session:
        groups = dict(session.execute(select(Person.id, Person.innsatsgruppe)
                                      .where(Person.id.in_(list(followed)))).all())
        decisions = session.execute(select(InnsatsDecision.person_id, InnsatsDecision.decided_on)).all()
        cases = session.execute(select(ServiceCase).where(ServiceCase.side == "state",
                                                          ServiceCase.person_id.in_(list(check.facts)))).scalars().all()
        book = rule_book(session, DAY)

    by_group = {row.label: row.people for row in report.figures.innsats}
    for group in Innsatsgruppe:
        assert by_group[label(group)] == sum(value == group.value for value in groups.values()), group
    assert sum(by_group.values()) > 0
    assert report.figures.decisions[-1].value == sum(
        person in check.facts and in_period(decided) for person, decided in decisions)

    readable = [case for case in cases if case.closed_at is None and case.outcome not in ("avslatt", "avvist")
                and check.may_read(case.person_id, DataKind.CASE, case.side, None, case.service_code,
                                   check.facts[case.person_id].residence_municipality_id)]
    aap = [case for case in readable if case.service_code == "aap"]
    assert report.figures.aap_running == sum(
        case.starts_on is not None and case.starts_on <= DAY and (case.ends_on is None or case.ends_on >= DAY)
        for case in aap)
    assert report.figures.aap_ending[0].value == sum(in_period(case.ends_on) for case in aap)
    assert {item.weeks: item.due for item in report.figures.checkpoints} == checkpoints_due(readable, book, check)

    text = text_of(make_report(demo_db, staff_actor(demo_db, "leder"), "state", "GOL", PERIOD_TEXT, "en", now=NOW))
    standard = by_group[label(Innsatsgruppe.STANDARD)]
    assert f"Good prospects (standard innsats) {format_number(standard)}" in text


def checkpoints_due(cases: list[ServiceCase], book: RuleBook, check: Reader) -> dict[int, int]:
    """Sick-leave checkpoints (weeks after the first day) falling in the period, up to its last day."""
    counts: dict[int, int] = {}
    for case in cases:
        if case.service_code != "sykefravaer" or case.starts_on is None or case.starts_on > DAY:
            continue
        rules = book.rules(check.facts[case.person_id].residence_municipality_id, "sykefravaer")
        for weeks in rules.sick_leave_weeks:
            counts.setdefault(weeks, 0)
            checkpoint = case.starts_on + timedelta(weeks=weeks)
            counts[weeks] += in_period(checkpoint) and checkpoint <= DAY
    return counts


def test_the_state_report_speaks_nynorsk_by_choice(demo_db: Database) -> None:
    text = text_of(make_report(demo_db, staff_actor(demo_db, "leder"), "state", "GOL", PERIOD_TEXT, "nn", now=NOW))
    with i18n.in_language("nn"):
        expected = [_("State follow-up report"), _("Sick-leave checkpoints"), label(Innsatsgruppe.STANDARD)]
    assert all(item in text for item in expected), expected


def test_a_leader_without_state_authorisation_gets_no_state_figures(demo_db: Database, english: None) -> None:
    # Gunnar Tufto leads NAV Hol with municipal authorisation only.
    assert figures(demo_db, "gtufto", "HOL").figures is None
    text = text_of(make_report(demo_db, staff_actor(demo_db, "gtufto"), "state", "HOL", PERIOD_TEXT, "en", now=NOW))
    assert "You may not see state data at this office" in text
    for figure in ("Innsatsgruppe People Share", "Decisions this month", "Receiving AAP", "On sick leave"):
        assert figure not in text
