"""Importing people from a CSV file, all or nothing (`navdesk import clients`).

Columns: fodselsnummer, fornavn, etternavn, kommunenummer; optionally telefon, epost, adresse, postnummer,
poststed, sprak, tolk, fortrolig_adresse. Separator `;` or `,` (read from the header line), UTF-8 with
or without a byte order mark. Every row is checked with the register form's own rules; one bad row and
nothing is imported, and every bad row is reported with its line number. An administrator's task: it
runs without a signed-in user, and each imported person gets a change entry in the access log.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from navdesk.domain import person_rules
from navdesk.domain.errors import UserError
from navdesk.domain.fnr import Fnr
from navdesk.domain.ids import new_id
from navdesk.domain.person_rules import PersonForm
from navdesk.i18n import _
from navdesk.services import audit, settings
from navdesk.services.people import duplicate_message
from navdesk.store import search as store_search
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Person

REQUIRED = ("fodselsnummer", "fornavn", "etternavn", "kommunenummer")
OPTIONAL = ("telefon", "epost", "adresse", "postnummer", "poststed", "sprak", "tolk", "fortrolig_adresse")
# The column each form field comes from, to name it in a problem.
_COLUMN_OF_FIELD = {
    "fnr": "fodselsnummer", "first_name": "fornavn", "last_name": "etternavn",
    "residence_municipality_id": "kommunenummer", "phone": "telefon", "email": "epost", "address_line": "adresse",
    "postal_code": "postnummer", "postal_place": "poststed", "language": "sprak",
}
_YES = frozenset({"ja", "j", "yes", "y", "true", "1", "x"})
_NO = frozenset({"nei", "n", "no", "false", "0", ""})
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


class ImportRefused(UserError):
    """The file as a whole cannot be read (encoding, header); nothing was imported."""


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str  # "" when the problem is the row as a whole
    message: str

    def describe(self) -> str:
        if self.column:
            return _("Line {line}, {column}: {message}").format(line=self.line, column=self.column,
                                                                message=self.message)
        return _("Line {line}: {message}").format(line=self.line, message=self.message)


@dataclass(frozen=True)
class ImportResult:
    rows: int
    imported: int
    dry_run: bool
    problems: tuple[RowProblem, ...]

    @property
    def accepted(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class _Row:
    line: int
    values: dict[str, str]


def import_clients(db: Database, path: Path, *, dry_run: bool = False, now: datetime | None = None) -> ImportResult:
    """Check every row; unless `dry_run` or a row has a problem, register them all in one transaction."""
    now = now or datetime.now()
    rows = list(read_rows(path))
    with db.session() as session:
        checked = _check(session, rows, now)
        problems = tuple(problem for _form, _fnr, row_problems in checked for problem in row_problems)
        if problems or dry_run:
            return ImportResult(len(rows), 0, dry_run, problems)
        people = [
            Person(id=new_id(), fnr=parsed.number, birth_date=parsed.birth_date, created_at=now,
                   first_name=form.first_name, last_name=form.last_name,
                   residence_municipality_id=form.residence_municipality_id, phone=form.phone, email=form.email,
                   address_line=form.address_line, postal_code=form.postal_code, postal_place=form.postal_place,
                   protected_address=form.protected_address, language=form.language,
                   interpreter_needed=form.interpreter_needed)
            for form, parsed, _problems in checked if parsed is not None
        ]
        session.add_all(people)
        session.flush()
        connection = session.connection()
        if store_search.needs_renumbering(connection):  # many alike in one spot: space everyone out now,
            store_search.renumber(connection)            # in this transaction, not at the next start
        for person in people:
            audit.log(session, None, person_id=person.id, action=audit.LogAction.CHANGE, what="import",
                      allowed=True, at=now)
    return ImportResult(len(rows), len(people), False, ())


def read_rows(path: Path) -> Iterator[_Row]:
    """The data rows with their line numbers; ImportRefused when the file cannot be read as a whole."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise ImportRefused(_("Cannot read {path}: {reason}").format(path=path, reason=error.strerror)) from None
    except UnicodeDecodeError:
        raise ImportRefused(_("{path} is not a UTF-8 text file. Save it as CSV UTF-8 and try again.").format(
            path=path)) from None
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower().translate(_FOLD) for name in next(reader, [])]
    _check_header(header)
    last_line = reader.line_num
    for cells in reader:
        line, last_line = last_line + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            yield _Row(line, {"": _("Expected {expected} columns, found {found}.").format(
                expected=len(header), found=len(cells))})
            continue
        yield _Row(line, {name: cell.strip() for name, cell in zip(header, cells, strict=True)})


def _check_header(header: list[str]) -> None:
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in REQUIRED + OPTIONAL]
    repeated = sorted({name for name in header if header.count(name) > 1})
    problems = []
    if missing:
        problems.append(_("Missing columns: {columns}.").format(columns=", ".join(missing)))
    if unknown:
        problems.append(_("Unknown columns: {columns}. Allowed: {allowed}.").format(
            columns=", ".join(unknown), allowed=", ".join(REQUIRED + OPTIONAL)))
    if repeated:
        problems.append(_("Columns named twice: {columns}.").format(columns=", ".join(repeated)))
    if problems:
        raise ImportRefused(_("Nothing was imported.") + " " + " ".join(problems))


_Checked = tuple[PersonForm, Fnr | None, list[RowProblem]]


def _check(session: Session, rows: list[_Row], now: datetime) -> list[_Checked]:
    municipalities = dict(session.execute(select(Municipality.number, Municipality.id)).all())
    allow_synthetic = settings.allows_synthetic_fnr(session)
    first_line_of: dict[str, int] = {}
    checked: list[_Checked] = []
    for row in rows:
        if "" in row.values:
            checked.append((_empty_form(), None, [RowProblem(row.line, "", row.values[""])]))
            continue
        form, problems = _form(row, municipalities)
        form = person_rules.normalised(form)
        parsed, field_problems = person_rules.form_problems(
            form, allow_synthetic=allow_synthetic, today=now.date(), known_municipalities=set(municipalities.values()))
        for field, message in field_problems.items():
            if field == "residence_municipality_id" and row.values["kommunenummer"]:
                message = _("No municipality with number {number} is set up in navdesk.").format(
                    number=row.values["kommunenummer"])
            problems.append(RowProblem(row.line, _COLUMN_OF_FIELD.get(field, field), message))
        if parsed is not None:
            problems += _duplicates(session, parsed.number, row.line, first_line_of)
        checked.append((form, parsed, problems))
    return checked


def _duplicates(session: Session, number: str, line: int, first_line_of: dict[str, int]) -> list[RowProblem]:
    problems = []
    if number in first_line_of:
        problems.append(RowProblem(line, "fodselsnummer", _("The same number is on line {line}.").format(
            line=first_line_of[number])))
    else:
        first_line_of[number] = line
    registered = duplicate_message(session, None, number)
    if registered:
        problems.append(RowProblem(line, "fodselsnummer", registered))
    return problems


def _form(row: _Row, municipalities: dict[str, uuid.UUID]) -> tuple[PersonForm, list[RowProblem]]:
    values = row.values
    problems = []
    flags = {}
    for column in ("tolk", "fortrolig_adresse"):
        text = values.get(column, "").lower()
        if text not in _YES | _NO:
            problems.append(RowProblem(row.line, column, _("Write ja or nei.")))
        flags[column] = text in _YES
    form = PersonForm(
        fnr=values["fodselsnummer"], first_name=values["fornavn"], last_name=values["etternavn"],
        residence_municipality_id=municipalities.get(values["kommunenummer"]),
        phone=values.get("telefon", ""), email=values.get("epost", ""), address_line=values.get("adresse", ""),
        postal_code=values.get("postnummer", ""), postal_place=values.get("poststed", ""),
        language=values.get("sprak", "").lower() or "nb", interpreter_needed=flags["tolk"],
        protected_address=flags["fortrolig_adresse"],
    )
    return form, problems


def _empty_form() -> PersonForm:
    return PersonForm(fnr="", first_name="", last_name="", residence_municipality_id=None)
