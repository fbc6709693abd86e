"""Persistence: SQLAlchemy models, the database file, migrations, backup and the audit trail."""
