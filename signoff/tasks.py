"""Background work: e-mails. A failing mail never loses a sign-off: a mail is
sent only once its sign-off is committed."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from policy_pages.languages import is_right_to_left

from . import conf, ratelimit
from .password_links import set_password_url, users_with_email


def enqueue(chosen, *, signoff_id: int, site_url: str) -> None:
    """Queue a mail about a sign-off that is being recorded.

    With the queue in the database (django-tasks-db, production) the task row is
    written in the sign-off's own transaction: one commit makes both visible to
    the worker, and a rolled-back sign-off queues nothing. Any other backend
    (immediate in development and tests) gets the task after the commit.
    """
    if type(chosen.get_backend()).__module__.startswith("django_tasks_db"):
        chosen.enqueue(signoff_id=signoff_id, site_url=site_url)
        return
    transaction.on_commit(
        lambda: chosen.enqueue(signoff_id=signoff_id, site_url=site_url), robust=True
    )


def _site_url(site_url: str) -> str:
    """The address people reach the site at: the one the request came in on,
    else the configured base URL."""
    return (site_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def _load(signoff_id: int):
    from .models import SignOff

    return SignOff.objects.select_related(
        "version__page", "school", "group", "user"
    ).get(pk=signoff_id)


def _language(signoff) -> str:
    """A parent's chosen language, else the language shown, else Dutch."""
    for code in (signoff.preferred_language, signoff.language):
        if code in dict(settings.LANGUAGES):
            return code
    return settings.LANGUAGE_CODE


def _context(signoff, site_url: str) -> dict:
    page = signoff.version.page.specific
    return {
        "signoff": signoff,
        "version": signoff.version,
        "title": signoff.version.snapshot.get("title", page.title),
        "version_url": _site_url(site_url) + signoff.version.get_url(),
        "contact": signoff.version.snapshot.get("contact") or conf.get("CONTACT"),
        "page": page,
    }


def _send(subject: str, body: str, recipient: str, language: str) -> None:
    """The text in ``language``, with the same text as HTML whose ``<html lang
    dir>`` (and the Content-Language header) tell mail programs and screen
    readers the language and its direction (Arabic right to left)."""
    direction = "rtl" if is_right_to_left(language) else "ltr"
    html = render_to_string(
        "signoff/email/message.html",
        {
            "subject": subject,
            "body": body,
            "language": language,
            "direction": direction,
        },
    )
    message = EmailMultiAlternatives(
        subject,
        body,
        conf.get("FROM_EMAIL") or settings.DEFAULT_FROM_EMAIL,
        [recipient],
        headers={"Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    message.send()


@task()
def send_receipt(signoff_id: int, site_url: str = "") -> None:
    """The receipt of a confirmation that counts (verified)."""
    signoff = _load(signoff_id)
    recipient = signoff.parent_email or (signoff.user.email if signoff.user else "")
    if not recipient or signoff.verified_at is None:
        return
    with translation.override(_language(signoff)):
        context = _context(signoff, site_url)
        subject = _("Confirmation: you confirmed %(title)s (version %(number)s)") % {
            "title": context["title"],
            "number": signoff.number,
        }
        body = render_to_string("signoff/email/receipt.txt", context)
    _send(subject, body, recipient, _language(signoff))


@task()
def send_verification_link(signoff_id: int, site_url: str = "") -> None:
    """ "Was this you?": the link that turns a parent's claim into a confirmation.

    It names nobody (whoever typed the address may not be the parent) and says
    what to do when it was not you: nothing.
    """
    from .links import verification_link_token

    signoff = _load(signoff_id)
    if signoff.verified_at is not None or signoff.revoked_at is not None:
        return
    token = verification_link_token(signoff.reference)
    page = signoff.version.page.specific
    with translation.override(_language(signoff)):
        context = _context(signoff, site_url)
        context["verify_url"] = (
            _site_url(site_url)
            + page.url
            + page.reverse_subpage("signoff_verify", args=[token])
        )
        subject = _("Was this you? Confirm your agreement to %(title)s") % {
            "title": context["title"]
        }
        body = render_to_string("signoff/email/verify.txt", context)
    _send(subject, body, signoff.parent_email, _language(signoff))


@task()
def send_already_confirmed(signoff_id: int, site_url: str = "") -> None:
    """Someone filled in the form again for a child whose confirmation is already
    verified: the stored address hears that nothing needs doing."""
    signoff = _load(signoff_id)
    if not signoff.parent_email or signoff.verified_at is None:
        return
    with translation.override(_language(signoff)):
        context = _context(signoff, site_url)
        subject = _("You had already confirmed %(title)s") % {"title": context["title"]}
        body = render_to_string("signoff/email/already_confirmed.txt", context)
    _send(subject, body, signoff.parent_email, _language(signoff))


@task()
def send_set_password(email: str, site_url: str = "", welcome: bool = False) -> None:
    """A link to set a password (Django's reset token: it works once, and stops
    working when the password changes or after ``PASSWORD_RESET_TIMEOUT``), to
    each active account with this address. ``welcome``: the first one, after the
    staff import. Nobody is told whether an address has an account."""
    for user in users_with_email(email):
        if not ratelimit.set_password_mail_allowed(user):
            continue
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "name": user.get_full_name() or user.get_username(),
                "username": user.get_username(),
                "url": _site_url(site_url) + set_password_url(user),
                "welcome": welcome,
                "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
                "contact": conf.get("CONTACT"),
            }
            subject = (
                _("Set your password for Akkoord")
                if welcome
                else _("A new password for Akkoord")
            )
            body = render_to_string("signoff/email/set_password.txt", context)
            _send(subject, body, user.email, settings.LANGUAGE_CODE)
