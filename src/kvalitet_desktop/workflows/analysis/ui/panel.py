"""Writing one analysis: its title, the analysis and the improvements decided, saved as a
draft, signed (which locks it), changed after signing only with a reason, printed with the
figures frozen with it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.fields import (
    ErrorLabel,
    FieldErrors,
    StandardButton,
    add_row,
    ask,
    button_row,
    help_label,
    name_widget,
    text_edit,
)
from kvalitet_desktop.ui.toolkit.small_dialogs import ReasonDialog
from kvalitet_desktop.workflows.analysis import service
from kvalitet_desktop.workflows.analysis.domain import AnalysisStatus
from kvalitet_desktop.workflows.analysis.kind import KEY, SIGN, VOID, WRITE

# What a new analysis is of: (first day, last day, unit id, area id).
NewScope = tuple[date, date, str | None, str | None]


class AnalysisPanel(QWidget):
    """One analysis, new (of the figures shown) or saved. ``changed`` carries the saved
    ``AnalysisView`` after every save, signing, change and makulering."""

    changed = Signal(object)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view: service.AnalysisView | None = None
        self.new_scope: Callable[[], NewScope | None] = lambda: None
        self._saved_text = ("", "", "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName(self.tr("Analysens status"))
        layout.addWidget(self.state)
        self.banner = ErrorLabel()
        self.errors = FieldErrors(self.banner)
        layout.addWidget(self.banner)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: narrow
        self.title = QLineEdit()
        self.analysis = text_edit(8, self.tr("Mönster och trender, och vad de beror på …"))
        self.improvements = text_edit(5, self.tr("Vad som ska göras, av vem och när …"), grows=True)
        for key, text, field in (
            ("title", self.tr("&Rubrik:"), self.title),
            ("analysis", self.tr("A&nalys:"), self.analysis),
            ("improvements", self.tr("&Beslutade förbättringar:"), self.improvements),
        ):
            error = ErrorLabel()
            add_row(form, text, field, error=error)
            self.errors.bind(key, error, field)
        layout.addLayout(form, 1)
        self.save_button = QPushButton(self.tr("Spar&a utkast"))
        self.sign_button = QPushButton(self.tr("Si&gnera…"))
        self.reopen_button = QPushButton(self.tr("Ändra med m&otivering…"))
        self.print_button = QPushButton(self.tr("Skriv ut ana&lysen…"))
        self.void_button = QPushButton(self.tr("&Makulera…"))
        # Two rows, so the panel stays narrow beside the figures.
        layout.addLayout(button_row([self.save_button, self.sign_button], [self.print_button]))
        layout.addLayout(button_row([self.reopen_button], [self.void_button]))
        # Named after the rows are laid out (the row names buttons by their text).
        for button in (
            self.save_button,
            self.sign_button,
            self.reopen_button,
            self.print_button,
            self.void_button,
        ):
            name_widget(button, button.text().removesuffix("…"))
        self.print_button.setAccessibleName(self.tr("Skriv ut analysen"))
        layout.addWidget(
            help_label(
                self.tr(
                    "Siffrorna sparas med analysen som de var när den skrevs. En signerad "
                    "analys är låst; ändras den får den signeras på nytt."
                )
            )
        )
        self.save_button.clicked.connect(self.save)
        self.sign_button.clicked.connect(self.sign)
        self.reopen_button.clicked.connect(self.reopen)
        self.print_button.clicked.connect(self.print_analysis)
        self.void_button.clicked.connect(self.archive)
        self.show_view(None)

    # --- what is shown ---------------------------------------------------------------------

    def texts(self) -> tuple[str, str, str]:
        return (
            self.title.text(),
            self.analysis.toPlainText(),
            self.improvements.toPlainText(),
        )

    def is_dirty(self) -> bool:
        return self.texts() != self._saved_text

    def show_view(self, view: service.AnalysisView | None) -> None:
        """``view`` (None: a new analysis of the figures shown, its text left as typed)."""
        self.errors.clear()
        self.view = view
        if view is not None:
            self.title.setText(view.title)
            self.analysis.setPlainText(view.analysis)
            self.improvements.setPlainText(view.improvements)
            self._saved_text = self.texts()
        else:
            self._saved_text = ("", "", "")
        may_write = self.ctx.may(WRITE)
        locked = view is not None and view.locked
        for field in (self.title, self.analysis, self.improvements):
            field.setReadOnly(locked or not may_write)
        self.save_button.setEnabled(may_write and not locked)
        self.save_button.setText(
            self.tr("Spar&a utkast") if view is not None else self.tr("Spar&a som ny analys")
        )
        name_widget(self.save_button, self.save_button.text())
        draft = view is not None and view.status is AnalysisStatus.DRAFT and not view.archived
        signed = view is not None and view.status is AnalysisStatus.SIGNED and not view.archived
        self.sign_button.setEnabled(self.ctx.may(SIGN) and draft)
        self.reopen_button.setEnabled(self.ctx.may(SIGN) and signed)
        self.print_button.setEnabled(view is not None)
        self.void_button.setEnabled(self.ctx.may(VOID) and view is not None and not view.archived)
        self.state.setText(self._state_text(view))

    def _state_text(self, view: service.AnalysisView | None) -> str:
        if view is None and not self.ctx.may(WRITE):
            return self.tr(
                "Du kan läsa sparade analyser (fliken Tidigare analyser) men inte skriva dem."
            )
        if view is None:
            return self.tr("Ny analys av perioden som visas. Spara den för att frysa siffrorna.")
        period = view.compilation.period
        head = self.tr("{number} · {start} – {end} · {scope}").format(
            number=view.number,
            start=period.start.isoformat(),
            end=period.end.isoformat(),
            scope=view.compilation.scope,
        )
        if view.archived:
            return self.tr("{head}\nMakulerad.").format(head=head)
        if view.status is AnalysisStatus.SIGNED and view.signed_at is not None:
            return self.tr("{head}\nSignerad av {who} {day}. Låst.").format(
                head=head,
                who=view.signed_by_name or "–",
                day=view.signed_at.date().isoformat(),
            )
        reason = (
            self.tr(" Ändrad efter signering: {reason}").format(reason=view.reopen_reason)
            if view.reopen_reason
            else ""
        )
        return self.tr("{head}\nUtkast, inte signerat.{reason}").format(head=head, reason=reason)

    # --- actions -------------------------------------------------------------------------

    def _run(self, action: Callable[[], service.AnalysisView]) -> bool:
        self.errors.clear()
        try:
            view = action()
        except KvalitetError as error:
            self.errors.show(error)
            return False
        self.show_view(view)
        self.changed.emit(view)
        return True

    def save(self) -> bool:
        title, analysis, improvements = self.texts()
        view = self.view
        if view is not None:
            text = service.TextInput(title, analysis, improvements)
            return self._run(lambda: service.save_text(self.ctx, view.id, text))
        scope = self.new_scope()
        if scope is None:
            self.banner.show_messages([self.tr("Sammanställ en period först.")])
            return False
        start, end, unit_id, area_id = scope
        data = service.AnalysisInput(title, start, end, unit_id, area_id, analysis, improvements)
        return self._run(lambda: service.start_analysis(self.ctx, data))

    def sign(self) -> None:
        view = self.view
        if view is None:
            return
        if self.is_dirty() and not self.save():
            return
        answer = ask(
            self,
            self.tr("Signera analysen"),
            self.tr(
                "När analysen är signerad är den låst, med ditt namn och dagens datum. "
                "Signera {number}?"
            ).format(number=view.number),
            [(StandardButton.Yes, self.tr("&Signera")), (StandardButton.Cancel, self.tr("Avbryt"))],
            StandardButton.Cancel,
        )
        if answer == StandardButton.Yes:
            self._run(lambda: service.sign(self.ctx, view.id))

    def reopen(self) -> None:
        view = self.view
        if view is None:
            return
        dialog = ReasonDialog(
            self,
            self.tr("Ändra en signerad analys"),
            self.tr(
                "Analysen blir ett utkast igen och ska signeras på nytt. Motiveringen sparas "
                "i historiken med ditt namn och tiden. Siffrorna är fortfarande de frysta."
            ),
            lambda reason: self._after(service.reopen(self.ctx, view.id, reason)),
            self.tr("&Öppna för ändring"),
        )
        dialog.open()

    def archive(self) -> None:
        view = self.view
        if view is None:
            return
        dialog = ReasonDialog(
            self,
            self.tr("Makulera analysen"),
            self.tr("Analysen finns kvar i historiken men visas som makulerad."),
            lambda reason: self._after(service.archive(self.ctx, view.id, reason)),
            self.tr("&Makulera"),
        )
        dialog.open()

    def _after(self, view: service.AnalysisView) -> None:
        self.show_view(view)
        self.changed.emit(view)

    def print_analysis(self) -> None:
        view = self.view
        if view is None:
            return
        ctx = self.ctx
        title = self.tr("Analys {number}").format(number=view.number)

        def build() -> bytes:
            from kvalitet_desktop.reports import render_report

            return render_report(service.analysis_report(ctx, view.id))

        def show(pdf: bytes) -> None:
            from kvalitet_desktop.ui.dialogs.pdf_preview import ReportSource, show_pdf

            show_pdf(self, pdf, title, f"Analys {view.number}", ReportSource(ctx, KEY, view.id))

        from kvalitet_desktop.ui.operations import run_in_background

        run_in_background(self, build, show, busy_text=self.tr("Skapar PDF…"))
