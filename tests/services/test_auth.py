"""Signing in, lockout, the idle lock, password changes, demo logins and the first-start set-up."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from navdesk.domain.catalogue import DEFAULT_SERVICES
from navdesk.domain.codes import Role
from navdesk.domain.errors import NotAllowed, ValidationFailed
from navdesk.services import auth, settings
from navdesk.services.auth import FirstStartForm, LoginRefused, MunicipalityEntry
from navdesk.services.passwords import hash_password, verify_password
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Office, Service, Staff

NOW = datetime(2025, 3, 10, 9, 0)
PASSWORD = "riktig-passord"


def add_staff(db: Database, login: str = "kari", *, active: bool = True, must_change: bool = False,
              roles: str = "veileder") -> Staff:
    with db.session() as session:
        staff = Staff(login=login, name="Kari Nordmann", roles=roles, active=active,
                      password_hash=hash_password(PASSWORD), must_change_password=must_change)
        session.add(staff)
    return staff


def stored(db: Database, login: str = "kari") -> Staff:
    with db.session() as session:
        return session.scalars(select(Staff).where(Staff.login == login)).one()


def fail(db: Database, times: int, *, at: datetime = NOW, login: str = "kari") -> list[str]:
    messages = []
    for _ in range(times):
        with pytest.raises(LoginRefused) as refused:
            auth.authenticate(db, login, "feil", now=at)
        messages.append(refused.value.message)
    return messages


def test_the_right_password_signs_in_and_records_the_login(db: Database) -> None:
    add_staff(db, roles="leader,veileder")
    actor = auth.authenticate(db, "  Kari ", PASSWORD, now=NOW)
    assert actor.login == "kari"
    assert actor.roles == frozenset({Role.LEADER, Role.VEILEDER})
    assert not actor.must_change_password
    assert stored(db).last_login == NOW


@pytest.mark.parametrize(
    ("failures", "minutes_later", "signs_in"),
    [
        (4, 0, True),  # four failures still leave the account open
        (5, 0, False),  # the fifth locks it
        (5, 14, False),  # still locked just before the quarter hour is over
        (5, 15, True),  # open again after 15 minutes
        (7, 0, False),  # attempts while locked are refused too
    ],
)
def test_lockout_after_five_failures(
    db: Database, english: None, failures: int, minutes_later: int, signs_in: bool
) -> None:
    add_staff(db)
    fail(db, failures)
    later = NOW + timedelta(minutes=minutes_later)
    if signs_in:
        auth.authenticate(db, "kari", PASSWORD, now=later)
        assert stored(db).failed_logins == 0
        assert stored(db).locked_until is None
    else:
        with pytest.raises(LoginRefused, match="locked until"):
            auth.authenticate(db, "kari", PASSWORD, now=later)


def test_failures_are_counted_and_the_fifth_says_until_when(db: Database, english: None) -> None:
    add_staff(db)
    messages = fail(db, 5)
    assert messages[:4] == ["Wrong user name or password."] * 4
    assert "locked until" in messages[4]
    assert "09:15" in messages[4]
    assert stored(db).locked_until == NOW + timedelta(minutes=15)


def test_a_success_resets_the_count_so_failures_must_be_consecutive(db: Database) -> None:
    add_staff(db)
    fail(db, 4)
    auth.authenticate(db, "kari", PASSWORD, now=NOW)
    fail(db, 4)
    assert auth.authenticate(db, "kari", PASSWORD, now=NOW).login == "kari"


def test_after_the_lock_expires_five_new_failures_are_needed(db: Database) -> None:
    add_staff(db)
    fail(db, 5)
    later = NOW + timedelta(minutes=16)
    fail(db, 4, at=later)
    assert auth.authenticate(db, "kari", PASSWORD, now=later).login == "kari"


def test_login_bookkeeping_does_not_make_an_open_staff_form_stale(db: Database) -> None:
    add_staff(db)
    version = stored(db).version
    fail(db, 2)
    auth.authenticate(db, "kari", PASSWORD, now=NOW)
    assert stored(db).version == version


def test_an_unknown_login_gets_the_same_message_as_a_wrong_password(db: Database) -> None:
    add_staff(db)
    with pytest.raises(LoginRefused) as unknown:
        auth.authenticate(db, "ola", PASSWORD, now=NOW)
    with pytest.raises(LoginRefused) as wrong:
        auth.authenticate(db, "kari", "feil", now=NOW)
    assert unknown.value.message == wrong.value.message


def test_inactive_staff_are_refused_even_with_the_right_password(db: Database, english: None) -> None:
    add_staff(db, active=False)
    with pytest.raises(LoginRefused, match="deactivated"):
        auth.authenticate(db, "kari", PASSWORD, now=NOW)
    assert stored(db).last_login is None


def test_must_change_password_is_reported(db: Database) -> None:
    add_staff(db, must_change=True)
    assert auth.authenticate(db, "kari", PASSWORD, now=NOW).must_change_password


def test_change_password_rules(db: Database, english: None) -> None:
    add_staff(db, must_change=True)
    actor = auth.authenticate(db, "kari", PASSWORD, now=NOW)

    with pytest.raises(ValidationFailed) as bad:
        auth.change_password(db, actor, "feil", "kort", "kort", now=NOW)
    assert set(bad.value.errors) == {"old", "new"}
    assert stored(db).failed_logins == 1  # a wrong current password counts as a failure

    with pytest.raises(ValidationFailed) as mismatch:
        auth.change_password(db, actor, PASSWORD, "et-nytt-passord", "et-annet-passord", now=NOW)
    assert set(mismatch.value.errors) == {"repeated"}

    with pytest.raises(ValidationFailed) as same:
        auth.change_password(db, actor, PASSWORD, PASSWORD, PASSWORD, now=NOW)
    assert set(same.value.errors) == {"new"}

    with pytest.raises(ValidationFailed) as as_login:
        auth.change_password(db, actor, PASSWORD, "kari", "kari", now=NOW)
    assert set(as_login.value.errors) == {"new"}

    auth.change_password(db, actor, PASSWORD, "et-nytt-passord", "et-nytt-passord", now=NOW)
    staff = stored(db)
    assert verify_password(staff.password_hash, "et-nytt-passord")
    assert not staff.must_change_password
    assert not auth.authenticate(db, "kari", "et-nytt-passord", now=NOW).must_change_password


def test_wrong_current_passwords_lock_the_account_too(db: Database) -> None:
    add_staff(db)
    actor = auth.authenticate(db, "kari", PASSWORD, now=NOW)
    for _ in range(5):
        with pytest.raises(ValidationFailed):
            auth.change_password(db, actor, "feil", "et-nytt-passord", "et-nytt-passord", now=NOW)
    with pytest.raises(LoginRefused):
        auth.authenticate(db, "kari", PASSWORD, now=NOW)


def test_unlock_needs_the_right_password_and_counts_failures(db: Database, english: None) -> None:
    add_staff(db)
    actor = auth.authenticate(db, "kari", PASSWORD, now=NOW)
    with pytest.raises(LoginRefused, match="Wrong password"):
        auth.unlock(db, actor, "feil", now=NOW)
    auth.unlock(db, actor, PASSWORD, now=NOW)
    assert stored(db).failed_logins == 0

    for _ in range(5):
        with pytest.raises(LoginRefused):
            auth.unlock(db, actor, "feil", now=NOW)
    with pytest.raises(LoginRefused, match="locked until"):
        auth.unlock(db, actor, PASSWORD, now=NOW)
    auth.unlock(db, actor, PASSWORD, now=NOW + timedelta(minutes=15))


def test_demo_logins_only_on_a_demo_database(db: Database) -> None:
    for login in ("leder", "stat", "admin"):
        add_staff(db, login)
    assert auth.demo_logins(db) == []
    with db.session() as session:
        settings.put(session, settings.DEMO_KEY, "1")
    listed = auth.demo_logins(db)
    assert [d.login for d in listed] == ["leder", "stat", "admin"]
    assert all(d.description for d in listed)


def first_start_form(**changes: object) -> FirstStartForm:
    form = FirstStartForm(
        office_code="gol",
        office_name="NAV Gol",
        municipalities=(MunicipalityEntry("3324", "Gol"), MunicipalityEntry("3326", "Hemsedal")),
        login="Anne",
        name="Anne Admin",
        password="sikkert-passord",
        repeated="sikkert-passord",
    )
    return replace(form, **changes)


def count(db: Database, model: type) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_first_start_creates_the_office_its_municipalities_and_the_administrator(db: Database) -> None:
    admin = auth.first_start(db, first_start_form(), today=date(2025, 1, 6))
    assert admin.roles == frozenset({Role.ADMIN})
    with db.session() as session:
        office = session.scalars(select(Office)).one()
        assert office.code == "GOL"
        assert sorted(m.number for m in office.municipalities) == ["3324", "3326"]
        staff = session.scalars(select(Staff)).one()
        assert (staff.login, staff.employer_municipality_id, staff.roles) == ("anne", None, "admin")
        assert [o.code for o in staff.offices] == ["GOL"]
        services = session.scalars(select(Service)).all()
    expected = {s.code for s in DEFAULT_SERVICES if s.prefill}
    assert {s.code for s in services} == expected
    assert len(services) == 2 * len(expected)
    assert {s.valid_from for s in services} == {date(2025, 1, 6)}
    assert auth.authenticate(db, "anne", "sikkert-passord").login == "anne"


def test_first_start_is_refused_once_anyone_can_sign_in(db: Database) -> None:
    auth.first_start(db, first_start_form())
    with pytest.raises(NotAllowed):
        auth.first_start(db, first_start_form(office_code="HOL", login="per"))
    assert count(db, Office) == 1


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"office_code": "g", "office_name": " "}, {"office_code", "office_name"}),
        ({"municipalities": ()}, {"municipalities"}),
        ({"municipalities": (MunicipalityEntry("33", ""),)}, {"municipality_number_0", "municipality_name_0"}),
        (
            {"municipalities": (MunicipalityEntry("3324", "Gol"), MunicipalityEntry("3324", "Gol igjen"))},
            {"municipality_number_1"},
        ),
        (  # a blank row is skipped, and the error names the row the user sees
            {"municipalities": (MunicipalityEntry("3324", "Gol"), MunicipalityEntry(" ", ""),
                                MunicipalityEntry("99", "Feil"))},
            {"municipality_number_2"},
        ),
        ({"login": "1x", "name": ""}, {"login", "name"}),
        ({"password": "kort", "repeated": "kort"}, {"password"}),
        ({"repeated": "noe-annet-helt"}, {"repeated"}),
    ],
)
def test_first_start_reports_every_bad_field_and_writes_nothing(
    db: Database, changes: dict[str, object], fields: set[str]
) -> None:
    with pytest.raises(ValidationFailed) as failed:
        auth.first_start(db, first_start_form(**changes))
    assert set(failed.value.errors) == fields
    assert (count(db, Staff), count(db, Office), count(db, Municipality), count(db, Service)) == (0, 0, 0, 0)


def test_idle_lock_minutes_are_set_by_administrators_only(db: Database) -> None:
    add_staff(db, "admin", roles="admin")
    add_staff(db, "leder", roles="leader")
    admin = auth.authenticate(db, "admin", PASSWORD)
    leader = auth.authenticate(db, "leder", PASSWORD)
    with pytest.raises(NotAllowed):
        auth.set_idle_lock_minutes(db, leader, 30)
    for bad in (0, 241):
        with pytest.raises(ValidationFailed):
            auth.set_idle_lock_minutes(db, admin, bad)
    auth.set_idle_lock_minutes(db, admin, 30)
    assert settings.idle_lock_minutes(db) == 30
