"""Retention (AVG art. 5): pupils and guardians who left longer ago than
``ROSTERS["RETENTION_YEARS"]`` get a pseudonym everywhere Akkoord keeps their
name; imports never confirmed are dropped. Run by ``pseudonymise_roster``."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry
from wagtail.search import index

from signoff import services as signoff_services
from signoff.models import SignOff
from signoff.people import name_key

from . import conf
from .models import ChildMatch, Guardian, Guardianship, Pupil, RosterImport


def _cutoff(today, years: int):
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _forget_labels(model, objs) -> None:
    """Wagtail's log entries and search index keep an object's name: give
    them the pseudonym too."""
    content_type = ContentType.objects.get_for_model(model)
    for obj in objs:
        obj.refresh_from_db()
        ModelLogEntry.objects.filter(
            content_type=content_type, object_id=str(obj.pk)
        ).update(label=str(obj))
        index.insert_or_update_object(obj)


@transaction.atomic
def pseudonymise_left(*, years: int | None = None, today=None) -> dict[str, int]:
    """Pupils who left more than ``years`` ago (``ROSTERS["RETENTION_YEARS"]``)
    and guardians with no child left on the roster get a pseudonym, in their
    rows, their history, Wagtail's log and search index, and on the
    confirmations made for them; those keep the version, the hash and the
    moment. Each pseudonym names its row (``#pk``), so no two collide."""
    years = conf.get("RETENTION_YEARS") if years is None else years
    today = today or timezone.localdate()
    cutoff = _cutoff(today, years)
    now = timezone.now()
    replacements: dict[int, dict[str, str]] = {}

    pupils = list(
        Pupil.objects.filter(left_on__lt=cutoff, pseudonymised_at__isnull=True)
    )
    for pupil in pupils:
        fields = {
            "given_name": "Leerling",
            "infix": "",
            "family_name": f"#{pupil.pk}",
            "name_key": name_key(f"Leerling #{pupil.pk}"),
            "external_id": f"pseudoniem-{pupil.pk}",
        }
        Pupil.objects.filter(pk=pupil.pk).update(pseudonymised_at=now, **fields)
        Pupil.history.filter(id=pupil.pk).update(**fields)
    for match in ChildMatch.objects.filter(pupil__in=pupils):
        new = replacements.setdefault(match.signoff_id, {})
        new["child_name"] = f"Leerling #{match.pupil_id}-{match.signoff_id}"
        if match.guardian_id is None:  # a paper form or an officer's decision
            new["parent_name"] = f"Ouder #{match.signoff_id}"

    last_link = dict(
        Guardianship.history.values_list("guardian_id").annotate(
            last=models.Max("history_date")
        )
    )
    guardians = [
        g
        for g in Guardian.objects.filter(pseudonymised_at__isnull=True).exclude(
            guardianships__pupil__pseudonymised_at__isnull=True
        )
        # Without any child left: only once the last link is old enough.
        if g.guardianships.exists()
        or (last_link.get(g.pk) and last_link[g.pk].date() < cutoff)
    ]
    for guardian in guardians:
        theirs = set(
            ChildMatch.objects.filter(guardian=guardian).values_list(
                "signoff_id", flat=True
            )
        )
        if guardian.email_key:
            theirs |= set(
                SignOff.objects.of_parents()
                .filter(email_key=guardian.email_key)
                .values_list("pk", flat=True)
            )
        for signoff_id in theirs:
            new = replacements.setdefault(signoff_id, {})
            new["parent_name"] = f"Ouder #{guardian.pk}"
            new["email"] = f"ouder-{guardian.pk}-{signoff_id}@pseudoniem.invalid"
        fields = {
            "name": f"Ouder #{guardian.pk}",
            "email": "",
            "email_key": "",
            "phone": "",
        }
        Guardian.objects.filter(pk=guardian.pk).update(pseudonymised_at=now, **fields)
        Guardian.history.filter(id=guardian.pk).update(**fields)
    signoff_services.pseudonymise_parent_signoffs(replacements=replacements)
    _forget_labels(Pupil, pupils)
    _forget_labels(Guardian, guardians)
    return {"pupils": len(pupils), "guardians": len(guardians)}


def drop_abandoned_imports(*, before) -> int:
    """Imports never confirmed hold personal data for nothing: delete them."""
    count, _detail = RosterImport.objects.filter(
        applied_at__isnull=True, created_at__lt=before
    ).delete()
    return count
