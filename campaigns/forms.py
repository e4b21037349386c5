"""The campaign's admin form: the services' checks shown at their fields."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminModelForm

from . import services


class CampaignForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        campaign = self.instance
        for name in (
            "rule_set",
            "opens_on",
            "due_on",
            "remind_after_days",
            "remind_before_days",
        ):
            if name in cleaned:
                setattr(campaign, name, cleaned[name])
        problems = services.campaign_problems(
            campaign,
            schools=list(cleaned.get("schools") or []),
            groups=list(cleaned.get("groups") or []),
        )
        for field, message in problems.items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned
