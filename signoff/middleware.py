"""Middleware a site installs with signoff: the request guard of its public
forms and the ++api++, and no shared caching of pages that show a person's own
status. Both are recommended, neither is required for signoff to work."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policy_pages.api import problem

from . import conf

API_PREFIX = "/++api++/"
# Where the limit of the public site does not apply: uploads in the admin.
UNLIMITED_PREFIXES = ("/admin/", "/documents/")
# The site's own error pages first, then signoff's.
BAD_REQUEST_TEMPLATES = ["400.html", "signoff/400.html"]
TOO_LARGE_TEMPLATES = ["413.html", "signoff/413.html"]


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def too_large(request):
    """413: the body is larger than the documented limit (SIGNOFF["MAX_BODY_BYTES"])."""
    limit = conf.get("MAX_BODY_BYTES")
    title = _("The request is too large")
    detail = _("Send at most %(size)d kB.") % {"size": limit // 1024}
    if _is_api(request):
        return problem(413, title, detail)
    return render(
        request, TOO_LARGE_TEMPLATES, {"title": title, "detail": detail}, status=413
    )


def _bad_characters(request):
    title = _("This address contains characters we cannot read.")
    if _is_api(request):
        return problem(400, _("The request is not valid."), title)
    return render(request, BAD_REQUEST_TEMPLATES, {"detail": title}, status=400)


CANNOT_STORE = gettext_lazy("This contains characters we cannot store. Type it again.")


def _bad_body(request, detail):
    if _is_api(request):
        return problem(400, _("The request is not valid."), str(detail))
    return render(request, BAD_REQUEST_TEMPLATES, {"detail": detail}, status=400)


def _has_nul(request) -> bool:
    if "\x00" in request.path_info:
        return True
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )


def _body_has_nul(request) -> bool:
    if request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.POST.lists()
        )
    if _is_api(request) and "json" in request.content_type:
        # JSON may spell a NUL as \u0000; the database cannot store it.
        return b"\\u0000" in request.body or b"\x00" in request.body
    return False


class RequestGuardMiddleware:
    """Bad input the database or the parsers would choke on, refused up front in
    the caller's language (after LocaleMiddleware), never a 500:

    - NUL characters in the path or query (PostgreSQL cannot store or compare
      them): 400;
    - bodies over ``SIGNOFF["MAX_BODY_BYTES"]`` on the public site and the ++api++
      (the admin keeps Django's own limit for uploads): 413;
    - ++api++ answers that Django or Ninja make themselves (405 for PUT, PATCH,
      DELETE) become problem details too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            return _bad_characters(request)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not (
            request.path.startswith(UNLIMITED_PREFIXES)
        ):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return _bad_body(request, _("The request is not valid."))
            if length > conf.get("MAX_BODY_BYTES"):
                return too_large(request)
            try:
                if _body_has_nul(request):
                    return _bad_body(request, CANNOT_STORE)
            except RequestDataTooBig:  # Django's own limit (many form fields)
                return too_large(request)
            except (MultiPartParserError, TooManyFieldsSent, ValueError):
                return _bad_body(request, _("The request is not valid."))
        response = self.get_response(request)
        if (
            _is_api(request)
            and response.status_code == 405
            and not response.get("Content-Type", "").startswith(
                "application/problem+json"
            )
        ):
            allowed = response.get("Allow", "")
            response = problem(
                405,
                _("This method is not allowed here."),
                _("Use one of: %(methods)s.") % {"methods": allowed or "GET"},
            )
            if allowed:
                response["Allow"] = allowed
        return response


class PrivateForSignedInMiddleware:
    """Pages shown to a signed-in person may carry their own status (a staff
    member's "to do" on a rule set): never let a shared cache keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            cache_control = response.get("Cache-Control", "")
            if "no-store" not in cache_control:
                patch_cache_control(response, private=True)
                response.headers.pop("Expires", None)
        return response
