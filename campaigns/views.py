"""The guardian's personal link: read the rules (and what changed since they
last confirmed), see their children, confirm for them in one click, see what
they confirmed, correct their name; and asking for a new link."""

from __future__ import annotations

import re
import time

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from policy_pages.models import PolicyVersion
from signoff import ratelimit
from signoff.models import SignOff
from signoff.people import MESSAGES, clean_email, clean_text
from signoff.services import NotConfirmableError, Shown
from signoff.views import changes_since, site_url

from . import conf, progress, services

CONFIRMED = "bevestigd"


def strict_int(value: str) -> int:
    """An id from a form: ASCII digits only (``int()`` also takes "٢" and
    " 1"); raises ``ValueError`` otherwise."""
    if not re.fullmatch(r"[0-9]{1,18}", value or ""):
        raise ValueError(value)
    return int(value)


RENAMED = "naam"


class NameForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Your name"),
        max_length=400,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean_name(self):
        return clean_text(
            self.cleaned_data["name"], required_message=MESSAGES["name_required"]
        )


class NewLinkForm(forms.Form):
    email = forms.CharField(
        label=gettext_lazy("Your e-mail address"),
        max_length=400,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self):
        return clean_email(self.cleaned_data["email"])


def _private(response):
    """A personal link's page: never cached, never indexed, and its address
    (the secret) never sent to another site as a referrer. Not "no-referrer":
    browsers then send ``Origin: null`` with the page's own forms, and Django's
    CSRF check refuses them."""
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _readable(request, page) -> bool:
    """Live, and every view restriction on it (a password, a login, groups) is
    passed, as Wagtail's own page serving requires: a personal link opens no
    more than the rules' page would."""
    return page.live and all(
        restriction.accept_request(request)
        for restriction in page.get_view_restrictions()
    )


def _shown_page(request, campaign):
    """The rule set in the reader's language when that translation is live,
    readable and up to date, else in its own language; with its current
    version. ``(None, None)`` when the rules may not be read here now."""
    source = campaign.rule_set.specific
    page = progress.rule_set_in(source, get_language())
    if page.pk != source.pk:
        version = PolicyVersion.objects.with_source_current().current_for(page)
        if (
            version is not None
            and version.newer_source() is None
            and _readable(request, page)
        ):
            return page, version
    if not _readable(request, source):
        return None, None
    return source, PolicyVersion.objects.current_for(source)


def _changes(link, page, version):
    """What changed since the version the guardian last confirmed, if older."""
    guardian = link.invitation.guardian
    if not guardian.email_key or version is None:
        return None
    last = (
        SignOff.objects.valid()
        .for_rule_set(page)
        .filter(email_key=guardian.email_key)
        .order_by("-major", "-minor")
        .first()
    )
    if last is None or (last.major, last.minor) >= (version.major, version.minor):
        return None
    return changes_since(version, last.number)


def _invalid(request, reason: str):
    return _private(
        render(
            request,
            "campaigns/link_invalid.html",
            {"reason": reason, "form": NewLinkForm()},
            status={
                "unknown": 404,
                "missing": 404,
                "unavailable": 403,
                "left": 200,
            }.get(reason, 410),
        )
    )


LINK_KEY = "campaigns_link"
FLASH_KEY = "campaigns_done"


@never_cache
@require_http_methods(["GET"])
def open_link(request, token: str):
    """The address in the mail or letter: the secret moves into the session and
    the browser goes on to an address without it (as Django's password reset
    does), so it is not in later requests, logs, or the language switcher."""
    try:
        link = services.find_token(token)
    except services.LinkError as error:
        return _invalid(request, error.reason)
    services.note_opened(link)
    # A new session key (no fixation), and the link only for a while: on a
    # shared computer the next person does not find the family's page.
    # The session keeps the link's hash, never the secret itself.
    request.session.cycle_key()
    request.session[LINK_KEY] = {
        "hash": link.token_hash,
        "at": int(time.time()),
    }
    return _private(HttpResponseRedirect(reverse("campaigns:link")))


def _session_hash(request) -> str:
    held = request.session.get(LINK_KEY)
    if not isinstance(held, dict):
        return ""
    if time.time() - int(held.get("at", 0)) > int(conf.get("LINK_SESSION_SECONDS")):
        del request.session[LINK_KEY]
        return ""
    return str(held.get("hash", ""))


@never_cache
@require_http_methods(["GET", "POST"])
def personal_link(request):
    digest = _session_hash(request)
    try:
        link = services.find_by_hash(digest)
    except services.LinkError as error:
        return _invalid(request, error.reason if digest else "missing")
    invitation = link.invitation
    campaign = invitation.campaign
    if request.method == "POST" and request.POST.get("action") == "leave":
        request.session.pop(LINK_KEY, None)
        return _invalid(request, "left")
    page, version = _shown_page(request, campaign)
    if page is None:
        return _invalid(request, "unavailable")
    name_form = NameForm(initial={"name": invitation.guardian.name})
    error = None
    if request.method == "POST" and request.POST.get("invitation") != str(
        invitation.pk
    ):
        # A page left open for another family (another link opened since).
        error = str(OTHER_FAMILY)
    elif request.method == "POST" and request.POST.get("action") == "name":
        name_form = NameForm(request.POST)
        if name_form.is_valid():
            services.correct_name(link=link, name=name_form.cleaned_data["name"])
            return _done(request, RENAMED)
    elif request.method == "POST":
        error = _confirm(request, link, page)
        if error is None:
            return _done(request, CONFIRMED)
        page, version = _shown_page(request, campaign)
        if page is None:
            return _invalid(request, "unavailable")
    flash = request.session.pop(FLASH_KEY, None) if request.method == "GET" else None
    children = progress.children_of(invitation)
    context = {
        "invitation": invitation,
        "campaign": campaign,
        "guardian": invitation.guardian,
        "page": page,
        "version": version,
        "document": version.snapshot if version else None,
        "children": children,
        "to_confirm": [c for c in children if c.responsible and not c.confirmation],
        "changes": _changes(link, page, version),
        "introduction": campaign.introduction_in(get_language()),
        "name_form": name_form,
        "error": error,
        "confirmed": flash == CONFIRMED,
        "renamed": flash == RENAMED,
    }
    status = 400 if error or name_form.errors else 200
    return _private(render(request, "campaigns/link.html", context, status=status))


def _done(request, what: str):
    """After a change, back to the page (POST, redirect, GET), which says once
    what was done."""
    request.session[FLASH_KEY] = what
    return _private(HttpResponseRedirect(request.path))


OTHER_FAMILY = gettext_lazy(
    "This page was opened for another family in this browser. Nothing was saved. "
    "Open your own link from the e-mail or letter again."
)
STALE = gettext_lazy(
    "The rules have just changed. Read the new version and confirm again."
)
CHOOSE = gettext_lazy("Choose the children you confirm for.")
NOT_RESPONSIBLE = gettext_lazy(
    "You can read the rules, but only a guardian with parental responsibility "
    "can confirm for this child."
)


def _confirm(request, link, page) -> str | None:
    """Record the guardian's "Akkoord"; an error message, or None when done."""
    try:
        pupil_ids = [strict_int(v) for v in request.POST.getlist("child")[:50]]
        shown = Shown(
            page_id=strict_int(request.POST.get("page", "")),
            number=str(request.POST.get("version", ""))[:20],
            content_hash=str(request.POST.get("content_hash", ""))[:80],
            language=page.locale.language_code,
        )
    except ValueError:
        return str(CHOOSE)
    source = link.invitation.campaign.rule_set
    if shown.page_id not in {page.pk, source.pk}:
        return str(STALE)
    if shown.page_id != page.pk:  # read in the source language a moment ago
        language = source.locale.language_code
        shown = Shown(shown.page_id, shown.number, shown.content_hash, language)
    try:
        services.confirm_through_link(
            link=link, shown=shown, pupil_ids=pupil_ids, site_url=site_url(request)
        )
    except NotConfirmableError:
        return str(STALE)
    except services.NotResponsibleError:
        return str(NOT_RESPONSIBLE)
    except ValidationError:
        return str(CHOOSE)
    return None


@never_cache
@require_http_methods(["GET", "POST"])
def new_link(request):
    """Ask for a new personal link. The answer is the same whether or not the
    address is on the roster."""
    form = NewLinkForm(request.POST or None)
    sent = throttled = False
    if request.method == "POST" and form.is_valid():
        sent = services.request_new_link(
            email=form.cleaned_data["email"],
            client=ratelimit.client_address(request),
            site_url=site_url(request),
        )
        throttled = not sent
    status = 400 if form.errors else 429 if throttled else 200
    return _private(
        render(
            request,
            "campaigns/new_link.html",
            {"form": form, "sent": sent, "throttled": throttled},
            status=status,
        )
    )
