"""Where a staff member lands after signing in."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .status import staff_rule_sets, staff_statuses


def has_something_to_confirm(user) -> bool:
    """A live staff rule set of one of ``user``'s groups that they have not
    confirmed (or must confirm again). Three queries at most."""
    pages = list(staff_rule_sets(user))
    return any(s.status != "done" for s in staff_statuses(user, pages))


def landing_url(user) -> str | None:
    """Mijn protocollen for whoever has something to confirm there, and for staff
    without the admin; None for the others (the caller picks: the admin)."""
    if has_something_to_confirm(user) or not user.has_perm("wagtailadmin.access_admin"):
        return reverse("signoff:my_protocols")
    return None


def admin_link(request) -> list[tuple[str, str]]:
    """Mijn protocollen links to the admin for those who use it
    (``signoff_my_protocols_links``): officers land here too when they sign in
    on the staff pages."""
    if request.user.has_perm("wagtailadmin.access_admin"):
        return [(_("To the admin"), reverse("wagtailadmin_home"))]
    return []


def login_to(next_url: str) -> str:
    """The staff login, which goes on to ``next_url`` (for links in e-mails)."""
    return reverse("signoff:login") + "?" + urlencode({"next": next_url})
