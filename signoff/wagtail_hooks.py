"""Wagtail wiring of signoff: page routes, the confirm box, snippets, reports, menu."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import admin_views, scans, views
from .models import School, SchoolGroup, SignOff
from .status import staff_statuses
from .viewsets import (
    EvidencePermissionPolicy,
    SchoolGroupViewSet,
    SchoolViewSet,
    SignOffViewSet,
)

# -- On the site ------------------------------------------------------------------


@hooks.register("register_versioned_page_routes")
def signoff_page_routes():
    return [
        path("akkoord/", views.confirm_view, name="signoff_confirm"),
        path("akkoord/bedankt/", views.thanks_view, name="signoff_thanks"),
        path(
            "akkoord/bevestigen/<str:token>/",
            views.verify_view,
            name="signoff_verify",
        ),
    ]


@hooks.register("insert_versioned_page_actions")
def confirm_box(request, page, version):
    if not hasattr(page, "audience"):
        return ""
    staff = views.is_staff_rule_set(page)
    status = None
    if staff and request is not None and views.may_confirm_as_staff(request.user, page):
        status = staff_statuses(request.user, [page])[0]
    return render_to_string(
        "signoff/includes/page_action.html",
        {
            "staff": staff,
            "status": status,
            "confirm_url": page.url + page.reverse_subpage("signoff_confirm"),
            "user": getattr(request, "user", None),
        },
        request=request,
    )


@hooks.register("versioned_page_last_seen")
def last_confirmed_version(request, page):
    """@diff without parameters starts from the version the caller confirmed."""
    if request is None or not request.user.is_authenticated:
        return None
    signed = staff_statuses(request.user, [page])[0].signed
    return signed.number if signed else None


@hooks.register("expand_versioned_page_api")
def expand_signoff(request, page, data, expand):
    """``?expand=signoff`` puts the caller's own status inline (never cached)."""
    if "signoff" not in expand or not hasattr(page, "audience"):
        return
    if not request.user.is_authenticated:
        data["@components"]["signoff"]["status"] = None
        return
    status = staff_statuses(request.user, [page])[0]
    data["@components"]["signoff"].update(
        required=views.is_staff_rule_set(page)
        and views.may_confirm_as_staff(request.user, page),
        status=status.status,
        signed_version=status.signed.number if status.signed else None,
    )


# -- Evidence is never deleted by deleting what it points to -------------------------

KEEP_USER = _(
    "This account has confirmations (or entered or revoked some). They are evidence "
    "and stay, so the account cannot be deleted. Make it inactive instead."
)
KEEP_SCHOOL = _(
    "'%(name)s' has confirmations. They are evidence and stay, so it cannot be deleted."
)


@hooks.register("before_delete_user")
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


@hooks.register("before_bulk_action")
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


@hooks.register("before_delete_snippet")
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


# -- Evidence is read-only in the admin ------------------------------------------

register_permission_policy(SignOff, EvidencePermissionPolicy(SignOff))
scans.register_document_policy()

signoff_viewset = SignOffViewSet()
register_snippet(signoff_viewset)
register_snippet(SchoolViewSet())
register_snippet(SchoolGroupViewSet())


# -- Reports and officers' screens -------------------------------------------------

admin_urls = [
    path("dekking/", admin_views.CoverageReportView.as_view(), name="coverage"),
    path(
        "dekking/resultaten/",
        admin_views.CoverageReportView.as_view(results_only=True),
        name="coverage_results",
    ),
    path(
        "nog-niet-gedaan/",
        admin_views.OutstandingStaffView.as_view(),
        name="outstanding",
    ),
    path(
        "nog-niet-gedaan/resultaten/",
        admin_views.OutstandingStaffView.as_view(results_only=True),
        name="outstanding_results",
    ),
    path("papier/", admin_views.PaperSignOffView.as_view(), name="paper"),
    path("<int:pk>/intrekken/", admin_views.RevokeSignOffView.as_view(), name="revoke"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "akkoord/",
            include((admin_urls, "signoff_admin"), namespace="signoff_admin"),
        )
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class SnippetMenuItem(MenuItem):
    def __init__(self, *args, model, **kwargs):
        self.model = model
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        opts = self.model._meta
        return any(
            request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
            for action in ("view", "add", "change")
        )


@hooks.register("register_admin_menu_item")
def akkoord_menu():
    from wagtail.admin.menu import Menu

    items = [
        PermissionMenuItem(
            _("Coverage"),
            reverse("signoff_admin:coverage"),
            icon_name="tasks",
            order=100,
            permission="signoff.view_coverage",
        ),
        PermissionMenuItem(
            _("Still to confirm"),
            reverse("signoff_admin:outstanding"),
            icon_name="warning",
            order=200,
            permission="signoff.view_signoff",
        ),
        PermissionMenuItem(
            _("Confirmations"),
            reverse("wagtailsnippets_signoff_signoff:list"),
            icon_name="tick-inverse",
            order=300,
            permission="signoff.view_signoff",
        ),
        PermissionMenuItem(
            _("Enter a paper confirmation"),
            reverse("signoff_admin:paper"),
            icon_name="doc-full",
            order=400,
            permission="signoff.add_paper_signoff",
        ),
        SnippetMenuItem(
            _("Schools"),
            reverse("wagtailsnippets_signoff_school:list"),
            icon_name="home",
            order=500,
            model=School,
        ),
        SnippetMenuItem(
            _("Groups"),
            reverse("wagtailsnippets_signoff_schoolgroup:list"),
            icon_name="group",
            order=600,
            model=SchoolGroup,
        ),
    ]
    return SubmenuMenuItem(
        _("Akkoord"), Menu(items=items), icon_name="tick-inverse", order=250
    )
