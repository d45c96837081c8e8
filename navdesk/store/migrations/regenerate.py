"""Developer tool (`make migration`): rewrite the initial migration from the models.

Allowed only until the first release: once a schema has been released, add a new revision instead.
Later hand-written revisions (e.g. 0002, the search index) are moved aside while 0001 is generated,
so that Alembic sees a history that starts empty, and put back afterwards, untouched.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from alembic import command

from navdesk.store.engine import Database
from navdesk.store.migrate import MIGRATIONS_DIR, alembic_config

INITIAL = "0001"


def main() -> None:
    versions = MIGRATIONS_DIR / "versions"
    for old in versions.glob(f"{INITIAL}_*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        aside = Path(tmp) / "later-revisions"
        aside.mkdir()
        later = sorted(versions.glob("*.py"))
        for script in later:
            shutil.move(script, aside / script.name)
        try:
            db = Database(Path(tmp) / "empty.sqlite", check_location=False)
            with db.engine.begin() as connection:
                command.revision(
                    alembic_config(connection), message="initial schema", autogenerate=True, rev_id=INITIAL
                )
            db.dispose()
        finally:
            for script in later:
                shutil.move(aside / script.name, script)
    print("initial migration rewritten in", versions)


if __name__ == "__main__":
    main()
