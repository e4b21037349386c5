"""Template filters for sign-off pages: one way to show a moment to people."""

from django import template

from signoff.exports import format_moment

register = template.Library()


@register.filter
def moment(value):
    """``{{ signoff.signed_at|moment }}`` → ``26-11-2026 05:01 (CET)``."""
    return format_moment(value)
