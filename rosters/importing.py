"""What an import would change: the plan an officer previews before anything is
written. Read-only; ``rosters.services.apply_import`` carries a plan out.

The plan compares the file's rows with the roster of the schools the file is
about: pupils by (school, the administration's number), guardians by e-mail
address (or, without one, by name among the child's guardians). Pupils of those
schools who are not in the file are marked as left, never deleted.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import islice

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from signoff.models import School, SchoolGroup
from signoff.people import email_key, name_key

from .models import Guardian, Guardianship, Pupil
from .presets import GuardianRow, Parsed, PupilRow, RowError

CHUNK = 2_000

PUPIL_FIELDS = {
    "given_name": _("given name"),
    "infix": _("infix"),
    "family_name": _("family name"),
    "group": _("group"),
}
GUARDIAN_FIELDS = {
    "name": _("name"),
    "email": _("e-mail address"),
    "phone": _("phone"),
    "language": _("preferred language"),
}


def _chunks(items, size=CHUNK):
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


@dataclass
class Change:
    """One existing row that the import changes: what, from and to."""

    obj: object
    fields: list[tuple[str, str, str]]  # (field, old, new)

    @property
    def described(self) -> list[tuple[str, str, str]]:
        labels = {**PUPIL_FIELDS, **GUARDIAN_FIELDS}
        return [(str(labels[f]), old, new) for f, old, new in self.fields]


@dataclass
class MissingPlace:
    school: str
    group: str = ""  # empty: the school itself is unknown


@dataclass
class Plan:
    errors: list[RowError] = field(default_factory=list)
    missing: list[MissingPlace] = field(default_factory=list)
    schools: list[School] = field(default_factory=list)
    pupils_added: list[Pupil] = field(default_factory=list)
    pupils_changed: list[Change] = field(default_factory=list)
    pupils_left: list[Pupil] = field(default_factory=list)
    guardians_added: list[Guardian] = field(default_factory=list)
    guardians_changed: list[Change] = field(default_factory=list)
    # (guardian, pupil, parental responsibility); either may be new (no pk
    # until the service creates it).
    links_added: list[tuple[Guardian, Pupil, bool]] = field(default_factory=list)
    links_removed: list[Guardianship] = field(default_factory=list)
    links_changed: list[Guardianship] = field(default_factory=list)
    unchanged_pupils: int = 0

    @property
    def can_apply(self) -> bool:
        return not self.errors and not self.missing

    @property
    def changes_nothing(self) -> bool:
        return not any(
            (
                self.pupils_added,
                self.pupils_changed,
                self.pupils_left,
                self.guardians_added,
                self.guardians_changed,
                self.links_added,
                self.links_removed,
                self.links_changed,
            )
        )

    def summary(self) -> dict[str, int]:
        return {
            "pupils_added": len(self.pupils_added),
            "pupils_changed": len(self.pupils_changed),
            "pupils_left": len(self.pupils_left),
            "pupils_unchanged": self.unchanged_pupils,
            "guardians_added": len(self.guardians_added),
            "guardians_changed": len(self.guardians_changed),
            "links_added": len(self.links_added),
            "links_removed": len(self.links_removed),
            "links_changed": len(self.links_changed),
        }

    def digest(self) -> str:
        """A fingerprint of what applying would do, so a confirmation applies
        the plan the officer saw and not one the roster has since drifted to."""
        parts = {
            "summary": self.summary(),
            "missing": sorted((m.school, m.group) for m in self.missing),
            "added": sorted(
                f"{p.school_id}:{p.external_id}" for p in self.pupils_added
            ),
            "changed": sorted(f"{c.obj.pk}:{c.fields}" for c in self.pupils_changed),
            "left": sorted(p.pk for p in self.pupils_left),
            "guardians": sorted(
                [g.email_key or g.name for g in self.guardians_added]
                + [f"{c.obj.pk}:{c.fields}" for c in self.guardians_changed]
            ),
            "links": sorted(
                f"{g.email_key or g.name}>{p.school_id}:{p.external_id}:{r}"
                for g, p, r in self.links_added
            )
            + sorted(link.pk for link in self.links_removed + self.links_changed),
        }
        blob = json.dumps(parts, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:32]


class _Places:
    """Schools and groups named in a file, found by name or code."""

    def __init__(self):
        self.schools = {}
        for school in School.objects.all():
            self.schools[name_key(school.name)] = school
            self.schools[school.token.casefold()] = school
        self.groups = {}
        for group in SchoolGroup.objects.all():
            self.groups[(group.school_id, name_key(group.name))] = group
            self.groups[(group.school_id, group.token.casefold())] = group

    def school(self, text: str) -> School | None:
        return self.schools.get(name_key(text)) or self.schools.get(
            slugify(text).casefold()
        )

    def group(self, school: School, text: str) -> SchoolGroup | None:
        return self.groups.get((school.pk, name_key(text))) or self.groups.get(
            (school.pk, slugify(text).casefold())
        )


def guardian_identity(row: GuardianRow, school_id: int) -> tuple:
    if row.email:
        return ("email", email_key(row.email))
    return ("name", name_key(row.name), (school_id, row.children[0]))


def plan_import(parsed: Parsed, *, school: School | None, language_given: bool) -> Plan:
    """The plan for ``parsed``; ``school`` applies to rows that name none.
    ``language_given``: the file states guardians' languages (else a stored
    language is kept)."""
    plan = Plan(errors=list(parsed.errors))
    places = _Places()

    # Where each pupil row goes.
    placed: list[tuple[PupilRow, School, SchoolGroup]] = []
    missing: dict[tuple[str, str], MissingPlace] = {}
    for row in parsed.pupils:
        row_school = places.school(row.school) if row.school else school
        if row_school is None:
            if not row.school:
                plan.errors.append(
                    RowError(
                        file=row.file,
                        line=row.line,
                        column=str(_("school")),
                        message=_("Choose the school this file is for."),
                    )
                )
                continue
            missing.setdefault(
                (name_key(row.school), ""), MissingPlace(school=row.school)
            )
            missing.setdefault(
                (name_key(row.school), name_key(row.group)),
                MissingPlace(school=row.school, group=row.group),
            )
            continue
        group = places.group(row_school, row.group)
        if group is None:
            missing.setdefault(
                (name_key(row_school.name), name_key(row.group)),
                MissingPlace(school=row_school.name, group=row.group),
            )
            continue
        placed.append((row, row_school, group))
    plan.missing = list(missing.values())
    if plan.errors or plan.missing:
        return plan

    scope = {s.pk: s for _row, s, _g in placed}
    if school is not None:
        scope[school.pk] = school
    plan.schools = sorted(scope.values(), key=lambda s: s.name)

    existing = {
        (p.school_id, p.external_id): p
        for p in Pupil.objects.filter(school__in=scope.keys()).select_related("group")
    }
    in_file: dict[tuple[int, str], Pupil] = {}
    for row, row_school, group in placed:
        key = (row_school.pk, row.external_id)
        pupil = existing.get(key)
        if pupil is None:
            pupil = Pupil(
                school=row_school,
                group=group,
                external_id=row.external_id,
                given_name=row.given_name,
                infix=row.infix,
                family_name=row.family_name,
            )
            pupil.name_key = name_key(pupil.full_name)
            plan.pupils_added.append(pupil)
        else:
            changes = [
                (f, getattr(pupil, f), getattr(row, f))
                for f in ("given_name", "infix", "family_name")
                if getattr(pupil, f) != getattr(row, f)
            ]
            if pupil.group_id != group.pk:
                changes.append(("group", pupil.group.name, group.name))
            if pupil.left_on is not None:
                changes.append(("group", str(_("left")), group.name))
            if changes:
                plan.pupils_changed.append(Change(obj=pupil, fields=changes))
            else:
                plan.unchanged_pupils += 1
            pupil._new = {  # applied by the service
                "given_name": row.given_name,
                "infix": row.infix,
                "family_name": row.family_name,
                "group": group,
            }
        in_file[key] = pupil
    plan.pupils_left = sorted(
        (p for key, p in existing.items() if key not in in_file and p.left_on is None),
        key=lambda p: (p.school_id, p.family_name, p.given_name),
    )

    _plan_guardians(plan, parsed, placed, in_file, language_given)
    return plan


def _plan_guardians(plan, parsed, placed, in_file, language_given) -> None:
    school_of_row = {
        row.external_id: s.pk for row, s, _g in placed
    }  # external id -> school id (ids are unique per file)
    known = {p.pk: p for p in in_file.values() if p.pk}
    links = defaultdict(dict)  # pupil pk -> {guardian pk: Guardianship}
    by_name = {}  # ("name", key, pupil key) -> Guardian without e-mail
    for chunk in _chunks(list(known)):
        for link in Guardianship.objects.filter(pupil__in=chunk).select_related(
            "guardian"
        ):
            links[link.pupil_id][link.guardian_id] = link
            guardian = link.guardian
            if not guardian.email_key:
                pupil = known[link.pupil_id]
                key = ("name", name_key(guardian.name))
                by_name[(*key, (pupil.school_id, pupil.external_id))] = guardian

    keys = {email_key(row.email) for row in parsed.guardians if row.email}
    by_email = {}
    for chunk in _chunks(sorted(keys)):
        for guardian in Guardian.objects.filter(email_key__in=chunk):
            by_email[("email", guardian.email_key)] = guardian

    wanted: dict[tuple, dict] = defaultdict(dict)  # pupil key -> {identity: ...}
    for row in parsed.guardians:
        children = [c for c in row.children if c in school_of_row]
        if not children:
            continue
        identity = guardian_identity(row, school_of_row[children[0]])
        guardian = by_email.get(identity) or by_name.get(identity)
        if guardian is None:
            guardian = Guardian(
                name=row.name,
                email=row.email,
                email_key=email_key(row.email),
                phone=row.phone,
                language=row.language,
            )
            plan.guardians_added.append(guardian)
            (by_email if row.email else by_name)[identity] = guardian
        elif guardian.pk:
            changes = []
            for f in ("name", "phone"):
                new = getattr(row, f)
                if new and new != getattr(guardian, f):
                    changes.append((f, getattr(guardian, f), new))
            if row.email and row.email != guardian.email:
                changes.append(("email", guardian.email, row.email))
            if language_given and row.language != guardian.language:
                changes.append(("language", guardian.language, row.language))
            if changes and not any(c.obj is guardian for c in plan.guardians_changed):
                plan.guardians_changed.append(Change(obj=guardian, fields=changes))
        for child in children:
            pupil = in_file[(school_of_row[child], child)]
            wanted[(pupil.school_id, pupil.external_id)][identity] = (
                guardian,
                row.parental_responsibility,
            )

    for pupil_key, guardians in wanted.items():
        pupil = in_file[pupil_key]
        current = links.get(pupil.pk, {}) if pupil.pk else {}
        kept = set()
        for guardian, responsible in guardians.values():
            link = current.get(guardian.pk) if guardian.pk else None
            if link is None:
                plan.links_added.append((guardian, pupil, responsible))
            else:
                kept.add(guardian.pk)
                if link.parental_responsibility != responsible:
                    link.parental_responsibility = responsible
                    plan.links_changed.append(link)
        plan.links_removed.extend(
            link for gid, link in current.items() if gid not in kept
        )
    # Pupils in the file whose guardians all disappeared from it.
    for key, pupil in in_file.items():
        if pupil.pk and key not in wanted:
            plan.links_removed.extend(links.get(pupil.pk, {}).values())
