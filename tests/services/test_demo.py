"""The demo region: deterministic for a seed, realistic, refillable, and never put into a real office."""

from __future__ import annotations

import re
import shutil
import uuid
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from navdesk.domain import fnr
from navdesk.domain.catalogue import DEFAULT_SERVICES
from navdesk.domain.codes import Side
from navdesk.domain.errors import UserError
from navdesk.services import settings
from navdesk.services.demo import DemoSummary, build_demo
from navdesk.services.passwords import verify_password
from navdesk.services.startup import open_database
from navdesk.store.base import Base
from navdesk.store.engine import Database
from navdesk.store.models import (
    HostAgreement,
    Municipality,
    Office,
    Person,
    Service,
    Staff,
    StaffAbsence,
    StaffAuthorisation,
    Team,
    WalkIn,
)
from navdesk.store.search import NAME_ORDER_GAP

TODAY = date(2025, 3, 1)
LAST_MONTH_START, LAST_MONTH_END = date(2025, 2, 1), date(2025, 3, 1)
CLIENTS = 400


def _build(folder: Path, name: str, *, seed: int, clients: int = CLIENTS) -> tuple[Database, DemoSummary]:
    db = open_database(folder / name, backup_dir=folder / "backups")
    return db, build_demo(db, clients=clients, seed=seed, today=TODAY)


def _content(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in a stable order, ids included."""
    content = {}
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            columns = ", ".join(column.name for column in table.columns)
            rows = connection.execute(text(f"SELECT {columns} FROM {table.name} ORDER BY {columns}"))
            content[table.name] = [tuple(row) for row in rows]
    return content


@pytest.fixture(scope="module")
def seed3(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    folder = tmp_path_factory.mktemp("seed3")
    db, summary = _build(folder, "demo.sqlite", seed=3)
    db.dispose()
    return folder / "demo.sqlite", summary


@pytest.fixture
def demo3(seed3: tuple[Path, DemoSummary], tmp_path: Path) -> Any:
    db = Database(shutil.copyfile(seed3[0], tmp_path / "demo3.sqlite"))
    yield db
    db.dispose()


def test_the_same_seed_gives_identical_content_table_by_table(demo3: Database, tmp_path: Path) -> None:
    again, _summary = _build(tmp_path, "again.sqlite", seed=3)
    first, second = _content(demo3), _content(again)
    again.dispose()
    assert first.keys() == second.keys()
    for table in first:
        assert first[table] == second[table], f"table {table} differs"
    assert len(first["person"]) == CLIENTS


def test_another_seed_gives_other_people_and_ids(demo3: Database, tmp_path: Path) -> None:
    other, _summary = _build(tmp_path, "other.sqlite", seed=4)
    first, second = _content(demo3), _content(other)
    other.dispose()
    assert first["person"] != second["person"]
    assert {row[0] for row in first["municipality"]} != {row[0] for row in second["municipality"]}
    # The organisation itself is the same region whatever the seed.
    assert sorted(row[1:3] for row in first["municipality"]) == sorted(
        row[1:3] for row in second["municipality"]
    )


def test_the_five_demo_logins_work_with_the_password_demo_and_others_cannot_log_in(demo3: Database) -> None:
    with demo3.session() as session:
        hashes = dict(session.execute(select(Staff.login, Staff.password_hash)).all())
    for login in ("leder", "stat", "kommune", "gjeld", "admin"):
        assert verify_password(hashes[login], "demo"), login
    assert not verify_password(hashes["leder"], "wrong")
    others = {
        login: value
        for login, value in hashes.items()
        if login not in ("leder", "stat", "kommune", "gjeld", "admin")
    }
    assert len(others) >= 35
    assert all(value == "" for value in others.values())


def test_the_summary_counts_what_was_made(seed3: tuple[Path, DemoSummary], demo3: Database) -> None:
    summary = seed3[1]
    with demo3.session() as session:

        def count(model: Any) -> int:
            return session.scalar(select(func.count()).select_from(model)) or 0

        assert summary == DemoSummary(
            seed=3,
            today=TODAY,
            municipalities=count(Municipality),
            offices=count(Office),
            host_agreements=count(HostAgreement),
            services=count(Service),
            teams=count(Team),
            staff=count(Staff),
            persons=count(Person),
            refilled=False,
        )
        assert settings.get(session, settings.DEMO_KEY) == "1"
    assert settings.is_demo(demo3)


def _municipality_numbers(session: Any) -> dict[uuid.UUID, str]:
    return dict(session.execute(select(Municipality.id, Municipality.number)).all())


def test_hallingdal_municipalities_offices_and_the_office_day_in_hemsedal(demo3: Database) -> None:
    with demo3.session() as session:
        numbers = _municipality_numbers(session)
        names = dict(session.execute(select(Municipality.number, Municipality.name)).all())
        offices = {office.code: office for office in session.scalars(select(Office))}
        served = {
            code: sorted(numbers[m.id] for m in office.municipalities) for code, office in offices.items()
        }
        gol_days = [
            (day.weekday, numbers[day.municipality_id], day.location) for day in offices["GOL"].days_elsewhere
        ]
        all_have_hours = all(office.hours for office in offices.values())
    assert names == {
        "3320": "Flå",
        "3322": "Nesbyen",
        "3324": "Gol",
        "3326": "Hemsedal",
        "3328": "Ål",
        "3330": "Hol",
    }
    assert served == {
        "GOL": ["3324", "3326"],
        "HOL": ["3330"],
        "AAL": ["3328"],
        "NES": ["3322"],
        "FLAA": ["3320"],
    }
    assert all_have_hours
    assert [(weekday, number) for weekday, number, _location in gol_days] == [(1, "3326")]
    assert "Hemsedal" in gol_days[0][2]


def test_gol_is_host_for_hemsedal_and_the_debt_agreement_has_partial_participation(demo3: Database) -> None:
    municipal_codes = {s.code for s in DEFAULT_SERVICES if s.side is Side.MUNICIPAL and s.prefill}
    with demo3.session() as session:
        numbers = _municipality_numbers(session)
        agreements = {
            numbers[agreement.host_municipality_id]: (
                agreement.valid_from,
                agreement.valid_to,
                {(numbers[c.member_municipality_id], c.service_code) for c in agreement.coverage},
            )
            for agreement in session.scalars(select(HostAgreement))
        }
    valid_from, valid_to, coverage = agreements["3324"]
    assert valid_from < TODAY - timedelta(days=2 * 365) and valid_to is None
    assert coverage == {("3326", code) for code in municipal_codes}
    _from, _to, debt = agreements["3328"]
    members = Counter(member for member, _code in debt)
    assert {code for _member, code in debt} <= {"gjeld", "oko_radgivning"}
    assert "3320" not in members  # Flå does not take part
    assert len(set(members.values())) > 1  # one member takes part in fewer services than another


def test_each_catalogue_is_prefilled_and_only_one_municipality_has_the_closed_child_welfare(
    demo3: Database,
) -> None:
    prefilled = {s.code for s in DEFAULT_SERVICES if s.prefill}
    with demo3.session() as session:
        numbers = _municipality_numbers(session)
        catalogue: dict[str, set[str]] = {}
        for service in session.scalars(select(Service)):
            catalogue.setdefault(numbers[service.municipality_id], set()).add(service.code)
        closed = session.scalars(select(Service).where(Service.side == Side.CLOSED.value)).all()
    assert len(catalogue) == 6
    assert all(codes >= prefilled for codes in catalogue.values())
    assert [numbers[service.municipality_id] for service in closed] == ["3330"]


def test_staff_are_split_between_the_state_and_the_municipalities_with_the_right_authorisations(
    demo3: Database,
) -> None:
    with demo3.session() as session:
        numbers = _municipality_numbers(session)
        staff = {member.login: member for member in session.scalars(select(Staff))}

        def authorisations(login: str) -> set[tuple[str, str, str]]:
            return {
                (a.side, numbers.get(a.municipality_id, "") if a.municipality_id else "", a.service_code)
                for a in staff[login].authorisations
            }

        def offices(login: str) -> set[str]:
            return {office.code for office in staff[login].offices}

        employers = Counter(
            "state" if m.employer_municipality_id is None else "municipal"
            for login, m in staff.items()
            if login != "admin"
        )
        assert 18 <= employers["state"] <= 22 and 18 <= employers["municipal"] <= 22
        leder = staff["leder"]
        assert leder.employer_municipality_id is None
        assert set(leder.roles.split(",")) == {"leader", "veileder"} and leder.leader_share_percent == 50
        assert "GOL" in offices("leder")
        assert authorisations("stat") == {("state", "", "")} and "GOL" in offices("stat")
        assert numbers[staff["kommune"].employer_municipality_id] == "3324"
        assert authorisations("kommune") == {("municipal", "3324", "")}
        assert authorisations("gjeld") == {
            ("municipal", "3328", "gjeld"),
            ("municipal", "3328", "oko_radgivning"),
        }
        assert staff["admin"].roles == "admin" and authorisations("admin") == set()
        # Gol employs every municipal employee at the Gol office; none is authorised for Hemsedal directly.
        gol_office_municipal = [
            m
            for m in staff.values()
            if "GOL" in {o.code for o in m.offices}
            and m.employer_municipality_id
            and offices(m.login) == {"GOL"}
        ]
        assert gol_office_municipal
        assert all(numbers[m.employer_municipality_id] == "3324" for m in gol_office_municipal)
        hemsedal_direct = session.scalar(
            select(func.count())
            .select_from(StaffAuthorisation)
            .where(StaffAuthorisation.municipality_id == next(k for k, v in numbers.items() if v == "3326"))
        )
        assert hemsedal_direct == 0


def test_teams_and_absences(demo3: Database) -> None:
    with demo3.session() as session:
        teams = {team.team_type: team for team in session.scalars(select(Team))}
        gjeld = session.scalars(select(Team).where(Team.team_type == "gjeld")).one()
        ungdom = session.scalars(select(Team).where(Team.team_type == "ungdom")).one()
        gjeld_members = {member.login for member in gjeld.members}
        ungdom_offices = {office.code for office in ungdom.offices}
        ungdom_size = len(ungdom.members)
        lead_login = session.get_one(Staff, gjeld.lead_id).login if gjeld.lead_id else None
        absences = session.scalars(select(StaffAbsence)).all()
    current = [a for a in absences if a.starts <= TODAY <= a.ends]
    ended_last_month = [a for a in absences if LAST_MONTH_START <= a.ends < LAST_MONTH_END]
    assert {"mottak", "oppfolging", "ungdom", "gjeld"} <= set(teams)
    assert "gjeld" in gjeld_members and lead_login == "gjeld"
    assert ungdom_offices == {"GOL", "HOL", "AAL", "NES", "FLAA"} and 3 <= ungdom_size <= 5
    assert sorted(a.deputy_id is None for a in current) == [False, True]  # one with a deputy, one without
    # The caseload report for last month has absences that are over now, with and without a deputy, to show.
    assert {a.deputy_id is None for a in ended_last_month} == {False, True}


def test_people_are_synthetic_valid_unique_and_realistically_spread(demo3: Database) -> None:
    with demo3.session() as session:
        numbers = _municipality_numbers(session)
        people = session.execute(
            select(
                Person.id,
                Person.fnr,
                Person.first_name,
                Person.last_name,
                Person.birth_date,
                Person.residence_municipality_id,
                Person.phone,
                Person.created_at,
            )
        ).all()
    assert len(people) == CLIENTS
    assert len({p.fnr for p in people}) == CLIENTS
    for person in people:
        parsed = fnr.parse(person.fnr, allow_synthetic=True, today=TODAY)
        assert parsed.is_synthetic and parsed.birth_date == person.birth_date
        assert date(1950, 1, 1) <= person.birth_date <= date(2008, 12, 31)
        assert person.first_name and person.last_name
        assert person.phone == "" or re.fullmatch(r"[49]\d{7}", person.phone)
        # The history starts on 1 January the year before last; some were registered up to three years before.
        assert datetime(2019, 12, 29) <= person.created_at < datetime(TODAY.year, TODAY.month, TODAY.day)
        assert person.id.version == 7
    with_phone = sum(1 for p in people if p.phone)
    assert 0.75 * CLIENTS < with_phone < CLIENTS
    young_adults = sum(1 for p in people if TODAY.year - p.birth_date.year < 30)
    over_sixty = sum(1 for p in people if TODAY.year - p.birth_date.year >= 60)
    assert young_adults > 2 * over_sixty
    residence = Counter(numbers[p.residence_municipality_id] for p in people)
    assert set(residence) == set(numbers.values())
    assert residence["3320"] < residence["3326"] < residence["3324"]  # Flå < Hemsedal < Gol
    by_creation = sorted(people, key=lambda p: p.created_at)
    assert [p.id for p in by_creation] == sorted(p.id for p in by_creation)  # ids follow registration time
    assert len({p.last_name for p in people}) > 60
    long_term = sum(1 for p in people if p.created_at < datetime(2023, 1, 1))
    assert 0.25 * CLIENTS < long_term < 0.45 * CLIENTS


@pytest.mark.sqlite_only
def test_the_demo_database_has_the_schema_of_a_migrated_one_and_sound_references(demo3: Database,
                                                                                   db: Database) -> None:
    """The builder sets indexes aside while it fills the tables: they must all be back, as they were."""
    query = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    with db.engine.connect() as empty, demo3.engine.connect() as demo:
        assert demo.exec_driver_sql(query).all() == empty.exec_driver_sql(query).all()
        assert demo.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert demo.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        # The people's rowids are spaced in name order, as the search index reads them (migration 0003).
        by_rowid = demo.exec_driver_sql("SELECT rowid, id FROM person ORDER BY rowid").all()
        by_name = demo.exec_driver_sql("SELECT id FROM person ORDER BY last_name, first_name, id").all()
        assert [row[1] for row in by_rowid] == [row[0] for row in by_name]
        assert [row[0] for row in by_rowid] == [rank * NAME_ORDER_GAP for rank in range(1, len(by_rowid) + 1)]
        demo.exec_driver_sql("INSERT INTO person_search(person_search, rank) VALUES ('integrity-check', 1)")


@pytest.mark.sqlite_only
def test_a_broken_reference_fails_the_build_and_later_sessions_check_references_again(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build checks its foreign keys once at the end (not row by row): a broken one must still fail it."""
    from navdesk.services import demo

    def dangling_member(ctx: Any, org: Any) -> None:
        ctx.session.connection().exec_driver_sql(
            "INSERT INTO household_member (id, person_id, relation, first_name, birth_date) "
            f"VALUES ('{uuid.uuid4().hex}', '{uuid.uuid4().hex}', 'child', 'Ola', '2020-01-01')")

    monkeypatch.setattr(demo, "build_walk_ins", dangling_member)
    with pytest.raises(RuntimeError, match="foreign keys"):
        build_demo(db, clients=5, seed=1, today=TODAY)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 0  # rolled back
        assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.fixture
def journal_during_build(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The journal mode the build's connection has while it writes (read by its walk-in builder)."""
    from navdesk.services import demo

    seen: list[str] = []
    real_walk_ins = demo.build_walk_ins

    def watching(ctx: Any, org: Any) -> None:
        seen.append(ctx.session.connection().exec_driver_sql("PRAGMA journal_mode").scalar())
        real_walk_ins(ctx, org)

    monkeypatch.setattr(demo, "build_walk_ins", watching)
    return seen


@pytest.mark.sqlite_only
def test_the_build_writes_without_the_log_and_the_desk_gets_its_log_back(
        db: Database, journal_during_build: list[str]) -> None:
    """The build writes its pages once (rollback journal, not the write-ahead log); afterwards every new
    session works in WAL mode again, with foreign keys checked and the desk's lock wait."""
    build_demo(db, clients=5, seed=1, today=TODAY)
    assert journal_during_build == ["delete"]
    with db.session() as session:
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert session.scalar(select(func.count()).select_from(Person)) == 5


@pytest.mark.sqlite_only
def test_with_another_connection_open_the_build_keeps_the_log(
        db: Database, journal_during_build: list[str]) -> None:
    other = Database(db.path)  # another desk (or the GUI's other thread) with the database open
    try:
        with other.engine.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM person").scalar()
            build_demo(db, clients=5, seed=1, today=TODAY)
            assert connection.exec_driver_sql("SELECT count(*) FROM person").scalar() == 5
    finally:
        other.dispose()
    assert journal_during_build == ["wal"]


def test_building_again_on_a_demo_database_refills_it(demo3: Database) -> None:
    before = _content(demo3)
    summary = build_demo(demo3, clients=CLIENTS, seed=3, today=TODAY)
    assert summary.refilled
    assert _content(demo3) == before
    progress: list[tuple[int, int]] = []
    smaller = build_demo(
        demo3, clients=25, seed=5, today=TODAY, progress=lambda done, total: progress.append((done, total))
    )
    with demo3.session() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 25
        assert session.scalar(select(func.count()).select_from(Municipality)) == 6
    assert smaller.persons == 25 and smaller.refilled
    assert progress[-1] == (25, 25)


def test_a_real_office_is_refused_and_left_unchanged(db: Database, english: None) -> None:
    with db.session() as session:
        session.add(Staff(login="kari", name="Kari Nordmann", roles="admin"))
    progress: list[tuple[int, int]] = []
    with pytest.raises(UserError, match="real office"):
        build_demo(
            db, clients=10, seed=1, today=TODAY, progress=lambda done, total: progress.append((done, total))
        )
    with db.session() as session:
        assert session.scalars(select(Staff.login)).all() == ["kari"]
        assert session.scalar(select(func.count()).select_from(Person)) == 0
        assert session.scalar(select(func.count()).select_from(Municipality)) == 0
        assert settings.get(session, settings.DEMO_KEY) == ""
    assert progress == []


def test_the_fast_demo_insert_stores_exactly_what_sqlalchemy_core_stores(tmp_path: Path) -> None:
    from sqlalchemy import insert

    from navdesk.services.demo_context import DemoContext

    municipality_id = uuid.UUID("018f0000-0000-7000-8000-000000000001")
    office_id = uuid.UUID("018f0000-0000-7000-8000-000000000002")

    def row_id(n: int) -> uuid.UUID:
        return uuid.UUID(int=(0x018F << 112) | (7 << 76) | (2 << 62) | n)

    people = [
        {
            "id": row_id(n),
            "version": 1,
            "fnr": f"0101{n:07d}",
            "first_name": "Åse",
            "last_name": f"Ødegård {n}",
            "birth_date": date(1980, 1, 1) + timedelta(days=n),
            "residence_municipality_id": municipality_id,
            "phone": "" if n % 2 else "41234567",
            "protected_address": n % 3 == 0,
            "created_at": datetime(2024, 5, 17, 8, 30, n, 1000 * n),
            "archived_at": None if n % 2 else datetime(2025, 1, 2, 14),
        }
        for n in range(20)
    ]
    walk_ins = [
        {"id": row_id(100 + n), "office_id": office_id, "municipality_id": None if n % 2 else municipality_id,
         "day": date(2024, 5, 17) + timedelta(days=n), "at": time(10, n), "category": "annet",
         "registered_by_id": None}
        for n in range(10)
    ]
    stored = []
    for name, fast in (("fast.sqlite", True), ("core.sqlite", False)):
        db = open_database(tmp_path / name, backup_dir=tmp_path / "backups")
        with db.session() as session:
            session.add(Municipality(id=municipality_id, number="3324", name="Gol"))
            session.add(Office(id=office_id, code="GOL", name="NAV Gol"))
            session.flush()
            for model, rows in ((Person, people), (WalkIn, walk_ins)):
                if fast:
                    DemoContext(session=session, seed=1, today=TODAY).insert_rows(model, rows)
                else:
                    session.connection().execute(insert(model), rows)
        with db.engine.connect() as connection:
            stored.append([connection.exec_driver_sql(f"SELECT * FROM {table} ORDER BY id").all()
                           for table in ("person", "walk_in")])
        db.dispose()
    assert stored[0] == stored[1] and [len(rows) for rows in stored[0]] == [20, 10]
