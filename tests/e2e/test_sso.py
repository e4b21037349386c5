"""Staff sign in with their school account in Chromium, through a real OpenID
Connect provider on 127.0.0.1 (tests/oidc_provider), and confirm the staff rules.
Every refusal is a Dutch page, and nobody is signed in or made."""

import pytest
from allauth.socialaccount.internal import statekit
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from signoff.models import SignOff
from tests.oidc_provider.harness import PASSWORD

from .conftest import RESULTS, axe_violations

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STAFF = "/nl/protocol-sociale-media/gedragsregels-medewerkers/"
SCHOOL_ACCOUNT = "Inloggen met je schoolaccount"


@pytest.fixture
def site(demo_site, settings, oidc_provider):
    """The demo, trusting the test provider for kalisto.example addresses."""
    settings.SSO = oidc_provider.settings()
    return demo_site


def at_provider(page, username):
    page.wait_for_selector("#idp-username")
    page.fill("#idp-username", username)
    page.fill("#idp-password", PASSWORD)
    page.click("#idp-submit")


def start(page, base):
    page.goto(base + "/nl/mijn-protocollen/")
    page.wait_for_url("**/nl/inloggen/**")
    page.get_by_role("button", name=SCHOOL_ACCOUNT).click()


def test_a_demo_staff_member_signs_in_with_the_school_account_and_confirms(
    site, phone, oidc_provider
):
    base = site.url
    phone.goto(base + "/nl/mijn-protocollen/")
    phone.wait_for_url("**/nl/inloggen/**")
    # The school account comes first, above the password.
    button = phone.get_by_role("button", name=SCHOOL_ACCOUNT)
    password = phone.locator("#id_password")
    assert button.bounding_box()["y"] < password.bounding_box()["y"]
    assert axe_violations(phone) == []
    phone.screenshot(path=RESULTS / "sso-login-page.png", full_page=True)
    button.click()
    at_provider(phone, "sanne")
    phone.wait_for_url(base + "/nl/mijn-protocollen/")

    card = phone.locator(".status-card").first
    card.locator("text=Lezen en opnieuw bevestigen").click()
    phone.wait_for_url(f"**{STAFF}akkoord/")
    phone.click("text=Gelezen en akkoord")
    phone.wait_for_url("**/nl/mijn-protocollen/")
    assert (
        "Bedankt. Je gaf akkoord op versie 2.0." in phone.locator("main").inner_text()
    )
    signoff = SignOff.objects.get(user__username="medewerker1", major=2)
    assert signoff.signed_in_with == oidc_provider.issuer
    assert SocialAccount.objects.get().user.username == "medewerker1"


def test_every_refusal_is_a_dutch_page_and_signs_nobody_in(
    site, phone, settings, oidc_provider, monkeypatch
):
    """One demo for all of them (each browser test loads the demo anew): the
    provider's session is cleared between them, as another person would."""
    base = site.url
    users = get_user_model().objects.count()

    def refused_for(username, reason):
        phone.context.clear_cookies()
        start(phone, base)
        at_provider(phone, username)
        phone.wait_for_selector(f"[data-reason={reason}]")
        return phone.locator("main").inner_text()

    # An address that is not on the staff list: no account is made.
    text = refused_for("nieuw", "unknown")
    assert "Inloggen is niet gelukt" in text
    assert "staat niet op de medewerkerslijst" in text
    assert axe_violations(phone) == []
    phone.screenshot(path=RESULTS / "sso-refused-unknown.png", full_page=True)
    # An address the provider does not vouch for; another domain.
    assert "bevestigt niet" in refused_for("ahmed", "unverified")
    assert "privéaccount" in refused_for("prive", "domain")

    # Tokens of another issuer (the same provider, reached by another name).
    settings.SSO = {
        **settings.SSO,
        "ISSUER": oidc_provider.issuer.replace("127.0.0.1", "localhost"),
    }
    assert "niet gelukt" in refused_for("sanne", "failed")
    settings.SSO = oidc_provider.settings()

    # Expired: the provider took longer than the ten minutes allauth allows.
    callbacks = []
    phone.on(
        "request",
        lambda request: (
            callbacks.append(request.url) if "/login/callback/" in request.url else None
        ),
    )
    monkeypatch.setattr(statekit, "STATE_TTL", -1)
    refused_for("sanne", "failed")
    monkeypatch.setattr(statekit, "STATE_TTL", 600)
    # Replayed: a callback that signed in once signs nobody in again.
    phone.context.clear_cookies()
    start(phone, base)
    at_provider(phone, "sanne")
    phone.wait_for_url(base + "/nl/mijn-protocollen/")
    phone.get_by_role("button", name="Uitloggen").click()
    phone.goto(callbacks[-1])
    phone.wait_for_selector("[data-reason=failed]")

    phone.goto(base + "/nl/mijn-protocollen/")
    phone.wait_for_url("**/nl/inloggen/**")  # nobody is signed in
    assert get_user_model().objects.count() == users
    assert list(SocialAccount.objects.values_list("user__username", flat=True)) == [
        "medewerker1"  # only the replayed sign-in's first, good use
    ]
