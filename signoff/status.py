"""Where a staff member stands with each rule set: to do, done, or confirm again."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from policy_pages.models import PolicyVersion, RuleSetPage

from .models import SignOff

LABELS = {
    "todo": _("to do"),
    "done": _("done"),
    "renew": _("confirm again"),
}


@dataclass
class StaffStatus:
    page: object
    status: str
    current: PolicyVersion | None
    signed: SignOff | None

    @property
    def label(self) -> str:
        return str(LABELS[self.status])


def staff_rule_sets(user):
    """The live staff rule sets of ``user``'s groups (every language)."""
    return (
        RuleSetPage.objects.live()
        .filter(audience__group__in=user.groups.all())
        .select_related("audience")
    )


def staff_statuses(user, pages: list) -> list[StaffStatus]:
    """One status per page, in three queries whatever the number of pages."""
    if not pages:
        return []
    keys = {page.translation_key for page in pages}
    current = PolicyVersion.objects.defer("snapshot").current_by_page(pages)
    required = PolicyVersion.objects.required_majors(keys)
    best: dict = {}
    for signoff in (
        SignOff.objects.valid()
        .filter(user=user, translation_key__in=keys)
        .select_related("version")
        .order_by("-major", "-minor", "-signed_at")
    ):
        best.setdefault(signoff.translation_key, signoff)

    statuses = []
    for page in pages:
        signed = best.get(page.translation_key)
        if signed is None:
            status = "todo"
        elif signed.major >= required.get(page.translation_key, 1):
            status = "done"
        else:
            status = "renew"
        statuses.append(StaffStatus(page, status, current.get(page.pk), signed))
    return statuses
