"""Errors the services raise for the user to read. Messages are already translated."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix or must be told; never a bug."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(UserError):
    """Bad input. `errors` maps a field name to the message shown next to that field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("\n".join(errors.values()))
        self.errors = dict(errors)


class NotAllowed(UserError):
    """The actor may not do this."""


class NotFound(UserError):
    """The record is gone (or the actor may not know it exists)."""


class Conflict(UserError):
    """Someone else saved the same record first."""


class Errors:
    """Collects field errors while validating a form, then raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)
