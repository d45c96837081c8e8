"""Sub-commands of the command line, one module per area. Each module has `register(commands)`."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any) -> None:
    from navdesk.cli_commands import maintenance, people, people_card, plans, reports

    for module in (maintenance, people_card, people, plans, reports):
        module.register(commands)


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """Sub-commands accept --db after the command too (`navdesk demo --db FILE`)."""
    parser.add_argument("--db", dest="sub_db", help=argparse.SUPPRESS)


def db_target(args: argparse.Namespace) -> str:
    from navdesk import config

    return config.database_target(getattr(args, "sub_db", None) or args.db)
