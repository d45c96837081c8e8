"""The Worklist area (portefølje): whom I, my team or my office hold, filtered, with reminders."""
