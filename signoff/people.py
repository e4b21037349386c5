"""Names and e-mail addresses as people type them: the one place that checks,
normalises and compares them, for the HTML forms, the ++api++ and the services.

Checks raise Django's ``ValidationError`` with the message a person reads; the
forms show it at the field, the API puts it in its problem's ``errors``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import School, SchoolGroup

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
    "name_required": _("Fill in your name."),
    "child_required": _("Fill in your child's name."),
    "email_required": _("Fill in your e-mail address."),
    "email_invalid": _("This e-mail address is not right. Check how you typed it."),
    "responsibility": _(
        "Tick the box if you are a parent or guardian with parental responsibility."
    ),
    "agree": _("Tick the box if you agree."),
}


def normalize_name(value: str) -> str:
    """NFC, single spaces, no outer spaces: how names are stored and compared."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def normalize_email(value: str) -> str:
    return unicodedata.normalize("NFC", value or "").strip()


def name_key(value: str) -> str:
    return normalize_name(value).casefold()


def email_key(value: str) -> str:
    return normalize_email(value).casefold()


def clean_text(value: str, *, required_message, max_length: int = NAME_MAX) -> str:
    """One line of text a person typed: normalised, no markup or controls."""
    value = normalize_name(value)
    if not value:
        raise ValidationError(required_message, code="required")
    if len(value) > max_length:
        raise ValidationError(
            MESSAGES["too_long"], code="max_length", params={"limit_value": max_length}
        )
    if "<" in value or ">" in value:
        raise ValidationError(MESSAGES["markup"], code="markup")
    for char in value:
        category = unicodedata.category(char)
        if category == "Cc" or (category == "Cf" and char not in _ALLOWED_FORMAT):
            raise ValidationError(MESSAGES["control"], code="control")
    if _COMBINING_RUN.search(value):
        raise ValidationError(MESSAGES["control"], code="control")
    return value


def clean_email(
    value: str,
    *,
    required: bool = True,
    invalid_message=MESSAGES["email_invalid"],
) -> str:
    """An e-mail address a person typed, normalised; "" when optional and empty."""
    value = normalize_email(value)
    if not value:
        if required:
            raise ValidationError(MESSAGES["email_required"], code="required")
        return ""
    if len(value) > EMAIL_MAX:
        raise ValidationError(
            MESSAGES["too_long"], code="max_length", params={"limit_value": EMAIL_MAX}
        )
    try:
        EmailValidator()(value)
    except ValidationError:
        raise ValidationError(invalid_message, code="invalid") from None
    return value


def message_of(error: ValidationError) -> str:
    """The first message of a check's error, with its parameters filled in."""
    return next(iter(error))


@dataclass(frozen=True)
class ParentDetails:
    """Who confirms for which child: normalised on the way in, whatever typed it."""

    name: str
    email: str
    child_name: str
    school: School
    group: SchoolGroup
    parental_responsibility: bool
    preferred_language: str = ""  # a code of settings.LANGUAGES; "": the one shown

    def __post_init__(self):
        object.__setattr__(self, "name", normalize_name(self.name))
        object.__setattr__(self, "child_name", normalize_name(self.child_name))
        object.__setattr__(self, "email", normalize_email(self.email))

    @property
    def name_key(self) -> str:
        return self.name.casefold()

    @property
    def email_key(self) -> str:
        return self.email.casefold()

    @property
    def child_key(self) -> str:
        return self.child_name.casefold()
