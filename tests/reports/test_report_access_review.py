"""The leader's access review: made from the demo region after staff broke the glass, were refused and read
many people's data, read back with pypdf — naming only people the reader may see, and reporting a broken
access log after a row was tampered with. Also `navdesk audit review` on the command line."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from card_people import GOL, HOL, resident, sign_in
from pypdf import PdfReader
from sqlalchemy import select, text

from navdesk import i18n
from navdesk.cli import main
from navdesk.services import consents
from navdesk.services.access_log import WHAT_ACCESS_LOG
from navdesk.services.card import open_card
from navdesk.services.person_guard import Refused
from navdesk.services.reports import make_report
from navdesk.store.engine import Database
from navdesk.store.models import AccessLogEntry, Person, Staff

TODAY = date.today()
PERIOD = f"{TODAY.year:04d}-{TODAY.month:02d}"
GOL_REASON = "Bruker ringte i krise, kontaktveileder er borte og fastlegen trenger svar i dag."
HOL_REASON = "Bruker møtte opp på Gol og trengte nødhjelp straks; vanlig veileder i Hol er syk."


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def name_of(db: Database, person_id: object) -> str:
    with db.session() as session:
        person = session.get_one(Person, person_id)
        return f"{person.first_name} {person.last_name}"


def review(db: Database, language: str | None = None, period: str = PERIOD) -> str:
    return text_of(make_report(db, sign_in(db, "leder"), "access-review", "GOL", period, language))


def forget_the_demo_history(db: Database) -> None:
    """Start the access log afresh: the demo region comes with months of reads, refusals and emergency
    accesses, and these tests count exactly what they do themselves."""
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM access_log"))
        connection.execute(text("DELETE FROM emergency_access"))


def test_the_review_lists_emergency_access_refusals_and_heavy_readers(demo_db: Database, english: None) -> None:
    forget_the_demo_history(demo_db)
    stat = sign_in(demo_db, "stat")
    gol_person, hol_person, hol_other = resident(demo_db, GOL, 3), resident(demo_db, HOL, 1), resident(demo_db, HOL, 2)
    consents.open_emergency_access(demo_db, stat, gol_person, GOL_REASON)
    consents.open_emergency_access(demo_db, stat, hol_person, HOL_REASON)
    open_card(demo_db, stat, hol_person)
    with pytest.raises(Refused):
        open_card(demo_db, stat, hol_other)
    for index in range(4, 26):  # 22 different Gol residents (not the second: stat is conflicted with them)
        open_card(demo_db, stat, resident(demo_db, GOL, index))

    text = review(demo_db)
    emergency = text[text.index("Emergency access"):text.index("Refused attempts")]
    # The leader serves Gol: that person is named, with the reason; the Hol resident is a number, no reason.
    assert "Ola Rud (stat)" in emergency
    assert name_of(demo_db, gol_person) in emergency and GOL_REASON in emergency
    assert "Person 1 Left out: you may not see this person. 1" in emergency  # its card was read once
    assert HOL_REASON not in text and name_of(demo_db, hol_person) not in text
    refused = text[text.index("Refused attempts"):text.index("Unusually many reads")]
    assert "Ola Rud (stat) 1 1" in refused and "Person 2" in refused and "Read: Person card" in refused
    assert name_of(demo_db, hol_other) not in text
    readers = text[text.index("Unusually many reads"):]
    assert "Ola Rud (stat) 23" in readers  # 22 Gol residents and the Hol resident under emergency access
    assert "more than 20 different people" in readers
    assert "The access log is whole" in text
    # Naming a person in the review is a print of their access log, in their own log; the numbered are not.
    with demo_db.session() as session:
        leder = session.scalars(select(Staff.id).where(Staff.login == "leder")).one()
        printed = set(session.scalars(select(AccessLogEntry.person_id).where(
            AccessLogEntry.staff_id == leder, AccessLogEntry.what == WHAT_ACCESS_LOG)))
    assert gol_person in printed and hol_person not in printed and hol_other not in printed


def test_a_tampered_access_log_is_reported_broken(demo_db: Database, english: None) -> None:
    stat = sign_in(demo_db, "stat")
    for index in range(3, 6):
        open_card(demo_db, stat, resident(demo_db, GOL, index))
    assert "The access log is whole" in review(demo_db)
    with demo_db.engine.begin() as connection:
        connection.execute(text("UPDATE access_log SET what = 'card', allowed = NOT allowed WHERE seq = 2"))
    broken = review(demo_db)
    assert "The access log is broken at entry 2: it was changed after it was written." in broken
    assert broken.index("The access log is broken") < broken.index("Emergency access")  # first thing to read


def test_an_empty_month_says_so_in_bokmaal(demo_db: Database) -> None:
    quiet = date(TODAY.year - 1, TODAY.month, 1)  # before the demo region's access log begins
    text = review(demo_db, "nb", f"{quiet.year:04d}-{quiet.month:02d}")
    with i18n.in_language("nb"):
        assert i18n._("Access review") in text
        assert i18n._("No one used emergency access in the period.") in text
        assert i18n.format_date(quiet, "LLLL y") in text


@pytest.fixture
def demo_file(demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NAVDESK_PASSWORD", "demo")
    assert demo_db.path is not None
    return demo_db.path


def test_the_command_line_writes_the_review_for_the_leaders_office(demo_file: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "review.pdf"
    code = main(["--lang", "en", "audit", "review", "--period", PERIOD, "--out", str(out), "--as", "leder",
                 "--db", str(demo_file)])
    assert code == 0, capsys.readouterr().err
    assert "Access review" in text_of(out.read_bytes()) and "NAV Gol og Hemsedal" in text_of(out.read_bytes())


@pytest.mark.parametrize(("extra", "message"), [
    (["--as", "stat"], "Reports are for the office's leaders"),
    ([], "Say who makes the review with --as USER"),
    (["--as", "leder", "--office", "NOPE"], "There is no office with the code NOPE"),
])
def test_the_command_line_refuses_and_writes_nothing(demo_file: Path, tmp_path: Path, extra: list[str],
                                                     message: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "review.pdf"
    code = main(["--lang", "en", "audit", "review", "--period", PERIOD, "--out", str(out), *extra,
                 "--db", str(demo_file)])
    assert code == 1 and not out.exists()
    assert message in capsys.readouterr().err
