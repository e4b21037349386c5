"""Admin form of versioned pages: refuses a publish that would make a bad version."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

# POST keys of the page editor's actions that publish now or start approval.
PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_DUTCH_DATE = re.compile(r"(\d{2})-(\d{2})-(\d{4})", re.ASCII)


class StrictDateField(forms.Field):
    """A date typed as dd-mm-jjjj or jjjj-mm-dd, and nothing else.

    Wagtail's date picker turned "morgen" and "2018-01-01" into today and
    "31-02-2027" into 3 March: a date that becomes evidence is never guessed.
    A plain text input (no picker script) keeps exactly what was typed, and
    anything that is not one exact, existing date is refused with a message.
    """

    widget = forms.TextInput(
        attrs={
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": _("dd-mm-yyyy"),
            "size": 12,
        }
    )
    default_error_messages = {
        "invalid": _("Write the date as dd-mm-yyyy, for example 01-09-2026."),
        "no_such_date": _("This date does not exist. Check the day and the month."),
    }

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime("%d-%m-%Y")
        return value

    def to_python(self, value) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        text = (value or "").strip()
        if not text:
            return None
        if match := _ISO_DATE.fullmatch(text):
            year, month, day = match.groups()
        elif match := _DUTCH_DATE.fullmatch(text):
            day, month, year = match.groups()
        else:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(
                self.error_messages["no_such_date"], code="no_such_date"
            ) from None


class VersionedPageForm(WagtailAdminPageForm):
    """Checks the "Versie" panel when the editor publishes or submits for approval.

    Saving a draft is always allowed: the change note may be written later.
    """

    version_effective_date = StrictDateField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("version_effective_date")
        if field is not None:
            model_field = self._meta.model._meta.get_field("version_effective_date")
            field.label = capfirst(model_field.verbose_name)
            field.help_text = model_field.help_text
        if not self.is_bound and self.instance.pk:
            self._start_new_version()

    def _start_new_version(self):
        """Open the "Versie" panel empty when it still states the published version.

        The panel's fields are saved with each revision, so after publishing 2.0
        they still say "major change" and 2.0's note. A new edit starts from a blank
        statement instead, so nobody makes 3.0 by accident.
        """
        if not self.instance.is_source:
            return
        latest = self.instance.current_version
        note = (self.instance.version_change_note or "").strip()
        if latest is not None and note == latest.change_note.strip():
            self.initial.update(
                version_change_note="",
                version_material=False,
                version_effective_date=None,
            )

    def _publishes(self) -> bool:
        """Publish, submit, or approve; an approver may still reject a bad draft."""
        if "action-workflow-action" in self.data:
            return self.data.get("workflow-action-name") == "approve"
        return any(key in self.data for key in PUBLISHING_ACTIONS)

    def _post_clean(self):
        # The instance is only filled in from the form here, after clean().
        super()._post_clean()
        if not self.is_bound or not self._publishes():
            return
        for field_name, message in self.instance.new_version_errors().items():
            if field_name in self.fields:
                self.add_error(field_name, message)
            else:
                self.add_error(None, message)
