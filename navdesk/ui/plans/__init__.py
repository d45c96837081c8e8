"""The person's plans on screen: the activity plan, the individual plan, KVP and ansvarsgrupper."""
