"""Forms people fill in to confirm, and the officers' forms in the admin."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

from .models import School, SchoolGroup
from .services import ParentDetails

NAME_MAX = 200
EMAIL_MAX = 254
# Letters' combining marks are fine (é, Arabic vowel marks); a pile of them is not.
_COMBINING_RUN = re.compile(
    r"[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u064b-\u065f]{4,}"
)
# Zero-width joiners are part of Arabic, Persian and Indic names.
_ALLOWED_FORMAT = {"\u200c", "\u200d"}

MESSAGES = {
    "too_long": _("This is too long. Use at most %(limit_value)d characters."),
    "markup": _("Do not use < or > here."),
    "control": _("This contains characters we cannot store. Type it again."),
    "choose_school": _("Choose a school and group from the list."),
}


def clean_text(value: str, *, required_message, max_length: int) -> str:
    """One line of text a person typed: NFC, single spaces, no markup or controls."""
    value = unicodedata.normalize("NFC", value or "")
    value = " ".join(value.split())
    if not value:
        raise forms.ValidationError(required_message, code="required")
    if len(value) > max_length:
        raise forms.ValidationError(
            MESSAGES["too_long"], code="max_length", params={"limit_value": max_length}
        )
    if "<" in value or ">" in value:
        raise forms.ValidationError(MESSAGES["markup"], code="markup")
    for char in value:
        category = unicodedata.category(char)
        if category == "Cc" or (category == "Cf" and char not in _ALLOWED_FORMAT):
            raise forms.ValidationError(MESSAGES["control"], code="control")
    if _COMBINING_RUN.search(value):
        raise forms.ValidationError(MESSAGES["control"], code="control")
    return value


class PersonTextField(forms.CharField):
    """A name as people type it; the checks of ``clean_text`` with its own messages."""

    def __init__(self, *, required_message, max_length=NAME_MAX, **kwargs):
        self.required_message = required_message
        self.limit = max_length
        # Long input is refused with a message, not cut off by the browser.
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"maxlength": max_length * 2})
        )
        super().__init__(required=False, strip=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return clean_text(
            value, required_message=self.required_message, max_length=self.limit
        )


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class VersionShownMixin(forms.Form):
    """The version and hash of the text shown, carried through the form."""

    version = forms.CharField(widget=forms.HiddenInput, max_length=12)
    content_hash = forms.CharField(widget=forms.HiddenInput, max_length=71)


class ParentSignOffForm(VersionShownMixin, forms.Form):
    """A parent confirms for one child: no account, everything checked, nothing
    stored unless all of it is right."""

    name = PersonTextField(
        label=_("Your name"),
        required_message=_("Fill in your name."),
        widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": 400}),
    )
    email = forms.CharField(
        label=_("Your e-mail address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "maxlength": 600}),
    )
    child_name = PersonTextField(
        label=_("Your child's name"),
        required_message=_("Fill in your child's name."),
    )
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.all(),
        to_field_name="token",
        empty_label=_("Choose a school"),
        error_messages={
            "invalid_choice": MESSAGES["choose_school"],
            "required": MESSAGES["choose_school"],
        },
    )
    group = GroupChoiceField(
        label=_("Group"),
        queryset=SchoolGroup.objects.select_related("school"),
        empty_label=_("Choose a group"),
        error_messages={
            "invalid_choice": MESSAGES["choose_school"],
            "required": MESSAGES["choose_school"],
        },
    )
    parental_responsibility = forms.BooleanField(
        label=_("I am a parent or guardian with parental responsibility."),
        error_messages={
            "required": _(
                "Tick the box if you are a parent or guardian with "
                "parental responsibility."
            )
        },
    )
    agree = forms.BooleanField(
        label=_("I know these rules and will follow them."),
        error_messages={"required": _("Tick the box if you agree.")},
    )
    # Hidden from people; robots that fill in every field give themselves away.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_email(self):
        value = unicodedata.normalize(
            "NFC", self.cleaned_data.get("email") or ""
        ).strip()
        if not value:
            raise forms.ValidationError(
                _("Fill in your e-mail address."), code="required"
            )
        if len(value) > EMAIL_MAX:
            raise forms.ValidationError(
                MESSAGES["too_long"],
                code="max_length",
                params={"limit_value": EMAIL_MAX},
            )
        try:
            EmailValidator()(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("This e-mail address is not right. Check how you typed it."),
                code="invalid",
            ) from None
        return value

    def clean(self):
        cleaned = super().clean()
        school, group = cleaned.get("school"), cleaned.get("group")
        if school and group and group.school_id != school.pk:
            self.add_error("group", MESSAGES["choose_school"])
        return cleaned

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def parent_details(self) -> ParentDetails:
        data = self.cleaned_data
        return ParentDetails(
            name=data["name"],
            email=data["email"],
            child_name=data["child_name"],
            school=data["school"],
            group=data["group"],
            parental_responsibility=data["parental_responsibility"],
        )


class StaffSignOffForm(VersionShownMixin, forms.Form):
    """ "Gelezen en akkoord": the signed-in staff member confirms the text shown."""


class PaperSignOffForm(forms.Form):
    """An officer enters a confirmation that was given on paper."""

    version = forms.ModelChoiceField(label=_("Version"), queryset=None)
    staff_member = forms.ModelChoiceField(
        label=_("Staff member"),
        queryset=None,
        required=False,
        help_text=_("For a staff member. Leave empty for a parent."),
    )
    name = forms.CharField(
        label=_("Parent's name"), required=False, max_length=NAME_MAX
    )
    email = forms.EmailField(label=_("Parent's e-mail address"), required=False)
    child_name = forms.CharField(
        label=_("Child's name"), required=False, max_length=NAME_MAX
    )
    group = GroupChoiceField(
        label=_("School and group"),
        required=False,
        queryset=SchoolGroup.objects.select_related("school"),
    )
    parental_responsibility = forms.BooleanField(
        label=_("The form states parental responsibility."), required=False
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = lambda v: (
            f"{v.snapshot.get('title', '')} – {v.number} ({v.locale})"
        )
        self.fields["group"].label_from_instance = str
        self.fields["staff_member"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .order_by("last_name", "first_name")
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("staff_member"):
            return cleaned
        required = {
            "name": _("Fill in the parent's name."),
            "email": _("Fill in the parent's e-mail address."),
            "child_name": _("Fill in the child's name."),
            "group": MESSAGES["choose_school"],
            "parental_responsibility": _(
                "A parent's confirmation needs parental responsibility."
            ),
        }
        for field, message in required.items():
            if not cleaned.get(field) and field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def parent_details(self) -> ParentDetails:
        data = self.cleaned_data
        return ParentDetails(
            name=data["name"],
            email=data["email"],
            child_name=data["child_name"],
            school=data["group"].school,
            group=data["group"],
            parental_responsibility=True,
        )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this confirmation revoked?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Write why this confirmation is revoked.")},
    )
