"""Forms people fill in to confirm, and the officers' forms in the admin."""

from __future__ import annotations

from collections import Counter

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from . import permissions
from .models import School, SchoolGroup
from .people import (
    EMAIL_MAX,
    MESSAGES,
    NAME_MAX,
    ParentDetails,
    clean_email,
    clean_text,
)


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
        required_message=MESSAGES["name_required"],
        widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": 400}),
    )
    email = forms.CharField(
        label=_("Your e-mail address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "maxlength": 600}),
    )
    child_name = PersonTextField(
        label=_("Your child's name"),
        required_message=MESSAGES["child_required"],
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
    preferred_language = forms.ChoiceField(
        label=_("In which language shall we write to you?"),
        # Each language named in itself, as in the language switcher.
        choices=lambda: list(settings.LANGUAGES),
        required=False,
    )
    parental_responsibility = forms.BooleanField(
        label=_("I am a parent or guardian with parental responsibility."),
        error_messages={"required": MESSAGES["responsibility"]},
    )
    agree = forms.BooleanField(
        label=_("I know these rules and will follow them."),
        error_messages={"required": MESSAGES["agree"]},
    )
    # Hidden from people; robots that fill in every field give themselves away.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_email(self):
        return clean_email(self.cleaned_data.get("email"))

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
            preferred_language=data.get("preferred_language") or "",
        )


class StaffSignOffForm(VersionShownMixin, forms.Form):
    """ "Gelezen en akkoord": the signed-in staff member confirms the text shown."""


class StaffMemberChoiceField(forms.ModelChoiceField):
    """Staff members by their full name; the username is added only where it is
    needed to tell people apart (the same name twice, or no name at all)."""

    def __init__(self, *args, **kwargs):
        self.alike: set[str] = set()
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        full_name = obj.get_full_name()
        if not full_name:
            return obj.get_username()
        if full_name.casefold() in self.alike:
            return f"{full_name} ({obj.get_username()})"
        return full_name


def staff_who_must_confirm():
    """Active members of the groups that audiences name: the people who must
    confirm a staff rule set."""
    from policy_pages.models import Audience

    groups = Audience.objects.filter(group__isnull=False).values("group")
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__in=groups)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class PaperSignOffForm(forms.Form):
    """An officer enters a confirmation that was given on paper: for a staff rule
    set a member of its group, for a parents' rule set a parent (e-mail address
    optional), with the date on the paper and, if there is one, a scan."""

    version = forms.ModelChoiceField(
        label=_("Code of conduct and version"), queryset=None
    )
    paper_signed_on = forms.DateField(
        label=_("Signed on paper on"),
        help_text=_("The date written on the paper form."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        # Exactly these, nothing guessed: the browser's date field sends the first.
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={
            "required": _("Fill in the date on the paper form."),
            "invalid": _("This date is not right. Write it as day-month-year."),
        },
    )
    staff_member = StaffMemberChoiceField(
        label=_("Staff member"),
        queryset=None,
        required=False,
        help_text=_("Only for a code of conduct for staff."),
        error_messages={"invalid_choice": _("Choose a staff member from the list.")},
    )
    name = forms.CharField(
        label=_("Parent's name"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": NAME_MAX * 2}),
    )
    email = forms.CharField(
        label=_("Parent's e-mail address"),
        required=False,
        help_text=_("Leave empty if the paper form has none."),
        widget=forms.EmailInput(attrs={"maxlength": EMAIL_MAX * 2}),
    )
    child_name = forms.CharField(
        label=_("Child's name"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": NAME_MAX * 2}),
    )
    group = GroupChoiceField(
        label=_("School and group"),
        required=False,
        queryset=SchoolGroup.objects.select_related("school"),
    )
    parental_responsibility = forms.BooleanField(
        label=_("The form states parental responsibility."), required=False
    )
    scan = forms.FileField(
        label=_("Scan of the signed form"),
        required=False,
        help_text=_("Optional. PDF, JPG or PNG. Only officers can open it."),
    )

    PARENT_FIELDS = ("name", "email", "child_name", "group", "parental_responsibility")

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = lambda v: (
            f"{v.snapshot.get('title', '')} – {v.number} ({v.locale})"
        )
        self.fields["group"].label_from_instance = str
        staff = staff_who_must_confirm()
        picker = self.fields["staff_member"]
        picker.queryset = staff
        names = Counter(
            f"{first} {last}".strip().casefold()
            for first, last in staff.values_list("first_name", "last_name")
        )
        picker.alike = {name for name, n in names.items() if name and n > 1}
        self.for_staff = False

    def clean_scan(self):
        from django.conf import settings

        from .scans import scan_extension

        upload = self.cleaned_data.get("scan")
        if not upload:
            return None
        limit = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None) or 10 * 2**20
        if upload.size > limit:
            raise forms.ValidationError(
                _("This file is too big. Use at most %(mb)d MB."),
                code="max_size",
                params={"mb": limit // 2**20},
            )
        if scan_extension(upload) is None:
            raise forms.ValidationError(
                _("Upload a PDF, JPG or PNG file."), code="file_type"
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        version = cleaned.get("version")
        if version is None:
            return cleaned
        self._check_date(version, cleaned.get("paper_signed_on"))
        page = version.page.specific
        self.for_staff = permissions.is_staff_rule_set(page)
        if self.for_staff:
            self._clean_staff(cleaned, page.audience.group_id)
        else:
            self._clean_parent(cleaned)
        return cleaned

    def _check_date(self, version, signed_on) -> None:
        if signed_on is None:
            return
        if signed_on > timezone.localdate():
            self.add_error(
                "paper_signed_on",
                _("This date is in the future. Fill in the date on the paper form."),
            )
        elif signed_on < version.effective_date:
            self.add_error(
                "paper_signed_on",
                _(
                    "Version %(number)s is in force from %(date)s. A form signed "
                    "before then is not for this version."
                )
                % {
                    "number": version.number,
                    "date": formats.date_format(version.effective_date, "j E Y"),
                },
            )

    def _clean_staff(self, cleaned, group_id) -> None:
        member = cleaned.get("staff_member")
        if member is None:
            if "staff_member" not in self.errors:
                self.add_error(
                    "staff_member",
                    _("These rules are for staff. Choose the staff member who signed."),
                )
        elif not member.groups.filter(pk=group_id).exists():
            self.add_error(
                "staff_member",
                _("This person is not in the group that must confirm these rules."),
            )
        for field in self.PARENT_FIELDS:
            if cleaned.get(field):
                self.add_error(
                    field,
                    _("These rules are for staff. Leave the parent's details empty."),
                )

    def _clean_parent(self, cleaned) -> None:
        if cleaned.get("staff_member"):
            self.add_error(
                "staff_member",
                _("These rules are for parents. Do not choose a staff member."),
            )
        for field, message in (
            ("name", _("Fill in the parent's name.")),
            ("child_name", _("Fill in the child's name.")),
        ):
            try:
                cleaned[field] = clean_text(
                    cleaned.get(field, ""),
                    required_message=message,
                    max_length=NAME_MAX,
                )
            except forms.ValidationError as error:
                self.add_error(field, error)
        try:
            cleaned["email"] = clean_email(
                cleaned.get("email"),
                required=False,
                invalid_message=_(
                    "This e-mail address is not right. Check how it is written."
                ),
            )
        except forms.ValidationError as error:
            self.add_error("email", error)
        if not cleaned.get("group") and "group" not in self.errors:
            self.add_error("group", MESSAGES["choose_school"])
        if not cleaned.get("parental_responsibility"):
            self.add_error(
                "parental_responsibility",
                _("A parent's confirmation needs parental responsibility."),
            )

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
