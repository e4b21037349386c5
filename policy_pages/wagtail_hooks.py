"""Admin wiring of policy_pages: version views, buttons, delete refusal, snippets."""

from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.admin.widgets import Button
from wagtail.models import get_page_models
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import page_cache, views
from .models import Audience, PolicyVersion, PublishRefused, VersionedPageMixin
from .models.rules import new_version_errors

# Anonymous visits to a page are shared from the page cache (policy_pages.page_cache).
hooks.register("before_serve_page", page_cache.mark_shareable)

admin_urls = [
    path("vertalingen/", views.LaggingTranslationsView.as_view(), name="lagging"),
    path(
        "vertalingen/resultaten/",
        views.LaggingTranslationsView.as_view(results_only=True),
        name="lagging_results",
    ),
    path("<int:page_id>/", views.VersionIndexView.as_view(), name="index"),
    path(
        "<int:page_id>/<int:version_id>/",
        views.VersionDetailView.as_view(),
        name="detail",
    ),
    path(
        "<int:page_id>/vergelijken/",
        views.VersionCompareView.as_view(),
        name="compare",
    ),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "versies/",
            include((admin_urls, "policy_pages_admin"), namespace="policy_pages_admin"),
        )
    ]


class EditorsMenuItem(MenuItem):
    """Shown to those who may edit pages (``views.may_edit_pages``)."""

    def is_shown(self, request):
        return views.may_edit_pages(request.user)


@hooks.register("register_reports_menu_item")
def register_lagging_translations_report():
    return EditorsMenuItem(
        gettext_lazy("Translations that are behind"),
        reverse("policy_pages_admin:lagging"),
        icon_name="globe",
        order=900,
    )


def _versions_button(page, user, priority):
    if not isinstance(page.specific_deferred, VersionedPageMixin):
        return
    if not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        _("Versions"),
        url=reverse("policy_pages_admin:index", args=[page.pk]),
        icon_name="list-ol",
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def page_header_versions_button(page, user, view_name, next_url=None):
    yield from _versions_button(page, user, priority=66)


@hooks.register("register_page_listing_more_buttons")
def page_listing_versions_button(page, user, next_url=None):
    yield from _versions_button(page, user, priority=55)


def _pages_with_versions(pages) -> bool:
    condition = Q()
    for page in pages:
        condition |= Q(page__path__startswith=page.path)
        condition |= Q(translation_key=page.translation_key)
    return PolicyVersion.objects.filter(condition).exists()


REFUSE_DELETE = gettext_lazy(
    "'%(title)s' cannot be deleted: it (or a page below it) has published "
    "versions. Versions are evidence of what people have read and are kept. "
    "Don't want to show the page any more? Choose 'Unpublish'."
)


@hooks.register("before_delete_page")
def refuse_deleting_versioned_pages(request, page):
    if _pages_with_versions([page]):
        messages.error(
            request, REFUSE_DELETE % {"title": page.get_admin_display_title()}
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_versioned_pages(request, action_type, objects, action_class):
    if action_type != "delete" or not objects:
        return None
    if getattr(objects[0], "path", None) is None:
        return None
    refused = [p for p in objects if _pages_with_versions([p])]
    if refused:
        for page in refused:
            messages.error(
                request, REFUSE_DELETE % {"title": page.get_admin_display_title()}
            )
        return redirect("wagtailadmin_explore", refused[0].get_parent().pk)
    return None


# -- No version without a change note, whichever way it is published ----------------

REFUSE_PUBLISH = gettext_lazy(
    "'%(title)s' has not been published: %(reasons)s Open the page, fill in the "
    "'Version' panel and save it first."
)


def _refusal(page, errors) -> str:
    reasons = " ".join(
        str(message)
        for messages_ in errors.values()
        for message in (messages_ if isinstance(messages_, list) else [messages_])
    )
    return REFUSE_PUBLISH % {
        "title": page.get_admin_display_title(),
        "reasons": reasons,
    }


class VersionedWorkflowActionView(WorkflowActionView):
    """Wagtail's workflow action (the dashboard's "Approve" dialog) that says why
    a draft cannot be published instead of ending in a 500."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except PublishRefused as refused:  # the workflow step is rolled back
            messages.error(request, _refusal(self.object, refused.message_dict))
            url = reverse("wagtailadmin_pages:edit", args=[self.object.pk])
            if request.headers.get("x-requested-with") == "XMLHttpRequest":
                return self.render_modal_json(
                    request, {"step": "success", "redirect": url}
                )
            return redirect(url)


class VersionedPageViewSet(PageViewSet):
    workflow_action_view_class = VersionedWorkflowActionView


@hooks.register("register_admin_viewset")
def register_versioned_page_viewsets():
    return [
        VersionedPageViewSet(f"versioned_{model._meta.model_name}", model=model)
        for model in get_page_models()
        if issubclass(model, VersionedPageMixin)
    ]


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_without_a_note(request, action_type, objects, action_class):
    if action_type != "publish" or not objects:
        return None
    if getattr(objects[0], "path", None) is None:
        return None
    pages = list(objects)
    if request.POST.get("include_descendants"):
        for page in objects:
            pages.extend(page.get_descendants().not_live())
    refused = []
    for page in pages:
        if not isinstance(page.specific_deferred, VersionedPageMixin):
            continue
        draft = page.specific.get_latest_revision_as_object()
        errors = new_version_errors(page=draft)
        if errors:
            refused.append((page, errors))
    for page, errors in refused:
        messages.error(request, _refusal(page, errors))
    if refused:
        return redirect("wagtailadmin_explore", refused[0][0].get_parent().pk)
    return None


# -- A group that an audience names is not deleted ---------------------------------

REFUSE_GROUP_DELETE = gettext_lazy(
    "The group '%(group)s' cannot be deleted: the audience '%(audiences)s' uses "
    "it to know who must confirm. Choose another group for that audience first."
)


@hooks.register("before_delete_group")
def keep_groups_that_audiences_name(request, group):
    audiences = list(Audience.objects.filter(group=group).order_by("title"))
    if audiences:
        messages.error(
            request,
            REFUSE_GROUP_DELETE
            % {"group": group.name, "audiences": ", ".join(a.title for a in audiences)},
        )
        return redirect("wagtailusers_groups:edit", group.pk)
    return None


def delete_group(request, pk):
    """Wagtail's own group delete view, after the ``before_delete_group`` hooks.

    Wagtail gives users a ``before_delete_user`` hook but groups none; without
    this the PROTECT on ``Audience.group`` would end the delete in a 500.
    """
    if not request.user.has_perm("auth.delete_group"):
        # Before any lookup: the same answer for every id.
        raise PermissionDenied
    group = get_object_or_404(Group, pk=pk)
    for hook in hooks.get_hooks("before_delete_group"):
        response = hook(request, group)
        if response is not None:
            return response
    viewset = next(v for v in viewsets.viewsets if v.name == "wagtailusers_groups")
    return viewset.delete_view(request, pk=pk)


@hooks.register("register_admin_urls", order=-1)
def register_group_delete_url():
    # Listed before Wagtail's own admin URLs, so this address is matched first.
    return [path("groups/delete/<int:pk>/", delete_group)]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    menu_label = gettext_lazy("Audiences")
    add_to_admin_menu = False
    list_display = ["title", "title_en", "token", "group"]


register_snippet(AudienceViewSet)
