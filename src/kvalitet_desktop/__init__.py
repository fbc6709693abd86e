"""Kvalitet Desktop: systematic quality work (SOSFS 2011:9) for municipal social services."""

__version__ = "0.1.0"
APP_NAME = "Kvalitet Desktop"
APP_ID = "kvalitet-desktop"
