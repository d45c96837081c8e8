"""`make bench`: build the 100,000-person demo once, measure each budget of DESIGN §6 several times.

Prints a table (median, p95, budget) and writes the same to bench/results.json. Budgets are compared
with p95; start-up is compared as the ratio to a bare PySide6 window measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from bench.stats import Measurement, summarise, timed_ms

HERE = Path(__file__).resolve().parent
DEFAULT_DB = HERE / "bench.sqlite"
RESULTS = HERE / "results.json"


def build(db_path: Path, clients: int, reuse: bool) -> Measurement | None:
    from navdesk.services.demo import build_demo
    from navdesk.services.startup import open_database

    if reuse and db_path.exists():
        return None
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    db = open_database(db_path, backup_dir=HERE / "backups")
    started = time.perf_counter()
    build_demo(db, clients=clients, seed=1)
    seconds = time.perf_counter() - started
    db.dispose()
    return summarise(f"build the {clients:,}-person demo", "s", [seconds], 60.0)


def _probe(*args: str) -> tuple[float, list[str]]:
    # NAVDESK_DATA_DIR is the bench's own (see main): the probe's backups never touch the user's folder.
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "bench.gui_probe", *args], stdout=subprocess.PIPE,
                               text=True, env=env, cwd=HERE.parent)
    assert process.stdout is not None
    first = process.stdout.readline()
    elapsed = (time.perf_counter() - started) * 1000
    rest = process.stdout.read().splitlines()
    process.wait(timeout=300)
    if first.strip() != "ready":
        raise RuntimeError(f"probe {args} did not start: {first!r}")
    return elapsed, rest


def startup_and_memory(db_path: Path, runs: int) -> list[Measurement]:
    _probe("bare")
    _probe("navdesk", str(db_path))  # warm-up: also makes the day's backup, so no run measures one
    bare, full, sign_in, peaks = [], [], [], []
    for _ in range(runs):
        bare.append(_probe("bare")[0])
        elapsed, rest = _probe("navdesk", str(db_path))
        full.append(elapsed)
        after = json.loads(rest[-1])
        sign_in.append(after["sign_in_ms"])
        peaks.append(after["peak_mb"])
    bare_m = summarise("bare PySide6 window (yardstick)", "ms", bare, None)
    full_m = summarise("cold start to the login window, taking input", "ms", full, None)
    ratio = Measurement("start-up ratio navdesk / bare window", "x", full_m.median / bare_m.median,
                        full_m.p95 / bare_m.p95, 2.5, runs)
    signed_in = summarise("sign in (Enter) to the main window (argon2id included)", "ms", sign_in, None)
    memory = summarise("GUI peak memory after searching and opening cards", "MB", peaks, 350.0)
    return [bare_m, full_m, ratio, signed_in, memory]


def _actors(db):  # type: ignore[no-untyped-def]
    from navdesk.services import auth

    return {login: auth.authenticate(db, login, "demo") for login in ("stat", "kommune", "leder")}


def search(db, runs: int) -> Measurement:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from navdesk.services import search as people_search
    from navdesk.store.models import Person
    from navdesk.ui.people.people_model import PAGE_SIZE

    rng = random.Random(5)
    with db.session() as session:
        # Drawn from everyone (in a fixed order, for the seed): a plain LIMIT would let SQLite read a name
        # index and hand back only the alphabetically first names (two prefixes matching 1,200-1,850 people).
        people = session.execute(select(Person.last_name, Person.fnr).order_by(Person.id)).all()
    names, numbers = [row[0] for row in people], [row[1] for row in people]
    queries = [rng.choice(names)[: rng.randint(2, 5)] for _ in range(runs)]
    queries += [rng.choice(numbers)[:6] for _ in range(runs // 4)]
    times: list[float] = []
    for actor in _actors(db).values():
        for query in queries:
            def step(q: str = query, who=actor) -> None:  # type: ignore[no-untyped-def]
                # What the People view asks for on each keystroke: the ids and the rows of the first page.
                people_search.search_people(db, who, q, first_page=PAGE_SIZE)

            times.append(timed_ms(step))
    return summarise("search as you type (query to first page of rows)", "ms", times, 16.0)


def open_cards(db, runs: int) -> Measurement:  # type: ignore[no-untyped-def]
    from navdesk.services import card
    from navdesk.services import search as people_search

    rng = random.Random(6)
    times: list[float] = []
    for actor in _actors(db).values():
        candidates: list = []
        for prefix in ("an", "be", "ha", "jo", "ma", "ni", "ol", "sa", "ka", "li"):
            candidates += people_search.search_people(db, actor, prefix, limit=200).ids
        for person_id in rng.sample(candidates, min(runs, len(candidates))):
            times.append(timed_ms(lambda p=person_id, a=actor: card.open_card(db, a, p)))
    return summarise("open a person's card", "ms", times, 50.0)


def import_rows(rows: int) -> Measurement:
    import tempfile

    from navdesk.domain.fnr import make_synthetic
    from navdesk.services.demo import build_demo
    from navdesk.services.import_clients import import_clients
    from navdesk.services.startup import open_database

    rng = random.Random(9)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "import.sqlite", backup_dir=Path(tmp) / "backups")
        build_demo(db, clients=0, seed=1)
        csv = Path(tmp) / "people.csv"
        seen: set[str] = set()
        lines = ["fodselsnummer;fornavn;etternavn;kommunenummer"]
        while len(lines) <= rows:
            birth = datetime(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28)).date()
            number = make_synthetic(birth, rng)
            if number not in seen:
                seen.add(number)
                lines.append(f"{number};Kari;Nordmann;{rng.choice(['3320', '3322', '3324', '3326', '3328', '3330'])}")
        csv.write_text("\n".join(lines), encoding="utf-8")
        started = time.perf_counter()
        result = import_clients(db, csv)
        seconds = time.perf_counter() - started
        db.dispose()
    assert result.imported == rows, result
    return summarise(f"import {rows:,} CSV rows", "s", [seconds], None)


def _worklist_measurements(db, runs: int) -> list[Measurement]:  # type: ignore[no-untyped-def]
    try:
        from bench.worklist_bench import measure
    except ImportError:
        return []
    result: list[Measurement] = measure(db, runs)
    return result


def _report_measurements(db, runs: int) -> list[Measurement]:  # type: ignore[no-untyped-def]
    try:
        from bench.report_bench import measure
    except ImportError:
        return []
    result: list[Measurement] = measure(db, runs)
    return result


def print_table(results: list[Measurement]) -> None:
    header = f"{'measurement':<58} {'median':>10} {'p95':>10} {'budget':>9}  ok"
    print(header)
    print("-" * len(header))
    for m in results:
        budget = "" if m.budget is None else f"{m.budget:g} {m.unit}"
        ok = {None: "", True: "yes", False: "NO"}[m.within_budget]
        print(f"{m.name:<58} {m.median:>7.1f} {m.unit:<2} {m.p95:>7.1f} {m.unit:<2} {budget:>9}  {ok}")


def main() -> int:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database")
    args = parser.parse_args()
    os.environ.setdefault("NAVDESK_DATA_DIR", str(HERE / "data"))

    from navdesk.store.engine import Database

    results: list[Measurement] = []
    built = build(args.db, args.clients, args.reuse)
    if built:
        results.append(built)
    db = Database(args.db)
    steps: list[Callable[[], list[Measurement]]] = [
        lambda: [search(db, args.runs)],
        lambda: [open_cards(db, args.runs)],
        lambda: _worklist_measurements(db, args.runs),
        lambda: _report_measurements(db, max(3, args.runs // 10)),
        lambda: [import_rows(10_000)],
        lambda: startup_and_memory(args.db, max(3, args.runs // 8)),
    ]
    for step in steps:
        results.extend(step())
    db.dispose()
    print_table(results)
    RESULTS.write_text(json.dumps({
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "system": platform.platform(), "cpus": os.cpu_count()},
        "clients": args.clients,
        "results": [m.as_dict() for m in results],
    }, indent=2), encoding="utf-8")
    print(f"\nwritten to {RESULTS}")
    return 0 if all(m.within_budget is not False for m in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
