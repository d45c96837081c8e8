"""covering indexes for the office's people and a person's veiledere

A leader's report reads the office's people by municipality (id, innsatsgruppe, team, registered and
archived) and each one's veiledere on a day, for tens of thousands of people, in every statement. With these
two indexes it reads them from the index alone instead of visiting each row. They replace the single-column
indexes on the same leading column.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 12:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PERSON_COLUMNS = ["residence_municipality_id", "id", "innsatsgruppe", "owner_team_id", "created_at", "archived_at"]
CONTACT_COLUMNS = ["person_id", "starts", "ends", "staff_id"]


def upgrade() -> None:
    op.create_index("ix_person_residence", "person", PERSON_COLUMNS)
    op.drop_index("ix_person_residence_municipality_id", table_name="person")
    op.create_index("ix_person_contact_person", "person_contact", CONTACT_COLUMNS)
    op.drop_index("ix_person_contact_person_id", table_name="person_contact")


def downgrade() -> None:
    op.create_index("ix_person_contact_person_id", "person_contact", ["person_id"])
    op.drop_index("ix_person_contact_person", table_name="person_contact")
    op.create_index("ix_person_residence_municipality_id", "person", ["residence_municipality_id"])
    op.drop_index("ix_person_residence", table_name="person")
