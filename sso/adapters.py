"""django-allauth, bent to the rules of a school foundation's sign-in.

- Sign-in with a school account only ever reaches an account that is already
  here (imported from the staff file, or made by an administrator): linked by the
  verified e-mail address the provider vouches for, in an allowed domain. It
  never makes an account, so groups and roles stay Akkoord's (roster and roles),
  not the provider's.
- Every refusal is a page in the reader's language that says what to do.
- After sign-in, whoever has something to confirm lands on Mijn protocollen.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from policy_pages.languages import staff_languages
from signoff.authentication import remember_school_account
from signoff.landing import landing_url

from . import conf

REFUSALS = {
    "unverified": _(
        "Your school account does not confirm that this e-mail address is yours, "
        "so you cannot sign in with it here. Ask your school's IT contact to check "
        "your account, or sign in with your password."
    ),
    "domain": _(
        "Only accounts of the foundation's schools can sign in here. Sign in with "
        "your school account, not a private one."
    ),
    "unknown": _(
        "Your school account is not on the staff list of Akkoord. Ask your school's "
        "office to add you; no account was made."
    ),
    "ambiguous": _(
        "More than one account here has this e-mail address. Ask your school's "
        "office to sort this out; you were not signed in."
    ),
    "inactive": _(
        "Your account at Akkoord has been switched off. Ask your school's office "
        "if this is a mistake."
    ),
    "administrator": _(
        "This account is an administrator's: it signs in with its password only, "
        "not with a school account."
    ),
    "unreachable": _(
        "Your school's sign-in service cannot be reached just now. Try again in "
        "a few minutes, or sign in with your password."
    ),
    "failed": _(
        "Signing in with your school account did not work. The sign-in may have "
        "taken too long or have been used already. Please try again."
    ),
}


def refuse(request, reason: str, *, status: int = 403, state: dict | None = None):
    """Stop the sign-in with a page that says why (``REFUSALS``), in a staff
    language (these addresses have no language prefix), with a way back to the
    login it started from (the admin's, or the staff pages')."""
    language = translation.get_language()
    if language not in dict(staff_languages()):
        language = settings.LANGUAGE_CODE
    from_admin = str((state or {}).get("next") or "").startswith("/admin/")
    with translation.override(language):
        response = render(
            request,
            "sso/refused.html",
            {
                "reason": reason,
                "message": REFUSALS[reason],
                "back": reverse(
                    "wagtailadmin_login" if from_admin else "signoff:login"
                ),
            },
            status=status,
        )
    response["Cache-Control"] = "no-store"
    return ImmediateHttpResponse(response)


def _is_true(claim) -> bool:
    """A boolean claim; some providers send "true" as a string."""
    return claim is True or (isinstance(claim, str) and claim.lower() == "true")


def _plain(email: str) -> bool:
    """A plain ASCII address. Databases and Python fold some other letters into
    ASCII ones (the Kelvin sign into K, the long s into S) when they ignore
    case: a look-alike address must not reach someone else's account."""
    try:
        validate_email(email)
    except ValidationError:
        return False
    return email.isascii() and email.isprintable()


def claims(sociallogin) -> list[dict]:
    """What the provider said: the ID token's claims and the userinfo answer."""
    data = sociallogin.account.extra_data or {}
    return [data.get("id_token") or {}, data.get("userinfo") or {}]


def verified_email(sociallogin) -> str | None:
    """The e-mail address the provider vouches for, lower case, or None.

    ``email_verified`` (the standard claim; Google) or ``xms_edov`` (Microsoft
    Entra ID: the domain's owner verified it) must be true where the address is
    given; the ID token and the userinfo answer must not name two addresses;
    and the address must be plain (``_plain``), or nobody is found by it."""
    sources = claims(sociallogin)
    given = [str(s["email"]) for s in sources if s.get("email")]
    emails = {email.lower() for email in given}
    if len(emails) != 1 or not all(_plain(email) for email in given):
        return None
    verified = any(
        s.get("email")
        and (_is_true(s.get("email_verified")) or _is_true(s.get("xms_edov")))
        for s in sources
    )
    return emails.pop().lower() if verified else None


def domain_allowed(email: str, sociallogin) -> bool:
    """The address's domain is the foundation's. At Google, whose one issuer
    serves every Google account, the account must also belong to that domain's
    Workspace (the ``hd`` claim): a private Google account that happens to use
    a school address is not the school's."""
    allowed = {d.lower() for d in conf.get("ALLOWED_DOMAINS")}
    if email.rpartition("@")[2] not in allowed:
        return False
    if conf.get("ISSUER").rstrip("/") == "https://accounts.google.com":
        return any(str(c.get("hd", "")).lower() in allowed for c in claims(sociallogin))
    return True


def _account_with(email: str):
    """The one account with exactly this address (any ASCII case): a list of
    none, one, or two (two: ambiguous)."""
    candidates = get_user_model().objects.filter(email__iexact=email)[:3]
    return [u for u in candidates if u.email.strip().lower() == email][:2]


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None) -> list[SocialApp]:
        """The one provider, from ``SSO`` (the environment); none when it is off.
        Never apps from the database: nobody can add a provider in an admin."""
        if not conf.enabled() or provider not in (None, conf.PROVIDER_ID):
            return []
        if client_id and client_id != conf.get("CLIENT_ID"):
            return []
        return [
            SocialApp(
                provider="openid_connect",
                provider_id=conf.PROVIDER_ID,
                name=conf.get("NAME") or "OpenID Connect",
                client_id=conf.get("CLIENT_ID"),
                secret=conf.get("CLIENT_SECRET"),
                settings={
                    "server_url": conf.discovery_url(),
                    # The issuer is the one configured, whatever the discovery
                    # document says: an ID token from any other is refused.
                    "openid_configuration_overrides": {"issuer": conf.get("ISSUER")},
                    "fetch_userinfo": conf.get("FETCH_USERINFO"),
                    "oauth_pkce_enabled": True,
                    # A shared staffroom computer: the provider asks which
                    # account, instead of reusing the last person's session.
                    "auth_params": {"prompt": conf.get("PROMPT")}
                    if conf.get("PROMPT")
                    else {},
                },
            )
        ]

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        """Link to the account with this verified address, or refuse."""
        state = sociallogin.state
        if state.get("process", "login") != "login":
            # Connecting a provider to the signed-in account, or a redirect
            # without signing in: this site offers neither.
            raise refuse(request, "failed", status=400, state=state)
        email = verified_email(sociallogin)
        if email is None:
            raise refuse(request, "unverified", state=state)
        if not domain_allowed(email, sociallogin):
            raise refuse(request, "domain", state=state)
        users = _account_with(email)
        if not users:
            raise refuse(request, "unknown", state=state)
        if len(users) > 1:
            raise refuse(request, "ambiguous", state=state)
        user = users[0]
        if not user.is_active:
            raise refuse(request, "inactive", state=state)
        if user.is_superuser and not conf.get("ALLOW_SUPERUSERS"):
            # Whoever controls a mailbox at the provider must not become the
            # keeper of all evidence: superusers keep their password.
            raise refuse(request, "administrator", state=state)
        if not sociallogin.is_existing:
            sociallogin.connect(request, user)
        elif sociallogin.user.pk != user.pk:
            # The address moved to another account since the last sign-in: the
            # address decides, not an old link.
            sociallogin.account.user = sociallogin.user = user
            sociallogin.account.save(update_fields=["user"])

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        """A wrong issuer, an expired or replayed sign-in, a refused consent:
        the same page, which offers to try again."""
        state = (extra_context or {}).get("state")
        raise refuse(request, "failed", status=400, state=state)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def login(self, request, user) -> None:
        super().login(request, user)
        remember_school_account(request, conf.get("ISSUER"))

    def get_login_redirect_url(self, request) -> str:
        return landing_url(request.user) or reverse("wagtailadmin_home")

    def is_safe_url(self, url: str) -> bool:
        """Back to this site only: this host, not every host it answers to."""
        request = self.request
        return url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
