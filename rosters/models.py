"""The roster: who must confirm. Pupils and their guardians as the school's
administration lists them, staff members' roles, and how parents'
confirmations are matched to the children they are for.

Only what the product needs is kept (AVG art. 5): names, the administration's
number, school and group, the guardians' contact details and language. No birth
dates. Pupils who leave are marked, never deleted: their confirmations stay.
Only ``rosters.services`` writes these rows; every change is in their history.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from signoff.models import School, SchoolGroup, SignOff
from signoff.people import clean_email, clean_text, email_key, name_key

from .presets import MESSAGES as PRESET_MESSAGES
from .presets import PHONE


def language_choices() -> list[tuple[str, str]]:
    """The site's languages (settings.LANGUAGES), each named in itself: adding
    one there adds it here, without a migration."""
    return list(settings.LANGUAGES)


class PupilQuerySet(models.QuerySet):
    def active(self) -> PupilQuerySet:
        return self.filter(left_on__isnull=True)

    def in_group(self, group) -> PupilQuerySet:
        return self.active().filter(group=group)


class Pupil(index.Indexed, models.Model):
    """A child on a school's roster, keyed by the administration's own number."""

    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="pupils",
    )
    group = models.ForeignKey(
        SchoolGroup,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        related_name="pupils",
    )
    external_id = models.CharField(_("number in the administration"), max_length=64)
    given_name = models.CharField(_("given name"), max_length=200)
    infix = models.CharField(_("infix"), max_length=60, blank=True)
    family_name = models.CharField(_("family name"), max_length=200)
    name_key = models.CharField(max_length=460, editable=False)
    left_on = models.DateField(
        _("left on"),
        null=True,
        blank=True,
        help_text=_("Empty while the pupil is at the school."),
    )
    pseudonymised_at = models.DateTimeField(
        _("pseudonymised at"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()
    objects = PupilQuerySet.as_manager()

    panels: ClassVar = [
        FieldPanel("given_name"),
        FieldPanel("infix"),
        FieldPanel("family_name"),
        FieldPanel("group"),
        FieldPanel("external_id", read_only=True),
        FieldPanel("left_on"),
    ]
    search_fields: ClassVar = [
        index.SearchField("given_name"),
        index.SearchField("family_name"),
        index.FilterField("school"),
        index.FilterField("group"),
        index.FilterField("left_on"),
    ]

    class Meta:
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")
        ordering: ClassVar = ["family_name", "given_name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["school", "external_id"],
                name="rosters_pupil_unique_number_per_school",
            )
        ]
        indexes: ClassVar = [
            models.Index(fields=["school", "name_key"], name="rosters_pupil_name"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.infix, self.family_name) if p)

    @property
    def is_active(self) -> bool:
        return self.left_on is None

    def name_keys(self) -> set[str]:
        """The ways a parent may type this child's name: in full, without the
        infix, or the given name only."""
        return {
            name_key(self.full_name),
            name_key(f"{self.given_name} {self.family_name}"),
            name_key(self.given_name),
        }

    def clean(self):
        """The import's rules hold for a correction by hand too."""
        errors = {}
        for field in ("given_name", "infix", "family_name"):
            value = getattr(self, field)
            if field == "infix" and not value:
                continue
            try:
                setattr(
                    self,
                    field,
                    clean_text(value, required_message=_("Fill in this name.")),
                )
            except ValidationError as error:
                errors[field] = error
        if self.group_id and self.school_id and self.group.school_id != self.school_id:
            errors["group"] = ValidationError(
                _("Choose a group of the pupil's school.")
            )
        if errors:
            raise ValidationError(errors)
        self.name_key = name_key(self.full_name)


class GuardianQuerySet(models.QuerySet):
    def of_active_pupils(self) -> GuardianQuerySet:
        return self.filter(
            Exists(
                Guardianship.objects.filter(
                    guardian=OuterRef("pk"), pupil__left_on__isnull=True
                )
            )
        )


class Guardian(index.Indexed, models.Model):
    """A parent or carer of one or more pupils. One row per e-mail address
    across the foundation, so siblings at two schools share their guardian."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    email_key = models.CharField(max_length=254, editable=False, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=language_choices,
        default="nl",
    )
    pupils = models.ManyToManyField(
        Pupil,
        through="Guardianship",
        verbose_name=_("children"),
        related_name="guardians",
    )
    pseudonymised_at = models.DateTimeField(
        _("pseudonymised at"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()
    objects = GuardianQuerySet.as_manager()

    panels: ClassVar = [
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("language"),
    ]
    search_fields: ClassVar = [
        index.SearchField("name"),
        index.SearchField("email"),
    ]

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering: ClassVar = ["name", "email"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["email_key"],
                condition=~Q(email_key=""),
                name="rosters_one_guardian_per_address",
            )
        ]

    def __str__(self) -> str:
        # Never the address: names show in lists that a listing's reader may see.
        return self.name or str(_("guardian #%(pk)s") % {"pk": self.pk})

    def clean(self):
        """The import's rules hold for a correction by hand too; one guardian
        per address."""
        errors = {}
        try:
            if self.name:
                self.name = clean_text(self.name, required_message="")
        except ValidationError as error:
            errors["name"] = error
        try:
            self.email = clean_email(self.email, required=False)
        except ValidationError as error:
            errors["email"] = error
        self.phone = (self.phone or "").strip()
        if self.phone and not PHONE.fullmatch(self.phone):
            errors["phone"] = ValidationError(PRESET_MESSAGES["phone"])
        self.email_key = email_key(self.email)
        if (
            "email" not in errors
            and self.email_key
            and Guardian.objects.filter(email_key=self.email_key)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["email"] = ValidationError(
                _("Another guardian on the roster has this e-mail address.")
            )
        if errors:
            raise ValidationError(errors)


class Guardianship(models.Model):
    """A guardian of a pupil. Parental responsibility is per child: a step-parent
    may have it for one child and not for another."""

    guardian = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, related_name="guardianships"
    )
    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="guardianships"
    )
    parental_responsibility = models.BooleanField(
        _("has parental responsibility"), default=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guardian of a pupil")
        verbose_name_plural = _("guardians of pupils")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["guardian", "pupil"], name="rosters_guardianship_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.guardian} – {self.pupil}"


class StaffRole(models.TextChoices):
    STAFF = "staff", _("staff member")
    TEACHER = "teacher", _("teacher of a group")


class StaffMembership(models.Model):
    """A staff member's place at a school: on its staff, or teaching one group
    there. Who must confirm the staff rules stays the audience's user group."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="staff_memberships",
    )
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="+"
    )
    group = models.ForeignKey(
        SchoolGroup,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="teachers",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=StaffRole.choices, default=StaffRole.STAFF
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "school"],
                condition=Q(group__isnull=True),
                name="rosters_staff_once_per_school",
            ),
            models.UniqueConstraint(
                fields=["user", "group"],
                condition=Q(group__isnull=False),
                name="rosters_teacher_once_per_group",
            ),
            models.CheckConstraint(
                condition=Q(role="teacher", group__isnull=False)
                | Q(role="staff", group__isnull=True),
                name="rosters_teacher_has_a_group",
            ),
        ]

    def __str__(self) -> str:
        where = self.group or self.school
        return f"{self.user} – {self.get_role_display()} ({where})"


class MatchState(models.TextChoices):
    MATCHED = "matched", _("matched")
    AMBIGUOUS = "ambiguous", _("ambiguous")
    UNMATCHED = "unmatched", _("not on the roster")


class ChildMatchQuerySet(models.QuerySet):
    def covering(self) -> ChildMatchQuerySet:
        """Matches that make their child covered: matched to the child, by a
        guardian with parental responsibility for them (or vouched for by an
        officer), and the confirmation counts (verified, not revoked)."""
        responsible = Guardianship.objects.filter(
            guardian=OuterRef("guardian"),
            pupil=OuterRef("pupil"),
            parental_responsibility=True,
        )
        return self.filter(
            Q(guardian__isnull=True) | Exists(responsible),
            state=MatchState.MATCHED,
            signoff__revoked_at__isnull=True,
            signoff__verified_at__isnull=False,
        )


class ChildMatch(models.Model):
    """Which roster child a parent's confirmation is for. Made by the matcher
    (normalised e-mail address and child's name, school, group) or decided by
    an officer (``decided_by``); the matcher never overrides a decision."""

    signoff = models.OneToOneField(
        SignOff, on_delete=models.PROTECT, related_name="roster_match"
    )
    state = models.CharField(_("state"), max_length=12, choices=MatchState.choices)
    pupil = models.ForeignKey(
        Pupil,
        verbose_name=_("child"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matches",
    )
    guardian = models.ForeignKey(
        Guardian,
        verbose_name=_("guardian"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="matches",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ChildMatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("match to the roster")
        verbose_name_plural = _("matches to the roster")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(state="matched", pupil__isnull=False)
                | (~Q(state="matched") & Q(pupil__isnull=True)),
                name="rosters_match_has_pupil_when_matched",
            )
        ]
        indexes: ClassVar = [
            models.Index(fields=["state", "pupil"], name="rosters_match_state"),
        ]

    def __str__(self) -> str:
        return f"{self.signoff_id} → {self.pupil or self.get_state_display()}"


class ImportKind(models.TextChoices):
    PUPILS = "pupils", _("pupils and guardians")
    STAFF = "staff", _("staff")


class RosterImport(models.Model):
    """One import an officer started: the uploaded files wait here between the
    preview and the confirmation (any app server may serve either step), and
    its summary stays as the record of what the import changed. The files'
    contents are emptied once it is applied or abandoned."""

    kind = models.CharField(_("kind"), max_length=10, choices=ImportKind.choices)
    preset = models.CharField(_("preset"), max_length=30)
    mapping = models.JSONField(_("columns chosen by hand"), default=dict, blank=True)
    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    summary = models.JSONField(_("what changed"), default=dict, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


class RosterImportFile(models.Model):
    """One uploaded file of an import (Zermelo takes two)."""

    roster_import = models.ForeignKey(
        RosterImport, on_delete=models.CASCADE, related_name="files"
    )
    slot = models.CharField(max_length=30)
    name = models.CharField(max_length=255)
    data = models.BinaryField(blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["roster_import", "slot"], name="rosters_one_file_per_slot"
            )
        ]

    def __str__(self) -> str:
        return self.name
