from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from .. import conf

register = template.Library()


@register.simple_tag(takes_context=True)
def school_account_button(context, next_url: str = "", admin: bool = False) -> str:
    """ "Inloggen met je schoolaccount" (a POST, as allauth wants it), or nothing
    when sign-in with a school account is off."""
    if not conf.enabled():
        return ""
    return render_to_string(
        "sso/button.html",
        {
            "action": reverse(
                "openid_connect_login", kwargs={"provider_id": conf.PROVIDER_ID}
            ),
            "next": next_url,
            "provider_name": conf.get("NAME"),
            "admin": admin,
        },
        request=context.get("request"),
    )
