"""The shared pages of the main window: Att göra, the list page, organisation, settings.

A record kind's own pages live in its workflow package and are named in the registry.
"""
