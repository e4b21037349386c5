"""Evidence is never deleted by deleting what it points to: the answers to
Wagtail's delete hooks for users, schools, groups and confirmations."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .models import School, SchoolGroup, SignOff

KEEP_USER = _(
    "This account has confirmations (or entered or revoked some). They are evidence "
    "and stay, so the account cannot be deleted. Make it inactive instead."
)
KEEP_SCHOOL = _(
    "'%(name)s' has confirmations. They are evidence and stay, so it cannot be deleted."
)


def keep_users_with_confirmations(request, user):
    if SignOff.objects.filter(
        Q(user=user) | Q(acted_by=user) | Q(revoked_by=user)
    ).exists():
        messages.error(request, KEEP_USER)
        return redirect("wagtailusers_users:edit", user.pk)
    return None


KEEP_SIGNOFF = _(
    "Confirmations are evidence and cannot be deleted. Revoke a confirmation "
    "instead: it then no longer counts, and the record stays."
)


def _users_with_confirmations(users) -> list:
    pks = [user.pk for user in users]
    used = set()
    for field in ("user", "acted_by", "revoked_by"):
        used.update(
            SignOff.objects.filter(**{f"{field}__in": pks}).values_list(
                field, flat=True
            )
        )
    return [user for user in users if user.pk in used]


def keep_evidence_in_bulk(request, action_type, objects, action):
    """Bulk deleting confirmations, or users who have them: refused in words, not
    with a 500. (The listing of confirmations offers no bulk actions at all; the
    address still exists, and its confirmation page already says no.)"""
    if action_type != "delete":
        return None
    if action.model is SignOff:
        messages.error(request, KEEP_SIGNOFF)
        return redirect("wagtailsnippets_signoff_signoff:list")
    if action.model is not get_user_model():
        return None
    kept = _users_with_confirmations(objects)
    if not kept:
        return None
    for user in kept:
        messages.error(
            request, f"{user.get_full_name() or user.get_username()}: {KEEP_USER}"
        )
    return redirect("wagtailusers_users:index")


def keep_schools_with_confirmations(request, instances):
    for instance in instances:
        if isinstance(instance, School):
            used = SignOff.objects.filter(school=instance).exists()
        elif isinstance(instance, SchoolGroup):
            used = SignOff.objects.filter(group=instance).exists()
        else:
            continue
        if used:
            messages.error(request, KEEP_SCHOOL % {"name": instance})
            return redirect(instance.snippet_viewset.get_url_name("list"))
    return None
