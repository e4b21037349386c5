"""Right of access (AVG art. 15): everything Akkoord holds about one guardian
or staff member, as a readable page and as JSON, for officers. Correcting it
(art. 16) is editing the guardian (or the user) in the admin; each change is in
the history shown here."""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from signoff.admin_views import TitledHeaderMixin
from signoff.exports import export_moment
from signoff.models import SignOff

from .models import Guardian, StaffMembership

ACCESS_PERMISSION = "signoff.view_signoff"


def _signoff(s: SignOff) -> dict:
    return {
        "reference": s.reference,
        "rule_set": str(s.translation_key),
        "version": s.number,
        "content_hash": s.content_hash,
        "language": s.language,
        "channel": s.channel,
        "signed_at": export_moment(s.signed_at),
        "verified_at": export_moment(s.verified_at) if s.verified_at else None,
        "revoked_at": export_moment(s.revoked_at) if s.revoked_at else None,
        "revoke_reason": s.revoke_reason,
        "parent_name": s.parent_name,
        "parent_email": s.parent_email,
        "child_name": s.child_name,
        "school": s.school_name,
        "group": s.group_name,
    }


def _history(obj) -> list[dict]:
    return [
        {
            "date": export_moment(h.history_date),
            "change": h.get_history_type_display(),
            "by": str(h.history_user) if h.history_user_id else "",
            "reason": h.history_change_reason or "",
        }
        for h in obj.history.select_related("history_user").order_by("history_date")
    ]


def guardian_data(guardian: Guardian) -> dict:
    links = guardian.guardianships.select_related("pupil__school", "pupil__group")
    signoffs = SignOff.objects.none()
    if guardian.email_key:
        signoffs = SignOff.objects.filter(email_key=guardian.email_key)
    matched = SignOff.objects.filter(roster_match__guardian=guardian)
    return {
        "kind": "guardian",
        "name": guardian.name,
        "email": guardian.email,
        "phone": guardian.phone,
        "language": guardian.language,
        "children": [
            {
                "name": link.pupil.full_name,
                "number": link.pupil.external_id,
                "school": link.pupil.school.name,
                "group": link.pupil.group.name,
                "left_on": link.pupil.left_on.isoformat()
                if link.pupil.left_on
                else None,
                "parental_responsibility": link.parental_responsibility,
            }
            for link in links
        ],
        "confirmations": [
            _signoff(s)
            for s in (signoffs | matched)
            .distinct()
            .select_related("school", "group")
            .order_by("signed_at")
        ],
        "history": _history(guardian),
    }


def staff_data(user) -> dict:
    memberships = StaffMembership.objects.filter(user=user).select_related(
        "school", "group"
    )
    return {
        "kind": "staff",
        "name": user.get_full_name(),
        "username": user.get_username(),
        "email": user.email,
        "schools": [s.name for s in user.signoff_schools.all()],
        "roles": [
            {
                "school": m.school.name,
                "group": m.group.name if m.group_id else None,
                "role": m.role,
            }
            for m in memberships
        ],
        "confirmations": [
            _signoff(s)
            for s in SignOff.objects.filter(user=user)
            .select_related("school", "group")
            .order_by("signed_at")
        ],
    }


class AccessView(TitledHeaderMixin, WagtailAdminTemplateMixin, TemplateView):
    """``…/inzage/guardian/<pk>/`` or ``…/inzage/staff/<pk>/``; ``?format=json``
    downloads the same as a file."""

    page_title = gettext_lazy("Everything held about one person")
    header_icon = "doc-full"
    template_name = "rosters/admin/access.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(ACCESS_PERMISSION):
            raise PermissionDenied
        kind = kwargs["kind"]
        if kind == "guardian":
            self.data = guardian_data(get_object_or_404(Guardian, pk=kwargs["pk"]))
        elif kind == "staff":
            user = get_object_or_404(get_user_model(), pk=kwargs["pk"])
            self.data = staff_data(user)
        else:
            raise Http404
        if request.GET.get("format") == "json":
            response = HttpResponse(
                json.dumps(self.data, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = (
                f'attachment; filename="akkoord-inzage-{kind}-{kwargs["pk"]}.json"'
            )
            response["Cache-Control"] = "private, no-store"
            return response
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["data"] = self.data
        return context
