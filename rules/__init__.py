"""Rule engine: a registry of indicator rules over site snapshots."""
