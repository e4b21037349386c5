"""``@campaigns`` in the ++api++: campaigns and their progress, for officers
(``campaigns.view_campaign``). Counts only; ``status=late`` lists who has not
confirmed with their contact details, for whom may see them
(``campaigns.view_contact_details``)."""

from __future__ import annotations

import re

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from policy_pages import api as content_api
from rosters.models import Guardianship

from . import progress
from .models import Campaign

router = Router(tags=["campaigns"])


class CampaignsQuery(Schema):
    # Strings checked here, so that a wrong value gets a message in the
    # caller's language (pydantic's own are English).
    id: str = ""
    status: str = "counts"
    b_start: str = "0"
    b_size: str = "50"


def _invalid(field: str, message=None):
    return content_api.problem(
        400,
        _("The request is not valid."),
        errors=[{"field": field, "message": message or _("This value is not valid.")}],
    )


def _summary(request, campaign: Campaign, funnel: list[dict]) -> dict:
    totals = progress.funnel_totals(funnel)
    return {
        "@id": f"{content_api.api_base(request)}/@campaigns?id={campaign.pk}",
        "id": campaign.pk,
        "title": campaign.title,
        "rule_set": {
            "UID": str(campaign.rule_set.translation_key),
            "title": campaign.rule_set.title,
        },
        "audience": campaign.audience,
        "opens_on": campaign.opens_on.isoformat(),
        "due_on": campaign.due_on.isoformat(),
        "reconfirm": campaign.reconfirm,
        "closed": campaign.closed_at is not None,
        "totals": totals,
    }


@router.get(
    "/@campaigns",
    response={200: dict, 400: dict, 401: dict, 403: dict, 404: dict},
    summary="Campaigns and their progress (officers)",
    by_alias=True,
)
def get_campaigns(request, query: Query[CampaignsQuery]):
    user = request.user
    if not re.fullmatch(r"([1-9][0-9]{0,9})?", query.id):
        return _invalid("id")
    if query.status not in ("counts", "late"):
        return _invalid("status")
    if not re.fullmatch(r"0|[1-9][0-9]{0,6}", query.b_start):
        return _invalid("b_start")
    if not re.fullmatch(r"[1-9][0-9]{0,2}|1000", query.b_size):
        return _invalid("b_size")
    b_start, b_size = int(query.b_start), int(query.b_size)
    if not user.is_authenticated:
        return content_api.problem(
            401, _("Log in first"), _("This needs a signed-in user or a token.")
        )
    if not user.has_perm("campaigns.view_campaign"):
        return content_api.problem(
            403, _("Not for you"), _("Only officers may see campaigns.")
        )
    if query.status == "late" and not user.has_perm("campaigns.view_contact_details"):
        return content_api.problem(
            403, _("Not for you"), _("Only officers may see who has not confirmed.")
        )
    campaigns = Campaign.objects.select_related("rule_set").order_by("-opens_on", "pk")
    if not query.id:
        if query.status == "late":
            return _invalid("id", _("Choose one campaign."))
        items = [_summary(request, c, progress.funnel(c)) for c in campaigns[:100]]
        return content_api.json_response(
            request,
            {"@id": f"{content_api.api_base(request)}/@campaigns", "items": items},
        )
    campaign = campaigns.filter(pk=int(query.id)).first()
    if campaign is None:
        return content_api.problem(
            404, _("Not found"), _("There is nothing at this address.")
        )
    funnel = progress.funnel(campaign)
    data = _summary(request, campaign, funnel)
    data["groups"] = [
        {
            "school_title": row["school__name"],
            "group_title": row["group__name"],
            "children": row["children"],
            "invited": row["invited_n"],
            "opened": row["opened_n"],
            "confirmed": row["covered_n"],
        }
        for row in funnel
    ]
    if query.status != "late":
        return content_api.json_response(request, data)
    late = (
        progress.pending_invitations(campaign)
        .select_related("guardian", "user")
        .prefetch_related(
            Prefetch(
                "guardian__guardianships",
                queryset=Guardianship.objects.filter(
                    pupil__in=progress.scope_pupils(campaign)
                ).select_related("pupil__group"),
            )
        )
        .order_by("due_on", "pk")
    )
    data["late_total"] = late.count()
    data["late"] = [
        _late_person(invitation) for invitation in late[b_start : b_start + b_size]
    ]
    response = content_api.json_response(request, data)
    response["Cache-Control"] = "private, no-store"
    return response


def _late_person(invitation) -> dict:
    if invitation.guardian is None:
        user = invitation.user
        return {
            "name": user.get_full_name() or user.get_username(),
            "email": user.email,
            "due_on": invitation.due_on.isoformat(),
        }
    guardian = invitation.guardian
    return {
        "name": guardian.name,
        "email": guardian.email,
        "phone": guardian.phone,
        "language": guardian.language,
        "code": invitation.short_code,
        "due_on": invitation.due_on.isoformat(),
        "children": [
            {
                "name": link.pupil.full_name,
                "group": link.pupil.group.name,
                "parental_responsibility": link.parental_responsibility,
            }
            for link in guardian.guardianships.all()
        ],
    }
