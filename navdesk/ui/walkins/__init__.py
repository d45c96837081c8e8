"""The Walk-ins area: the counter register per office and day, and the leader's month statistics."""
