"""Schools, their groups, and sign-offs: append-only evidence of who confirmed what."""

from __future__ import annotations

import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from policy_pages.models import PolicyVersion

from .authentication import PASSWORD
from .counters import RateCounter  # noqa: F401 (a model of this app)

# Crockford's base32 without I, L, O, U: easy to read aloud and to type.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    """A short, unguessable receipt reference such as ``AK-7G4K-2QXP-M9``."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))
    return f"AK-{chars[:4]}-{chars[4:8]}-{chars[8:]}"


class School(index.Indexed, models.Model):
    """A school of the foundation. Staff members belong to one or more schools."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    token = models.SlugField(_("code"), max_length=60, unique=True)
    director_email = models.EmailField(
        _("director's e-mail address"),
        blank=True,
        help_text=_("Gets a weekly overview of who has not confirmed yet."),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff members"),
        blank=True,
        related_name="signoff_schools",
    )

    history = HistoricalRecords(m2m_fields=[staff])

    panels: ClassVar = [
        FieldPanel("name"),
        FieldPanel("token"),
        FieldPanel("director_email"),
        FieldPanel("staff"),
    ]
    search_fields: ClassVar = [index.SearchField("name")]

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class SchoolGroup(models.Model):
    """A group (class) of a school, such as "Groep 5"."""

    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="groups",
    )
    name = models.CharField(_("name"), max_length=100)
    token = models.SlugField(_("code"), max_length=60)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    panels: ClassVar = [
        FieldPanel("school"),
        FieldPanel("name"),
        FieldPanel("token"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering: ClassVar = ["school__name", "sort_order", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["school", "token"], name="signoff_group_unique_token_per_school"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school.name} – {self.name}"


class Channel(models.TextChoices):
    INTRANET = "intranet", _("intranet")
    PARENT_FORM = "parent_form", _("parent form")
    API = "api", _("API")
    PAPER = "paper", _("paper form")
    INVITATION = "invitation", _("personal link")


class SignOffQuerySet(models.QuerySet):
    def valid(self) -> SignOffQuerySet:
        """Confirmations that count: verified and not revoked."""
        return self.filter(revoked_at__isnull=True, verified_at__isnull=False)

    def unverified(self) -> SignOffQuerySet:
        """Parents' confirmations through the open form whose e-mailed link has
        not been followed yet: they do not count until it is."""
        return self.filter(revoked_at__isnull=True, verified_at__isnull=True)

    def for_rule_set(self, page) -> SignOffQuerySet:
        """Sign-offs of any version, in any language, of this rule set."""
        return self.filter(translation_key=page.translation_key)

    def compliant_with(self, page) -> SignOffQuerySet:
        """Valid sign-offs of a version at or after the latest material version."""
        return (
            self.valid()
            .for_rule_set(page)
            .filter(major__gte=required_major(page.translation_key))
        )

    def of_staff(self) -> SignOffQuerySet:
        return self.filter(user__isnull=False)

    def of_parents(self) -> SignOffQuerySet:
        return self.filter(user__isnull=True)

    def delete(self):
        raise PermissionError("Confirmations are evidence and are never deleted.")


def version_key(obj) -> dict:
    """The fields that name one version of a rule set, read from a
    ``PolicyVersion`` or a ``SignOff`` alike (both carry them)."""
    return {
        "translation_key": obj.translation_key,
        "major": obj.major,
        "minor": obj.minor,
    }


def required_major(translation_key) -> int:
    """The major number everyone must have confirmed for this rule set."""
    return PolicyVersion.objects.required_majors([translation_key]).get(
        translation_key, 1
    )


class SignOff(models.Model):
    """One confirmation that one person knows one version of a rule set.

    Append-only evidence: it stores the exact version row shown (its text and hash),
    the language shown, who confirmed and who acted, the channel and the server
    time. A revocation is recorded on the row (when, by whom, why), never a
    deletion; every change is in its history. The database allows one valid
    confirmation per staff member per version, and one per version, e-mail
    address and child for parents. Only ``signoff.services`` writes rows.
    """

    version = models.ForeignKey(
        PolicyVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="signoffs",
    )
    translation_key = models.UUIDField(_("rule set (translation key)"))
    major = models.PositiveIntegerField(_("major number"))
    minor = models.PositiveIntegerField(_("minor number"))
    content_hash = models.CharField(_("hash of the text shown"), max_length=71)
    language = models.CharField(_("language shown"), max_length=12)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=12,
        blank=True,
        help_text=_(
            "The language a parent chose in the form for e-mails about this "
            "confirmation. Empty: the language shown."
        ),
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signoffs",
    )
    parent_name = models.CharField(_("parent's name"), max_length=200, blank=True)
    parent_email = models.EmailField(_("parent's e-mail address"), blank=True)
    email_key = models.CharField(max_length=254, blank=True, editable=False)
    child_name = models.CharField(_("child's name"), max_length=200, blank=True)
    child_key = models.CharField(max_length=200, blank=True, editable=False)
    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signoffs",
    )
    group = models.ForeignKey(
        SchoolGroup,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signoffs",
    )
    parental_responsibility = models.BooleanField(
        _("has parental responsibility"), default=False
    )

    name_key = models.CharField(max_length=200, blank=True, editable=False)
    verified_at = models.DateTimeField(
        _("verified at"),
        null=True,
        blank=True,
        help_text=_(
            "When the person was known to be who they said: at once for staff, "
            "paper forms and personal tokens; for the open parent form when the "
            "link in the e-mail was followed. Empty: not verified yet."
        ),
    )
    verify_key = models.CharField(max_length=64, blank=True, editable=False)
    api_token = models.ForeignKey(
        "wagtailcore.APIToken",
        verbose_name=_("API token used"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_in_with = models.CharField(
        _("signed in with"),
        max_length=255,
        blank=True,
        help_text=_("A staff member's sign-in: a password, or their school account."),
    )
    paper_signed_on = models.DateField(_("signed on paper on"), null=True, blank=True)
    paper_scan = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("scan of the signed form"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("An officer who entered a paper form; empty when self-service."),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    signed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)
    reference = models.CharField(
        _("reference"), max_length=20, unique=True, default=new_reference
    )

    # Empty for an ordinary confirmation; a yearly re-confirmation's carry its
    # round's key: the database allows one per person, version and round.
    round = models.CharField(_("re-confirmation round"), max_length=40, blank=True)

    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    history = HistoricalRecords()
    objects = SignOffQuerySet.as_manager()

    # Evidence refers to nothing an editor could change: keep it out of Wagtail's
    # reference index (which would cost three statements per confirmation).
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        ordering: ClassVar = ["-signed_at"]
        permissions: ClassVar = [
            ("view_coverage", _("Can see confirmation counts")),
            ("revoke_signoff", _("Can revoke a confirmation")),
            ("add_paper_signoff", _("Can enter a paper confirmation")),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["translation_key", "major", "minor", "round", "user"],
                condition=Q(revoked_at__isnull=True, user__isnull=False),
                name="signoff_one_per_staff_member_and_version",
            ),
            # One verified confirmation per child (e-mail address and name)
            # and version: a later claim never overwrites or doubles it.
            models.UniqueConstraint(
                fields=[
                    "translation_key",
                    "major",
                    "minor",
                    "round",
                    "email_key",
                    "child_key",
                ],
                condition=Q(
                    revoked_at__isnull=True,
                    user__isnull=True,
                    verified_at__isnull=False,
                )
                & ~Q(email_key=""),
                name="signoff_one_verified_per_parent_child_and_version",
            ),
            # Unverified claims: one per person and what they typed (name and
            # group too), so a stranger's claim never blocks or shapes the real
            # parent's own.
            models.UniqueConstraint(
                fields=[
                    "translation_key",
                    "major",
                    "minor",
                    "round",
                    "email_key",
                    "child_key",
                    "name_key",
                    "group",
                ],
                condition=Q(
                    revoked_at__isnull=True,
                    user__isnull=True,
                    verified_at__isnull=True,
                ),
                name="signoff_one_unverified_per_claim_and_version",
            ),
            # Families without an e-mail address: paper forms, and the personal
            # link printed on their letter.
            models.UniqueConstraint(
                fields=[
                    "translation_key",
                    "major",
                    "minor",
                    "round",
                    "group",
                    "child_key",
                    "name_key",
                ],
                condition=Q(revoked_at__isnull=True, user__isnull=True, email_key=""),
                name="signoff_one_per_paper_parent_without_email",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False)
                | (
                    ~Q(parent_name="")
                    & ~Q(name_key="")
                    & (~Q(email_key="") | Q(channel__in=["paper", "invitation"]))
                    & ~Q(child_key="")
                    & Q(school__isnull=False)
                    & Q(group__isnull=False)
                    & Q(parental_responsibility=True)
                ),
                name="signoff_staff_member_or_complete_parent",
            ),
            # Verified, or a parent's claim waiting for its e-mailed link.
            models.CheckConstraint(
                condition=Q(verified_at__isnull=False)
                | (Q(user__isnull=True) & ~Q(verify_key="") & ~Q(channel="paper")),
                name="signoff_verified_or_awaiting_link",
            ),
            # A paper entry has the date it was signed on paper; only paper does.
            models.CheckConstraint(
                condition=(Q(channel="paper") & Q(paper_signed_on__isnull=False))
                | (
                    ~Q(channel="paper")
                    & Q(paper_signed_on__isnull=True)
                    & Q(paper_scan__isnull=True)
                ),
                name="signoff_paper_date_only_and_always_on_paper",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | (
                    Q(revoked_at__isnull=False, revoked_by__isnull=False)
                    & ~Q(revoke_reason="")
                ),
                name="signoff_revocation_is_complete",
            ),
            models.CheckConstraint(
                condition=Q(content_hash__startswith="sha256:"),
                name="signoff_hash_is_sha256",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["translation_key", "major"], name="signoff_key_major"),
            models.Index(fields=["user", "translation_key"], name="signoff_user_key"),
            models.Index(
                fields=["translation_key", "email_key", "child_key"],
                name="signoff_parent_key",
            ),
            models.Index(fields=["verify_key"], name="signoff_verify_key"),
            # Pending claims only (reports count them apart).
            models.Index(
                fields=["translation_key", "major"],
                condition=Q(revoked_at__isnull=True, verified_at__isnull=True),
                name="signoff_pending_claims",
            ),
        ]

    def __str__(self) -> str:
        who = self.user.get_full_name() if self.user_id else self.parent_name
        return f"{who} – {self.number} ({self.reference})"

    def delete(self, *args, **kwargs):
        raise PermissionError("Confirmations are evidence and are never deleted.")

    @property
    def number(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def status_label(self) -> str:
        if self.is_revoked:
            return str(_("revoked"))
        return str(_("valid") if self.is_verified else _("not verified yet"))

    @property
    def school_name(self) -> str:
        return self.school.name if self.school_id else ""

    @property
    def group_name(self) -> str:
        return self.group.name if self.group_id else ""

    @property
    def signed_in_label(self) -> str:
        issuer = self.signed_in_with
        if issuer == PASSWORD:
            return str(_("password (local account)"))
        return _("school account (%(issuer)s)") % {"issuer": issuer} if issuer else ""

    @property
    def signer_name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return self.parent_name


class VersionTally(models.Model):
    """How many valid confirmations each version has: a counter kept by the
    services in the same transaction as the evidence, so reports need not count
    every row. ``manage.py rebuild_signoff_tallies`` recomputes it from the
    evidence."""

    translation_key = models.UUIDField()
    major = models.PositiveIntegerField()
    minor = models.PositiveIntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["translation_key", "major", "minor"],
                name="signoff_versiontally_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.translation_key} {self.major}.{self.minor}: {self.count}"


class ParentStandingTally(models.Model):
    """How many children (a parent's e-mail address and a child's name) have, as
    their highest valid confirmation, this major version, per school and group.

    Compliance then is the sum over majors at or after the latest material one,
    read from a few rows instead of every confirmation.
    """

    translation_key = models.UUIDField()
    major = models.PositiveIntegerField()
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(SchoolGroup, on_delete=models.PROTECT, related_name="+")
    count = models.IntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["translation_key", "major", "school", "group"],
                name="signoff_parenttally_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.translation_key} {self.major} {self.group_id}: {self.count}"
