"""demo, backup, restore, check: the administrator's commands. They parse and print; services do the work."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from navdesk.cli_commands import add_db_option, db_target
from navdesk.i18n import _, format_number

if TYPE_CHECKING:
    from navdesk.services.maintenance import CheckReport

EXIT_OK, EXIT_PROBLEMS = 0, 1


def register(commands: Any) -> None:
    demo = commands.add_parser(
        "demo",
        help=_("create (or refill) the demo region"),
        description=_("Create the Hallingdal demo region in an empty database, or refill a demo database. "
                      "A database with a real office is refused."),
    )
    add_db_option(demo)
    demo.add_argument("--clients", type=_client_count, metavar="N",
                      help=_("number of people (default 2000)"))
    demo.add_argument("--seed", type=int, default=1, metavar="S",
                      help=_("random seed: the same seed and day give the same content (default 1)"))
    demo.add_argument("--today", type=_iso_date, metavar="YYYY-MM-DD",
                      help=_("the day the demo is built for (default: today)"))
    demo.set_defaults(handler=_demo)

    backup = commands.add_parser("backup", help=_("copy the database to a backup file"))
    add_db_option(backup)
    backup.add_argument("--out", type=Path, metavar="FILE",
                        help=_("the backup file (default: a time-stamped file in the backup folder)"))
    backup.set_defaults(handler=_backup)

    restore = commands.add_parser("restore", help=_("replace the database with a navdesk backup"),
                                  description=_("Replace the database with a navdesk backup. The current "
                                                "database is backed up first."))
    add_db_option(restore)
    restore.add_argument("file", type=Path, metavar="FILE", help=_("the backup file to restore"))
    restore.set_defaults(handler=_restore)

    check = commands.add_parser("check", help=_("check the database's integrity and schema version"))
    add_db_option(check)
    check.set_defaults(handler=_check)


def _client_count(text: str) -> int:
    from navdesk.services.demo import MAX_CLIENTS

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("a whole number is needed")) from None
    if not 0 <= value <= MAX_CLIENTS:
        raise argparse.ArgumentTypeError(_("from 0 to {most}").format(most=MAX_CLIENTS))
    return value


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("a date like 2025-03-01 is needed")) from None


def _demo(args: argparse.Namespace) -> int:
    from navdesk.services.demo import DEFAULT_CLIENTS, build_demo
    from navdesk.services.maintenance import refuse_foreign_database
    from navdesk.services.startup import open_database

    refuse_foreign_database(db_target(args))
    db = open_database(db_target(args))
    try:
        clients = DEFAULT_CLIENTS if args.clients is None else args.clients
        summary = build_demo(db, clients=clients, seed=args.seed, today=args.today,
                             progress=_progress_printer())
    finally:
        db.dispose()
    message = (
        _("Demo region refilled: {municipalities} municipalities, {offices} offices, {staff} staff, "
          "{persons} people.")
        if summary.refilled
        else _("Demo region created: {municipalities} municipalities, {offices} offices, {staff} staff, "
               "{persons} people.")
    )
    print(
        message.format(
            municipalities=summary.municipalities,
            offices=summary.offices,
            staff=summary.staff,
            persons=format_number(summary.persons),
        )
    )
    print(_("Log in as leder, stat, kommune, gjeld or admin with the password demo."))
    return EXIT_OK


def _progress_printer() -> Callable[[int, int], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        line = _("People: {done} of {total}").format(done=format_number(done), total=format_number(total))
        print("\r" + line, end=end, file=sys.stderr, flush=True)

    return show


def _backup(args: argparse.Namespace) -> int:
    from navdesk.services.maintenance import backup
    from navdesk.store.engine import Database

    db = Database(db_target(args))
    try:
        result = backup(db, args.out)
    finally:
        db.dispose()
    print(_("Backup written to {path}").format(path=result.path))
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    from navdesk.services.maintenance import restore
    from navdesk.store.engine import Database

    db = Database(db_target(args))
    try:
        result = restore(db, args.file)
    finally:
        db.dispose()
    if result.safety_backup is not None:
        print(_("The database as it was is kept in {path}").format(path=result.safety_backup))
    print(_("Restored {source} into {database}").format(source=result.source, database=result.database))
    if result.restored_revision != result.revision:
        print(_("The restored data was upgraded from schema {old} to {new}.").format(
            old=result.restored_revision, new=result.revision))
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from navdesk.services.maintenance import check
    from navdesk.store.engine import Database

    db = Database(db_target(args))
    try:
        report = check(db)
    finally:
        db.dispose()
    for line in _report_lines(report):
        print(line)
    return EXIT_OK if report.healthy else EXIT_PROBLEMS


def _report_lines(report: CheckReport) -> list[str]:
    from navdesk.services.maintenance import SchemaState

    lines = [_("Database: {name}").format(name=report.database)]
    if not report.readable:
        lines.append(_("The file cannot be read as a SQLite database: it is damaged or not a database."))
        lines.extend(f"  {problem}" for problem in report.integrity_problems)
        lines.append(_("Problems found."))
        return lines
    if not report.integrity_checked:
        lines.append(_("Integrity: checked by the database server itself."))
    elif report.integrity_problems:
        lines.append(_("Integrity: problems found:"))
        lines.extend(f"  {problem}" for problem in report.integrity_problems)
    else:
        lines.append(_("Integrity: ok"))
    if report.foreign_key_problems:
        lines.append(_("References between tables: problems found:"))
        lines.extend(f"  {problem}" for problem in report.foreign_key_problems)
    else:
        lines.append(_("References between tables: ok"))
    schema = {
        SchemaState.CURRENT: _("Schema: {revision} (current)"),
        SchemaState.OLDER: _("Schema: {revision}, older than this navdesk ({head}); "
                             "it is upgraded at the next start."),
        SchemaState.NEWER: _("Schema: {revision}, made by a newer navdesk (this one knows up to {head})."),
        SchemaState.MISSING: _("Schema: none — this is not a navdesk database."),
    }[report.schema]
    lines.append(schema.format(revision=report.revision, head=report.head))
    if report.schema is not SchemaState.MISSING and not report.is_navdesk:
        lines.append(_("The database is not marked as a navdesk database."))
    lines.append(_("Healthy.") if report.healthy else _("Problems found."))
    return lines
