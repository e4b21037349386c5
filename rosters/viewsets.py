"""The admin of rosters: pupils and guardians as snippets (editing one is a
rectification, kept in its history), the officers' roster screens as a
ViewSet, and the Leerlingenlijst menu."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from signoff.viewsets import ScreenMenuEntry

from . import admin_views, import_views, privacy
from .forms import PupilForm
from .models import Guardian, Pupil


class RosterPermissionPolicy(ModelPermissionPolicy):
    """Roster rows arrive by import and leave by being marked as left or
    pseudonymised: nobody adds or deletes them by hand in the admin."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


class _ViewPermissionFirst:
    """Refuse before anything is looked up or listed."""

    view_permission = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.view_permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def roster_chooser(model_name: str) -> type[SnippetChooserViewSet]:
    """Wagtail's snippet chooser lists any snippet to anyone in the admin;
    the roster's choosers only to whom may view it."""
    permission = f"rosters.view_{model_name}"

    def guarded(view_class):
        return type(
            f"Roster{view_class.__name__}",
            (_ViewPermissionFirst, view_class),
            {"view_permission": permission},
        )

    return type(
        f"{model_name.title()}ChooserViewSet",
        (SnippetChooserViewSet,),
        {
            "choose_view_class": guarded(ChooseView),
            "choose_results_view_class": guarded(ChooseResultsView),
            "chosen_view_class": guarded(SnippetChosenView),
            "chosen_multiple_view_class": guarded(SnippetChosenMultipleView),
        },
    )


class NoRosterBulkDelete(DeleteBulkAction):
    """Roster rows are never deleted by hand; the bulk screen would otherwise
    list their names to anyone in the admin before refusing."""

    models = [Pupil, Guardian]

    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


class PupilViewSet(SnippetViewSet):
    model = Pupil
    chooser_viewset_class = roster_chooser("pupil")
    edit_handler = ObjectList(Pupil.panels, base_form_class=PupilForm)
    icon = "user"
    menu_label = _("Pupils")
    add_to_admin_menu = False
    list_display = [
        TitleColumn(
            "full_name", label=_("Name"), url_name="wagtailsnippets_rosters_pupil:edit"
        ),
        "group",
        "external_id",
        "left_on",
    ]
    list_filter = ["school", "group", "left_on"]
    search_fields = ["given_name", "family_name", "external_id"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_fields = [
        "given_name",
        "infix",
        "family_name",
        "school",
        "group",
        "external_id",
        "left_on",
    ]

    def get_queryset(self, request):
        return Pupil.objects.select_related("school", "group")


class GuardianViewSet(SnippetViewSet):
    model = Guardian
    chooser_viewset_class = roster_chooser("guardian")
    icon = "group"
    menu_label = _("Guardians")
    add_to_admin_menu = False
    list_display = ["name", "email", "phone", "language"]
    list_filter = ["language"]
    search_fields = ["name", "email"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_fields = ["name", "email", "phone", "language"]


class RosterScreensViewSet(ViewSet):
    """Import, families still to confirm, matching and privacy, under
    ``/admin/leerlingenlijst/`` (URL names ``rosters_admin:…``). Each view
    checks its own permission."""

    name = "rosters_admin"
    url_prefix = "leerlingenlijst"

    def get_urlpatterns(self):
        outstanding = admin_views.OutstandingFamiliesView
        return [
            path("importeren/", import_views.ImportView.as_view(), name="import"),
            path(
                "importeren/<int:pk>/kolommen/",
                import_views.ImportMappingView.as_view(),
                name="import_mapping",
            ),
            path(
                "importeren/<int:pk>/controleren/",
                import_views.ImportPreviewView.as_view(),
                name="import_preview",
            ),
            path(
                "medewerkers-importeren/",
                import_views.StaffImportView.as_view(),
                name="import_staff",
            ),
            path(
                "medewerkers-importeren/<int:pk>/controleren/",
                import_views.StaffImportPreviewView.as_view(),
                name="import_staff_preview",
            ),
            path(
                "voorbeelden/<str:name>",
                import_views.sample_file,
                name="sample",
            ),
            path("nog-niet-gedaan/", outstanding.as_view(), name="outstanding"),
            path(
                "nog-niet-gedaan/resultaten/",
                outstanding.as_view(results_only=True),
                name="outstanding_results",
            ),
            path("koppelingen/", admin_views.MatchesView.as_view(), name="matches"),
            path(
                "koppelingen/<int:pk>/",
                admin_views.ResolveMatchView.as_view(),
                name="resolve",
            ),
            path(
                "nieuw-schooljaar/",
                admin_views.NewSchoolYearView.as_view(),
                name="school_year",
            ),
            path(
                "inzage/<str:kind>/<int:pk>/",
                privacy.AccessView.as_view(),
                name="access",
            ),
        ]


def screen(label, url_name: str, icon: str, permission: str) -> ScreenMenuEntry:
    """A roster screen in the menu, shown to whom has ``permission``."""
    return ScreenMenuEntry(
        label,
        url_name,
        icon,
        lambda user: user.has_perm(permission),
        namespace=RosterScreensViewSet.name,
    )


class RosterMenu(ViewSetGroup):
    menu_label = _("Roster")
    menu_icon = "group"
    menu_order = 260

    def __init__(self, *, pupils, guardians):
        self.items = (
            screen(_("Import"), "import", "upload", "rosters.add_rosterimport"),
            screen(
                _("Import staff"), "import_staff", "upload", "rosters.add_rosterimport"
            ),
            screen(
                _("Families still to confirm"),
                "outstanding",
                "warning",
                "signoff.view_signoff",
            ),
            screen(
                _("Confirmations and the roster"),
                "matches",
                "link",
                "rosters.change_childmatch",
            ),
            screen(
                _("New school year"), "school_year", "calendar", "rosters.change_pupil"
            ),
            pupils,
            guardians,
        )
        super().__init__()
