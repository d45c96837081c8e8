"""report KIND: a leader report as a PDF, exactly as the Reports area makes it.

`navdesk report KIND --office CODE --period YYYY-MM [--lang L] --out FILE.pdf [--as USER]`. The report is
made under USER's access (the password is read from NAVDESK_PASSWORD; without --as, the login in
NAVDESK_USER is used, for scheduled reports) and the order is logged as USER's. Nothing is written when
the order is refused or the input is bad (exit code 1).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from navdesk import i18n
from navdesk.cli_commands import add_db_option, db_target
from navdesk.cli_commands.people_card import PASSWORD_ENV, _sign_in
from navdesk.domain.errors import UserError
from navdesk.i18n import _

EXIT_OK, EXIT_USAGE = 0, 2
USER_ENV = "NAVDESK_USER"


def register(commands: Any) -> None:
    from navdesk.services.report_types import ReportKind

    report = commands.add_parser(
        "report", help=_("make a leader report as a PDF"),
        description=_("Make a leader report for an office and a month (the annual report: a year) as a PDF, "
                      "with the figures USER may see. The order is logged as USER's."))
    add_db_option(report)
    report.add_argument("kind", choices=[kind.value for kind in ReportKind], metavar="KIND",
                        help=_("the report: {kinds}").format(kinds=", ".join(kind.value for kind in ReportKind)))
    report.add_argument("--office", required=True, metavar="CODE", help=_("the office's code, for example GOL"))
    report.add_argument("--period", required=True, metavar="YYYY-MM",
                        help=_("the month (the annual report also takes a year, YYYY)"))
    # Its own name: the top-level --lang would otherwise be overwritten by this option's default.
    report.add_argument("--lang", dest="report_lang", choices=sorted(i18n.LANGUAGES),
                        help=_("the language of the report (default: the program's language)"))
    report.add_argument("--out", type=Path, required=True, metavar="FILE", help=_("the PDF file to write"))
    report.add_argument("--as", dest="as_user", metavar="USER",
                        help=_("the staff login to act as (default: {user_env}); the password is read from "
                               "{env}").format(user_env=USER_ENV, env=PASSWORD_ENV))
    report.set_defaults(handler=_report)


def _report(args: argparse.Namespace) -> int:
    from navdesk.services.reports import make_report
    from navdesk.services.startup import open_database

    login = args.as_user or os.environ.get(USER_ENV, "")
    if not login:
        print(_("Say who orders the report: --as USER, or the login in {env}.").format(env=USER_ENV),
              file=sys.stderr)
        return EXIT_USAGE
    db = open_database(db_target(args))
    try:
        pdf = make_report(db, _sign_in(db, login), args.kind, args.office, args.period, args.report_lang)
    finally:
        db.dispose()
    try:
        args.out.write_bytes(pdf)
    except OSError as error:
        raise UserError(_("Could not write {path}: {problem}").format(path=args.out, problem=error.strerror)) \
            from None
    print(_("Written to {path}").format(path=args.out))
    return EXIT_OK
