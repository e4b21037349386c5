"""Confirming on the site: the parent form, "Gelezen en akkoord", "Mijn protocollen"."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.models import Locale

from policy_pages.languages import in_staff_language
from policy_pages.versioning import diff_versions

from . import permissions, services
from .authentication import signed_in_with
from .forms import ParentSignOffForm, StaffSignOffForm
from .models import Channel, SignOff
from .ratelimit import parent_over_limit, user_over_limit
from .status import staff_rule_sets, staff_statuses


def never_cache(view):
    """Like Django's never_cache, for page views called as ``view(page, request)``."""

    @wraps(view)
    def wrapper(page, request, *args, **kwargs):
        response = view(page, request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


def changes_since(version, confirmed: str | None) -> dict | None:
    """What changed from the version numbered ``confirmed`` (the one the reader
    confirmed) to ``version``, for ``signoff/includes/changes_and_text.html``;
    None when there is nothing earlier to compare with."""
    if version is None or confirmed is None:
        return None
    start = version.comparison_start(confirmed)
    if start.number != confirmed:  # the current version itself, or none earlier
        return None
    return {
        "from_version": start,
        "to_version": version,
        "diff": diff_versions(start, version),
    }


def _changes_since_confirmed(request, page, version):
    """For a staff member who confirmed an older version: what changed since
    then (changed rules first, the unchanged ones folded), else None."""
    if not permissions.must_confirm(request.user, page):
        return None
    return changes_since(version, page.confirmed_number(request))


def _render(request, page, version, form, *, status=200, notice=None, lag=None):
    changes = _changes_since_confirmed(request, page, version) if version else None
    return render(
        request,
        "signoff/confirm_page.html",
        {
            "page": page,
            "self": page,
            "version": version,
            "document": version.snapshot if version else None,
            "form": form,
            "notice": notice,
            "lag": lag,
            "staff": permissions.is_staff_rule_set(page),
            "changes": changes,
        },
        status=status,
    )


def site_url(request) -> str:
    """The address this site was reached at, for links in e-mails.

    Django checks the Host header's name, not its port: a Host that names
    another port than the one the request came in on could send a parent's
    secret link elsewhere, so then the configured address is used instead
    (``WAGTAILADMIN_BASE_URL``)."""
    host = request.get_host()
    named_port = host.rsplit(":", 1)[1] if ":" in host.rsplit("]", 1)[-1] else None
    if named_port is not None and named_port != str(request.get_port()):
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return request.build_absolute_uri("/").rstrip("/")


STALE_NOTICE = gettext_lazy(
    "The rules have just changed. Read the new version and confirm again."
)
SENT_KEY = "signoff_sent"
PARENT_KEY = "signoff_parent"
ANOTHER_CHILD = "ander-kind"


def _parent_initial(request) -> dict:
    """After "another child": the parent's own details, as typed the last time."""
    if ANOTHER_CHILD not in request.GET:
        return {}
    return dict(request.session.get(PARENT_KEY, {}))


@never_cache
def confirm_view(page, request):
    """``…/akkoord/`` on a rule set: the current text, then the form to confirm it.

    The text shown is the current version's frozen snapshot, and the form carries
    its number and hash, so what is recorded is exactly what was read. Staff
    confirm at once; a parent's confirmation waits for the link e-mailed to the
    address given, and the page says the same whatever the address is.
    """
    version = page.current_version
    if version is None:
        raise Http404
    refused = permissions.refusal(request.user, page)
    if refused is permissions.Refusal.SIGN_IN:
        return redirect(f"{reverse('signoff:login')}?next={request.path}")
    if refused is permissions.Refusal.NOT_IN_GROUP:
        return render(request, "signoff/not_for_you.html", {"page": page}, status=403)

    staff = permissions.is_staff_rule_set(page)
    form_class = StaffSignOffForm if staff else ParentSignOffForm
    initial = {"version": version.number, "content_hash": version.content_hash}
    lag = version.newer_source()

    if request.method != "POST":
        if not staff:
            initial["preferred_language"] = page.locale.language_code
            initial.update(_parent_initial(request))
        return _render(request, page, version, form_class(initial=initial), lag=lag)

    form = form_class(request.POST)
    if not form.is_valid():
        return _render(request, page, version, form, lag=lag)
    if getattr(form, "is_spam", False):
        form.add_error(None, _("This could not be saved. Please try again."))
        return _render(request, page, version, form, status=400)

    if user_over_limit(request) if staff else parent_over_limit(request):
        # The form keeps what was typed: try again later without typing it again.
        notice = _("You have tried too often. Try again in a few minutes.")
        return _render(request, page, version, form, status=429, notice=notice)

    shown = services.Shown(
        page_id=page.pk,
        number=form.cleaned_data["version"],
        content_hash=form.cleaned_data["content_hash"],
        language=page.locale.language_code,
    )
    try:
        result = services.confirm(
            shown,
            channel=Channel.INTRANET if staff else Channel.PARENT_FORM,
            user=request.user if staff else None,
            parent=None if staff else form.parent_details(),
            site_url=site_url(request),
            signed_in_with=signed_in_with(request) if staff else "",
        )
    except services.NotConfirmableError as error:
        fresh = form_class(initial=initial, data=None)
        if isinstance(error, services.TranslationBehindError):
            return _render(
                request, page, version, fresh, status=409, lag=error.source_current
            )
        return _render(request, page, version, fresh, status=409, notice=STALE_NOTICE)

    if staff:
        messages.success(
            request,
            _("Thank you. You confirmed version %(number)s.")
            % {"number": result.signoff.number},
        )
        return redirect("signoff:my_protocols")
    data = form.cleaned_data
    request.session[PARENT_KEY] = {
        "name": data["name"],
        "email": data["email"],
        "school": data["school"].token,
        "preferred_language": data.get("preferred_language") or "",
    }
    request.session[SENT_KEY] = {
        "page": page.pk,
        "version": shown.number,
        "child": data["child_name"],
        "school": data["school"].name,
        "group": data["group"].name,
    }
    return redirect(page.url + page.reverse_subpage("signoff_thanks"))


@never_cache
def thanks_view(page, request):
    """After the parent form: check your e-mail. It names what this browser sent
    (rule set, child, school, group) and nothing that was stored before."""
    sent = request.session.get(SENT_KEY)
    if not sent or sent.get("page") != page.pk:
        return redirect(page.url + page.reverse_subpage("signoff_confirm"))
    another = page.url + page.reverse_subpage("signoff_confirm") + "?" + ANOTHER_CHILD
    return render(
        request,
        "signoff/thanks_page.html",
        {"page": page, "self": page, "sent": sent, "another_child_url": another},
    )


@never_cache
def verify_view(page, request, token):
    """The link in the "was this you?" e-mail: a button to confirm (a GET changes
    nothing, so mail scanners that open links confirm nothing), then the receipt."""
    try:
        signoff = services.find_by_link(token)
    except services.InvalidLinkError:
        return render(
            request,
            "signoff/verify_page.html",
            {"page": page, "self": page, "invalid": True},
            status=404,
        )
    if signoff.translation_key != page.translation_key:
        raise Http404
    if request.method == "POST":
        if signoff.verified_at is None:
            signoff, _verified_now = services.verify_signoff(
                token=token, site_url=site_url(request)
            )
        # The one who has the link is the parent: "another child" starts from
        # their details, on this device too.
        request.session[PARENT_KEY] = {
            "name": signoff.parent_name,
            "email": signoff.parent_email,
            "school": signoff.school.token if signoff.school_id else "",
            "preferred_language": signoff.preferred_language,
        }
        # After the POST, a GET: reloading the receipt sends nothing again.
        return redirect(request.path)
    another = page.url + page.reverse_subpage("signoff_confirm") + "?" + ANOTHER_CHILD
    return render(
        request,
        "signoff/verify_page.html",
        {
            "page": page,
            "self": page,
            "signoff": signoff,
            "another_child_url": another,
        },
    )


def confirm_box(request, page, version) -> str:
    """The "confirm" box a rule set's page shows (``insert_versioned_page_actions``):
    the staff member's own status, or the way to the parents' form."""
    if not permissions.is_rule_set(page):
        return ""
    status = None
    if request is not None and permissions.must_confirm(request.user, page):
        status = staff_statuses(request.user, [page])[0]
    return render_to_string(
        "signoff/includes/page_action.html",
        {
            "staff": permissions.is_staff_rule_set(page),
            "status": status,
            "confirm_url": page.url + page.reverse_subpage("signoff_confirm"),
            "user": getattr(request, "user", None),
        },
        request=request,
    )


def last_confirmed_number(request, page) -> str | None:
    """The version the reader confirmed last (``versioned_page_last_seen``): where
    "what changed?" starts for them on the site, in the admin and in the API."""
    if request is None or not request.user.is_authenticated:
        return None
    signed = staff_statuses(request.user, [page])[0].signed
    return signed.number if signed else None


@in_staff_language
@login_required
def my_protocols(request):
    """ "Mijn protocollen": the rule sets this staff member must confirm, with status,
    and their own confirmations. Nobody sees anyone else's."""
    locale = Locale.get_active()
    pages = staff_rule_sets(request.user).filter(locale=locale).order_by("title")
    history = (
        SignOff.objects.filter(user=request.user)
        .select_related("version")
        .order_by("-signed_at")
    )
    statuses = staff_statuses(request.user, list(pages))
    # Due dates other apps set (a campaign's), per rule set: the earliest wins.
    due: dict = {}
    for hook in hooks.get_hooks("signoff_my_protocols_due_dates"):
        for key, date in hook(request).items():
            due[key] = min(date, due.get(key, date))
    for status in statuses:
        status.due_on = due.get(status.page.translation_key)
    return render(
        request,
        "signoff/my_protocols.html",
        {
            "statuses": statuses,
            "history": history,
            # Other apps' pages for this person (the roster's teacher view).
            "links": [
                link
                for hook in hooks.get_hooks("signoff_my_protocols_links")
                for link in hook(request)
            ],
        },
    )


@method_decorator(in_staff_language, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "signoff/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("signoff:my_protocols")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Other ways to sign in (the school account), offered before the password;
        # they go on to where this login would (no ``next``: they decide).
        options = [
            hook(self.request, context.get("next") or "")
            for hook in hooks.get_hooks("signoff_login_options")
        ]
        context["login_options"] = [option for option in options if option]
        if context["login_options"]:
            # The school account is the first choice, not the user name.
            context["form"].fields["username"].widget.attrs.pop("autofocus", None)
        return context
