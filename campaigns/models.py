"""Campaigns: who is asked to confirm a rule set by when, their personal links,
and every mail sent for it. Only ``campaigns.services`` (and the sending task)
write these rows; every change to a campaign and an invitation is in its history.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import ClassVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from rosters.models import Guardian, Pupil, StaffRole
from signoff.models import REFERENCE_ALPHABET, School, SchoolGroup, SignOff
from signoff.permissions import is_staff_rule_set

from . import conf


def new_short_code() -> str:
    """The family's code on a letter's tear-off slip, such as ``K7M4-QXPA``:
    easy to read aloud and to type (no I, L, O, U)."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


class Audience(models.TextChoices):
    PARENTS = "parents", _("parents and guardians")
    STAFF = "staff", _("staff")


class CampaignQuerySet(models.QuerySet):
    def running(self, today: date | None = None) -> CampaignQuerySet:
        """Opened, not closed, and not past the last personal link's expiry."""
        today = today or timezone.localdate()
        return self.filter(opens_on__lte=today, closed_at__isnull=True)


class Campaign(models.Model):
    """Everyone in ``schools`` (parents of their pupils, or their staff) is asked
    to confirm ``rule_set`` by ``due_on``, and reminded on a cadence until they
    have. With ``reconfirm`` everyone confirms again, even who confirmed the
    current version: those confirmations carry the campaign's round key."""

    title = models.CharField(_("name"), max_length=200)
    rule_set = models.ForeignKey(
        "policy_pages.RuleSetPage",
        verbose_name=_("rule set"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    audience = models.CharField(
        _("who"), max_length=10, choices=Audience.choices, default=Audience.PARENTS
    )
    schools = models.ManyToManyField(
        School, verbose_name=_("schools"), related_name="+"
    )
    groups = models.ManyToManyField(
        SchoolGroup,
        verbose_name=_("only these groups"),
        blank=True,
        related_name="+",
        help_text=_("Empty: every group of the chosen schools."),
    )
    staff_role = models.CharField(
        _("only staff with this role"),
        max_length=20,
        choices=StaffRole.choices,
        blank=True,
        help_text=_("Empty: all staff of the chosen schools."),
    )
    opens_on = models.DateField(_("opens on"))
    due_on = models.DateField(_("due on"))
    remind_after_days = models.PositiveSmallIntegerField(
        _("first reminder, days after opening"),
        null=True,
        blank=True,
        default=7,
        help_text=_("Empty: no reminder after opening."),
    )
    remind_before_days = models.PositiveSmallIntegerField(
        _("second reminder, days before the due date"),
        null=True,
        blank=True,
        default=3,
        help_text=_("Empty: no reminder before the due date."),
    )
    remind_on_due_date = models.BooleanField(_("remind on the due date"), default=True)
    introduction = models.JSONField(
        _("introduction per language"),
        default=dict,
        blank=True,
        help_text=_(
            'Optional. For example {"nl": "Beste ouders, …", "en": "Dear parents, …"}.'
        ),
    )
    reconfirm = models.BooleanField(
        _("ask everyone to confirm again"),
        default=False,
        help_text=_(
            "The yearly re-confirmation: also who confirmed the current version "
            "confirms it again, for this campaign."
        ),
    )
    round_key = models.CharField(max_length=40, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[schools, groups])
    objects = CampaignQuerySet.as_manager()

    panels: ClassVar = [
        FieldPanel("title"),
        FieldPanel("rule_set"),
        FieldPanel("audience"),
        FieldPanel("schools", widget=forms.CheckboxSelectMultiple),
        FieldPanel("groups", widget=forms.CheckboxSelectMultiple),
        FieldPanel("staff_role"),
        FieldRowPanel([FieldPanel("opens_on"), FieldPanel("due_on")]),
        MultiFieldPanel(
            [
                FieldPanel("remind_after_days"),
                FieldPanel("remind_before_days"),
                FieldPanel("remind_on_due_date"),
            ],
            heading=_("Reminders"),
        ),
        FieldPanel("introduction"),
        FieldPanel("reconfirm"),
    ]

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering: ClassVar = ["-opens_on", "title"]
        permissions: ClassVar = [
            ("send_reminder", _("Can send a reminder now")),
            ("view_contact_details", _("Can see the contact details of late people")),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("opens_on")),
                name="campaigns_due_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(reconfirm=False, round_key="")
                | (Q(reconfirm=True) & ~Q(round_key="")),
                name="campaigns_round_key_only_for_reconfirmation",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.opens_on and self.due_on and self.due_on < self.opens_on:
            errors["due_on"] = _("The due date cannot be before the opening date.")
        intro = self.introduction
        if not isinstance(intro, dict) or not all(
            code in dict(settings.LANGUAGES)
            and isinstance(text, str)
            and len(text) <= 2000
            for code, text in intro.items()
        ):
            errors["introduction"] = _(
                "Give a text of at most 2000 characters per language code of the "
                'site, for example {"nl": "…"}.'
            )
        if self.rule_set_id is not None and is_staff_rule_set(self.rule_set) != (
            self.audience == Audience.STAFF
        ):
            errors["rule_set"] = _(
                "Choose rules for the people this campaign is for: staff rules "
                "for staff, the parents' rules for parents."
            )
        if self.reconfirm and self.audience == Audience.STAFF:
            errors["reconfirm"] = _(
                "Staff confirm again on the intranet when a material version is "
                "published; a yearly re-confirmation is for parents only."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def progress_label(self) -> str:
        """The progress link's text in the admin listing."""
        return str(_("Progress"))

    def introduction_in(self, language: str) -> str:
        """The introduction in ``language`` only: a Dutch one inside an Arabic
        page or mail would read wrongly (and right to left)."""
        intro = self.introduction if isinstance(self.introduction, dict) else {}
        text = intro.get(language)
        return text if isinstance(text, str) else ""

    def expires_at(self, due_on: date):
        """When links for this due date stop working: the grace period after it."""
        last_day = due_on + timedelta(days=int(conf.get("GRACE_DAYS")) + 1)
        return timezone.make_aware(
            timezone.datetime.combine(last_day, timezone.datetime.min.time())
        )


class InvitationQuerySet(models.QuerySet):
    def active(self) -> InvitationQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Invitation(models.Model):
    """One person asked to confirm in one campaign: a guardian (for all their
    children in it) or a staff member. Newcomers get their own due date."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="invitations"
    )
    guardian = models.ForeignKey(
        Guardian,
        verbose_name=_("guardian"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    invited_on = models.DateField(_("invited on"))
    due_on = models.DateField(_("due on"))
    short_code = models.CharField(
        _("code"), max_length=9, null=True, blank=True, unique=True
    )
    opened_at = models.DateTimeField(_("link first opened at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["campaign", "guardian"],
                condition=Q(guardian__isnull=False),
                name="campaigns_one_invitation_per_guardian",
            ),
            models.UniqueConstraint(
                fields=["campaign", "user"],
                condition=Q(user__isnull=False),
                name="campaigns_one_invitation_per_staff_member",
            ),
            models.CheckConstraint(
                condition=(Q(guardian__isnull=False) & Q(user__isnull=True))
                | (Q(guardian__isnull=True) & Q(user__isnull=False)),
                name="campaigns_guardian_or_staff_member",
            ),
        ]

    def __str__(self) -> str:
        who = self.guardian if self.guardian_id else self.user
        return f"{self.campaign} – {who}"


class InvitationToken(models.Model):
    """One personal link: a random secret of which only the SHA-256 hash is kept.
    Every mail and letter carries a fresh one; all of an invitation's links
    work until their expiry, unless revoked."""

    invitation = models.ForeignKey(
        Invitation, on_delete=models.PROTECT, related_name="tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.invitation_id}: {self.token_hash[:8]}"


class Step(models.TextChoices):
    INVITATION = "invitation", _("invitation")
    AFTER_OPENING = "reminder-after-opening", _("reminder after opening")
    BEFORE_DUE = "reminder-before-due", _("reminder before the due date")
    ON_DUE = "reminder-on-due-date", _("reminder on the due date")


class Outcome(models.TextChoices):
    SENT = "sent", _("sent")
    SKIPPED = "skipped", _("not needed any more")


class Dispatch(models.Model):
    """One mail to one person for one step of a campaign. The database allows
    one per step and invitation, so two reminder runs or two workers never mail
    anyone twice; a worker claims a row (``claimed_at``) before it sends."""

    invitation = models.ForeignKey(
        Invitation, on_delete=models.PROTECT, related_name="dispatches"
    )
    step = models.CharField(_("step"), max_length=40)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, blank=True
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("An officer who sent a reminder by hand."),
    )

    class Meta:
        verbose_name = _("mail sent")
        verbose_name_plural = _("mails sent")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["invitation", "step"], name="campaigns_one_mail_per_step"
            )
        ]
        indexes: ClassVar = [
            models.Index(
                fields=["created_at"],
                condition=Q(claimed_at__isnull=True),
                name="campaigns_dispatch_unclaimed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.invitation_id} {self.step}"


class CampaignConfirmation(models.Model):
    """Evidence beside a confirmation made through a campaign: the invitation,
    the child it is for and the personal link (token) that made it, or the
    officer's paper entry by the family's code."""

    signoff = models.OneToOneField(
        SignOff, on_delete=models.PROTECT, related_name="campaign_confirmation"
    )
    invitation = models.ForeignKey(
        Invitation, on_delete=models.PROTECT, related_name="confirmations"
    )
    pupil = models.ForeignKey(
        Pupil, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    token = models.ForeignKey(
        InvitationToken,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="confirmations",
    )

    def __str__(self) -> str:
        return f"{self.invitation_id}: {self.signoff_id}"


class Digest(models.Model):
    """The weekly overview of who is late, to a school's director: one per
    campaign, school and week (the database refuses a second)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="digests"
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    week = models.CharField(_("week"), max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("weekly overview")
        verbose_name_plural = _("weekly overviews")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["campaign", "school", "week"],
                name="campaigns_one_digest_per_school_and_week",
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.school_id} {self.week}"
