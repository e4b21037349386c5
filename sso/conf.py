"""The sso plugin's settings: one dict, ``SSO``, over these defaults. Sign-in
with a school account is on when ``ISSUER`` and ``CLIENT_ID`` are set.

``ISSUER``: the identity provider's issuer, exactly as its discovery document
(``<issuer>/.well-known/openid-configuration``) and its ID tokens name it, e.g.
``https://login.microsoftonline.com/<tenant id>/v2.0`` or
``https://accounts.google.com``. A token from any other issuer is refused.
``CLIENT_ID``, ``CLIENT_SECRET``: the app registered at that provider.
``ALLOWED_DOMAINS``: e-mail domains whose addresses may sign in (lower case).
Empty: none, so sign-in refuses everyone until the domains are set.
``NAME``: what the provider is called on the button's hint (e.g. "Microsoft 365").
``PROMPT``: what the provider is asked to show (``select_account``: which
account, so a shared computer does not sign in the last person again; empty:
nothing asked).
``ALLOW_SUPERUSERS``: superusers may sign in with a school account too (off: they
keep their password, so a mailbox at the provider never holds all the evidence).
``FETCH_USERINFO``: also ask the provider's userinfo endpoint for the claims
(Google); off for Microsoft Entra ID, whose ID token carries ``email`` and
``xms_edov`` and whose userinfo does not.
"""

from django.conf import settings

DEFAULTS = {
    "ISSUER": "",
    "CLIENT_ID": "",
    "CLIENT_SECRET": "",
    "ALLOWED_DOMAINS": [],
    "NAME": "",
    "FETCH_USERINFO": True,
    "PROMPT": "select_account",
    "ALLOW_SUPERUSERS": False,
}

# allauth's name for the one provider this site has: its addresses are
# /accounts/oidc/school/login/ and …/login/callback/ (register that one).
PROVIDER_ID = "school"


def get(name: str):
    return {**DEFAULTS, **getattr(settings, "SSO", {})}[name]


def enabled() -> bool:
    return bool(get("ISSUER") and get("CLIENT_ID"))


def discovery_url() -> str:
    return get("ISSUER").rstrip("/") + "/.well-known/openid-configuration"
