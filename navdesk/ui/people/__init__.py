"""The People area: find and register people, and their card."""
