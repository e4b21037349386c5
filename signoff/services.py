"""The only writers of signoff models, and the questions they answer first."""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from policy_pages.models import PolicyVersion

from . import ratelimit, tallies
from .models import Channel, School, SchoolGroup, SignOff, version_key

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


def _verify_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def verification_link_token(reference: str) -> str:
    """The secret of a claim's "was this you?" link: derived from its reference
    with the site's secret key, so every e-mail for one claim carries the same
    link (a repeated claim never cancels a link already sent) and nothing that
    opens it is stored; the claim keeps only a hash of it."""
    return salted_hmac("signoff.verification-link", reference).hexdigest()


def _insert(signoff: SignOff, find) -> tuple[SignOff, bool]:
    """Insert ``signoff`` unless an equal one exists; race-safe through the
    database constraints: when two requests insert at once, one gets in and the
    other returns the row it made (``find()``)."""
    # The related rows were just read, and the constraints (the reference's
    # uniqueness too) are the database's to enforce: check the values only.
    signoff.full_clean(
        exclude=[
            "version",
            "user",
            "school",
            "group",
            "acted_by",
            "api_token",
            "paper_scan",
        ],
        validate_unique=False,
        validate_constraints=False,
    )
    try:
        with transaction.atomic():
            signoff.save()
            if signoff.verified_at is not None:
                tallies.count_recorded(signoff)
    except IntegrityError:
        # Another request recorded the same confirmation a moment ago.
        existing = find()
        if existing is None:
            raise
        return existing, False
    return signoff, True


def _new_signoff(
    *, version: PolicyVersion, language: str, channel, key: dict, **fields
) -> SignOff:
    return SignOff(
        version=version,
        content_hash=version.content_hash,
        language=language,
        channel=channel,
        signed_at=timezone.now(),
        **key,
        **fields,
    )


def _parent_fields(parent: ParentDetails) -> dict:
    return {
        "parent_name": normalize_name(parent.name),
        "name_key": name_key(parent.name),
        "parent_email": parent.email.strip(),
        "child_name": normalize_name(parent.child_name),
        "school": parent.school,
        "group": parent.group,
        "parental_responsibility": parent.parental_responsibility,
    }


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
    api_token=None,
    paper_signed_on=None,
    paper_scan=None,
    site_url: str = "",
    notify: bool = True,
) -> tuple[SignOff, bool]:
    """Record that a known person confirmed ``version``: a signed-in staff member
    (``user``), the owner of an API token (``api_token`` is kept as evidence), or a
    parent or staff member whose paper form an officer (``acted_by``) enters.

    The confirmation is verified at once: who it is, is known. (A parent through
    the open form is not known: see ``claim_parent_signoff``.) Idempotent: the
    same confirmation again returns the first record and ``False``. Race-safe
    through the database constraints. Refuses (``StaleVersionError``) a version
    or text that is not current, and (``TranslationBehindError``) a lagging
    translation; then nothing is stored. With ``notify`` a receipt is e-mailed
    after the commit, with links to ``site_url`` (the site's address).
    """
    if (user is None) == (parent is None):
        raise ValueError("Give either a staff member or a parent's details.")
    if (channel == Channel.PAPER) != (paper_signed_on is not None):
        raise ValueError("Paper entries, and only they, have a date signed on paper.")
    check_signable(version=version, content_hash=content_hash)

    key = version_key(version)
    if user is not None:
        key["user"] = user
        fields = {}
    else:
        key["email_key"] = email_key(parent.email)
        key["child_key"] = name_key(parent.child_name)
        fields = _parent_fields(parent)
        if not key["email_key"]:
            # A paper form without an e-mail address: the family is the person
            # named on it, for this child in this group.
            key.update(name_key=fields["name_key"], group=parent.group)
    existing = _existing(key)
    if existing is not None:
        return existing, False

    signoff = _new_signoff(
        version=version,
        language=language,
        channel=channel,
        key=key,
        acted_by=acted_by,
        api_token=api_token,
        paper_signed_on=paper_signed_on,
        paper_scan=paper_scan,
        **{k: v for k, v in fields.items() if k not in key},
    )
    signoff.verified_at = signoff.signed_at  # who it is, is known at once
    signoff._history_user = acted_by or user
    signoff, created = _insert(signoff, lambda: _existing(key))
    if not created:
        return signoff, False

    recipient = signoff.parent_email or (user.email if user is not None else "")
    if notify and recipient:
        from .tasks import send_receipt

        transaction.on_commit(
            lambda: send_receipt.enqueue(signoff_id=signoff.pk, site_url=site_url),
            robust=True,
        )
    logger.info("Recorded confirmation %s", signoff.reference)
    return signoff, True


class Claim(StrEnum):
    """What became of a parent's claim through the open form (for tests and logs;
    the person who made it is told the same in every case)."""

    NEW = "new"
    REPEATED = "repeated"
    ALREADY_VERIFIED = "already_verified"


@transaction.atomic
def claim_parent_signoff(
    *,
    version: PolicyVersion,
    content_hash: str,
    language: str,
    channel: Channel | str,
    parent: ParentDetails,
    site_url: str = "",
) -> tuple[str, SignOff]:
    """A parent confirms through the open form, where nobody knows who is typing.

    Records the confirmation as unverified and e-mails the address given a link
    to confirm it was them (double opt-in); only then does it count. Whoever
    typed learns nothing: the caller must answer the same whether the claim is
    new, repeated, or the family had confirmed already. A verified confirmation
    is never changed by a claim; a stranger's unverified claim never blocks the
    real parent's (claims are per person: name, e-mail address, child and group).
    Refuses stale versions and lagging translations like ``record_signoff``.
    """
    check_signable(version=version, content_hash=content_hash)
    fields = _parent_fields(parent)
    family = {
        **version_key(version),
        "email_key": email_key(parent.email),
        "child_key": name_key(parent.child_name),
    }
    # Mails to one address are limited; the claim is recorded all the same, so
    # nobody can lock a family out by using up its address's attempts.
    may_mail = ratelimit.mail_allowed(parent.email)
    verified = _existing(family)
    if verified is not None:
        # Only the stored address hears of it: that it had confirmed already.
        if may_mail:
            _after_commit_send("send_already_confirmed", verified, site_url)
        return Claim.ALREADY_VERIFIED, verified

    # What the person typed is what they verify: school and group are part of
    # the claim, so a stranger's claim never puts its details on the real one.
    claim = {**family, "name_key": fields["name_key"], "group": parent.group}

    def find_claim():
        return SignOff.objects.unverified().filter(**claim).order_by("pk").first()

    pending = find_claim()
    if pending is not None:
        if may_mail:
            _after_commit_send("send_verification_link", pending, site_url)
        return Claim.REPEATED, pending

    signoff = _new_signoff(
        version=version,
        language=language,
        channel=channel,
        key=claim,
        **{k: v for k, v in fields.items() if k not in claim},
    )
    signoff.verify_key = _verify_key(verification_link_token(signoff.reference))
    signoff, created = _insert(signoff, find_claim)
    if may_mail:
        _after_commit_send("send_verification_link", signoff, site_url)
    if created:
        logger.info("Recorded unverified confirmation %s", signoff.reference)
    return (Claim.NEW if created else Claim.REPEATED), signoff


def _after_commit_send(task_name: str, signoff: SignOff, site_url: str) -> None:
    from . import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(
        lambda: task.enqueue(signoff_id=signoff.pk, site_url=site_url), robust=True
    )


class InvalidLinkError(Exception):
    """No unverified claim (or confirmation) has this link."""


def find_by_link(token: str) -> SignOff:
    """The claim (or confirmation) the e-mailed ``token`` belongs to."""
    if not token or len(token) > 100:
        raise InvalidLinkError
    signoff = (
        SignOff.objects.filter(verify_key=_verify_key(token))
        .select_related("version", "school", "group")
        .first()
    )
    if signoff is None or signoff.revoked_at is not None:
        raise InvalidLinkError
    return signoff


@transaction.atomic
def verify_signoff(*, token: str, site_url: str = "") -> tuple[SignOff, bool]:
    """The parent followed the e-mailed link: the claim becomes a confirmation.

    Idempotent (a second click returns the same confirmation and ``False``).
    When the family meanwhile confirmed through another claim, that verified
    confirmation stands and is returned; this claim stays unverified.
    """
    signoff = find_by_link(token)
    signoff = SignOff.objects.select_for_update().get(pk=signoff.pk)
    if signoff.verified_at is not None:
        return signoff, False
    family = {
        **version_key(signoff),
        "email_key": signoff.email_key,
        "child_key": signoff.child_key,
    }
    existing = _existing(family)
    if existing is not None:
        return existing, False
    signoff.verified_at = timezone.now()
    # History is read in the admin, in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        signoff._change_reason = _("Verified through the e-mailed link")
    try:
        with transaction.atomic():
            signoff.save(update_fields=["verified_at"])
            tallies.count_recorded(signoff)
    except IntegrityError:
        existing = _existing(family)
        if existing is None:
            raise
        return existing, False
    _after_commit_send("send_receipt", signoff, site_url)
    logger.info("Verified confirmation %s", signoff.reference)
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
    if signoff.verified_at is not None:  # unverified claims were never counted
        tallies.count_revoked(signoff)
    return signoff
