"""Plain-Python domain rules: enums, value objects, validation. No I/O, no project imports."""
