from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from .importers.formats import FORMATS, FORMATS_BY_KEY
from .models import ImportBatch
from .regions import REGIONS
from .selectors_register import FLAGS, SORTS, RegisterFilters


def _decile_choices(any_label: str) -> list[tuple]:
    labels = {1: "1 (worst 10%)", 10: "10 (least 10%)"}
    return [("", any_label), *[(d, labels.get(d, str(d))) for d in range(1, 11)]]


class RegisterFilterForm(forms.Form):
    q = forms.CharField(
        label="Search", required=False, max_length=100, help_text="Name, code or local authority"
    )
    local_authority = forms.ChoiceField(label="Local authority", required=False)
    region = forms.ChoiceField(
        label="Region", required=False, choices=[("", "Any region"), *[(r, r) for r in REGIONS]]
    )
    flag = forms.ChoiceField(label="Flag", required=False, choices=[("", "Any"), *FLAGS.items()])
    imd_decile = forms.TypedChoiceField(
        label="IMD decile",
        required=False,
        coerce=int,
        empty_value=None,
        choices=_decile_choices("Any IMD decile"),
    )
    cni_decile = forms.TypedChoiceField(
        label="CNI decile",
        required=False,
        coerce=int,
        empty_value=None,
        choices=_decile_choices("Any CNI decile"),
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _) in SORTS.items()],
    )

    def __init__(self, *args, local_authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].choices = [("", "Any local authority"), *local_authorities]

    def filters(self) -> RegisterFilters:
        """The filters asked for; the ones that are not valid are ignored."""
        if not self.is_bound:
            return RegisterFilters()
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        return RegisterFilters(**{"sort": "priority", **data})


class ImportUploadForm(forms.Form):
    index = forms.ChoiceField(
        label="Which index is in the file?",
        choices=ImportBatch.Index.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which index the file holds"},
    )
    file_format = forms.ChoiceField(
        label="Which edition and layout? (optional)",
        required=False,
        choices=[
            ("", "Any layout of the index (the header says which)"),
            *[(f.key, f.label) for formats in FORMATS.values() for f in formats],
        ],
    )
    file = forms.FileField(
        label="CSV file",
        error_messages={
            "required": "Choose a CSV file to import",
            "empty": "The file is empty",
        },
    )

    def clean(self):
        data = super().clean()
        layout, index = data.get("file_format"), data.get("index")
        if layout and index and FORMATS_BY_KEY[layout].index != index:
            self.add_error(
                "file_format", f"{FORMATS_BY_KEY[layout].label} is not a layout of that index"
            )
        return data

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.REGISTER_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}. The largest file you can import is "
                f"{filesizeformat(limit)}."
            )
        return upload
