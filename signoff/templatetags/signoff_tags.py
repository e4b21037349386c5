"""Template filters for sign-off pages: one way to show a moment to people."""

from django import template

from signoff.exports import format_moment

register = template.Library()


@register.filter
def moment(value):
    """``{{ signoff.signed_at|moment }}`` → ``26-11-2026 05:01 (CET)``."""
    return format_moment(value)


@register.filter
def summary_errors(form) -> list[tuple[str, str]]:
    """The error summary's lines: (field id or "", message), each message once
    (school and group share "choose from the list"), fields in form order."""
    seen, lines = set(), []
    for message in form.non_field_errors():
        lines.append(("", message))
    for field in [*form.hidden_fields(), *form.visible_fields()]:
        for message in field.errors:
            if message in seen:
                continue
            seen.add(message)
            target = "" if field.is_hidden else field.id_for_label
            lines.append((target, message))
    return lines
