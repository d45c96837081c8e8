"""Where navdesk keeps its files, and which database to open."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path, user_log_path

APP_NAME = "navdesk"
APP_AUTHOR = "navdesk"
DB_ENV = "NAVDESK_DB"
DATA_DIR_ENV = "NAVDESK_DATA_DIR"


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else user_data_path(APP_NAME, APP_AUTHOR)


def default_database() -> Path:
    return data_dir() / "navdesk.sqlite"


def backup_dir() -> Path:
    return data_dir() / "backups"


def log_file() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    folder = Path(override) / "logs" if override else user_log_path(APP_NAME, APP_AUTHOR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "navdesk.log"


def database_target(cli_value: str | None) -> str:
    """--db wins over NAVDESK_DB, which wins over the file in the user data directory."""
    return cli_value or os.environ.get(DB_ENV) or str(default_database())
