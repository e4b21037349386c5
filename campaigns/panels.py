"""The officer's admin home: running campaigns with their progress, and an
offer to start one for rules whose latest material version nobody has been
asked to confirm yet."""

from __future__ import annotations

from django.utils import timezone
from wagtail.admin.ui.components import Component

from policy_pages.models import PolicyVersion, RuleSetPage
from signoff.permissions import is_staff_rule_set

from . import progress
from .models import Campaign


def rule_sets_to_campaign_for() -> list[tuple[RuleSetPage, PolicyVersion]]:
    """Parents' rule sets (source language) whose current version is a
    material new version (2.0 and later) published after the last campaign for
    them was created: everyone who confirmed an earlier major must confirm
    again, and no campaign asks them yet."""
    offers = []
    pages = RuleSetPage.objects.live().filter(locale__language_code="nl")
    for page in pages.select_related("audience"):
        if is_staff_rule_set(page):
            continue
        current = PolicyVersion.objects.defer("snapshot").current_for(page)
        if current is None or not current.material or current.major < 2:
            continue
        asked = Campaign.objects.filter(
            rule_set__translation_key=page.translation_key,
            created_at__gte=current.published_at,
        ).exists()
        if not asked:
            offers.append((page, current))
    return offers


class CampaignPanel(Component):
    name = "akkoord_campaigns"
    template_name = "campaigns/admin/home_panel.html"
    order = 95

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        request = parent_context["request"]
        today = timezone.localdate()
        running = []
        for campaign in Campaign.objects.running(today).select_related("rule_set")[:10]:
            if campaign.audience == "staff":
                totals = progress.staff_totals(campaign)
                done, expected = totals["confirmed"], totals["invited"]
            else:
                totals = progress.funnel_totals(progress.funnel(campaign))
                done, expected = totals["confirmed"], totals["children"]
            running.append(
                {
                    "campaign": campaign,
                    "done": done,
                    "expected": expected,
                    "percent": round(100 * done / expected) if expected else 0,
                    "late": campaign.due_on < today,
                }
            )
        context.update(
            running=running,
            offers=rule_sets_to_campaign_for()
            if request.user.has_perm("campaigns.add_campaign")
            else [],
        )
        return context


def add_campaign_panel(request, panels) -> None:
    if request.user.has_perm("campaigns.view_campaign"):
        panels.append(CampaignPanel())
