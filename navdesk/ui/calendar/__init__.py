"""The Calendar area: a veileder's week, an office's day, and booking meetings with people."""
