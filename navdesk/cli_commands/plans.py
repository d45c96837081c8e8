"""print plan|ip|kvp|minutes: a person's plans on paper, exactly as USER may print them.

The same services and policy as the card's print buttons: what USER may not print is left out, a
protected address never appears, and the print is logged as USER's. Nothing is written when refused.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from navdesk import i18n
from navdesk.cli_commands import add_db_option, db_target
from navdesk.cli_commands.people_card import _add_as_option, _sign_in
from navdesk.domain.errors import UserError
from navdesk.i18n import _

EXIT_OK = 0
KINDS = ("plan", "ip", "kvp", "minutes")
KVP_OPTIONS = ("exclude", "include", "only")


def register(commands: Any) -> None:
    printing = commands.add_parser(
        "print", help=_("print a person's plan as a PDF"),
        description=_("Print a person's activity plan (plan), individual plan (ip), KVP plan (kvp) or the "
                      "minutes of the latest ansvarsgruppe meeting (minutes) as a PDF, exactly as USER may "
                      "print it. The print is logged as USER's."))
    add_db_option(printing)
    printing.add_argument("kind", choices=KINDS, metavar="plan|ip|kvp|minutes", help=_("what to print"))
    printing.add_argument("fnr", metavar="FNR", help=_("the person's fødselsnummer or D-number"))
    _add_as_option(printing)
    printing.add_argument("--out", type=Path, required=True, metavar="FILE", help=_("the PDF file to write"))
    # Its own name: the top-level --lang would otherwise be overwritten by this option's default.
    printing.add_argument("--lang", dest="print_lang", choices=sorted(i18n.LANGUAGES),
                          help=_("the language of the print (default: the program's language)"))
    printing.add_argument("--kvp", choices=KVP_OPTIONS, default="exclude",
                          help=_("activity plan only: leave KVP activities out (default), include them, or "
                                 "print only them"))
    printing.set_defaults(handler=_print)


def _print(args: argparse.Namespace) -> int:
    from navdesk.services import plan_prints
    from navdesk.services.card import person_id_for_fnr
    from navdesk.services.startup import open_database

    db = open_database(db_target(args))
    try:
        actor = _sign_in(db, args.as_user)
        person_id = person_id_for_fnr(db, args.fnr)
        language = args.print_lang
        if args.kind == "plan":
            printed = plan_prints.print_activity_plan(db, actor, person_id, kvp=plan_prints.KvpPrint(args.kvp),
                                                      language=language)
        elif args.kind == "ip":
            plan_id = plan_prints.current_individual_plan(db, actor, person_id)
            printed = plan_prints.print_individual_plan(db, actor, plan_id, language=language)
        elif args.kind == "kvp":
            programme_id = plan_prints.current_kvp_programme(db, actor, person_id)
            printed = plan_prints.print_kvp_plan(db, actor, programme_id, language=language)
        else:
            meeting_id = plan_prints.latest_meeting(db, actor, person_id)
            printed = plan_prints.print_minutes(db, actor, meeting_id, language=language)
    finally:
        db.dispose()
    try:
        args.out.write_bytes(printed.pdf)
    except OSError as error:
        raise UserError(_("Could not write {path}: {problem}").format(path=args.out, problem=error.strerror)) \
            from None
    print(_("Written to {path}").format(path=args.out))
    return EXIT_OK
