"""Pure domain: types, code lists and rules. No database, no Qt."""
