"""Error pages of the host site, in the visitor's language (Dutch by default)."""

from datetime import date

from django.conf import settings
from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: explain, store nothing."""
    return render(request, "403_csrf.html", status=403)


def accessibility_statement(request):
    """ "Toegankelijkheidsverklaring", after the Dutch model statement
    (digitoegankelijk.nl): status, scope, how it was checked, known problems,
    a feedback channel and where to complain. Linked from every footer."""
    return render(
        request,
        "cms/accessibility_statement.html",
        {
            "contact": settings.ACCESSIBILITY["CONTACT_EMAIL"],
            "organisation": settings.ACCESSIBILITY["ORGANISATION"],
            "statement_date": date.fromisoformat(settings.ACCESSIBILITY["DATE"]),
            "reply_days": settings.ACCESSIBILITY["REPLY_WORKING_DAYS"],
        },
    )
