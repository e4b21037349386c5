from django import template

from ..buttons import school_account_button as _button

register = template.Library()


@register.simple_tag(takes_context=True)
def school_account_button(context, next_url: str = "", admin: bool = False) -> str:
    """ "Inloggen met je schoolaccount", or nothing when it is off."""
    return _button(context.get("request"), next_url, admin)
