"""The PySide6 user interface. The only layer that imports Qt; it calls services, never SQL."""
