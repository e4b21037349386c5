"""The only writers of signoff models, and the questions they answer first."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail import hooks

from policy_pages.models import PolicyVersion

from . import ratelimit, tallies, tasks
from .links import verification_link_token, verify_key_of
from .models import Channel, SignOff, version_key
from .people import ParentDetails, email_key, name_key

# Where the services take a parent's details and the link secret from.
__all__ = ["ParentDetails", "verification_link_token"]

logger = logging.getLogger(__name__)


class NotConfirmableError(Exception):
    """Nothing was recorded: what was shown may not be confirmed now."""


class StaleVersionError(NotConfirmableError):
    """The version (or text) shown is no longer the current one."""

    def __init__(self, current: PolicyVersion | None):
        super().__init__("The version shown is not the current version.")
        self.current = current


class TranslationBehindError(NotConfirmableError):
    """The translation shown lags behind its source: confirm the source text."""

    def __init__(self, source_current: PolicyVersion):
        super().__init__("This translation lags behind its source.")
        self.source_current = source_current


class InvalidInvitationError(Exception):
    """An invitation's token cannot confirm here (``confirm_with_invitation``)."""


@dataclass(frozen=True)
class Shown:
    """What a signer was shown: the page, the version's number, the hash of its
    text and the language. Every way to confirm starts from this."""

    page_id: int
    number: str
    content_hash: str
    language: str

    @classmethod
    def of(cls, version: PolicyVersion, *, content_hash: str | None = None):
        """A version as shown (with the hash the signer's copy carried)."""
        return cls(
            page_id=version.page_id,
            number=version.number,
            content_hash=version.content_hash if content_hash is None else content_hash,
            language=version.locale.language_code,
        )


def signable_version(shown: Shown) -> PolicyVersion:
    """The version to record for ``shown``, checked once, in one query (the
    page's current version, its hash and whether its translation lags).

    Raises ``StaleVersionError`` unless the number and the text shown are the
    current version's, and ``TranslationBehindError`` for a lagging translation.
    """
    # The recorded text is not needed here, only its hash: no snapshot.
    current = (
        PolicyVersion.objects.with_source_current()
        .defer("snapshot")
        .current_for(shown.page_id)
    )
    if (
        current is None
        or current.number != shown.number
        or current.content_hash != shown.content_hash
    ):
        raise StaleVersionError(current)
    source_current = current.newer_source()
    if source_current is not None:
        raise TranslationBehindError(source_current)
    return current


def _existing(key: dict) -> SignOff | None:
    return SignOff.objects.valid().filter(**key).order_by("pk").first()


def _counts_now(signoff: SignOff) -> None:
    """Other apps hear of evidence the moment it counts (recorded verified, or
    verified by the e-mailed link): the roster matches it to a child. An
    unverified claim proves nothing, so nobody hears of it."""
    for hook in hooks.get_hooks("after_record_signoff"):
        hook(signoff)


def _insert(
    signoff: SignOff, find, *, mail=None, site_url: str = ""
) -> tuple[SignOff, bool]:
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
        # One transaction (one commit) for the row, its history, its counters
        # and the queued mail; outside a request's transaction no savepoint.
        with transaction.atomic():
            signoff.save()
            if signoff.verified_at is not None:
                tallies.count_recorded(signoff)
                _counts_now(signoff)
            if mail:
                _queue_mail(mail, signoff, site_url)
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
        "parent_name": parent.name,
        "name_key": parent.name_key,
        "parent_email": parent.email,
        "child_name": parent.child_name,
        "school": parent.school,
        "group": parent.group,
        "parental_responsibility": parent.parental_responsibility,
        "preferred_language": parent.preferred_language,
    }


class Claim(StrEnum):
    """What became of a parent's claim through the open form (for tests and logs;
    the person who made it is told the same in every case)."""

    NEW = "new"
    REPEATED = "repeated"
    ALREADY_VERIFIED = "already_verified"


@dataclass(frozen=True)
class Confirmed:
    """What ``confirm`` did: the confirmation (or claim), whether it is new, and
    for a parent through the open form what became of the claim."""

    signoff: SignOff
    created: bool
    claim: Claim | None = None


def confirm(
    shown: Shown,
    *,
    channel: Channel | str,
    user=None,
    parent: ParentDetails | None = None,
    known: bool | None = None,
    site_url: str = "",
    notify: bool = True,
    **evidence,
) -> Confirmed:
    """The one way to confirm, for the site, the ++api++ and the admin: check what
    was ``shown`` once (``signable_version``), then record once.

    The signer is a signed-in staff member or token owner (``user``) or a
    parent (``parent``). A known signer's confirmation counts at once: a
    ``user``, or a paper form an officer (``acted_by``) enters. A parent through
    the open form or the API is not known (``known`` False): their confirmation
    is a claim that counts once the link e-mailed to the address given is
    followed. ``evidence`` is kept on the row: ``acted_by``, ``api_token``,
    ``paper_signed_on`` and ``paper_scan``, ``signed_in_with`` (a staff
    member's sign-in, ``signoff.authentication``), and ``round``, a
    re-confirmation round (a known signer only): one confirmation per person,
    version and round. Idempotent and race-safe;
    raises ``StaleVersionError`` or ``TranslationBehindError`` (both
    ``NotConfirmableError``) and then stores nothing. E-mails go out after the
    commit, with links to ``site_url``.
    """
    if (user is None) == (parent is None):
        raise ValueError("Give either a staff member or a parent's details.")
    if (channel == Channel.PAPER) != (evidence.get("paper_signed_on") is not None):
        raise ValueError("Paper entries, and only they, have a date signed on paper.")
    if known is None:
        known = parent is None or channel in (Channel.PAPER, Channel.INVITATION)
    version = signable_version(shown)
    if not known and evidence.get("round"):
        raise ValueError("A re-confirmation round is for known signers only.")
    if not known:
        claim, signoff = _claim(version, shown.language, channel, parent, site_url)
        return Confirmed(signoff, claim is Claim.NEW, claim)
    signoff, created = _record(
        version,
        shown.language,
        channel,
        user=user,
        parent=parent,
        site_url=site_url,
        notify=notify,
        **evidence,
    )
    return Confirmed(signoff, created)


def record_signoff(
    *, version: PolicyVersion, content_hash: str, language: str, **signer
) -> tuple[SignOff, bool]:
    """``confirm`` for a known signer, given the version object shown (the
    paper entry, the demo, tests): ``(signoff, created)``."""
    shown = Shown(version.page_id, version.number, content_hash, language)
    result = confirm(shown, known=True, **signer)
    return result.signoff, result.created


def claim_parent_signoff(
    *, version: PolicyVersion, content_hash: str, language: str, **signer
) -> tuple[Claim, SignOff]:
    """``confirm`` for a parent through the open form: ``(claim, signoff)``."""
    shown = Shown(version.page_id, version.number, content_hash, language)
    result = confirm(shown, known=False, **signer)
    return result.claim, result.signoff


def _record(
    version: PolicyVersion,
    language: str,
    channel,
    *,
    user,
    parent: ParentDetails | None,
    site_url: str,
    notify: bool,
    **evidence,
) -> tuple[SignOff, bool]:
    """A known person's confirmation, verified at once (``confirm`` checked it)."""
    key = {**version_key(version), "round": evidence.pop("round", "")}
    if user is not None:
        key["user"] = user
        fields = {}
    else:
        key["email_key"] = parent.email_key
        key["child_key"] = parent.child_key
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
        **evidence,
        **{k: v for k, v in fields.items() if k not in key},
    )
    signoff.verified_at = signoff.signed_at  # who it is, is known at once
    signoff._history_user = evidence.get("acted_by") or user
    recipient = signoff.parent_email or (user.email if user is not None else "")
    signoff, created = _insert(
        signoff,
        lambda: _existing(key),
        mail=tasks.send_receipt if notify and recipient else None,
        site_url=site_url,
    )
    if not created:
        return signoff, False
    logger.info("Recorded confirmation %s", signoff.reference)
    return signoff, True


def _claim(
    version: PolicyVersion,
    language: str,
    channel,
    parent: ParentDetails,
    site_url: str,
) -> tuple[Claim, SignOff]:
    """A parent through the open form, where nobody knows who is typing.

    Records the confirmation as unverified and e-mails the address given a link
    to confirm it was them (double opt-in); only then does it count. Whoever
    typed learns nothing: the caller must answer the same whether the claim is
    new, repeated, or the family had confirmed already. A verified confirmation
    is never changed by a claim; a stranger's unverified claim never blocks the
    real parent's (claims are per person: name, e-mail address, child and group).
    """
    fields = _parent_fields(parent)
    family = {
        **version_key(version),
        "email_key": parent.email_key,
        "child_key": parent.child_key,
    }
    # Mails to one address are limited; the claim is recorded all the same, so
    # nobody can lock a family out by using up its address's attempts.
    may_mail = ratelimit.mail_allowed(parent.email)
    # What the person typed is what they verify: school and group are part of
    # the claim, so a stranger's claim never puts its details on the real one.
    claim = {**family, "name_key": fields["name_key"], "group": parent.group}
    # One query: the family's verified confirmation, else this person's claim.
    verified = pending = None
    for pk, verified_at in (
        SignOff.objects.filter(revoked_at__isnull=True, **family)
        .filter(
            Q(verified_at__isnull=False)
            | Q(
                verified_at__isnull=True,
                name_key=claim["name_key"],
                group=parent.group,
            )
        )
        .order_by("pk")
        .values_list("pk", "verified_at")
    ):
        if verified_at is not None:
            verified = verified or pk
        else:
            pending = pending or pk
    if verified is not None:
        verified = SignOff.objects.get(pk=verified)
        # Only the stored address hears of it: that it had confirmed already.
        if may_mail:
            _queue_mail(tasks.send_already_confirmed, verified, site_url)
        return Claim.ALREADY_VERIFIED, verified

    def find_claim():
        return SignOff.objects.unverified().filter(**claim).order_by("pk").first()

    if pending is not None:
        pending = SignOff.objects.get(pk=pending)
        if may_mail:
            _queue_mail(tasks.send_verification_link, pending, site_url)
        return Claim.REPEATED, pending

    signoff = _new_signoff(
        version=version,
        language=language,
        channel=channel,
        key=claim,
        **{k: v for k, v in fields.items() if k not in claim},
    )
    signoff.verify_key = verify_key_of(verification_link_token(signoff.reference))
    mail = tasks.send_verification_link if may_mail else None
    signoff, created = _insert(signoff, find_claim, mail=mail, site_url=site_url)
    if mail and not created:  # another request made this claim a moment ago
        _queue_mail(mail, signoff, site_url)
    if created:
        logger.info("Recorded unverified confirmation %s", signoff.reference)
    return (Claim.NEW if created else Claim.REPEATED), signoff


def _queue_mail(task, signoff: SignOff, site_url: str) -> None:
    tasks.enqueue(task, signoff_id=signoff.pk, site_url=site_url)


class InvalidLinkError(Exception):
    """No unverified claim (or confirmation) has this link."""


def find_by_link(token: str) -> SignOff:
    """The claim (or confirmation) the e-mailed ``token`` belongs to."""
    if not token or len(token) > 100:
        raise InvalidLinkError
    signoff = (
        SignOff.objects.filter(verify_key=verify_key_of(token))
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
            _counts_now(signoff)
    except IntegrityError:
        existing = _existing(family)
        if existing is None:
            raise
        return existing, False
    _queue_mail(tasks.send_receipt, signoff, site_url)
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


@transaction.atomic
def pseudonymise_parent_signoffs(*, replacements: dict[int, dict[str, str]]) -> int:
    """Replace personal data on parents' confirmations (and in their history)
    with pseudonyms: ``{signoff id: {"parent_name"|"email"|"child_name": …}}``.
    The evidence of which version, with which hash, when and how stays. The
    caller makes each pseudonym unique per confirmation, so the database's
    one-per-person constraints still hold. Asked by a roster's retention."""
    for pk, new in replacements.items():
        fields = {}
        if "parent_name" in new:
            fields.update(
                parent_name=new["parent_name"], name_key=name_key(new["parent_name"])
            )
        if "child_name" in new:
            fields.update(
                child_name=new["child_name"], child_key=name_key(new["child_name"])
            )
        rows = SignOff.objects.filter(pk=pk)
        history = SignOff.history.filter(id=pk)
        if "email" in new:
            # A paper form without an address keeps none.
            email = {"parent_email": new["email"], "email_key": email_key(new["email"])}
            rows.exclude(email_key="").update(**email)
            history.exclude(email_key="").update(**email)
        if fields:
            rows.update(**fields)
            history.update(**fields)
    return len(replacements)
