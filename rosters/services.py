"""The writers of roster rows: imports, matches and the new school year (staff
in ``staff_import``, retention in ``retention``). Each runs in one transaction
and leaves history."""

from __future__ import annotations

import hashlib
import re
from typing import IO

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from signoff.models import School, SchoolGroup, SignOff
from signoff.people import clean_text, email_key, name_key

from . import files, importing, presets, staff_import
from .matching import Roster, undecided_parent_signoffs
from .models import (
    ChildMatch,
    Guardian,
    Guardianship,
    ImportKind,
    MatchState,
    Pupil,
    RosterImport,
    RosterImportFile,
)

BATCH = 1_000


class PlanChangedError(Exception):
    """The roster changed between the preview and the confirmation."""


def may_import(user) -> bool:
    return user.has_perm("rosters.add_rosterimport")


@transaction.atomic
def start_import(
    *,
    kind: str,
    preset: str,
    uploads: dict[str, IO[bytes]],
    names: dict[str, str],
    school: School | None,
    by,
    mapping: dict[str, str] | None = None,
) -> RosterImport:
    """Keep the uploaded files until the officer confirms (or abandons) the
    preview. Refuses a file that is too large before storing anything."""
    if not may_import(by):
        raise PermissionDenied
    limit = files.max_file_bytes()
    contents, tables = {}, {}
    for slot, upload in uploads.items():
        contents[slot] = upload.read(limit + 1)
        # Refuses a file too large, empty, or not CSV/XLSX before storing it.
        tables[slot] = files.read_table(contents[slot], name=names[slot])
    # Refuse a file missing a required column.
    if kind == ImportKind.STAFF:
        presets.parse_staff(tables["medewerkers"])
    elif preset in presets.PRESETS:
        presets.parse(preset, tables)
    roster_import = RosterImport.objects.create(
        kind=kind,
        preset=preset,
        mapping=mapping or {},
        school=school,
        created_by=by,
    )
    RosterImportFile.objects.bulk_create(
        RosterImportFile(
            roster_import=roster_import, slot=slot, name=names[slot], data=data
        )
        for slot, data in contents.items()
    )
    return roster_import


def read_import(roster_import: RosterImport):
    """Parse the stored files by the import's preset (or hand mapping)."""
    tables = {
        f.slot: files.read_table(bytes(f.data), name=f.name)
        for f in roster_import.files.all()
    }
    if roster_import.kind == ImportKind.STAFF:
        return presets.parse_staff(tables["medewerkers"])
    if roster_import.preset == "mapped":
        return presets.parse_mapped(tables["leerlingen"], roster_import.mapping)
    return presets.parse(roster_import.preset, tables)


def plan_for(roster_import: RosterImport):
    if roster_import.kind == ImportKind.STAFF:
        return staff_import.plan_staff(read_import(roster_import))
    return importing.plan_import(
        read_import(roster_import),
        school=roster_import.school,
        language_given=roster_import.preset in ("akkoord", "mapped"),
    )


def _group_order(name: str) -> int:
    digits = re.search(r"\d+", name)
    return int(digits.group()) if digits else 0


def create_places(missing: list[importing.MissingPlace]) -> None:
    """Create the schools and groups the officer agreed to create."""
    for place in sorted(missing, key=lambda p: p.group):  # schools first
        school = School.objects.filter(name__iexact=place.school).first()
        if school is None:
            token = slugify(place.school, allow_unicode=True)[:60] or "school"
            if School.objects.filter(token=token).exists():
                token = f"{token[:50]}-{School.objects.count() + 1}"
            school = School(name=place.school, token=token)
            school.full_clean()
            school.save()
        if place.group:
            token = slugify(place.group, allow_unicode=True)[:60] or "groep"
            if school.groups.filter(token=token).exists():
                token = f"{token[:50]}-{school.groups.count() + 1}"
            group = SchoolGroup(
                school=school,
                name=place.group,
                token=token,
                sort_order=_group_order(place.group),
            )
            group.full_clean()
            group.save()


@transaction.atomic
def apply_import(
    *,
    roster_import: RosterImport,
    digest: str,
    create_missing: bool,
    by,
) -> dict[str, int] | None:
    """Carry out the plan the officer saw (``digest``). When it names unknown
    schools or groups and the officer agreed, only those are created (None is
    returned): the officer checks the preview again before the import itself.
    Refuses, writing nothing, when the plan has errors or the roster changed
    since the preview."""
    if not may_import(by):
        raise PermissionDenied
    roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if roster_import.applied_at is not None:
        return roster_import.summary
    plan = plan_for(roster_import)
    if plan.digest() != digest:
        raise PlanChangedError
    if getattr(plan, "missing", None) and create_missing and not plan.errors:
        # Only the places: what the import then changes is previewed first.
        create_places(plan.missing)
        return None
    if plan.errors:
        raise ValidationError(_("This file has errors; nothing was imported."))
    if getattr(plan, "missing", None):
        raise ValidationError(
            _("Create the unknown schools and groups, or correct the file.")
        )
    if roster_import.kind == ImportKind.STAFF:
        group = Group.objects.filter(pk=roster_import.mapping.get("user_group")).first()
        summary = staff_import.apply_staff_plan(plan, user_group=group, by=by)
    else:
        execute_plan(plan, by=by)
        summary = plan.summary()
    roster_import.applied_at = timezone.now()
    roster_import.summary = summary
    roster_import.save(update_fields=["applied_at", "summary"])
    roster_import.files.update(data=b"")
    return roster_import.summary


def _create_with_history(objs: list, model, *, by, reason: str) -> list:
    """``bulk_create`` the rows and their "created" history rows, the history
    with one ``executemany`` per thousand rows: simple-history's own bulk helper
    builds a model instance per history row, which costs an import of 12,000
    children more than the rows themselves. The history rows hold exactly what
    simple-history writes (its tracked fields, date, user, reason, type "+")."""
    if not objs:
        return objs
    model.objects.bulk_create(objs, batch_size=BATCH)
    _check_keys(objs)
    history = model.history.model
    tracked = list(history.tracked_fields)
    extra = ["history_date", "history_user", "history_change_reason", "history_type"]
    columns = [
        connection.ops.quote_name(f.column)
        for f in [*tracked, *(history._meta.get_field(name) for name in extra)]
    ]
    needs_prep = [
        not isinstance(f, models.CharField | models.AutoField | models.BigAutoField)
        for f in tracked
    ]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    user_id = by.pk if by is not None else None
    rows = [
        [
            f.get_db_prep_save(getattr(obj, f.attname), connection)
            if prep
            else getattr(obj, f.attname)
            for f, prep in zip(tracked, needs_prep, strict=True)
        ]
        + [now, user_id, str(reason), "+"]
        for obj in objs
    ]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names, not data)
        connection.ops.quote_name(history._meta.db_table),
        ", ".join(columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])
    return objs


def execute_plan(plan: importing.Plan, *, by=None) -> None:
    """Write a plan with a fixed number of statements per thousand rows."""
    if not plan.can_apply:
        raise ValueError("A plan with errors or unknown schools or groups.")
    reason = _("Imported from the school administration")
    history = {"default_user": by, "default_change_reason": reason}
    today = timezone.localdate()

    pupils = _create_with_history(plan.pupils_added, Pupil, by=by, reason=reason)
    changed = []
    for change in plan.pupils_changed:
        pupil = change.obj
        new = pupil._new
        pupil.given_name = new["given_name"]
        pupil.infix = new["infix"]
        pupil.family_name = new["family_name"]
        pupil.group = new["group"]
        pupil.left_on = None
        pupil.name_key = name_key(pupil.full_name)
        changed.append(pupil)
    for pupil in plan.pupils_left:
        pupil.left_on = today
        changed.append(pupil)
    if changed:
        bulk_update_with_history(
            changed,
            Pupil,
            ["given_name", "infix", "family_name", "name_key", "group", "left_on"],
            batch_size=BATCH,
            **history,
        )

    guardians = _create_with_history(
        plan.guardians_added, Guardian, by=by, reason=reason
    )
    updated = []
    for change in plan.guardians_changed:
        for field, _old, new in change.fields:
            setattr(change.obj, field, new)
        change.obj.email_key = email_key(change.obj.email)
        updated.append(change.obj)
    if updated:
        bulk_update_with_history(
            updated,
            Guardian,
            ["name", "email", "email_key", "phone", "language"],
            batch_size=BATCH,
            **history,
        )

    # bulk_create gave the new pupils and guardians their keys in place.
    _check_keys(pupils, guardians)
    links = [
        Guardianship(
            guardian_id=guardian.pk,
            pupil_id=pupil.pk,
            parental_responsibility=responsible,
        )
        for guardian, pupil, responsible in plan.links_added
    ]
    _create_with_history(links, Guardianship, by=by, reason=reason)
    if plan.links_changed:
        bulk_update_with_history(
            plan.links_changed,
            Guardianship,
            ["parental_responsibility"],
            batch_size=BATCH,
            **history,
        )
    for link in plan.links_removed:
        link._history_user = by
        link._change_reason = reason
        link.delete()
    if not plan.changes_nothing:  # new confirmations were matched as they came
        match_signoffs(school_ids=[s.pk for s in plan.schools])


def _check_keys(*created) -> None:
    if any(obj.pk is None for rows in created for obj in rows):
        raise RuntimeError("The database did not return the new rows' keys.")


def match_signoffs(*, school_ids=None) -> int:
    """(Re)match the parents' confirmations no officer has decided on; returns
    how many matches changed."""
    signoffs = list(
        undecided_parent_signoffs(school_ids)
        .select_related("roster_match")
        .only(
            "pk",
            "email_key",
            "child_key",
            "school_id",
            "group_id",
            "roster_match__id",
            "roster_match__state",
            "roster_match__pupil_id",
            "roster_match__guardian_id",
        )
    )
    if not signoffs:
        return 0
    roster = Roster({s.school_id for s in signoffs})
    created, updated = [], []
    for signoff in signoffs:
        verdict = roster.verdict(signoff)
        match = getattr(signoff, "roster_match", None)
        if match is None:
            created.append(
                ChildMatch(
                    signoff=signoff,
                    state=verdict.state,
                    pupil_id=verdict.pupil_id,
                    guardian_id=verdict.guardian_id,
                )
            )
        elif (match.state, match.pupil_id, match.guardian_id) != (
            verdict.state,
            verdict.pupil_id,
            verdict.guardian_id,
        ):
            match.state = verdict.state
            match.pupil_id = verdict.pupil_id
            match.guardian_id = verdict.guardian_id
            updated.append(match)
    _create_with_history(
        created, ChildMatch, by=None, reason=_("Matched to the roster")
    )
    if updated:
        bulk_update_with_history(
            updated, ChildMatch, ["state", "pupil", "guardian"], batch_size=BATCH
        )
    return len(created) + len(updated)


def match_new_signoff(signoff: SignOff) -> None:
    """A parent's confirmation is matched the moment it counts
    (``after_record_signoff``); a decision already made stands."""
    if signoff.user_id is not None or signoff.school_id is None:
        return
    if ChildMatch.objects.filter(signoff=signoff).exists():
        return
    verdict = Roster.around(signoff).verdict(signoff)
    ChildMatch.objects.create(
        signoff=signoff,
        state=verdict.state,
        pupil_id=verdict.pupil_id,
        guardian_id=verdict.guardian_id,
    )


@transaction.atomic
def resolve_match(*, signoff: SignOff, pupil: Pupil | None, by) -> ChildMatch:
    """An officer decides which child a confirmation is for (or that the child
    is not on the roster). Recorded in the match's history with who decided."""
    if not by.has_perm("rosters.change_childmatch"):
        raise PermissionDenied
    if pupil is not None and pupil.school_id != signoff.school_id:
        raise ValidationError(_("Choose a child of the confirmation's school."))
    match, _created = ChildMatch.objects.select_for_update().get_or_create(
        signoff=signoff, defaults={"state": MatchState.UNMATCHED}
    )
    guardian = None
    if pupil is not None and signoff.email_key:
        guardian = Guardian.objects.filter(
            email_key=signoff.email_key, guardianships__pupil=pupil
        ).first()
    match.state = MatchState.MATCHED if pupil else MatchState.UNMATCHED
    match.pupil = pupil
    match.guardian = guardian
    match.decided_by = by
    match.decided_at = timezone.now()
    match._history_user = by
    match.full_clean(validate_constraints=False)
    match.save()
    return match


__all__ = ["ImportKind", "PlanChangedError"]


SCHOOL_YEAR_REASON = "New school year"


def last_school_year_move():
    """When everyone last moved up a group (to warn before a second move)."""
    row = (
        Pupil.history.filter(history_change_reason=SCHOOL_YEAR_REASON)
        .order_by("-history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    return row


def roster_state(*, lock: bool = False) -> str:
    """A fingerprint of where every active pupil is, so a form sent twice (or
    after another officer moved everyone) moves nobody twice."""
    rows = Pupil.objects.active().order_by("pk")
    if lock:
        rows = rows.select_for_update()
    blob = repr(list(rows.values_list("pk", "group_id"))).encode()
    return hashlib.sha256(blob).hexdigest()[:32]


@transaction.atomic
def move_school_year(
    *, mapping: dict[int, int | None], state: str, by
) -> dict[str, int]:
    """The new school year: every active pupil of a group in ``mapping`` moves
    to the group it names, or leaves (``None``, e.g. groep 8). Confirmations
    stay with the child, so those of rules that did not change stay valid."""
    if not by.has_perm("rosters.change_pupil"):
        raise PermissionDenied
    if roster_state(lock=True) != state:
        raise PlanChangedError
    today = timezone.localdate()
    groups = SchoolGroup.objects.in_bulk(
        [target for target in mapping.values() if target is not None]
    )
    moved, left = [], []
    for pupil in Pupil.objects.active().filter(group__in=mapping.keys()):
        target = mapping[pupil.group_id]
        if target is None:
            pupil.left_on = today
            left.append(pupil)
        else:
            if groups[target].school_id != pupil.school_id:
                raise ValidationError(_("A group moves up within its own school."))
            pupil.group = groups[target]
            moved.append(pupil)
    bulk_update_with_history(
        moved + left,
        Pupil,
        ["group", "left_on"],
        batch_size=BATCH,
        default_user=by,
        # Kept in English: ``last_school_year_move`` looks for it.
        default_change_reason=SCHOOL_YEAR_REASON,
    )
    return {"moved": len(moved), "left": len(left)}


def match_to_pupil(*, signoff: SignOff, pupil: Pupil, guardian: Guardian) -> None:
    """A confirmation made for a known child (a personal link, a letter's
    slip) is matched to that child, whatever the name matcher guessed; an
    officer's decision stands."""
    match = ChildMatch.objects.filter(signoff=signoff).first()
    wanted = (MatchState.MATCHED, pupil.pk, guardian.pk)
    if match is None:
        ChildMatch.objects.create(
            signoff=signoff,
            state=MatchState.MATCHED,
            pupil=pupil,
            guardian=guardian,
        )
    elif (
        match.decided_by_id is None
        and (
            match.state,
            match.pupil_id,
            match.guardian_id,
        )
        != wanted
    ):
        match.state, match.pupil, match.guardian = MatchState.MATCHED, pupil, guardian
        match.save(update_fields=["state", "pupil", "guardian"])


@transaction.atomic
def correct_guardian_name(*, guardian: Guardian, name: str) -> Guardian:
    """A guardian corrects their own name (through their personal link)."""
    guardian = Guardian.objects.select_for_update().get(pk=guardian.pk)
    guardian.name = clean_text(name, required_message=_("Fill in your name."))
    guardian.full_clean()
    with translation.override(settings.LANGUAGE_CODE):
        guardian._change_reason = _("Name corrected by the guardian")
    guardian.save(update_fields=["name"])
    return guardian
