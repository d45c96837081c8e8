"""navdesk report KIND, run in-process: exit 0 with the PDF written, 1 refused or bad input with nothing
written, 2 usage."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_checks import PERIOD_TEXT, text_of

from navdesk.cli import main
from navdesk.store.engine import Database


@pytest.fixture
def demo_file(demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NAVDESK_PASSWORD", "demo")
    monkeypatch.delenv("NAVDESK_USER", raising=False)
    assert demo_db.path is not None
    return demo_db.path


def run(capsys: pytest.CaptureFixture[str], demo_file: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args, "--db", str(demo_file)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("kind", "heading"), [
    ("month", "Monthly report"), ("state", "State follow-up report"), ("walkins", "Walk-ins per month"),
    ("caseload", "Caseload"),
])
def test_each_report_is_written_as_a_pdf(capsys: pytest.CaptureFixture[str], demo_file: Path, tmp_path: Path,
                                         kind: str, heading: str) -> None:
    out = tmp_path / f"{kind}.pdf"
    code, printed, err = run(capsys, demo_file, "report", kind, "--office", "GOL", "--period", PERIOD_TEXT,
                             "--out", str(out), "--as", "leder")
    assert (code, err) == (0, "")
    assert printed.strip() == f"Written to {out}"
    text = text_of(out.read_bytes())
    assert heading in text and "NAV Gol og Hemsedal" in text and "by Ingrid Haugen" in text


def test_the_report_language_is_its_own_option(capsys: pytest.CaptureFixture[str], demo_file: Path,
                                               tmp_path: Path) -> None:
    out = tmp_path / "walkins.pdf"
    code, printed, _err = run(capsys, demo_file, "report", "walkins", "--office", "GOL", "--period", PERIOD_TEXT,
                              "--lang", "nb", "--out", str(out), "--as", "leder")
    assert code == 0 and printed.startswith("Written to")  # the program speaks English, the report bokmål
    assert "Side 1 av" in text_of(out.read_bytes())


def test_the_login_can_come_from_the_environment(capsys: pytest.CaptureFixture[str], demo_file: Path,
                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAVDESK_USER", "leder")
    out = tmp_path / "month.pdf"
    code, _out, err = run(capsys, demo_file, "report", "month", "--office", "GOL", "--period", PERIOD_TEXT,
                          "--out", str(out))
    assert (code, err) == (0, "") and out.exists()


@pytest.mark.parametrize(("args", "message"), [
    (("--office", "GOL", "--period", PERIOD_TEXT, "--as", "stat"), "Reports are for the office's leaders"),
    (("--office", "HOL", "--period", PERIOD_TEXT, "--as", "leder"), "only for the offices you lead"),
    (("--office", "OSLO", "--period", PERIOD_TEXT, "--as", "leder"), "There is no office with the code OSLO."),
    (("--office", "GOL", "--period", "2025-13", "--as", "leder"), "Write the month as YYYY-MM"),
    (("--office", "GOL", "--period", "2999-01", "--as", "leder"), "The period has not begun yet."),
    (("--office", "GOL", "--period", PERIOD_TEXT, "--as", "nobody"), "Wrong"),
])
def test_refused_orders_write_nothing(capsys: pytest.CaptureFixture[str], demo_file: Path, tmp_path: Path,
                                      args: tuple[str, ...], message: str) -> None:
    out = tmp_path / "report.pdf"
    code, printed, err = run(capsys, demo_file, "report", "month", *args, "--out", str(out))
    assert code == 1 and printed == ""
    assert message in err
    assert not out.exists()


def test_usage_errors_exit_with_2(capsys: pytest.CaptureFixture[str], demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    assert run(capsys, demo_file, "report", "weekly", "--office", "GOL", "--period", PERIOD_TEXT, "--out",
               str(out), "--as", "leder")[0] == 2
    code, _out, err = run(capsys, demo_file, "report", "month", "--office", "GOL", "--period", PERIOD_TEXT,
                          "--out", str(out))
    assert code == 2 and "--as USER" in err
    assert not out.exists()
