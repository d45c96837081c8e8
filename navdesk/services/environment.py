"""Problems of the surroundings, not of navdesk: what to tell the user, and what they can do about it.

The GUI (`navdesk.ui.app.describe_problem`) and the command line both ask `explain`; a None answer
means the error is a bug, which goes to the log file with its traceback.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from navdesk import config
from navdesk.domain.errors import UserError
from navdesk.i18n import _
from navdesk.store.engine import sqlite_path, url_for


def explain(error: BaseException, target: str) -> str | None:
    """The message for an environment problem met while using the database `target`, or None."""
    if isinstance(error, UserError):
        return error.message
    for cause in _causes(error):
        if isinstance(cause, sqlite3.Error):
            return _sqlite_problem(cause, target)
        if _is_server_error(cause):
            return _server_problem(cause, target)
        if isinstance(cause, ModuleNotFoundError) and (cause.name or "").startswith("psycopg"):
            return _(
                "PostgreSQL support is not installed with this navdesk. Install it with "
                'pip install "navdesk[postgres]", or ask whoever set up this computer.'
            )
        if _named(cause, "ArgumentError"):
            return _(
                "{target} is neither a database file nor a database address such as "
                "postgresql+psycopg://navdesk@server/navdesk. Check --db or NAVDESK_DB."
            ).format(target=shown(target))
        if isinstance(cause, PermissionError):
            return _readonly(target)
        if isinstance(cause, OSError):
            return _(
                "navdesk cannot use the database {where}: {reason}. Check that the disk or folder is there "
                "and that you may write to it."
            ).format(where=shown(target), reason=cause.strerror or cause)
    return None


def shown(target: str) -> str:
    """The database as the user may see it: a path, or a server address without its password."""
    if "://" not in target:
        return target
    try:
        return url_for(target).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed address is shown without anything before the host
        return target.split("@")[-1]


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The error and what it wraps (SQLAlchemy's `orig`, raise … from, exceptions during handling)."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        pending += [orig if isinstance(orig, BaseException) else None, current.__cause__, current.__context__]


def _named(error: BaseException, name: str) -> bool:
    return any(cls.__name__ == name for cls in type(error).__mro__)


def _is_server_error(error: BaseException) -> bool:
    return type(error).__module__.startswith("psycopg") and _named(error, "OperationalError")


def _sqlite_problem(error: sqlite3.Error, target: str) -> str:
    name = getattr(error, "sqlite_errorname", "") or ""
    where = shown(target)
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_AUTH")):
        return _readonly(target)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return _(
            "The database {where} is locked by another program: another navdesk, or a backup or "
            "synchronisation tool that holds the file. Close that program and start navdesk again. "
            "If several desks must work on the same data at once, they need a PostgreSQL server "
            "(see “Several desks” in the README)."
        ).format(where=where)
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return _(
            "The database {where} is damaged, or it is not a navdesk database. Nothing was changed. "
            "Restore the latest backup with “navdesk restore FILE” (navdesk keeps them in {folder}), "
            "then start navdesk again."
        ).format(where=where, folder=_backup_folder(target))
    if name.startswith("SQLITE_FULL"):
        return _(
            "The disk that holds the database {where} is full. Free some space and try again; what was "
            "saved before is safe."
        ).format(where=where)
    if name.startswith("SQLITE_CANTOPEN"):
        return _(
            "navdesk cannot open or create the database {where}: the folder is missing, or you may not "
            "write there. Check the path given with --db or NAVDESK_DB."
        ).format(where=where)
    if name.startswith("SQLITE_IOERR"):
        return _(
            "Reading or writing the database {where} failed: the disk or its connection has a problem. "
            "Check the disk, then run “navdesk check”; restore the latest backup if it finds damage."
        ).format(where=where)
    return _(
        "navdesk cannot use the database {where}. Close other programs that use it and try again; if it "
        "is damaged, restore the latest backup with “navdesk restore FILE”.\n\nDetails: {detail}"
    ).format(where=where, detail=str(error).strip().splitlines()[0] if str(error).strip() else name)


def _readonly(target: str) -> str:
    path = sqlite_path(url_for(target)) if "://" not in target else None
    folder = path.parent if path is not None else Path(target).parent
    return _(
        "navdesk may read the database {where} but not save to it: the file or its folder {folder} is "
        "read-only for you. Ask whoever looks after this computer for write access to that folder, or "
        "copy the database to a folder of your own and start navdesk with --db pointing to the copy."
    ).format(where=shown(target), folder=folder)


def _server_problem(error: BaseException, target: str) -> str:
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    return _(
        "navdesk cannot reach the database server {where}. Check that the server is running, that this "
        "computer may connect to it, and the user name and password; ask your administrator if unsure."
        "\n\nDetails: {detail}"
    ).format(where=shown(target), detail=lines[-1] if lines else type(error).__name__)


def _backup_folder(target: str) -> Path:
    from navdesk.services.backups import folder_for_path

    path = sqlite_path(url_for(target)) if "://" not in target else None
    return folder_for_path(path) if path is not None else config.backup_dir()
