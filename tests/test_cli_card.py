"""client show, client access-log and audit verify, run in-process: exit 0 ok, 1 refused or broken, 2 usage."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from card_people import HEMSEDAL, fnr_of, resident

from navdesk.cli import main
from navdesk.store.engine import Database


@pytest.fixture
def demo_file(demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NAVDESK_PASSWORD", "demo")
    assert demo_db.path is not None
    return demo_db.path


@pytest.fixture
def fnr(demo_db: Database) -> str:
    return fnr_of(demo_db, resident(demo_db, HEMSEDAL))


def run(capsys: pytest.CaptureFixture[str], demo_file: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args, "--db", str(demo_file)])
    out, err = capsys.readouterr()
    return code, out, err


def test_client_show_prints_the_card_each_user_may_see(capsys: pytest.CaptureFixture[str], demo_file: Path,
                                                      fnr: str) -> None:
    code, stat, err = run(capsys, demo_file, "client", "show", fnr, "--as", "stat")
    assert code == 0, err
    code, kommune, err = run(capsys, demo_file, "client", "show", fnr, "--as", "kommune")
    assert code == 0, err

    assert "[withheld] Municipal information — no access" in stat and "Arbeidsavklaringspenger (AAP)" in stat
    assert "Økonomisk stønad" not in stat
    assert "[withheld] State information — no access" in kommune and "Økonomisk stønad" in kommune
    assert "Arbeidsavklaringspenger (AAP)" not in kommune
    assert "Ola Rud (stat): Read — Person card — allowed" in kommune  # the first read was logged


def test_client_show_json_parses(capsys: pytest.CaptureFixture[str], demo_file: Path, fnr: str) -> None:
    code, out, err = run(capsys, demo_file, "client", "show", fnr, "--as", "kommune", "--json")
    assert code == 0, err
    card = json.loads(out)
    assert card["header"]["fnr"] == fnr
    assert {case["service_code"] for case in card["municipal"]["items"]} >= {"oko_stonad", "gjeld"}
    assert card["state"]["withheld"][0]["side"] == "state"


def test_a_refused_or_unknown_person_gives_the_same_answer(capsys: pytest.CaptureFixture[str], demo_file: Path,
                                                          fnr: str) -> None:
    code, out, hidden = run(capsys, demo_file, "client", "show", fnr, "--as", "gjeld")
    assert (code, out) == (1, "") and hidden.startswith("You cannot open this card")
    unknown_number = "01817500000"
    code, out, unknown = run(capsys, demo_file, "client", "show", unknown_number, "--as", "gjeld")
    assert (code, out, unknown) == (1, "", hidden)
    code, _out, invalid = run(capsys, demo_file, "client", "show", "12ab", "--as", "gjeld")
    assert code == 1 and "11 digits" in invalid


def test_a_wrong_password_or_none_is_refused(capsys: pytest.CaptureFixture[str], demo_file: Path, fnr: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAVDESK_PASSWORD", "wrong")
    assert run(capsys, demo_file, "client", "show", fnr, "--as", "stat")[0] == 1
    monkeypatch.delenv("NAVDESK_PASSWORD")
    code, _out, err = run(capsys, demo_file, "client", "show", fnr, "--as", "stat")
    assert code == 1 and "NAVDESK_PASSWORD" in err
    assert run(capsys, demo_file, "client", "show", fnr)[0] == 2  # --as is required


def test_audit_verify_names_the_first_altered_entry(capsys: pytest.CaptureFixture[str], demo_file: Path,
                                                   fnr: str) -> None:
    for login in ("stat", "kommune", "leder"):
        assert run(capsys, demo_file, "client", "show", fnr, "--as", login)[0] == 0
    code, out, _err = run(capsys, demo_file, "audit", "verify")
    assert code == 0 and "The access log is whole" in out

    connection = sqlite3.connect(demo_file)
    seq = connection.execute("SELECT max(seq) - 1 FROM access_log").fetchone()[0]
    connection.execute("UPDATE access_log SET staff_login = 'someone' WHERE seq = ?", (seq,))
    connection.commit()
    connection.close()
    code, out, _err = run(capsys, demo_file, "audit", "verify")
    assert code == 1 and f"broken at entry {seq}" in out and "changed after it was written" in out


def test_client_access_log_writes_the_printout_or_nothing(capsys: pytest.CaptureFixture[str], demo_file: Path,
                                                         fnr: str, tmp_path: Path) -> None:
    out_file = tmp_path / "innsyn.pdf"
    code, out, err = run(capsys, demo_file, "client", "access-log", fnr, "--as", "kommune", "--out", str(out_file),
                         "--lang", "nb")
    assert code == 0, err
    assert out_file.read_bytes().startswith(b"%PDF") and str(out_file) in out
    refused = tmp_path / "refused.pdf"
    code, _out, err = run(capsys, demo_file, "client", "access-log", fnr, "--as", "gjeld", "--out", str(refused))
    assert code == 1 and not refused.exists()
