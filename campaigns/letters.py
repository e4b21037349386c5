"""Letters for families without e-mail, and entering their signed slips.

The letters are one printable page per family (A4 print CSS), each in the
family's language: the rules' title and version, what changed, a QR code to a
new personal link, and a tear-off slip with the family's code. An officer
types that code to enter a signed slip as a paper confirmation."""

from __future__ import annotations

import segno
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from policy_pages.languages import is_right_to_left
from policy_pages.models import PolicyVersion
from signoff.admin_views import PermissionRequiredMixin, TitledHeaderMixin
from signoff.models import SchoolGroup
from signoff.services import NotConfirmableError, Shown
from signoff.views import site_url

from . import progress, services
from .admin_views import strict_pk
from .models import Campaign
from .views import strict_int


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=3, title=url)


@require_POST
def print_letters(request, pk: int):
    """POST from the progress screen: the letters of one group, to print."""
    campaign = get_object_or_404(Campaign.objects.select_related("rule_set"), pk=pk)
    if not request.user.has_perm("campaigns.view_contact_details"):
        raise PermissionDenied
    try:
        group = get_object_or_404(
            SchoolGroup.objects.select_related("school"),
            pk=strict_pk(request.POST.get("group", "")),
            school__in=campaign.schools.all(),
        )
    except Http404:  # a 404 would become a redirect (LocaleMiddleware)
        return HttpResponseBadRequest(_("The request is not valid."))
    try:
        letters = services.prepare_letters(
            campaign=campaign,
            group=group,
            by=request.user,
            everyone=request.POST.get("everyone") == "1",
        )
    except ValidationError as error:
        return HttpResponseBadRequest(error.messages[0])
    base = site_url(request)
    pages = {}
    for letter in letters:
        language = letter.invitation.guardian.language
        if language not in pages:
            with translation.override(language):
                page = progress.rule_set_in(campaign.rule_set, language)
                version = PolicyVersion.objects.current_for(page)
            pages[language] = (page, version)
        with translation.override(language):
            url = base + reverse("campaigns:open", kwargs={"token": letter.token})
        letter.language = language
        letter.direction = "rtl" if is_right_to_left(language) else "ltr"
        letter.page, letter.version = pages[language]
        letter.url = url
        letter.qr = _qr_svg(url)
        letter.introduction = campaign.introduction_in(language)
        letter.schools = sorted({c.pupil.school.name for c in letter.children})
    response = render(
        request,
        "campaigns/admin/letters.html",
        {
            "campaign": campaign,
            "group": group,
            "letters": letters,
            "back_url": reverse(
                f"{request.resolver_match.namespace}:progress", args=[campaign.pk]
            ),
        },
    )
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code on the slip"), max_length=20)
    signed_on = forms.DateField(
        label=gettext_lazy("Signed on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )

    def clean_code(self):
        invitation = services.find_by_code(self.cleaned_data["code"])
        if invitation is None or invitation.guardian_id is None:
            raise ValidationError(
                _("No family has this code. Check the code on the slip.")
            )
        self.invitation = invitation
        return self.cleaned_data["code"]

    def clean_signed_on(self):
        signed_on = self.cleaned_data.get("signed_on")
        if signed_on and signed_on > timezone.localdate():
            raise ValidationError(_("The date signed cannot be in the future."))
        return signed_on


class PaperSlipView(
    PermissionRequiredMixin, TitledHeaderMixin, WagtailAdminTemplateMixin, FormView
):
    """Find a family by the code on their slip; tick the children the slip is
    signed for; record it as a paper confirmation entered by the officer."""

    permission_required = "signoff.add_paper_signoff"
    page_title = gettext_lazy("Enter a signed slip")
    header_icon = "doc-full"
    template_name = "campaigns/admin/paper_slip.html"
    form_class = CodeForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "GET" and "code" in self.request.GET:
            kwargs["data"] = self.request.GET
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if form.is_bound:
            form.is_valid()  # finds the family by the code (and checks the date)
        invitation = getattr(form, "invitation", None)
        if invitation is not None and "code" not in form.errors:
            context["invitation"] = invitation
            children = progress.children_of(invitation)
            context["children"] = children
            context["to_enter"] = [
                c for c in children if c.responsible and not c.confirmation
            ]
            # A leaked letter or mail: its links can be revoked from here too.
            context["progress_url"] = reverse(
                f"{self.request.resolver_match.namespace}:progress",
                args=[invitation.campaign_id],
            )
            context["may_change"] = self.request.user.has_perm(
                "campaigns.change_campaign"
            )
            context["version"] = PolicyVersion.objects.current_for(
                invitation.campaign.rule_set
            )
            context["today"] = timezone.localdate().isoformat()
        return context

    def form_valid(self, form):
        invitation = form.invitation
        if "child" not in self.request.POST:
            form.add_error(None, _("Choose the children the slip is signed for."))
            return self.form_invalid(form)
        version = PolicyVersion.objects.current_for(invitation.campaign.rule_set)
        try:
            pupil_ids = [strict_int(v) for v in self.request.POST.getlist("child")[:50]]
            services.record_paper_slip(
                invitation=invitation,
                shown=Shown.of(version),
                pupil_ids=pupil_ids,
                signed_on=form.cleaned_data["signed_on"] or timezone.localdate(),
                by=self.request.user,
            )
        except (ValueError, ValidationError, NotConfirmableError) as error:
            message = (
                error.messages[0]
                if isinstance(error, ValidationError)
                else _("Choose the children the slip is signed for.")
            )
            form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The slip of %(name)s is entered.") % {"name": invitation.guardian},
        )
        return redirect(self.request.path)
