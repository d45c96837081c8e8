"""Signing in and out: login, first-start set-up, password change, the idle lock and its settings."""
