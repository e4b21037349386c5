"""The shapes of @signoff in the ++api++: what a caller sends and gets back.

A parent's details are checked by the rules and with the messages of the HTML
form (``people``), through Pydantic, not through the form.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import Field, Schema
from pydantic import StrictBool, field_validator
from pydantic import ValidationError as PydanticValidationError

from policy_pages import api as content_api

from .models import SchoolGroup
from .people import MESSAGES, ParentDetails, clean_email, clean_text, message_of


class SignOffStatus(Schema):
    required: bool
    status: str | None
    current_version: str | None
    signed_version: str | None
    signed_at: str | None


class SignOffIn(Schema):
    version: str = Field(..., max_length=12)
    content_hash: str = Field(..., max_length=71)
    language: str = Field(..., max_length=12)
    name: str | None = None
    email: str | None = None
    child_name: str | None = None
    school: str | None = Field(None, max_length=60)
    group: str | None = Field(None, max_length=60)
    # Consent is a JSON true, nothing else ("yes" or 1 is not a tick).
    parental_responsibility: StrictBool = False
    agree: StrictBool = False
    token: str | None = Field(None, max_length=200)


class ParentIn(Schema):
    """A parent's details in a confirmation, checked as on the form: the same
    rules and messages (``people``), and one lookup of school and group."""

    name: str
    email: str
    child_name: str
    school: str
    group: str
    parental_responsibility: bool
    agree: bool

    @field_validator("name")
    @classmethod
    def _name(cls, value):
        return _check(clean_text, value, required_message=MESSAGES["name_required"])

    @field_validator("child_name")
    @classmethod
    def _child_name(cls, value):
        return _check(clean_text, value, required_message=MESSAGES["child_required"])

    @field_validator("email")
    @classmethod
    def _email(cls, value):
        return _check(clean_email, value)

    @field_validator("parental_responsibility")
    @classmethod
    def _responsibility(cls, value):
        if not value:
            raise ValueError(MESSAGES["responsibility"])
        return value

    @field_validator("agree")
    @classmethod
    def _agree(cls, value):
        if not value:
            raise ValueError(MESSAGES["agree"])
        return value

    @classmethod
    def details_from(cls, payload: SignOffIn) -> ParentDetails:
        """The parent's details in ``payload``; ``InvalidInputError`` with a
        message per field (school and group at "group") if any is wrong."""
        errors = {}
        try:
            checked = cls.model_validate(
                {
                    name: getattr(payload, name) or ""
                    for name in ("name", "email", "child_name", "school", "group")
                }
                | {
                    "parental_responsibility": payload.parental_responsibility,
                    "agree": payload.agree,
                }
            )
        except PydanticValidationError as error:
            checked = None
            for item in error.errors():
                cause = item.get("ctx", {}).get("error")
                errors.setdefault(str(item["loc"][0]), str(cause or item["msg"]))
        group = (
            SchoolGroup.objects.select_related("school")
            .filter(school__token=payload.school, token=payload.group)
            .first()
            if payload.school and payload.group
            else None
        )
        if group is None:
            errors.pop("school", None)
            errors["group"] = str(MESSAGES["choose_school"])
        if errors:
            raise InvalidInputError(errors)
        return ParentDetails(
            name=checked.name,
            email=checked.email,
            child_name=checked.child_name,
            school=group.school,
            group=group,
            parental_responsibility=True,
        )


class InvalidInputError(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(errors))
        self.errors = errors


def _check(clean, value, **kwargs):
    """A ``people`` check inside a Pydantic validator: its message as the error."""
    try:
        return clean(value, **kwargs)
    except DjangoValidationError as error:
        raise ValueError(message_of(error)) from None


class Receipt(Schema):
    id: str
    version: str
    content_hash: str
    signed_at: str
    language: str


class Conflict(Schema):
    type: str
    title: str
    status: int
    detail: str
    current_version: content_api.VersionInfo | None = None


class Sent(Schema):
    status: str
    title: str
    detail: str
