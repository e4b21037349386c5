from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks

from . import api, panels, progress, services
from .viewsets import campaign_viewset, progress_button

hooks.register("register_admin_viewset", lambda: campaign_viewset)
hooks.register("register_snippet_listing_buttons", progress_button)
hooks.register("confirm_with_invitation", services.confirm_with_token)
hooks.register("signoff_my_protocols_due_dates", progress.staff_due_dates)
hooks.register("construct_homepage_panels", panels.add_campaign_panel)


@hooks.register("register_akkoord_api_router")
def campaigns_api_router():
    """@campaigns in the ++api++."""
    return api.router


@hooks.register("after_publish_page")
def offer_a_campaign(request, page):
    """Publishing a material new version of parents' rules offers, right
    there, to start a campaign asking everyone to confirm it."""
    if not request.user.has_perm("campaigns.add_campaign"):
        return
    for offered, version in panels.rule_sets_to_campaign_for():
        if offered.translation_key == getattr(page, "translation_key", None):
            url = reverse("wagtailsnippets_campaigns_campaign:add")
            messages.info(
                request,
                format_html(
                    '{} <a href="{}?rule_set={}">{}</a>',
                    _(
                        "Version %(number)s is a material change: everyone who "
                        "confirmed an earlier version must confirm again."
                    )
                    % {"number": version.number},
                    url,
                    offered.pk,
                    _("Start a campaign"),
                ),
            )
