"""A campaign's progress for officers: the funnel per school and group, who is
late (with contact details for whom may phone them), "Stuur herinnering" for a
family or a group, and the late list as CSV."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from rosters.models import Guardianship
from signoff.admin_views import PermissionRequiredMixin, TitledHeaderMixin
from signoff.exports import RowsExport
from signoff.models import SchoolGroup

from . import progress, services
from .models import Audience, Campaign, Invitation
from .views import strict_int

LATE_SHOWN = 500


def strict_pk(value: str) -> int:
    """A row id from a form (``strict_int``); anything else is not found."""
    try:
        return strict_int(value)
    except ValueError:
        raise Http404 from None


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

    def get_page_title(self):
        return _("Progress: %(title)s") % {"title": self.campaign.title}

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
        if request.GET.get("export") in ("csv", "xlsx"):
            return self.export(request.GET["export"])
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        # An id not in this campaign is a bad request: a 404 from the admin
        # becomes a redirect to a language-prefixed address (LocaleMiddleware).
        try:
            return self._post(request)
        except Http404:
            return HttpResponseBadRequest(_("The request is not valid."))

    def _post(self, request):
        action = request.POST.get("action", "remind")
        if action not in ("remind", "revoke", "close"):
            raise Http404
        if action == "close":
            if request.POST.get("sure") != "1":
                messages.error(request, _("Tick the box to close the campaign."))
                return redirect(request.path)
            services.close_campaign(campaign=self.campaign, by=request.user)
            messages.success(
                request, _("The campaign is closed; its links stop working.")
            )
            return redirect(request.path)
        invitation = group = None
        if request.POST.get("invitation"):
            invitation = get_object_or_404(
                Invitation,
                campaign=self.campaign,
                pk=strict_pk(request.POST["invitation"]),
            )
        elif request.POST.get("group"):
            group = get_object_or_404(
                SchoolGroup,
                pk=strict_pk(request.POST["group"]),
                school__in=self.campaign.schools.all(),
            )
        else:
            raise Http404
        if action == "revoke":
            if invitation is None:
                raise Http404
            services.revoke_links(invitation=invitation, by=request.user)
            messages.success(
                request,
                _("The links of %(name)s no longer work.")
                % {"name": invitation.guardian},
            )
            return redirect(request.path)
        if not request.user.has_perm("campaigns.send_reminder"):
            raise PermissionDenied
        back = request.path + (f"#invitation-{invitation.pk}" if invitation else "")
        try:
            queued = services.send_reminder_now(
                campaign=self.campaign,
                by=request.user,
                invitation=invitation,
                group=group,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(back)
        if queued:
            messages.success(
                request,
                ngettext(
                    "%(count)d reminder is being sent.",
                    "%(count)d reminders are being sent.",
                    queued,
                )
                % {"count": queued},
            )
        else:
            messages.warning(
                request,
                _(
                    "No reminder sent: everyone has confirmed, has no e-mail "
                    "address, or had a reminder today."
                ),
            )
        return redirect(back)

    def export(self, spreadsheet_format: str) -> HttpResponse:
        """Who is late, with contact details, as CSV or XLSX (Wagtail's export,
        every cell neutralised)."""
        if not self.request.user.has_perm("campaigns.view_contact_details"):
            raise PermissionDenied
        export = RowsExport(
            ["name", "email", "phone", "children", "due_on"],
            filename=f"campagne-{self.campaign.pk}-nog-niet-akkoord",
        )
        export.export_headings = {
            "name": _("Name"),
            "email": _("E-mail address"),
            "phone": _("Phone"),
            "children": _("Children"),
            "due_on": _("Due on"),
        }
        rows = []
        for invitation in self.late().iterator(chunk_size=2000):
            who = invitation.guardian or invitation.user
            rows.append(
                {
                    "name": str(who),
                    "email": getattr(who, "email", ""),
                    "phone": getattr(who, "phone", ""),
                    "children": "; ".join(_children(invitation)),
                    "due_on": invitation.due_on.isoformat(),
                }
            )
        if spreadsheet_format == "csv":
            # Whole (one campaign's late list), UTF-8 with a byte-order mark so
            # that Excel reads Şahin and Yılmaz right.
            response = HttpResponse(
                b"\xef\xbb\xbf" + b"".join(export.stream_csv(rows)),
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = (
                f'attachment; filename="{export.get_filename()}.csv"'
            )
        else:
            response = export.as_spreadsheet(rows, spreadsheet_format)
        response["Cache-Control"] = "private, no-store"
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
            totals=progress.funnel_totals(funnel),
            late=late[:LATE_SHOWN],
            more_late=len(late) > LATE_SHOWN,
            contact=self.request.user.has_perm("campaigns.view_contact_details"),
            may_remind=self.request.user.has_perm("campaigns.send_reminder"),
            may_change=self.request.user.has_perm("campaigns.change_campaign"),
            groups=self.campaign.groups.select_related("school")
            if self.campaign.groups.exists()
            else SchoolGroup.objects.filter(
                school__in=self.campaign.schools.all()
            ).select_related("school"),
            opened=self.campaign.opens_on <= timezone.localdate(),
            parents=self.campaign.audience == Audience.PARENTS,
            staff_totals=progress.staff_totals(self.campaign)
            if self.campaign.audience == Audience.STAFF
            else None,
        )
        return context


def _children(invitation) -> list[str]:
    if invitation.guardian is None:
        return []
    return [
        f"{g.pupil.full_name} ({g.pupil.school.name}, {g.pupil.group.name})"
        for g in invitation.guardian.guardianships.all()
    ]
