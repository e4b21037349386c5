"""The officers' forms: start an import, map columns by hand, confirm a
preview, decide a match."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from policy_pages.models import Audience
from signoff.models import School, SchoolGroup

from . import presets

MAPPED = "mapped"


def preset_choices():
    return [(key, preset.label) for key, preset in presets.PRESETS.items()] + [
        (MAPPED, _("Another file: choose the columns yourself"))
    ]


class ImportForm(forms.Form):
    """Which preset, which school (when the file names none) and the file(s)."""

    preset = forms.ChoiceField(
        label=_("Kind of file"), choices=preset_choices, widget=forms.RadioSelect
    )
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.all(),
        required=False,
        help_text=_(
            "Needed when the file has no school column (Social Schools, Zermelo). "
            "Pupils of this school who are not in the file are marked as left."
        ),
    )
    leerlingen = forms.FileField(
        label=_("Pupils file (CSV or XLSX)"),
        help_text=_("For Zermelo: leerlingen.csv."),
    )
    ouders = forms.FileField(
        label=_("Guardians file (Zermelo: ouders.csv)"), required=False
    )

    def clean(self):
        data = super().clean()
        preset = presets.PRESETS.get(data.get("preset", ""))
        if preset is not None:
            if preset.needs_school and not data.get("school"):
                self.add_error("school", _("Choose the school this file is for."))
            slots = {slot.key for slot in preset.slots}
            if "ouders" in slots and not data.get("ouders"):
                self.add_error("ouders", _("Zermelo needs ouders.csv as well."))
        return data

    def uploads(self) -> tuple[dict, dict]:
        preset = presets.PRESETS.get(self.cleaned_data["preset"])
        slots = [s.key for s in preset.slots] if preset else ["leerlingen"]
        uploads = {slot: self.cleaned_data[slot] for slot in slots}
        return uploads, {slot: upload.name for slot, upload in uploads.items()}


class MappingForm(forms.Form):
    """One choice per field of the Akkoord template: which column holds it."""

    def __init__(self, *args, headers: list[str], initial_mapping: dict, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in this file)"))] + [(h, h) for h in headers]
        for name, label in presets.FIELDS.items():
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=name in presets.REQUIRED_FIELDS,
                initial=initial_mapping.get(name, ""),
            )

    def clean(self):
        data = super().clean()
        chosen = [v for v in data.values() if v]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("Choose each column for one field only."))
        return data

    def mapping(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if v}


class ApplyForm(forms.Form):
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
    create_missing = forms.BooleanField(
        label=_("Create the unknown schools and groups listed above"),
        required=False,
    )


class ResolveForm(forms.Form):
    """Which child a confirmation is for, or that the child is not on the roster."""

    NOT_ON_ROSTER = "none"

    choice = forms.ChoiceField(
        label=_("This confirmation is for"), widget=forms.RadioSelect
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(p.pk): p for p in candidates}
        self.fields["choice"].choices = [
            (str(p.pk), f"{p.full_name} ({p.group.name}, {p.external_id})")
            for p in candidates
        ] + [(self.NOT_ON_ROSTER, _("None of these: the child is not on the roster"))]

    def pupil(self):
        return self.candidates.get(self.cleaned_data["choice"])


class StaffImportForm(forms.Form):
    """The staff file and the user group whose members confirm the staff rules."""

    bestand = forms.FileField(
        label=_("Staff file (CSV or XLSX)"),
        help_text=_("Columns: naam; email; scholen; groepen (see the example)."),
    )
    user_group = forms.ModelChoiceField(
        label=_("Add everyone to the group"),
        queryset=None,
        help_text=_("The group whose members must confirm the rules for staff."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user_group"].queryset = Group.objects.filter(
            pk__in=Audience.objects.exclude(group=None).values("group")
        )


class PupilForm(WagtailAdminModelForm):
    """Correcting a pupil by hand: groups of the pupil's own school only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "group" in self.fields and self.instance.school_id:
            self.fields["group"].queryset = SchoolGroup.objects.filter(
                school=self.instance.school_id
            )
