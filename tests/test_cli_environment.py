"""The command line meets a read-only, damaged, too new or unreachable database: a message and exit 1, never a
traceback. A bug still shows as one."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from navdesk.cli import main
from navdesk.store import engine

ReadOnly = Callable[[Path], AbstractContextManager[None]]  # the read_only fixture of tests/conftest.py


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def database(empty_template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copyfile(empty_template, tmp_path / "kontor.sqlite"))


def test_a_read_only_database(
    capsys: pytest.CaptureFixture[str], database: Path, read_only: ReadOnly
) -> None:
    with read_only(database):
        code, out, err = run(capsys, "demo", "--db", str(database), "--clients", "5")
    assert code == 1 and out == ""
    assert "read-only" in err and "Traceback" not in err


def test_a_database_from_a_newer_navdesk(capsys: pytest.CaptureFixture[str], database: Path) -> None:
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    connection.close()
    code, _out, err = run(capsys, "demo", "--db", str(database), "--clients", "5")
    assert code == 1 and "newer version of navdesk" in err


def test_a_database_on_a_network_share(
    capsys: pytest.CaptureFixture[str], database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "_mount_fstype", lambda path: "nfs4")
    code, _out, err = run(capsys, "backup", "--db", str(database))
    assert code == 1 and "network share" in err and "PostgreSQL" in err


def test_an_address_no_driver_understands(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "backup", "--db", "nosuchdriver://server/navdesk")
    assert code == 1 and "neither a database file nor a database address" in err


def test_a_bug_is_not_hidden(monkeypatch: pytest.MonkeyPatch, database: Path) -> None:
    from navdesk.services import maintenance

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("a bug in navdesk")

    monkeypatch.setattr(maintenance, "backup", broken)
    with pytest.raises(ValueError, match="a bug in navdesk"):
        main(["backup", "--db", str(database)])
