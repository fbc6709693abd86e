"""Reusable custom widgets."""
