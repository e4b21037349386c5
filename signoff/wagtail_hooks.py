"""Wagtail wiring of signoff: page routes, the confirm box, snippets, reports, menu."""

import datetime

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.fields.json import KeyTextTransform
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

from policy_pages.models import parse_version_number

from . import admin_views, reports, scans, views
from .exports import SafeSpreadsheetExportMixin, format_moment
from .models import Channel, School, SchoolGroup, SignOff
from .status import staff_statuses

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


class EvidencePermissionPolicy(ModelPermissionPolicy):
    """Nobody adds, edits or deletes sign-offs through generic admin views, not even
    a superuser: they are written by ``signoff.services`` only."""

    READ_ONLY = ("add", "change", "delete")

    def user_has_permission(self, user, action):
        if action in self.READ_ONLY:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def users_with_any_permission(self, actions, **kwargs):
        actions = [a for a in actions if a not in self.READ_ONLY]
        if not actions:
            return super().users_with_any_permission([], **kwargs).none()
        return super().users_with_any_permission(actions, **kwargs)


register_permission_policy(SignOff, EvidencePermissionPolicy(SignOff))
scans.register_document_policy()


def rule_set_choices():
    return [(str(p.translation_key), p.title) for p in reports.source_rule_sets()]


class SignOffFilterSet(WagtailFilterSet):
    rule_set = django_filters.ChoiceFilter(
        label=_("Code of conduct"),
        field_name="translation_key",
        choices=rule_set_choices,
    )
    version = django_filters.CharFilter(label=_("Version"), method="filter_version")
    school = django_filters.ModelChoiceFilter(
        label=_("School"), queryset=School.objects.all()
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Group"), queryset=SchoolGroup.objects.select_related("school")
    )
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    signed_at = django_filters.DateFromToRangeFilter(
        label=_("Confirmed between"), widget=DateRangePickerWidget
    )
    status = django_filters.ChoiceFilter(
        label=_("Valid or revoked"),
        choices=[
            ("valid", _("Valid")),
            ("unverified", _("Not verified yet")),
            ("revoked", _("Revoked")),
        ],
        empty_label=_("All"),
        method="filter_status",
    )

    class Meta:
        model = SignOff
        fields = []

    def filter_version(self, queryset, name, value):
        number = parse_version_number(value, major_only=True)
        if number is None:
            return queryset.none()
        major, minor = number
        queryset = queryset.filter(major=major)
        return queryset.filter(minor=minor) if minor is not None else queryset

    def filter_status(self, queryset, name, value):
        if value == "valid":
            return queryset.valid()
        if value == "unverified":
            return queryset.unverified()
        if value == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


class SignOffIndexView(SafeSpreadsheetExportMixin, IndexView):
    """The confirmations listing. No bulk actions: the only one snippets have is
    deleting, and evidence is never deleted. Exports are safe to open in a
    spreadsheet program and give moments with their zone."""

    @cached_property
    def columns(self):
        return [
            column
            for column in super().columns
            if not isinstance(column, BulkActionsCheckboxColumn)
        ]


def person_name(user) -> str:
    """A person as officers know them: the full name, the username in brackets."""
    full_name = user.get_full_name()
    username = user.get_username()
    return f"{full_name} ({username})" if full_name else username


class SignOffInspectView(InspectView):
    """The record of one confirmation, in words: Dutch yes/no, a dash for empty,
    names of people, moments in the site's zone."""

    template_name = "signoff/admin/signoff_inspect.html"
    EMPTY = "—"

    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name, None)
        if value is None or value == "":
            return self.EMPTY
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, datetime.datetime):
            return format_moment(value)
        if isinstance(value, datetime.date):
            return value.strftime("%d-%m-%Y")
        if isinstance(value, get_user_model()):
            return person_name(value)
        return super().get_field_display_value(field_name, field)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = self.object.history.select_related(
            "history_user"
        ).order_by("history_date")
        context["can_revoke"] = self.request.user.has_perm("signoff.revoke_signoff")
        return context


class SignOffViewSet(SnippetViewSet):
    model = SignOff
    icon = "tick-inverse"
    menu_label = _("Confirmations")
    add_to_admin_menu = False
    inspect_view_enabled = True
    inspect_view_class = SignOffInspectView
    index_view_class = SignOffIndexView
    index_template_name = "signoff/admin/signoff_index.html"
    copy_view_enabled = False
    filterset_class = SignOffFilterSet
    search_fields = [
        "parent_name",
        "parent_email",
        "child_name",
        "reference",
        "user__first_name",
        "user__last_name",
        "user__username",
    ]
    search_backend_name = None
    list_display = [
        TitleColumn(
            "signer_name",
            label=_("Name"),
            accessor="signer_name",
            url_name="wagtailsnippets_signoff_signoff:inspect",
        ),
        Column("rule_set_title", label=_("Code of conduct")),
        Column("number", label=_("Version")),
        Column("child_name", label=_("Child")),
        Column("school_name", label=_("School")),
        Column("group_name", label=_("Group")),
        Column("channel", label=_("Channel"), accessor="get_channel_display"),
        Column(
            "signed_at",
            label=_("Confirmed at"),
            accessor=lambda signoff: format_moment(signoff.signed_at),
            sort_key="signed_at",
        ),
        Column("status", label=_("Status"), accessor="status_label"),
    ]
    list_export = [
        "reference",
        "signer_name",
        "parent_email",
        "child_name",
        "school_name",
        "group_name",
        "rule_set_title",
        "number",
        "language",
        "get_channel_display",
        "signed_at",
        "verified_at",
        "paper_signed_on",
        "revoked_at",
        "revoke_reason",
        "content_hash",
    ]
    export_headings = {
        "reference": _("Reference"),
        "signer_name": _("Name"),
        "parent_email": _("E-mail address"),
        "child_name": _("Child"),
        "school_name": _("School"),
        "group_name": _("Group"),
        "rule_set_title": _("Code of conduct"),
        "number": _("Version"),
        "language": _("Language"),
        "get_channel_display": _("Channel"),
        "signed_at": _("Confirmed at"),
        "verified_at": _("Verified at"),
        "paper_signed_on": _("Signed on paper on"),
        "revoked_at": _("Revoked at"),
        "revoke_reason": _("Reason for revoking"),
        "content_hash": _("Hash of the text shown"),
    }
    export_filename = "akkoordverklaringen"
    inspect_view_fields = [
        "reference",
        "version",
        "content_hash",
        "language",
        "user",
        "parent_name",
        "parent_email",
        "child_name",
        "school",
        "group",
        "parental_responsibility",
        "acted_by",
        "channel",
        "paper_signed_on",
        "paper_scan",
        "signed_at",
        "verified_at",
        "api_token",
        "revoked_at",
        "revoked_by",
        "revoke_reason",
    ]

    def get_queryset(self, request):
        return SignOff.objects.select_related("user", "school", "group").annotate(
            # KT("version__snapshot__title") gives NULL across the relation.
            rule_set_title=KeyTextTransform("title", "version__snapshot")
        )


class SchoolViewSet(SnippetViewSet):
    model = School
    icon = "home"
    menu_label = _("Schools")
    add_to_admin_menu = False
    list_display = ["name", "token"]
    search_fields = ["name"]
    search_backend_name = None


class SchoolGroupViewSet(SnippetViewSet):
    model = SchoolGroup
    icon = "group"
    menu_label = _("Groups")
    add_to_admin_menu = False
    list_display = ["name", "school", "token"]
    list_filter = ["school"]


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
