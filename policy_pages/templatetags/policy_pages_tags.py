"""Template tags of the policy pages."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from wagtail import hooks

from ..languages import language_choices

register = template.Library()


@register.simple_tag(takes_context=True)
def versioned_page_actions(context, page, version):
    """HTML that other apps add below a versioned page's text.

    Hook ``insert_versioned_page_actions``: ``fn(request, page, version)`` returns
    safe HTML or "". ``signoff`` adds its "confirm" box this way.
    """
    request = context.get("request")
    parts = [
        fn(request, page, version)
        for fn in hooks.get_hooks("insert_versioned_page_actions")
    ]
    return format_html_join("", "{}", ((part,) for part in parts if part))


@register.inclusion_tag(
    "policy_pages/includes/language_switcher.html", takes_context=True
)
def language_switcher(context, staff=False):
    """Every public language (staff pages: the staff languages), named in itself,
    linked to this address in it."""
    request = context.get("request")
    here = request.get_full_path() if request is not None else "/"
    # A page about another address (not translated yet) switches that one.
    here = context.get("switch_target") or here
    choices = language_choices(translation.get_language(), staff=staff)
    for choice in choices:
        try:
            url = reverse("policy_pages_language", args=[choice["code"]])
        except NoReverseMatch:  # a host site without the switcher's address
            return {"choices": []}
        choice["url"] = f"{url}?{urlencode({'naar': here})}"
    return {"choices": choices}


@register.filter
def bdi(value):
    """A value that keeps its own direction inside right-to-left text (a version
    number, a date, a reference, an e-mail address): ``<bdi>value</bdi>``."""
    if value in (None, ""):
        return ""
    return format_html("<bdi>{}</bdi>", value)


@register.inclusion_tag("policy_pages/includes/machine_notice.html", takes_context=True)
def machine_notice(context, version):
    """A translation with machine-translated text nobody reviewed says so, in
    the reader's language, and links the binding Dutch text."""
    if version is None or not version.machine_translated:
        return {"show": False}
    source = version.source_version
    source_page = source.page if source is not None else None
    request = context.get("request")
    return {
        "show": True,
        "binding_url": source_page.get_url(request) if source_page else None,
        "binding_language": source.locale.language_code if source else "",
        # The source language named in itself ("Nederlands").
        "binding_name": source.locale.get_display_name() if source else "",
    }
