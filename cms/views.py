"""Error pages of the host site, in the visitor's language (Dutch by default)."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: explain, store nothing."""
    return render(request, "403_csrf.html", status=403)
