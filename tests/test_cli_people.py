"""`navdesk import clients FILE.csv [--dry-run]`: exit 0 imported, 1 refused (nothing written), 2 usage."""

from __future__ import annotations

import random
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from navdesk.cli import main
from navdesk.domain.fnr import make_synthetic
from navdesk.store.engine import Database

_rng = random.Random(11)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def people(path: Path) -> int:
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


def csv_file(tmp_path: Path, rows: list[str], *, separator: str = ";", bom: bool = False) -> Path:
    path = tmp_path / "clients.csv"
    header = separator.join(("fodselsnummer", "fornavn", "etternavn", "kommunenummer"))
    path.write_text(("\ufeff" if bom else "") + "\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def row(first: str, separator: str = ";", municipality: str = "3324") -> str:
    return separator.join((make_synthetic(date(1980, 1, 15), _rng), first, "Importsen", municipality))


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row(
    capsys: pytest.CaptureFixture[str], demo_file: Path, tmp_path: Path,
) -> None:
    before = people(demo_file)
    path = csv_file(tmp_path, [row("Ada"), row("Bo"), row("Cecilie", municipality="0000"), row("Dag")])
    code, out, err = run(capsys, "import", "clients", str(path), "--db", str(demo_file))
    assert code == 1 and out == ""
    assert "Nothing was imported: 1 row has problems." in err
    assert "Line 4, kommunenummer: No municipality with number 0000 is set up in navdesk." in err
    assert people(demo_file) == before


@pytest.mark.parametrize(("separator", "bom"), [(";", True), (",", False), (",", True)])
def test_both_separators_with_or_without_a_byte_order_mark(
    capsys: pytest.CaptureFixture[str], demo_file: Path, tmp_path: Path, separator: str, bom: bool,
) -> None:
    before = people(demo_file)
    path = csv_file(tmp_path, [row("Ada", separator), row("Bo", separator)], separator=separator, bom=bom)
    code, out, err = run(capsys, "--db", str(demo_file), "import", "clients", str(path))
    assert (code, err) == (0, "")
    assert "Imported 2 people." in out
    assert people(demo_file) == before + 2


def test_a_dry_run_checks_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], demo_file: Path, tmp_path: Path,
) -> None:
    before = people(demo_file)
    path = csv_file(tmp_path, [row("Ada"), row("Bo"), row("Cim")])
    code, out, _err = run(capsys, "--db", str(demo_file), "import", "clients", str(path), "--dry-run")
    assert code == 0 and "3 people checked" in out and "Nothing was written" in out
    assert people(demo_file) == before


def test_a_missing_file_is_refused_and_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], demo_file: Path, tmp_path: Path,
) -> None:
    code, _out, err = run(capsys, "--db", str(demo_file), "import", "clients", str(tmp_path / "missing.csv"))
    assert code == 1 and "Cannot read" in err
    assert run(capsys, "import", "clients")[0] == 2
    assert run(capsys, "import", "staff", "x.csv")[0] == 2
