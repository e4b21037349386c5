"""Background work: receipts by e-mail. A failing mail never loses a sign-off:
the sign-off is committed before the task is enqueued."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from . import conf


@task()
def send_receipt(signoff_id: int) -> None:
    from .models import SignOff

    signoff = SignOff.objects.select_related(
        "version__page", "school", "group", "user"
    ).get(pk=signoff_id)
    recipient = signoff.parent_email or (signoff.user.email if signoff.user else "")
    if not recipient:
        return
    page = signoff.version.page.specific
    language = (
        signoff.language if signoff.language in dict(settings.LANGUAGES) else "nl"
    )
    with translation.override(language):
        context = {
            "signoff": signoff,
            "version": signoff.version,
            "title": signoff.version.snapshot.get("title", page.title),
            "version_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + signoff.version.get_url(),
            "contact": signoff.version.snapshot.get("contact") or conf.get("CONTACT"),
        }
        subject = _("Confirmation: you confirmed %(title)s (version %(number)s)") % {
            "title": context["title"],
            "number": signoff.number,
        }
        body = render_to_string("signoff/email/receipt.txt", context)
    send_mail(
        subject,
        body,
        conf.get("FROM_EMAIL") or settings.DEFAULT_FROM_EMAIL,
        [recipient],
    )
