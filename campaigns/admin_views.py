"""A campaign's progress for officers: the funnel per school and group, who is
late (with contact details for whom may phone them), "Stuur herinnering" for a
family or a group, and the late list as CSV."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from rosters.models import Guardianship
from signoff.admin_views import PermissionRequiredMixin, TitledHeaderMixin
from signoff.exports import neutralise_cell
from signoff.models import SchoolGroup

from . import progress, services
from .models import Campaign, Invitation

LATE_SHOWN = 500


class CampaignProgressView(
    PermissionRequiredMixin, TitledHeaderMixin, WagtailAdminTemplateMixin, TemplateView
):
    permission_required = "campaigns.view_campaign"
    page_title = gettext_lazy("Campaign progress")
    header_icon = "tasks"
    template_name = "campaigns/admin/progress.html"

    @cached_property
    def campaign(self) -> Campaign:
        return get_object_or_404(
            Campaign.objects.select_related("rule_set"), pk=self.kwargs["pk"]
        )

    def get_page_subtitle(self):
        return self.campaign.title

    def late(self):
        children = Prefetch(
            "guardian__guardianships",
            queryset=Guardianship.objects.filter(
                pupil__in=progress.scope_pupils(self.campaign)
            ).select_related("pupil__school", "pupil__group"),
        )
        return (
            progress.pending_invitations(self.campaign)
            .select_related("guardian", "user")
            .prefetch_related(children)
            .order_by("due_on", "guardian__name", "pk")
        )

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "csv":
            return self.csv()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("campaigns.send_reminder"):
            raise PermissionDenied
        invitation = group = None
        if request.POST.get("invitation"):
            invitation = get_object_or_404(
                Invitation, campaign=self.campaign, pk=request.POST["invitation"]
            )
        elif request.POST.get("group"):
            group = get_object_or_404(
                SchoolGroup,
                pk=request.POST["group"],
                school__in=self.campaign.schools.all(),
            )
        queued = services.send_reminder_now(
            campaign=self.campaign, by=request.user, invitation=invitation, group=group
        )
        if queued:
            messages.success(
                request, _("%(count)d reminder(s) are being sent.") % {"count": queued}
            )
        else:
            messages.warning(
                request,
                _(
                    "No reminder sent: everyone has confirmed, has no e-mail "
                    "address, or had a reminder today."
                ),
            )
        return redirect(request.path)

    def csv(self) -> HttpResponse:
        if not self.request.user.has_perm("campaigns.view_contact_details"):
            raise PermissionDenied
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="campagne-{self.campaign.pk}-nog-niet-akkoord.csv"'
        )
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(
            [_("Name"), _("E-mail address"), _("Phone"), _("Children"), _("Due on")]
        )
        for invitation in self.late().iterator(chunk_size=2000):
            who = invitation.guardian or invitation.user
            writer.writerow(
                neutralise_cell(value)
                for value in (
                    str(who),
                    getattr(who, "email", ""),
                    getattr(who, "phone", ""),
                    ", ".join(_children(invitation)),
                    invitation.due_on.isoformat(),
                )
            )
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        late = list(self.late()[: LATE_SHOWN + 1])
        for invitation in late:
            invitation.children = _children(invitation)
        funnel = progress.funnel(self.campaign)
        namespace = self.request.resolver_match.namespace
        context.update(
            letters_url=reverse(f"{namespace}:letters", args=[self.campaign.pk]),
            paper_url=reverse(f"{namespace}:paper"),
            campaign=self.campaign,
            funnel=funnel,
            totals={
                key: sum(row[key] for row in funnel)
                for key in ("children", "invited_n", "opened_n", "covered_n")
            },
            late=late[:LATE_SHOWN],
            more_late=len(late) > LATE_SHOWN,
            contact=self.request.user.has_perm("campaigns.view_contact_details"),
            may_remind=self.request.user.has_perm("campaigns.send_reminder"),
            groups=SchoolGroup.objects.filter(
                school__in=self.campaign.schools.all()
            ).select_related("school"),
        )
        return context


def _children(invitation) -> list[str]:
    if invitation.guardian is None:
        return []
    return [
        f"{g.pupil.full_name} ({g.pupil.group.name})"
        for g in invitation.guardian.guardianships.all()
    ]
