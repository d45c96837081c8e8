"""The Team area: handovers, absence cover and the assignment rules."""
