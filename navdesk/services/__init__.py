"""Use cases. One session per user action; plain frozen dataclasses out. No Qt."""
