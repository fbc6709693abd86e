"""The lex Sarah screens: the page (``page.LexSarahPage``), a new report
(``new_report.NewReportDialog``) and a case from rapport to avslut (``case_dialog.CaseDialog``).

The modules are imported when used, so the main window starts without them.
"""
