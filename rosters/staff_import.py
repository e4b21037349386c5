"""Importing staff: name, e-mail address, schools and groups taught. The plan
is read-only; ``apply_staff_plan`` and ``add_teacher`` are the only writers of
staff memberships.

Staff are found by e-mail address (new ones get an account without a password:
they sign in through their school account or set one by the reset e-mail).
Members of the imported schools who are not in the file lose their place there
(their account and confirmations stay).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from signoff import passwords
from signoff.models import School, SchoolGroup
from signoff.people import email_key, name_key

from .models import StaffMembership, StaffRole
from .presets import ParsedStaff, RowError, StaffRow


@dataclass
class StaffPlan:
    errors: list[RowError] = field(default_factory=list)
    schools: list[School] = field(default_factory=list)
    users_added: list[StaffRow] = field(default_factory=list)
    users_renamed: list[tuple[object, str]] = field(default_factory=list)
    # (email key, school, group or None)
    places_added: list[tuple[str, School, SchoolGroup | None]] = field(
        default_factory=list
    )
    places_removed: list[StaffMembership] = field(default_factory=list)
    rows: dict[str, StaffRow] = field(default_factory=dict)

    @property
    def changes_nothing(self) -> bool:
        return not (
            self.users_added
            or self.users_renamed
            or self.places_added
            or self.places_removed
        )

    def digest(self) -> str:
        """What applying would do, as in ``importing.Plan.digest``."""
        parts = [
            sorted(r.email for r in self.users_added),
            sorted(f"{u.pk}:{name}" for u, name in self.users_renamed),
            sorted(f"{k}:{s.pk}:{g.pk if g else ''}" for k, s, g in self.places_added),
            sorted(m.pk for m in self.places_removed),
        ]
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]

    def summary(self) -> dict[str, int]:
        return {
            "staff_added": len(self.users_added),
            "staff_renamed": len(self.users_renamed),
            "places_added": len(self.places_added),
            "places_removed": len(self.places_removed),
        }


def _administers(user) -> bool:
    """Superusers and admin users: a staff file never renames or regroups them."""
    return (
        user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")
    )


def _split_name(name: str) -> tuple[str, str]:
    first, _sep, last = name.partition(" ")
    return first, last


def plan_staff(parsed: ParsedStaff) -> StaffPlan:
    plan = StaffPlan(errors=list(parsed.errors))
    schools = {}
    for school in School.objects.prefetch_related("groups"):
        schools[name_key(school.name)] = school
        schools[school.token.casefold()] = school
    wanted: set[tuple[str, int, int | None]] = set()
    scope: dict[int, School] = {}
    for row in parsed.members:
        key = email_key(row.email)
        plan.rows[key] = row
        own = []
        for text in row.schools:
            school = schools.get(name_key(text)) or schools.get(text.casefold())
            if school is None:
                plan.errors.append(
                    RowError(
                        row.file,
                        row.line,
                        "scholen",
                        gettext_lazy("Unknown school: %(name)s") % {"name": text},
                    )
                )
                continue
            own.append(school)
            scope[school.pk] = school
            wanted.add((key, school.pk, None))
        for text in row.groups:
            found = [
                g
                for s in own
                for g in s.groups.all()
                if name_key(g.name) == name_key(text)
            ]
            if len(found) != 1:
                plan.errors.append(
                    RowError(
                        row.file,
                        row.line,
                        "groepen",
                        (
                            gettext_lazy(
                                "Group %(name)s is not a group of this person's school."
                            )
                            if not found
                            else gettext_lazy(
                                "Group %(name)s is at more than one of this person's "
                                "schools: give one school per row."
                            )
                        )
                        % {"name": text},
                    )
                )
                continue
            wanted.add((key, found[0].school_id, found[0].pk))
    if plan.errors:
        return plan
    plan.schools = sorted(scope.values(), key=lambda s: s.name)

    accounts: dict[str, list] = {}
    for user in (
        get_user_model()
        .objects.annotate(address=Lower("email"))
        .filter(address__in=list(plan.rows))
    ):
        accounts.setdefault(email_key(user.email), []).append(user)
    for key, row in plan.rows.items():
        found = accounts.get(key, [])
        if len(found) > 1:
            plan.errors.append(
                RowError(
                    row.file,
                    row.line,
                    "email",
                    gettext_lazy(
                        "This address belongs to more than one account: give each "
                        "account its own address first."
                    ),
                )
            )
        elif not found:
            plan.users_added.append(row)
        elif not _administers(found[0]) and name_key(
            found[0].get_full_name()
        ) != name_key(row.name):
            # An administrator's account is never renamed by a file.
            plan.users_renamed.append((found[0], row.name))
    taken = set(
        get_user_model()
        .objects.filter(username__in=[r.email.lower()[:150] for r in plan.users_added])
        .values_list("username", flat=True)
    )
    for row in plan.users_added:
        if row.email.lower()[:150] in taken:
            plan.errors.append(
                RowError(
                    row.file,
                    row.line,
                    "email",
                    gettext_lazy(
                        "An account with this address as its username exists, with "
                        "another e-mail address: correct that account first."
                    ),
                )
            )
    if plan.errors:
        return plan
    current = {
        (email_key(m.user.email), m.school_id, m.group_id): m
        for m in StaffMembership.objects.filter(school__in=scope).select_related("user")
    }
    place_of = {s.pk: s for s in scope.values()}
    groups = {g.pk: g for s in scope.values() for g in s.groups.all()}
    for key, school_id, group_id in sorted(wanted, key=str):
        if (key, school_id, group_id) not in current:
            plan.places_added.append(
                (key, place_of[school_id], groups.get(group_id) if group_id else None)
            )
    plan.places_removed = [m for k, m in current.items() if k not in wanted]
    return plan


@transaction.atomic
def apply_staff_plan(plan: StaffPlan, *, user_group=None, by=None) -> dict[str, int]:
    """Write a staff plan: accounts, their schools (``School.staff``) and their
    roles; ``user_group`` (the staff audience's group) gets every member."""
    if plan.errors:
        raise ValueError(_("This file has errors; nothing was imported."))
    User = get_user_model()
    accounts = {}
    for row in plan.users_added:
        first, last = _split_name(row.name)
        user = User(
            username=row.email.lower()[:150],
            email=row.email,
            first_name=first[:150],
            last_name=last[:150],
        )
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        accounts[email_key(row.email)] = user
    for user, name in plan.users_renamed:
        user.first_name, user.last_name = _split_name(name)
        user.save(update_fields=["first_name", "last_name"])
    for key in plan.rows:
        if key not in accounts:
            accounts[key] = User.objects.get(email__iexact=plan.rows[key].email)
    for key, school, group in plan.places_added:
        user = accounts[key]
        membership = StaffMembership(
            user=user,
            school=school,
            group=group,
            role=StaffRole.TEACHER if group else StaffRole.STAFF,
        )
        membership._history_user = by
        membership.save()
        if group is None:
            school.staff.add(user)
    for membership in plan.places_removed:
        membership._history_user = by
        if membership.group_id is None:
            membership.school.staff.remove(membership.user)
        membership.delete()
    if user_group is not None:
        user_group.user_set.add(*(u for u in accounts.values() if not _administers(u)))
    new_accounts = [accounts[email_key(row.email)] for row in plan.users_added]
    mailed = passwords.send_welcome_mails(new_accounts)
    return {**plan.summary(), "password_mails": mailed}


def add_teacher(*, user, group: SchoolGroup, by=None) -> StaffMembership:
    """``user`` teaches ``group``."""
    membership, _created = StaffMembership.objects.get_or_create(
        user=user,
        group=group,
        defaults={"school": group.school, "role": StaffRole.TEACHER},
    )
    return membership
