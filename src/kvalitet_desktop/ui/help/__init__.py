"""Help inside the program: the user guide (Hjälp → Användarguide, F1)."""
