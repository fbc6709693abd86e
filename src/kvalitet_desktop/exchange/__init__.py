"""Files exchanged with other programs: lists exported to XLSX and CSV, sheets imported.

A layer of its own between the user interface and the services: it reads and writes the files
(openpyxl, csv) and asks the services for the records, so permissions, the audit trail and the
unit of work stay where they are. No Qt here; the GUI and the command line both call it.
"""
