"""The only writers of signoff models, and the questions they answer first."""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policy_pages.models import PolicyVersion

from . import tallies
from .models import Channel, School, SchoolGroup, SignOff

logger = logging.getLogger(__name__)


class StaleVersionError(Exception):
    """The version (or text) shown is no longer the current one: nothing recorded."""

    def __init__(self, current: PolicyVersion | None):
        super().__init__("The version shown is not the current version.")
        self.current = current


class TranslationBehindError(Exception):
    """The translation shown lags behind its source: confirm the source text."""

    def __init__(self, source_current: PolicyVersion):
        super().__init__("This translation lags behind its source.")
        self.source_current = source_current


@dataclass(frozen=True)
class ParentDetails:
    name: str
    email: str
    child_name: str
    school: School
    group: SchoolGroup
    parental_responsibility: bool


def normalize_name(value: str) -> str:
    """NFC, single spaces, no outer spaces: how names are stored and compared."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def name_key(value: str) -> str:
    return normalize_name(value).casefold()


def email_key(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip().casefold()


def current_version(page_id: int) -> PolicyVersion | None:
    return PolicyVersion.objects.filter(page_id=page_id).latest_first().first()


def _current_version_id(page_id: int) -> int | None:
    return (
        PolicyVersion.objects.filter(page_id=page_id)
        .latest_first()
        .values_list("pk", flat=True)
        .first()
    )


def check_signable(*, version: PolicyVersion, content_hash: str) -> None:
    """Raise unless ``version`` with this exact text is what should be confirmed now."""
    if (
        content_hash != version.content_hash
        or _current_version_id(version.page_id) != version.pk
    ):
        raise StaleVersionError(current_version(version.page_id))
    source_current = version.newer_source()
    if source_current is not None:
        raise TranslationBehindError(source_current)


def _existing(key: dict) -> SignOff | None:
    return SignOff.objects.valid().filter(**key).order_by("pk").first()


@transaction.atomic
def record_signoff(
    *,
    version: PolicyVersion,
    content_hash: str,
    language: str,
    channel: Channel | str,
    user=None,
    parent: ParentDetails | None = None,
    acted_by=None,
    notify: bool = True,
) -> tuple[SignOff, bool]:
    """Record that a staff member (``user``) or a parent confirmed ``version``.

    Idempotent: the same confirmation again returns the first record and ``False``.
    Race-safe: when two requests insert at once, the database constraint lets one
    in and the other returns that row. Refuses (``StaleVersionError``) a version or
    text that is not current, and (``TranslationBehindError``) a lagging
    translation; then nothing is stored. With ``notify`` a receipt is e-mailed
    after the commit.
    """
    if (user is None) == (parent is None):
        raise ValueError("Give either a staff member or a parent's details.")
    check_signable(version=version, content_hash=content_hash)

    key = {
        "translation_key": version.translation_key,
        "major": version.major,
        "minor": version.minor,
    }
    if user is not None:
        key["user"] = user
    else:
        key["email_key"] = email_key(parent.email)
        key["child_key"] = name_key(parent.child_name)
    existing = _existing(key)
    if existing is not None:
        return existing, False

    signoff = SignOff(
        version=version,
        content_hash=version.content_hash,
        language=language,
        channel=channel,
        acted_by=acted_by,
        signed_at=timezone.now(),
        **key,
    )
    if parent is not None:
        signoff.parent_name = normalize_name(parent.name)
        signoff.parent_email = parent.email.strip()
        signoff.child_name = normalize_name(parent.child_name)
        signoff.school = parent.school
        signoff.group = parent.group
        signoff.parental_responsibility = parent.parental_responsibility
    signoff._history_user = acted_by or user
    # The related rows were just read, and the constraints (the reference's
    # uniqueness too) are the database's to enforce: check the values only.
    signoff.full_clean(
        exclude=["version", "user", "school", "group", "acted_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    try:
        with transaction.atomic():
            signoff.save()
            tallies.count_recorded(signoff)
    except IntegrityError:
        # Another request recorded the same confirmation a moment ago.
        existing = _existing(key)
        if existing is None:
            raise
        return existing, False

    if notify and (signoff.parent_email or (user is not None and user.email)):
        from .tasks import send_receipt

        transaction.on_commit(
            lambda: send_receipt.enqueue(signoff_id=signoff.pk), robust=True
        )
    logger.info("Recorded confirmation %s", signoff.reference)
    return signoff, True


@transaction.atomic
def revoke_signoff(*, signoff: SignOff, by, reason: str) -> SignOff:
    """Mark a confirmation as revoked; the row and its history stay.

    Only officers (``signoff.revoke_signoff``) may; a reason is required.
    """
    if not by.has_perm("signoff.revoke_signoff"):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write why this confirmation is revoked.")})
    signoff = SignOff.objects.select_for_update().get(pk=signoff.pk)
    if signoff.revoked_at is not None:
        raise ValidationError({"reason": _("This confirmation is already revoked.")})
    signoff.revoked_at = timezone.now()
    signoff.revoked_by = by
    signoff.revoke_reason = reason
    signoff._history_user = by
    signoff._change_reason = reason
    signoff.full_clean(validate_constraints=False)
    signoff.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    tallies.count_revoked(signoff)
    return signoff
