"""The demo, backup, restore and check commands, run in-process: exit codes 0 ok, 1 refused, 2 usage."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from navdesk import config
from navdesk.cli import main
from navdesk.store.engine import Database


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def person_count(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT count(*) FROM person").fetchone()[0])
    finally:
        connection.close()


@pytest.fixture
def demo_file(demo_db: Database) -> Path:
    assert demo_db.path is not None
    demo_db.dispose()
    return demo_db.path


def test_demo_creates_and_then_refills_a_demo_region(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = str(tmp_path / "demo.sqlite")
    code, out, err = run(
        capsys, "demo", "--db", target, "--clients", "40", "--seed", "3", "--today", "2025-03-01"
    )
    assert code == 0, err
    assert "Demo region created" in out and "leder" in out
    code, out, _err = run(
        capsys, "--db", target, "demo", "--clients", "40", "--seed", "3", "--today", "2025-03-01"
    )
    assert code == 0 and "refilled" in out
    assert person_count(tmp_path / "demo.sqlite") == 40


def test_demo_refuses_a_real_office(capsys: pytest.CaptureFixture[str], db: Database) -> None:
    assert db.path is not None
    with db.session() as session:
        from navdesk.store.models import Staff

        session.add(Staff(login="kari", name="Kari Nordmann", roles="admin"))
    db.dispose()
    code, out, err = run(capsys, "demo", "--db", str(db.path), "--clients", "5")
    assert code == 1 and out == ""
    assert "real office" in err
    assert person_count(db.path) == 0


@pytest.mark.parametrize(
    "args",
    [
        ["demo", "--clients", "many"],
        ["demo", "--clients", "-1"],
        ["demo", "--today", "1st of May"],
        ["restore"],
        ["backup", "--no-such-option"],
    ],
)
def test_usage_errors_exit_with_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, _out, err = run(capsys, *args)
    assert code == 2
    assert "usage" in err


def test_backup_then_change_then_restore_brings_the_old_content_back(
    capsys: pytest.CaptureFixture[str], demo_file: Path, tmp_path: Path
) -> None:
    saved = tmp_path / "saved.sqlite"
    code, out, err = run(capsys, "backup", "--db", str(demo_file), "--out", str(saved))
    assert code == 0, err
    assert str(saved) in out and saved.exists()
    code, _out, err = run(capsys, "backup", "--db", str(demo_file), "--out", str(saved))
    assert code == 1 and "already exists" in err

    with sqlite3.connect(demo_file) as connection:
        connection.execute("DELETE FROM person WHERE id IN (SELECT id FROM person ORDER BY id LIMIT 150)")
    connection.close()
    assert person_count(demo_file) == 150

    code, out, err = run(capsys, "restore", str(saved), "--db", str(demo_file))
    assert code == 0, err
    assert "Restored" in out and "kept in" in out
    assert person_count(demo_file) == 300
    code, out, _err = run(capsys, "check", "--db", str(demo_file))
    assert code == 0 and "Healthy." in out


def test_backup_without_out_writes_into_the_backup_folder(
    capsys: pytest.CaptureFixture[str], demo_file: Path
) -> None:
    code, out, _err = run(capsys, "backup", "--db", str(demo_file))
    assert code == 0
    written = list(config.backup_dir().glob("navdesk-*.sqlite"))
    assert len(written) == 1 and str(written[0]) in out


def _text_file(folder: Path, _demo: Path) -> Path:
    path = folder / "notes.txt"
    path.write_text("Møtereferat\n" * 100)
    return path


def _foreign_sqlite(folder: Path, _demo: Path) -> Path:
    path = folder / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    return path


def _too_new(folder: Path, demo: Path) -> Path:
    path = Path(shutil.copyfile(demo, folder / "future.sqlite"))
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    connection.close()
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_text_file, "not a SQLite database"),
        (_foreign_sqlite, "not a navdesk database"),
        (_too_new, "newer version"),
    ],
)
def test_restore_refuses_a_bad_file_and_leaves_the_database_unchanged(
    capsys: pytest.CaptureFixture[str], demo_file: Path, tmp_path: Path, make: object, reason: str
) -> None:
    source = make(tmp_path, demo_file)  # type: ignore[operator]
    before = digest(demo_file)
    code, out, err = run(capsys, "restore", str(source), "--db", str(demo_file))
    assert code == 1 and out == ""
    assert reason in err
    assert digest(demo_file) == before
    assert not config.backup_dir().exists() or not any(config.backup_dir().iterdir())


def test_check_reports_a_damaged_database_as_a_problem(
    capsys: pytest.CaptureFixture[str], demo_file: Path, tmp_path: Path
) -> None:
    damaged = Path(shutil.copyfile(demo_file, tmp_path / "damaged.sqlite"))
    with damaged.open("r+b") as handle:
        handle.seek(4096 * 20)
        handle.write(b"\x07" * 4096 * 5)
    code, out, _err = run(capsys, "check", "--db", str(damaged))
    assert code == 1
    assert "Problems found." in out


def test_check_of_a_healthy_database(capsys: pytest.CaptureFixture[str], demo_file: Path) -> None:
    code, out, _err = run(capsys, "--db", str(demo_file), "check")
    assert code == 0
    assert "Integrity: ok" in out and "(current)" in out and "Healthy." in out


def test_backup_and_restore_on_postgresql_point_to_pg_dump(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = "postgresql+psycopg://navdesk@localhost/navdesk"
    code, out, err = run(capsys, "backup", "--db", url, "--out", str(tmp_path / "x.sqlite"))
    assert code == 1 and "pg_dump" in err and out == ""
    code, _out, err = run(capsys, "restore", str(tmp_path / "x.sqlite"), "--db", url)
    assert code == 1 and "pg_restore" in err
    assert not (tmp_path / "x.sqlite").exists()


def test_check_of_an_unreachable_server_is_a_refusal_not_a_crash(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "check", "--db", "postgresql+psycopg://navdesk@127.0.0.1:1/navdesk")
    assert code == 1 and "cannot reach the database server" in err


@pytest.mark.parametrize("make", [_text_file, _foreign_sqlite])
def test_demo_leaves_a_file_of_another_program_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make: object
) -> None:
    target = make(tmp_path, tmp_path)  # type: ignore[operator]
    before = digest(target)
    code, out, err = run(capsys, "demo", "--db", str(target), "--clients", "5")
    assert code == 1 and out == "" and "leaves it alone" in err
    assert digest(target) == before
