"""Shared fixtures: a migrated template database, copied per test so that tests never share state.

With `NAVDESK_TEST_PG` set to a PostgreSQL server URL (e.g.
`postgresql+psycopg://postgres@127.0.0.1:5432/postgres`), every test in `tests/store` and
`tests/services` that uses `db` or `demo_db` runs a second time on that server: the templates are
built there once per session, and each test gets `CREATE DATABASE … TEMPLATE …` of its own.
Tests that are about SQLite itself (files, pragmas, the backup API) carry `@pytest.mark.sqlite_only`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_ENV = "NAVDESK_TEST_PG"
SQLITE, POSTGRESQL = "sqlite", "postgresql"
# Only these folders run twice; the UI and report tests exercise the same services on SQLite.
BOTH_BACKENDS_FOLDERS = {"store", "services"}
DATABASE_FIXTURES = {"db", "demo_db"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: about SQLite itself (files, pragmas, backup API); not run on PostgreSQL"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if not os.environ.get(PG_ENV) or not DATABASE_FIXTURES & set(metafunc.fixturenames):
        return
    if metafunc.definition.get_closest_marker("sqlite_only"):
        return
    tests_dir = Path(__file__).resolve().parent
    try:
        folder = metafunc.definition.path.resolve().relative_to(tests_dir).parts[0]
    except ValueError:
        return
    if folder in BOTH_BACKENDS_FOLDERS:
        metafunc.parametrize("database_backend", [SQLITE, POSTGRESQL], indirect=True)


@pytest.fixture
def database_backend(request: pytest.FixtureRequest) -> str:
    """Which database `db` and `demo_db` are: "sqlite", or "postgresql" in the second run."""
    return str(getattr(request, "param", SQLITE))


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Preferences, logs and backups go to the test's own folder, never the developer's."""
    monkeypatch.setenv("NAVDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("NAVDESK_DB", raising=False)
    from navdesk import i18n

    i18n.set_language("nb")


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from navdesk.services.startup import open_database

    path = tmp_path_factory.mktemp("template") / "empty.sqlite"
    db = open_database(path, backup_dir=path.parent / "backups")
    db.dispose()
    return path


def _copy_database(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    return target


@pytest.fixture
def db(database_backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator:
    """An empty, migrated database of the test's own."""
    from navdesk.store.engine import Database

    if database_backend == POSTGRESQL:
        server: PgServer = request.getfixturevalue("pg_server")
        yield from server.database_from(request.getfixturevalue("pg_empty_template"))
        return
    template: Path = request.getfixturevalue("empty_template")
    database = Database(_copy_database(template, tmp_path / "test.sqlite"))
    yield database
    database.dispose()


@pytest.fixture
def english() -> None:
    """Tests that assert on message text switch to English, whose catalogue is the message ids."""
    from navdesk import i18n

    i18n.set_language("en")


ReadOnly = Callable[[Path], AbstractContextManager[None]]


@pytest.fixture
def read_only() -> ReadOnly:
    """`with read_only(path):` the file cannot be written, as when an administrator made it so.

    Skips the test where that cannot be arranged (root on a file system without the immutable attribute).
    """

    @contextmanager
    def make(path: Path) -> Iterator[None]:
        if os.name != "posix" or os.geteuid() != 0:
            path.chmod(0o444)
            try:
                yield
            finally:
                path.chmod(0o644)
            return
        # Root writes to any file whatever its mode; the immutable attribute stops even root.
        chattr = shutil.which("chattr")
        if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("cannot make a file read-only for root here")
        try:
            yield
        finally:
            subprocess.run([chattr, "-i", str(path)], check=True)

    return make


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo region (300 people, seed 7), built once per test session."""
    from navdesk.services.demo import build_demo
    from navdesk.services.startup import open_database

    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite"
    database = open_database(path, backup_dir=path.parent / "backups")
    build_demo(database, clients=300, seed=7)
    database.dispose()
    return path


@pytest.fixture
def demo_db(database_backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator:
    """The demo region in a database of the test's own.

    Logins leder, stat, kommune, gjeld and admin, password demo (see navdesk/services/demo_staff.py).
    """
    from navdesk.store.engine import Database

    if database_backend == POSTGRESQL:
        server: PgServer = request.getfixturevalue("pg_server")
        yield from server.database_from(request.getfixturevalue("pg_demo_template"))
        return
    template: Path = request.getfixturevalue("demo_template")
    database = Database(_copy_database(template, tmp_path / "demo.sqlite"))
    yield database
    database.dispose()


# --- PostgreSQL -------------------------------------------------------------------------------------


class PgServer:
    """The test server: makes template databases and per-test copies of them, and drops them again."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine

        self.url = url
        self.admin = create_engine(url, isolation_level="AUTOCOMMIT", pool_size=1)
        self.created: list[str] = []

    def _execute(self, sql: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as connection:
            connection.execute(text(sql))

    def url_of(self, name: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def template(self, kind: str, fill: Callable[[str], None]) -> str:
        """A database filled once by `fill(url)`; unique per session, so parallel workers never meet."""
        name = f"navdesk_tpl_{kind}_{uuid.uuid4().hex[:12]}"
        self._execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        fill(self.url_of(name))
        return name

    def database_from(self, template: str) -> Iterator:
        from navdesk.store.engine import Database

        with self.blank(template) as url:
            database = Database(url)
            try:
                yield database
            finally:
                database.dispose()

    @contextmanager
    def blank(self, template: str = "template0") -> Iterator[str]:
        """The URL of a new database (a copy of `template`; without one, empty), dropped afterwards."""
        name = f"navdesk_test_{uuid.uuid4().hex[:16]}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        try:
            yield self.url_of(name)
        finally:
            self._drop(name)

    def _drop(self, name: str) -> None:
        """Drop a test database; a server's autovacuum worker (not ours to stop) may be in it for a moment."""
        from sqlalchemy.exc import ProgrammingError

        for attempt in range(20):
            try:
                self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except ProgrammingError:
                if attempt == 19:
                    raise
                time.sleep(0.25)

    def close(self) -> None:
        for name in reversed(self.created):
            self._drop(name)
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set")
    server = PgServer(url)
    yield server
    server.close()


def _migrated(url: str) -> None:
    from navdesk.services.startup import open_database

    open_database(url).dispose()


def _demo(url: str) -> None:
    from navdesk.services.demo import build_demo
    from navdesk.services.startup import open_database

    database = open_database(url)
    build_demo(database, clients=300, seed=7)
    database.dispose()


@pytest.fixture(scope="session")
def pg_empty_template(pg_server: PgServer) -> str:
    return pg_server.template("empty", _migrated)


@pytest.fixture(scope="session")
def pg_demo_template(pg_server: PgServer) -> str:
    return pg_server.template("demo", _demo)
