""""Who has looked at my data": rendered, read back with pypdf, in nb and en, leaking nothing withheld."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from card_people import HEMSEDAL, closed_area_person, resident, sign_in, staff_actor
from pypdf import PdfReader
from sqlalchemy import select, update

from navdesk import i18n
from navdesk.domain.errors import NotAllowed
from navdesk.reports.access_log_report import AccessEntry, AccessLogReport, render
from navdesk.services import consents
from navdesk.services.access_report import access_log_pdf
from navdesk.services.card import open_card
from navdesk.store.engine import Database
from navdesk.store.models import AccessLogEntry, JournalNote, Person

PRINTED = datetime(2025, 3, 14, 10, 30)


def text_of(pdf: bytes) -> str:
    """The PDF's text with each run of white space as one space (table cells wrap their lines)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def sample(entries: int) -> AccessLogReport:
    return AccessLogReport(
        office="NAV Gol og Hemsedal",
        person_name="Åse Øvrebø-Łukasiewicz",
        fnr="01817512345",
        printed_at=PRINTED,
        entries=tuple(
            AccessEntry(PRINTED - timedelta(hours=index), f"Veileder {index} (v{index})", "Read", "Person card",
                        index % 5 != 0, "State authorisation" if index % 5 else "Not authorised",
                        "Bruker i krise" if index == 3 else "")
            for index in range(entries)
        ),
    )


def test_the_printout_in_english_lists_every_entry_on_numbered_pages(english: None) -> None:
    pdf = render(sample(80))
    text = text_of(pdf)
    pages = page_count(pdf)
    assert pages >= 2
    assert "Who has looked at my data" in text and "80 entries" in text
    assert "Veileder 0 (v0)" in text and "Veileder 79 (v79)" in text
    assert "Reason given: Bruker i krise" in text and "Refused: Not authorised" in text
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "Printed 14 March 2025" in text and "NAV Gol og Hemsedal" in text
    # Letters the built-in font lacks lose their accent instead of turning into boxes.
    assert "Åse Øvrebø-Lukasiewicz" in text


def test_the_printout_in_bokmaal_uses_the_norwegian_words_and_dates() -> None:
    i18n.set_language("nb")
    text = text_of(render(sample(3)))
    assert i18n._("Who has looked at my data") in text
    assert "14. mars 2025" in text
    assert i18n._("Page {page} of {pages}").format(page=1, pages=1) in text


def test_an_empty_log_says_so(english: None) -> None:
    assert "No one has looked at your information yet." in text_of(render(sample(0)))


def test_printing_from_the_card_lists_the_lookers_logs_the_print_and_leaks_nothing(demo_db: Database,
                                                                                 english: None) -> None:
    person = resident(demo_db, HEMSEDAL)
    with demo_db.session() as session:
        session.execute(update(Person).where(Person.id == person).values(
            protected_address=True, address_line="Hemmelig vei 7"))
        municipal_titles = set(session.scalars(select(JournalNote.title).where(
            JournalNote.person_id == person, JournalNote.side == "municipal")))
    open_card(demo_db, sign_in(demo_db, "kommune"), person)
    with pytest.raises(NotAllowed):
        open_card(demo_db, sign_in(demo_db, "admin"), person)

    stat = sign_in(demo_db, "stat")
    text = text_of(access_log_pdf(demo_db, stat, person, language="en"))
    assert "Anne Grøthe (kommune)" in text and "Heidi Skoglund (admin)" in text
    assert "Access log printout" in text and "Refused: Administrator: no person data" in text
    assert "Hemmelig vei" not in text
    state_titles = {note.title for note in open_card(demo_db, stat, person).journal.items}
    assert not any(title in text for title in municipal_titles - state_titles)
    with demo_db.session() as session:
        last = session.scalars(select(AccessLogEntry).where(AccessLogEntry.action == "print")
                               .order_by(AccessLogEntry.seq.desc()).limit(1)).one()
    assert (last.staff_login, last.person_id, last.allowed) == ("stat", person, True)


def test_the_printout_does_not_tell_that_a_closed_area_exists(demo_db: Database, english: None) -> None:
    person = closed_area_person(demo_db)
    open_card(demo_db, staff_actor(demo_db, "rulsaker"), person)
    text = text_of(access_log_pdf(demo_db, staff_actor(demo_db, "blunde"), person, language="nb"))
    assert "Ragnhild Ulsaker (rulsaker)" in text
    assert "closed" not in text.lower() and "lukket" not in text.lower()
    assert i18n.current_language() == "en"  # the printout's language was only borrowed


def test_emergency_access_is_not_enough_to_print(demo_db: Database, english: None) -> None:
    person = resident(demo_db, HEMSEDAL)
    gjeld = sign_in(demo_db, "gjeld")
    consents.open_emergency_access(demo_db, gjeld, person, "Akutt situasjon, trenger oversikt nå")
    with pytest.raises(NotAllowed):
        access_log_pdf(demo_db, gjeld, person)
