"""The admin of signoff: the read-only evidence (its permission policy, filters,
listing, record page and export), the snippets for schools and groups, the
officers' screens as a Wagtail ViewSet, and the Akkoord menu as a ViewSetGroup."""

import datetime

import django_filters
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.fields.json import KeyTextTransform
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem, WagtailMenuRegisterable
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

from policy_pages.models import parse_version_number

from . import admin_views, permissions, reports
from .exports import SafeSpreadsheetExportMixin, format_moment
from .models import Channel, School, SchoolGroup, SignOff

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

    # Fields that say nothing about some records: left out there rather than
    # shown as "—" or as something untrue (a staff member "has no parental
    # responsibility"; a paper form was not "verified by e-mail").
    PARENT_FIELDS = (
        "parent_name",
        "parent_email",
        "child_name",
        "school",
        "group",
        "parental_responsibility",
    )
    PAPER_FIELDS = ("paper_signed_on", "paper_scan")
    REVOKE_FIELDS = ("revoked_at", "revoked_by", "revoke_reason")

    def fields_for_record(self) -> list[str]:
        record = self.object
        skip = set()
        if record.user_id:
            skip.update(self.PARENT_FIELDS)
        else:
            skip.add("user")
        if record.channel != Channel.PAPER:
            skip.update(self.PAPER_FIELDS)
            skip.add("acted_by")
        if record.user_id or record.channel == Channel.PAPER:
            skip.add("verified_at")  # known at once: only links verify
        if not record.api_token_id:
            skip.add("api_token")
        if not record.signed_in_with:
            skip.add("signed_in_with")
        if record.revoked_at is None:
            skip.update(self.REVOKE_FIELDS)
        return [name for name in self.fields if name not in skip]

    def get_fields_context(self):
        return [self.get_context_for_field(name) for name in self.fields_for_record()]

    def get_signed_in_with_display_value(self):
        return self.object.signed_in_label

    def get_language_display_value(self):
        return dict(settings.LANGUAGES).get(self.object.language, self.object.language)

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
            # Room for a name: the long rule-set titles squeezed it mid-word.
            width="16%",
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
        "status_label",
        "signed_at",
        "verified_at",
        "paper_signed_on",
        "signed_in_label",
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
        "signed_in_label": _("Signed in with"),
        "status_label": _("Status"),
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
        "signed_in_with",
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


# -- The officers' screens and the Akkoord menu ------------------------------------


class OfficerScreensViewSet(ViewSet):
    """Coverage, outstanding staff, paper entry and revoking, under
    ``/admin/akkoord/`` (URL names ``signoff_admin:…``). Each view checks its
    own permission; the menu shows an entry only to whom may open it."""

    name = "signoff_admin"
    url_prefix = "akkoord"

    def get_urlpatterns(self):
        coverage = admin_views.CoverageReportView
        outstanding = admin_views.OutstandingStaffView
        return [
            path("dekking/", coverage.as_view(), name="coverage"),
            path(
                "dekking/resultaten/",
                coverage.as_view(results_only=True),
                name="coverage_results",
            ),
            path("nog-niet-gedaan/", outstanding.as_view(), name="outstanding"),
            path(
                "nog-niet-gedaan/resultaten/",
                outstanding.as_view(results_only=True),
                name="outstanding_results",
            ),
            path("papier/", admin_views.PaperSignOffView.as_view(), name="paper"),
            path(
                "<int:pk>/intrekken/",
                admin_views.RevokeSignOffView.as_view(),
                name="revoke",
            ),
        ]


class ScreenMenuEntry(WagtailMenuRegisterable):
    """One of the officers' screens in a menu, shown to whom may open it
    (``namespace``: the screens' viewset; signoff's by default)."""

    def __init__(self, label, url_name: str, icon: str, may_open, namespace=""):
        self.menu_label = label
        self.menu_icon = icon
        self.url_name = url_name
        self.may_open = may_open
        self.namespace = namespace or OfficerScreensViewSet.name

    @property
    def menu_url(self):
        return reverse(f"{self.namespace}:{self.url_name}")

    @cached_property
    def menu_item_class(self):
        may_open = self.may_open
        return type(
            "ScreenMenuItem",
            (MenuItem,),
            {"is_shown": lambda item, request: may_open(request.user)},
        )


class AkkoordMenu(ViewSetGroup):
    """The Akkoord menu: the officers' screens and the snippets of evidence,
    schools and groups (each snippet entry asks its own viewset's permissions)."""

    menu_label = _("Akkoord")
    menu_icon = "tick-inverse"
    menu_order = 250

    def __init__(self, *, signoffs, schools, groups):
        self.items = (
            ScreenMenuEntry(
                _("Coverage"), "coverage", "tasks", permissions.may_see_coverage
            ),
            ScreenMenuEntry(
                _("Still to confirm"),
                "outstanding",
                "warning",
                permissions.may_see_names,
            ),
            signoffs,
            ScreenMenuEntry(
                _("Enter a paper confirmation"),
                "paper",
                "doc-full",
                permissions.may_enter_paper,
            ),
            schools,
            groups,
        )
        super().__init__()
