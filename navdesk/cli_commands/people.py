"""import clients: register people from a CSV file, all or nothing. It parses and prints; services do the work."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from navdesk.cli_commands import add_db_option, db_target
from navdesk.i18n import _, ngettext

EXIT_OK, EXIT_REFUSED = 0, 1


def register(commands: Any) -> None:
    importing = commands.add_parser("import", help=_("import data from a file"))
    kinds = importing.add_subparsers(dest="import_kind", metavar="KIND", required=True)
    clients = kinds.add_parser(
        "clients",
        help=_("register people from a CSV file, all or nothing"),
        description=_(
            "Register people from a CSV file (UTF-8, separated by ; or ,). Columns: fodselsnummer, fornavn, "
            "etternavn, kommunenummer; optionally telefon, epost, adresse, postnummer, poststed, sprak, tolk, "
            "fortrolig_adresse. If any row has a problem, nothing is imported and every such row is listed."
        ),
    )
    add_db_option(clients)
    clients.add_argument("file", type=Path, metavar="FILE.csv", help=_("the CSV file"))
    clients.add_argument("--dry-run", action="store_true", help=_("check the file only; write nothing"))
    clients.set_defaults(handler=_import_clients)


def _import_clients(args: argparse.Namespace) -> int:
    from navdesk.services.import_clients import import_clients
    from navdesk.services.startup import open_database

    db = open_database(db_target(args))
    try:
        result = import_clients(db, args.file, dry_run=args.dry_run)
    finally:
        db.dispose()
    if not result.accepted:
        bad_lines = len({problem.line for problem in result.problems})
        print(ngettext("Nothing was imported: {count} row has problems.",
                       "Nothing was imported: {count} rows have problems.", bad_lines).format(count=bad_lines),
              file=sys.stderr)
        for problem in result.problems:
            print(problem.describe(), file=sys.stderr)
        return EXIT_REFUSED
    if result.dry_run:
        print(ngettext("{count} person checked: the file can be imported. Nothing was written (dry run).",
                       "{count} people checked: the file can be imported. Nothing was written (dry run).",
                       result.rows).format(count=result.rows))
    else:
        print(ngettext("Imported {count} person.", "Imported {count} people.", result.imported).format(
            count=result.imported))
    return EXIT_OK
