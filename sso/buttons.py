"""The one "Inloggen met je schoolaccount" button, for the staff login (a
signoff hook) and the admin's login (a template tag)."""

from django.template.loader import render_to_string
from django.urls import reverse

from . import conf


def school_account_button(request, next_url: str = "", admin: bool = False) -> str:
    """The button (a POST, as allauth wants it), or nothing when sign-in with a
    school account is off."""
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
        request=request,
    )
