"""The campaigns in the admin: a snippet whose create and edit go through
``campaigns.services``, and a progress screen per campaign."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    SnippetViewSet,
)

from policy_pages.models import RuleSetPage
from signoff.permissions import is_staff_rule_set

from . import admin_views, letters, services
from .forms import CampaignForm
from .models import Audience, Campaign

FIELDS = (
    "title",
    "rule_set",
    "audience",
    "staff_role",
    "opens_on",
    "due_on",
    "remind_after_days",
    "remind_before_days",
    "remind_on_due_date",
    "introduction",
    "reconfirm",
)


class CampaignCreateView(CreateView):
    def get_initial_form_instance(self):
        """``?rule_set=<id>`` (the home panel's offer) fills in the rules and
        a title, and asks everyone again."""
        instance = super().get_initial_form_instance() or Campaign()
        pk = self.request.GET.get("rule_set", "")
        page = (
            RuleSetPage.objects.live()
            .filter(pk=pk, locale__language_code=settings.LANGUAGE_CODE)
            .first()
            if re.fullmatch(r"[0-9]{1,18}", pk)
            else None
        )
        if page is not None:
            instance.rule_set = page
            instance.title = page.title
            if is_staff_rule_set(page):
                instance.audience = Audience.STAFF
        return instance

    def save_instance(self):
        data = self.form.cleaned_data
        return services.create_campaign(
            by=self.request.user,
            schools=data["schools"],
            groups=data["groups"],
            **{name: data[name] for name in FIELDS},
        )


class CampaignEditView(EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.update_campaign(
            campaign=self.object,
            by=self.request.user,
            schools=data["schools"],
            groups=data["groups"],
            **{name: data[name] for name in FIELDS if name != "reconfirm"},
        )


class CampaignDeleteView(DeleteView):
    """A campaign that invited anyone is evidence of whom was asked: close it
    instead (Wagtail would only find the protected rows after the click)."""

    def dispatch(self, request, *args, **kwargs):
        campaign = Campaign.objects.filter(pk=kwargs.get("pk")).first()
        if campaign is not None and campaign.invitations.exists():
            messages.error(
                request,
                _(
                    "This campaign has invited people and cannot be deleted. "
                    "Close it on its progress screen instead."
                ),
            )
            return redirect(
                reverse(campaign_viewset.get_url_name("progress"), args=[campaign.pk])
            )
        return super().dispatch(request, *args, **kwargs)


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "mail"
    menu_label = _("Campaigns")
    menu_order = 260
    add_to_admin_menu = True
    url_prefix = "campagnes"
    add_view_class = CampaignCreateView
    edit_view_class = CampaignEditView
    delete_view_class = CampaignDeleteView

    @property
    def list_display(self):
        return [
            "title",
            Column("rule_set", label=_("Rules")),
            "opens_on",
            "due_on",
            TitleColumn(
                "progress_label",
                label=_("Progress"),
                get_url=lambda campaign: reverse(
                    self.get_url_name("progress"), args=[campaign.pk]
                ),
            ),
        ]

    ordering = ["-opens_on"]
    edit_handler = ObjectList(Campaign.panels, base_form_class=CampaignForm)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "<int:pk>/voortgang/",
                admin_views.CampaignProgressView.as_view(),
                name="progress",
            ),
            path("<int:pk>/brieven/", letters.print_letters, name="letters"),
            path("papier/", letters.PaperSlipView.as_view(), name="paper"),
        ]


campaign_viewset = CampaignViewSet()


def progress_button(snippet, user, next_url=None):
    """ "Voortgang" beside each campaign in the listing."""
    if not isinstance(snippet, Campaign) or not user.has_perm(
        "campaigns.view_campaign"
    ):
        return []
    url = reverse(campaign_viewset.get_url_name("progress"), args=[snippet.pk])
    return [Button(_("Progress"), url=url, icon_name="tasks", priority=5)]
