"""navdesk: one desk for the local NAV office."""

__version__ = "0.1.0"
