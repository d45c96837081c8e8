"""The contact log: each time the office met or spoke with the person — when, how, on which side, and a
short summary.

A contact belongs to a side the user may write on, like a journal note; closed areas keep no contact
log (their staff write notes there). The access check, the validation and the access-log entry are the
journal's (`journal.add_contact`), so that a contact and a note are judged by the same rules.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from navdesk.domain.case_codes import ContactChannel, code_label
from navdesk.domain.codes import Side
from navdesk.services import journal
from navdesk.services.actor import Actor
from navdesk.services.card_types import NoteTarget
from navdesk.services.journal import ContactForm
from navdesk.store.engine import Database

# The order the form offers them: most contacts are a meeting at the office or a phone call.
FORM_ORDER = (ContactChannel.MEETING, ContactChannel.PHONE, ContactChannel.VIDEO, ContactChannel.SMS,
              ContactChannel.LETTER, ContactChannel.HOME_VISIT)


@dataclass(frozen=True)
class ChannelChoice:
    code: ContactChannel
    label: str


@dataclass(frozen=True)
class RegisteredContact:
    contact_id: uuid.UUID
    at: datetime
    side: Side
    channel: str  # the channel's label


def channel_choices() -> tuple[ChannelChoice, ...]:
    return tuple(ChannelChoice(channel, code_label(channel)) for channel in FORM_ORDER)


def contact_targets(note_targets: Iterable[NoteTarget]) -> tuple[NoteTarget, ...]:
    """Where the user may log a contact: the card's note targets outside the closed areas."""
    return tuple(target for target in note_targets if target.side is not Side.CLOSED)


def register_contact(db: Database, actor: Actor, person_id: uuid.UUID, form: ContactForm, *,
                     now: datetime | None = None) -> RegisteredContact:
    """Log one contact with the person; refused (and logged as refused) unless the actor may write on its side.

    Bad input raises `ValidationFailed` with a message per field: side (or responsible_municipality_id,
    service_code), channel, at, summary.
    """
    contact_id = journal.add_contact(db, actor, person_id, form, now=now)
    assert form.at is not None  # add_contact refuses a contact without a time
    return RegisteredContact(contact_id, form.at, Side(form.side), code_label(ContactChannel(form.channel)))
