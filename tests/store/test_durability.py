"""Every acknowledged save survives the program being killed: WAL with synchronous=FULL, whole transactions.

A child process saves municipalities (each with its pre-filled service catalogue, one transaction)
through the real service as fast as it can, and reports each number only after the save has returned.
The parent kills it with SIGKILL at a random moment, several times, then checks that every reported
save is there, complete, and that SQLite's integrity check passes.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from navdesk.domain.catalogue import DEFAULT_SERVICES
from navdesk.store.engine import Database

pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL does not exist on Windows"),
]

MIN_ROUNDS, MAX_ROUNDS = 3, 6
TIME_BUDGET = 12.0  # seconds: no new round starts after this, once the minimum is done
FIRST_SAVE_TIMEOUT = 30.0
CHILD = """
import sys, uuid
from datetime import date
from sqlalchemy import func, select
from navdesk.domain.codes import Role
from navdesk.services import org
from navdesk.services.actor import Actor
from navdesk.store.engine import Database
from navdesk.store.models import Municipality

db = Database(sys.argv[1])
actor = Actor(uuid.uuid4(), "admin", "Admin", frozenset({Role.ADMIN}))
with db.session() as session:
    number = int(session.scalar(select(func.max(Municipality.number))) or 999) + 1
while number <= 9999:
    org.create_municipality(db, actor, org.MunicipalityDraft(str(number), f"Kommune {number}"),
                            today=date(2025, 1, 1))
    sys.stdout.write(f"saved {number}\\n")
    sys.stdout.flush()
    number += 1
"""


def _run_and_kill(path: Path, rng: random.Random) -> set[str]:
    """One round: start saving, kill at a random moment after the first save; the numbers it reported."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    reported: list[str] = []
    first = threading.Event()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            # A line cut off by the kill has no newline: it was not a complete acknowledgement.
            if line.endswith(b"\n") and line.startswith(b"saved "):
                reported.append(line.split()[1].decode())
                first.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not first.wait(FIRST_SAVE_TIMEOUT):
            child.kill()
            _, errors = child.communicate(timeout=10)
            pytest.fail(f"the child never saved: {errors.decode(errors='replace')}")
        time.sleep(rng.uniform(0.05, 1.2))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=10)
    reader.join(timeout=10)
    assert child.returncode == -signal.SIGKILL, "the child ended before it was killed"
    return set(reported)


def test_every_reported_save_survives_sigkill(db: Database) -> None:
    path = db.path
    assert path is not None
    db.dispose()
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
    reported: set[str] = set()
    started, rounds = time.monotonic(), 0
    while rounds < MIN_ROUNDS or (rounds < MAX_ROUNDS and time.monotonic() - started < TIME_BUDGET):
        reported |= _run_and_kill(path, rng)
        rounds += 1

    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = {row[0] for row in connection.execute("SELECT number FROM municipality")}
        catalogue_sizes = set(
            connection.execute(
                "SELECT count(service.id) FROM municipality "
                "LEFT JOIN service ON service.municipality_id = municipality.id GROUP BY municipality.id"
            ).fetchall()
        )
    finally:
        connection.close()
    assert len(reported) > rounds, "too few saves to say anything"
    assert reported <= stored, f"acknowledged but lost: {sorted(reported - stored)[:10]}"
    # Saved whole or not at all: no municipality without its catalogue.
    assert catalogue_sizes == {(sum(1 for s in DEFAULT_SERVICES if s.prefill),)}
