"""Dialogs of the application shell and small helpers they share."""
