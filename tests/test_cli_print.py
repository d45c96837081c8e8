"""print plan|ip|kvp|minutes, run in-process: exit 0 with a PDF written, 1 refused with nothing written, 2 usage."""

from __future__ import annotations

import io
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from card_people import fnr_of, sign_in
from plan_people import municipality, new_person
from pypdf import PdfReader

from navdesk.cli import main
from navdesk.services import activities, individual_plans, kvp, plans
from navdesk.services.plan_types import (
    ActivityForm,
    AnsvarsgruppeForm,
    IndividualPlanForm,
    KvpForm,
    MeetingForm,
    PlanRef,
)
from navdesk.store.engine import Database

TODAY = date.today()


@pytest.fixture
def demo_file(demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NAVDESK_PASSWORD", "demo")
    assert demo_db.path is not None
    return demo_db.path


@pytest.fixture
def person(demo_db: Database) -> uuid.UUID:
    leder, kommune = sign_in(demo_db, "leder"), sign_in(demo_db, "kommune")
    person_id = new_person(demo_db, seed=21)
    gol = municipality(demo_db)
    plans.add_goal(demo_db, leder, person_id, "Jeg vil jobbe i reiselivet.", PlanRef.activity_plan())
    activities.create_activity(demo_db, leder, person_id, ActivityForm(
        "egenaktivitet", "Oppdatere CV", TODAY, TODAY + timedelta(days=7), {"purpose": "Søknader"}))
    programme = kvp.start_kvp(demo_db, kommune, person_id, KvpForm(gol, TODAY, TODAY + timedelta(days=300)))
    activities.create_activity(demo_db, kommune, person_id, ActivityForm(
        "egenaktivitet", "Norskopplæring", TODAY, TODAY + timedelta(days=30), {},
        kvp_programme_id=programme.programme_id))
    plan = individual_plans.create_individual_plan(demo_db, kommune, person_id, IndividualPlanForm(
        gol, TODAY, TODAY + timedelta(days=180), needs="Egen bolig"))
    group = individual_plans.create_ansvarsgruppe(demo_db, kommune, person_id, AnsvarsgruppeForm(
        "Ansvarsgruppe", individual_plan_id=plan.plan_id))
    individual_plans.record_meeting(demo_db, kommune, group.group_id, MeetingForm(
        TODAY, "NAV Gol", frozenset(m.member_id for m in group.members), "Møte om bolig.", "Søke bolig."))
    return person_id


def run(capsys: pytest.CaptureFixture[str], demo_file: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args, "--db", str(demo_file)])
    out, err = capsys.readouterr()
    return code, out, err


def text_of(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize(("kind", "login", "title", "content"), [
    ("plan", "stat", "Activity plan", "Oppdatere CV"),
    ("ip", "kommune", "Individual plan", "Egen bolig"),
    ("kvp", "kommune", "Qualification programme plan (KVP)", "Norskopplæring"),
    ("minutes", "kommune", "Minutes of the ansvarsgruppe meeting", "Møte om bolig."),
])
def test_each_plan_prints_to_a_pdf(capsys: pytest.CaptureFixture[str], demo_db: Database, demo_file: Path,
                                   person: uuid.UUID, tmp_path: Path, kind: str, login: str, title: str,
                                   content: str) -> None:
    out = tmp_path / f"{kind}.pdf"
    code, printed, err = run(capsys, demo_file, "print", kind, fnr_of(demo_db, person), "--as", login,
                             "--out", str(out))
    assert code == 0, err
    assert printed.strip() == f"Written to {out}"
    text = text_of(out)
    assert title in text and content in text


def test_the_kvp_option_and_the_language_are_the_users_choice(capsys: pytest.CaptureFixture[str], demo_db: Database,
                                                              demo_file: Path, person: uuid.UUID,
                                                              tmp_path: Path) -> None:
    out = tmp_path / "only.pdf"
    code, _printed, err = run(capsys, demo_file, "print", "plan", fnr_of(demo_db, person), "--as", "leder",
                              "--kvp", "only", "--lang", "en", "--out", str(out))
    assert code == 0, err
    text = text_of(out)
    assert "Norskopplæring" in text and "Oppdatere CV" not in text


def test_a_refused_print_writes_nothing(capsys: pytest.CaptureFixture[str], demo_db: Database, demo_file: Path,
                                        person: uuid.UUID, tmp_path: Path) -> None:
    fnr = fnr_of(demo_db, person)
    out = tmp_path / "refused.pdf"
    code, printed, err = run(capsys, demo_file, "print", "ip", fnr, "--as", "stat", "--out", str(out))
    assert (code, printed) == (1, "") and err.strip() == "The person has no individual plan that you may print."
    code, _printed, err = run(capsys, demo_file, "print", "plan", fnr, "--as", "gjeld", "--out", str(out))
    assert code == 1 and err.startswith("State information — no access.")
    code, _printed, err = run(capsys, demo_file, "print", "plan", "12345", "--as", "stat", "--out", str(out))
    assert code == 1 and "11 digits" in err
    assert not out.exists()


def test_a_wrong_password_or_a_bad_command_line_is_refused(capsys: pytest.CaptureFixture[str], demo_db: Database,
                                                           demo_file: Path, person: uuid.UUID, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    fnr = fnr_of(demo_db, person)
    out = tmp_path / "plan.pdf"
    code, _printed, _err = run(capsys, demo_file, "print", "budget", fnr, "--as", "stat", "--out", str(out))
    assert code == 2
    code, _printed, _err = run(capsys, demo_file, "print", "plan", fnr, "--as", "stat")
    assert code == 2
    monkeypatch.setenv("NAVDESK_PASSWORD", "not the password")
    code, _printed, err = run(capsys, demo_file, "print", "plan", fnr, "--as", "stat", "--out", str(out))
    assert code == 1 and err
    assert not out.exists()
