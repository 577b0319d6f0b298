from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from caution.register.alerts import VisitRow, visit_list_text, visit_rows
from caution.register.importing.reading import ImportFileError


class VisitListForm(forms.Form):
    """A day's visits, pasted or uploaded as CSV with a heading row."""

    visits = forms.CharField(
        label="Paste the visit list",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text="Copy the rows from a spreadsheet, heading row included. Columns: Job "
        "reference, Name, Date of birth, Address, Postcode, UPRN, Phone, E-mail (any you have)",
    )
    file = forms.FileField(
        label="Or upload a CSV file",
        required=False,
        help_text="The same columns, with a heading row",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[VisitRow] = []
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.textarea("visits"), Field("file"), Submit("check", "Check the visits")
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        field = "file" if data.get("file") else "visits"
        try:
            text = visit_list_text(data["file"].read()) if data.get("file") else data["visits"]
            if not text.strip():
                raise ImportFileError("Paste the visit list or choose a CSV file")
            self.rows = visit_rows(text)
        except ImportFileError as error:
            self.add_error(field, str(error))
            return data
        for row in self.rows:
            for message in row.problems.values():
                self.add_error(field, f"{_row_name(row)}: {message}")
        return data


def _row_name(row: VisitRow) -> str:
    job = f" (job {row.visit.job_reference})" if row.visit.job_reference else ""
    return f"Row {row.number}{job}"
