"""The person card: both sides of one person, as the signed-in staff member may see them."""
