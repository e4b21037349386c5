"""Choosing a language on the public site.

Every public page links each language in ``settings.LANGUAGES`` (named in itself)
to ``/taal/<code>/?naar=<this address>``. That address remembers the choice (the
language cookie, which Django's ``LocaleMiddleware`` reads on the next visit to
``/``) and leads to the same page in that language: the page's translation when
it is live, with the same route below it (a version, a comparison, the form);
for an address that is not a page (the staff intranet, a thank-you page) the
same address under the other language prefix. A page that is not translated yet
says so in the chosen language and links the text in the language it was read in.

The host site includes ``policy_pages.language_urls`` at ``taal/``, outside
``i18n_patterns``.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe
from wagtail.models import Page

LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60


def staff_languages() -> list[tuple[str, str]]:
    """Staff pages and the admin: Dutch and English (``settings.STAFF_LANGUAGES``)."""
    return getattr(settings, "STAFF_LANGUAGES", settings.LANGUAGES)


def is_right_to_left(code: str) -> bool:
    """Whether a language is written right to left, as Django decides it
    (``settings.LANGUAGES_BIDI``), for any code, known to Django or not."""
    return code.split("-")[0] in settings.LANGUAGES_BIDI


def language_choices(current: str, *, staff: bool = False) -> list[dict]:
    """The languages, each named in itself, the current one marked."""
    languages = staff_languages() if staff else settings.LANGUAGES
    return [
        {
            "code": code,
            "name": name,
            "bidi": is_right_to_left(code),
            "current": code == current,
        }
        for code, name in languages
    ]


def in_staff_language(view):
    """A staff page asked for in a parents-only language answers in Dutch (the
    default language): the same address under its prefix."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        current = translation.get_language()
        if current not in dict(staff_languages()):
            with translation.override(current):
                target = translate_url(request.get_full_path(), settings.LANGUAGE_CODE)
            return HttpResponseRedirect(target)
        return view(request, *args, **kwargs)

    return wrapped


def _split_language(path: str) -> tuple[str | None, str]:
    """``/nl/a/b/`` → ``("nl", "/a/b/")``; no known prefix → ``(None, path)``."""
    parts = path.split("/", 2)
    if len(parts) >= 2 and parts[1] in dict(settings.LANGUAGES):
        return parts[1], "/" + (parts[2] if len(parts) == 3 else "")
    return None, path


def _safe_target(request, target: str) -> str:
    """The address to switch, if it is a path on this site; else the home page."""
    if (
        not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=False
        )
    ):
        return "/"
    return target


def _page_and_rest(request, source_language: str, path: str):
    """The live page an address shows, and what follows the page's own address
    (a version, a comparison, the form): ``(page, "versies/1.0/")``."""
    with translation.override(source_language):
        route = Page.route_for_request(request, path)
    if route is None:
        return None, ""
    page = route[0]
    own = page.get_url(request) or ""
    own_path = urlsplit(own).path
    full = f"/{source_language}{path}"
    rest = full[len(own_path) :] if full.startswith(own_path) else ""
    return page, rest


def _may_view(page, request) -> bool:
    """Wagtail's own rule for HTML pages (a password passed in this session
    counts; ``privacy`` is the API's, where it never does)."""
    return all(
        restriction.accept_request(request)
        for restriction in page.get_view_restrictions()
    )


def _has_route(translated, rest: str, query: str) -> bool:
    """Whether the translation has what ``rest`` asks of the source: an old
    version (``versies/1.0/``) or the versions a comparison names."""
    from .models import PolicyVersion

    numbers = []
    if rest.startswith("versies/"):
        numbers = [rest.split("/")[1]]
    elif rest.startswith("vergelijken/"):
        numbers = [v for k, v in parse_qsl(query.lstrip("?")) if k in ("van", "tot")]
    versions = PolicyVersion.objects.for_page(translated)
    return all(versions.by_number(number).exists() for number in numbers)


def _not_translated(request, code, page, target, source_language):
    """In the chosen language: not translated (yet); the text as it was read,
    and the languages this page is in that the visitor may read."""
    request.LANGUAGE_CODE = code
    visible = _may_view(page, request)
    available = []
    if visible:
        for other in (
            page.get_translations(inclusive=False).live().select_related("locale")
        ):
            if other.locale.language_code != code and _may_view(other, request):
                available.append(other)
    with translation.override(code):
        return render(
            request,
            "policy_pages/not_translated.html",
            {
                # Behind a view restriction a page's title is not told.
                "original": page if visible else None,
                "original_url": target,
                "original_language": source_language,
                "available": available,
                # The switcher on this page switches the original address.
                "switch_target": target,
            },
        )


@require_safe
def switch_language(request, code: str):
    """Remember the language and show this address in it (GET, a plain link)."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = _safe_target(request, request.GET.get("naar", "/"))
    split = urlsplit(target)
    source_language, path = _split_language(split.path)
    query = f"?{split.query}" if split.query else ""

    response = None
    if source_language is not None and source_language != code:
        page, rest = _page_and_rest(request, source_language, path)
        if page is not None:
            translated = (
                page.get_translations(inclusive=True)
                .live()
                .filter(locale__language_code=code)
                .first()
            )
            url = translated.get_url(request) if translated is not None else None
            if (
                translated is None
                or not url
                or not _may_view(translated, request)
                or not _has_route(translated, rest, query)
            ):
                response = _not_translated(request, code, page, target, source_language)
            else:
                # What follows the page's own address; never a second slash.
                response = HttpResponseRedirect(url + rest.lstrip("/") + query)
        else:
            with translation.override(source_language):
                response = HttpResponseRedirect(translate_url(target, code))
    if response is None:
        # The same language, or an address without one ("/" is the home page).
        response = HttpResponseRedirect(f"/{code}/" if target == "/" else target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    response["Cache-Control"] = "no-store"
    return response
