"""Use cases. Each takes a ``Context`` (database + acting user), checks permissions, writes through
the unit of work (which audits), and returns plain dataclasses. No Qt here."""
