"""Template tags of the policy pages."""

from django import template
from django.utils.html import format_html_join
from wagtail import hooks

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
