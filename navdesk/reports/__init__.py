"""PDF reports: plain data in, PDF bytes out. No Qt and no database here (DESIGN §4)."""
