"""Performance measurements against the budgets of DESIGN §6 (`make bench`)."""
