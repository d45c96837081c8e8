"""The command line (DESIGN §5). Same services as the GUI. Exit codes: 0 ok, 1 refused/bad input, 2 usage."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence

from navdesk import config, i18n, preferences
from navdesk.domain.errors import UserError
from navdesk.i18n import _

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace], int]


def _setup_logging() -> None:
    logging.basicConfig(
        filename=str(config.log_file()),
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="navdesk", description=_("navdesk — the local NAV office's desk"))
    parser.add_argument("--db", help=_("database file or URL (default: NAVDESK_DB or the user data folder)"))
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help=_("language: nb, nn or en"))
    parser.add_argument("--demo-on-first-start", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(handler=_gui)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    from navdesk import cli_commands

    cli_commands.register(commands)
    return parser


def _gui(args: argparse.Namespace) -> int:
    from navdesk.ui.app import run_gui

    return run_gui(config.database_target(args.db), demo_on_first_start=args.demo_on_first_start)


def main(argv: Sequence[str] | None = None) -> int:
    _setup_logging()
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.set_language(_language_from(argv))
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_OK if exit_.code in (0, None) else EXIT_USAGE
    if args.lang:
        i18n.set_language(args.lang)
    try:
        return int(args.handler(args))
    except UserError as error:
        print(error.message, file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return EXIT_REFUSED
    except BrokenPipeError:
        # The reader went away (`navdesk client show … | head`): not a problem of the database.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:
        return _environment_problem(error, args)


def _environment_problem(error: Exception, args: argparse.Namespace) -> int:
    """A locked, read-only or damaged database gets a message; a bug is logged and raised."""
    from navdesk.cli_commands import db_target
    from navdesk.services import environment

    message = environment.explain(error, db_target(args))
    if message is None:
        logging.getLogger(__name__).error("navdesk failed", exc_info=error)
        raise error
    print(message, file=sys.stderr)
    return EXIT_REFUSED


def _language_from(argv: list[str]) -> str:
    """The language before parsing, so that --help and usage errors are translated too."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv) and argv[index + 1] in i18n.LANGUAGES:
            return argv[index + 1]
        if arg.startswith("--lang=") and arg.split("=", 1)[1] in i18n.LANGUAGES:
            return arg.split("=", 1)[1]
    return preferences.language()
