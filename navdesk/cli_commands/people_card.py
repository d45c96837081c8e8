"""client show, client access-log, audit verify, audit review: a person's card and log, and the access log, from
the command line.

The card is the very one the GUI shows (same service, same policy, same log entry); what the user may
not see is printed as its withheld marker. `--as USER` signs in with the password in NAVDESK_PASSWORD.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import uuid
from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from navdesk import i18n
from navdesk.cli_commands import add_db_option, db_target
from navdesk.domain.errors import UserError
from navdesk.i18n import _, format_date, format_datetime, format_number

EXIT_OK, EXIT_REFUSED = 0, 1
PASSWORD_ENV = "NAVDESK_PASSWORD"

if TYPE_CHECKING:
    from navdesk.services.card_types import PersonCard, Section, Withheld


def register(commands: Any) -> None:
    client = commands.add_parser("client", help=_("a person's card and access log"))
    client_commands = client.add_subparsers(dest="client_command", metavar="COMMAND", required=True)

    show = client_commands.add_parser(
        "show", help=_("print the person's card exactly as USER may see it"),
        description=_("Print the person's card exactly as USER may see it; reading it is logged as USER's. "
                      "The password is read from {env}.").format(env=PASSWORD_ENV))
    add_db_option(show)
    show.add_argument("fnr", metavar="FNR", help=_("the person's fødselsnummer or D-number"))
    _add_as_option(show)
    show.add_argument("--json", action="store_true", help=_("print the card as JSON"))
    show.set_defaults(handler=_show)

    log = client_commands.add_parser(
        "access-log", help=_('print "who has looked at my data" for the person as a PDF'))
    add_db_option(log)
    log.add_argument("fnr", metavar="FNR", help=_("the person's fødselsnummer or D-number"))
    _add_as_option(log)
    log.add_argument("--out", type=Path, required=True, metavar="FILE", help=_("the PDF file to write"))
    # Its own name: the top-level --lang would otherwise be overwritten by this option's default.
    log.add_argument("--lang", dest="report_lang", choices=sorted(i18n.LANGUAGES),
                     help=_("the language of the printout (default: the program's language)"))
    log.set_defaults(handler=_access_log)

    audit = commands.add_parser("audit", help=_("check the access log"))
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="COMMAND", required=True)
    verify = audit_commands.add_parser(
        "verify", help=_("check that the access log is whole"),
        description=_("Recompute the access log's hash chain and name the first entry that was altered or "
                      "deleted outside navdesk. Exit code 0: whole; 1: broken."))
    add_db_option(verify)
    verify.set_defaults(handler=_verify)
    review = audit_commands.add_parser(
        "review", help=_("print the access review for a month as a PDF"),
        description=_("Print the leader's access review as a PDF: emergency accesses and their reasons, refused "
                      "attempts, unusually many reads by one staff member, and whether the access log is whole. "
                      "Made as USER (the password is read from {env}), for the office USER leads.").format(
                          env=PASSWORD_ENV))
    add_db_option(review)
    review.add_argument("--period", required=True, metavar="YYYY-MM", help=_("the month to review"))
    review.add_argument("--out", type=Path, required=True, metavar="FILE", help=_("the PDF file to write"))
    review.add_argument("--as", dest="as_user", metavar="USER",
                        help=_("the leader making the review; the password is read from {env}").format(
                            env=PASSWORD_ENV))
    review.add_argument("--office", metavar="CODE",
                        help=_("the office's code (default: the one office USER may make reports for)"))
    # Its own name: the top-level --lang would otherwise be overwritten by this option's default.
    review.add_argument("--lang", dest="report_lang", choices=sorted(i18n.LANGUAGES),
                        help=_("the language of the review (default: the program's language)"))
    review.set_defaults(handler=_review)


def _add_as_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="as_user", required=True, metavar="USER",
                        help=_("the staff login to act as; the password is read from {env}").format(env=PASSWORD_ENV))


def _sign_in(db: Any, login: str) -> Any:
    from navdesk.services.auth import authenticate

    password = os.environ.get(PASSWORD_ENV)
    if not password:
        raise UserError(_("Set the password of {login} in the environment variable {env}.").format(
            login=login, env=PASSWORD_ENV))
    return authenticate(db, login, password)


def _show(args: argparse.Namespace) -> int:
    from navdesk.services.card import open_card_by_fnr
    from navdesk.services.startup import open_database

    db = open_database(db_target(args))
    try:
        card = open_card_by_fnr(db, _sign_in(db, args.as_user), args.fnr)
    finally:
        db.dispose()
    if args.json:
        print(json.dumps(dataclasses.asdict(card), default=_json_value, ensure_ascii=False, indent=2))
    else:
        print("\n".join(card_lines(card)))
    return EXIT_OK


def _access_log(args: argparse.Namespace) -> int:
    from navdesk.services.access_report import access_log_pdf
    from navdesk.services.card import person_id_for_fnr
    from navdesk.services.startup import open_database

    db = open_database(db_target(args))
    try:
        actor = _sign_in(db, args.as_user)
        pdf = access_log_pdf(db, actor, person_id_for_fnr(db, args.fnr), language=args.report_lang)
    finally:
        db.dispose()
    try:
        args.out.write_bytes(pdf)
    except OSError as error:
        raise UserError(_("Could not write {path}: {problem}").format(path=args.out, problem=error.strerror)) \
            from None
    print(_("Written to {path}").format(path=args.out))
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    from navdesk.services.audit import verify
    from navdesk.services.startup import open_database

    db = open_database(db_target(args))
    try:
        state = verify(db)
    finally:
        db.dispose()
    if state.intact:
        print(_("The access log is whole: {count} entries.").format(count=format_number(state.entries)))
        return EXIT_OK
    problems = {
        "altered": _("it was changed after it was written"),
        "missing": _("it is missing: it was deleted"),
        "relinked": _("it does not follow the entry before it"),
    }
    print(_("The access log is broken at entry {seq}: {problem}.").format(
        seq=state.first_broken_seq, problem=problems.get(state.problem, state.problem)))
    return EXIT_REFUSED


def _review(args: argparse.Namespace) -> int:
    from navdesk.services.report_types import ReportKind
    from navdesk.services.reports import make_report
    from navdesk.services.startup import open_database

    if not args.as_user:
        # A review shows what the reader may see, so it needs a reader: there is no anonymous review.
        raise UserError(_("Say who makes the review with --as USER; the password is read from {env}.").format(
            env=PASSWORD_ENV))
    db = open_database(db_target(args))
    try:
        actor = _sign_in(db, args.as_user)
        office = args.office or _only_office(db, actor)
        pdf = make_report(db, actor, ReportKind.ACCESS_REVIEW, office, args.period, args.report_lang)
    finally:
        db.dispose()
    try:
        args.out.write_bytes(pdf)
    except OSError as error:
        raise UserError(_("Could not write {path}: {problem}").format(path=args.out, problem=error.strerror)) \
            from None
    print(_("Written to {path}").format(path=args.out))
    return EXIT_OK


def _only_office(db: Any, actor: Any) -> str:
    """The code of the one office the actor may order reports for; else ask for --office."""
    from navdesk.services.reports import report_choices

    offices = report_choices(db, actor).offices
    if len(offices) == 1:
        return offices[0].code
    if not offices:
        raise UserError(_("Reports are for the office's leaders: ask your leader for the report you need."))
    raise UserError(_("Choose the office with --office: {codes}.").format(
        codes=", ".join(office.code for office in offices)))


def _json_value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# The card as text ------------------------------------------------------------------------------------

def card_lines(card: PersonCard) -> list[str]:
    header = card.header
    lines = [
        f"{header.name} — {header.fnr}",
        _("{age} years, {municipality}").format(age=header.age, municipality=header.municipality),
    ]
    if header.owner_team or header.contacts:
        lines.append(_("Owner: {owner}").format(owner=", ".join(filter(None, (header.owner_team, *header.contacts)))))
    for caption, value in ((_("Phone"), header.phone), (_("E-mail"), header.email),
                           (_("Language"), header.language), (_("Address"), header.address)):
        if value:
            lines.append(f"{caption}: {value}")
    if header.badges:
        lines.append(" ".join(f"[{badge.text}]" for badge in header.badges))
    if card.emergency and card.emergency_until:
        lines.append(_("EMERGENCY ACCESS — logged and reviewed by your leader (until {time})").format(
            time=format_datetime(card.emergency_until)))
    lines.extend(_withheld(header.withheld))

    lines += _heading(_("Overview"))
    lines += [f"  {format_date(e.at.date())}  {e.kind}: {e.title}" + (f" — {e.detail}" if e.detail else "")
              for e in card.overview.items] or _empty(card.overview, _("Nothing recorded yet."))
    lines += _withheld(card.overview.withheld)

    state = card.state
    lines += _heading(_("State side"))
    if state.innsatsgruppe:
        lines.append("  " + _("Innsatsgruppe: {value}").format(value=state.innsatsgruppe))
    if state.hovedmal:
        lines.append("  " + _("Hovedmål: {value}").format(value=state.hovedmal))
    lines += ["  " + _("§14a decision {date}: {innsats}").format(date=format_date(item.decided_on),
                                                                   innsats=item.innsatsgruppe)
              for item in state.innsats_history]
    for fact in state.facts:
        lines.append(f"  {fact.service_name} — {fact.status} {_period(fact.starts_on, fact.ends_on)}".rstrip())
        lines += [f"      {detail}" for detail in fact.details]
        lines += ["      " + _("Checkpoint {weeks} weeks: {date}").format(weeks=c.weeks, date=format_date(c.due))
                  for c in fact.checkpoints]
    if state.is_empty:
        lines.append("  " + _("No state services recorded."))
    lines += _withheld(state.withheld)

    lines += _heading(_("Municipal side"))
    lines += _cases(card.municipal.items) or _empty(card.municipal, _("No municipal services or applications."))
    lines += _withheld(card.municipal.withheld)
    if card.closed.items:
        lines += _heading(_("Closed area"))
        lines += _cases(card.closed.items)

    lines += _heading(_("Journal"))
    for note in card.journal.items:
        lines.append(f"  {format_date(note.noted_on)}  [{note.where}] {note.title} ({note.kind_label}, "
                     + _("signed {name}").format(name=note.signed_by) + ")")
        lines += [f"      {line}" for line in note.text.splitlines()]
    lines += _empty(card.journal, _("No journal notes.")) + _withheld(card.journal.withheld)

    lines += _heading(_("Contacts and appointments"))
    lines += [f"  {format_datetime(c.at)}  {c.channel} — {c.staff}: {c.summary}" for c in card.contacts.items]
    lines += [f"  {format_datetime(a.starts_at)}  " + _("Appointment") + f": {a.purpose} — {a.staff}, {a.place}"
              + (" (" + _("cancelled") + ")" if a.cancelled else "") for a in card.appointments.items]
    if card.contacts.is_empty and card.appointments.is_empty:
        lines.append("  " + _("No contacts or appointments."))
    lines += _withheld((*card.contacts.withheld, *card.appointments.withheld))

    lines += _heading(_("Consents"))
    for consent in card.consents.items:
        lines.append(f"  {consent.state_label}: " + _("given {date}").format(date=format_date(consent.given_on))
                     + (", " + _("expires {date}").format(date=format_date(consent.valid_until))
                        if consent.valid_until else ""))
        lines.append("      " + _("Parties: {parties}").format(parties="; ".join(consent.parties)))
        lines += [f"      {scope}" for scope in consent.scope]
    lines += _empty(card.consents, _("No consents registered."))

    lines += _heading(_("Access log"))
    lines += [f"  {format_datetime(e.at)}  {e.who}: {e.action} — {e.what} — "
              + (_("allowed") if e.allowed else _("refused")) + (f" ({e.reason})" if e.reason else "")
              for e in card.access_log.items]
    if card.access_log_total > len(card.access_log.items):
        lines.append("  " + _("… and {count} older entries").format(
            count=format_number(card.access_log_total - len(card.access_log.items))))
    lines += _withheld(card.access_log.withheld)
    return lines


def _heading(title: str) -> list[str]:
    return ["", f"== {title} =="]


def _empty(section: Section[Any], text: str) -> list[str]:
    return ["  " + text] if section.is_empty else []


def _withheld(markers: Iterable[Withheld]) -> list[str]:
    return ["  [" + _("withheld") + f"] {marker.text}" for marker in dict.fromkeys(markers)]


def _period(starts: date | None, ends: date | None) -> str:
    if starts and ends:
        return _("{start} – {end}").format(start=format_date(starts), end=format_date(ends))
    if starts:
        return _("from {start}").format(start=format_date(starts))
    return ""


def _cases(cases: Iterable[Any]) -> list[str]:
    lines = []
    for case in cases:
        outcome = f" ({case.outcome})" if case.outcome else ""
        where = f"{case.area or case.municipality}: "
        lines.append(f"  {where}{case.service_name} — {case.status}{outcome}")
        dates = [(_("received"), case.received_on), (_("decided"), case.decided_on),
                 (_("processing deadline"), case.processing_deadline),
                 (_("complaint deadline"), case.complaint_deadline)]
        shown = ", ".join(f"{caption} {format_date(day)}" for caption, day in dates if day)
        if shown:
            lines.append(f"      {shown}")
    return lines
