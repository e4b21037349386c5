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


def test_an_unknown_address_is_refused_in_dutch(site, phone):
    users = get_user_model().objects.count()
    start(phone, site.url)
    at_provider(phone, "nieuw")
    phone.wait_for_selector("[data-reason=unknown]")
    text = phone.locator("main").inner_text()
    assert "Inloggen is niet gelukt" in text
    assert "staat niet op de medewerkerslijst" in text
    assert axe_violations(phone) == []
    phone.screenshot(path=RESULTS / "sso-refused-unknown.png", full_page=True)
    assert get_user_model().objects.count() == users
    assert not SocialAccount.objects.exists()
    phone.goto(site.url + "/nl/mijn-protocollen/")
    phone.wait_for_url("**/nl/inloggen/**")  # not signed in


def test_an_unverified_address_is_refused(site, phone):
    start(phone, site.url)
    at_provider(phone, "ahmed")
    phone.wait_for_selector("[data-reason=unverified]")
    assert "bevestigt niet" in phone.locator("main").inner_text()
    assert not SocialAccount.objects.exists()


def test_an_address_of_another_domain_is_refused(site, phone):
    start(phone, site.url)
    at_provider(phone, "prive")
    phone.wait_for_selector("[data-reason=domain]")
    assert "privéaccount" in phone.locator("main").inner_text()


def test_a_token_of_another_issuer_is_refused(site, phone, settings, oidc_provider):
    settings.SSO = {
        **settings.SSO,
        "ISSUER": oidc_provider.issuer.replace("127.0.0.1", "localhost"),
    }
    start(phone, site.url)
    at_provider(phone, "sanne")
    phone.wait_for_selector("[data-reason=failed]")
    assert "niet gelukt" in phone.locator("main").inner_text()
    assert not SocialAccount.objects.exists()


def test_an_expired_or_replayed_sign_in_is_refused(site, phone, monkeypatch):
    callbacks = []
    phone.on(
        "request",
        lambda request: (
            callbacks.append(request.url) if "/login/callback/" in request.url else None
        ),
    )
    # Expired: the provider took longer than the ten minutes allauth allows.
    start(phone, site.url)
    monkeypatch.setattr(statekit, "STATE_TTL", -1)
    at_provider(phone, "sanne")
    phone.wait_for_selector("[data-reason=failed]")
    monkeypatch.setattr(statekit, "STATE_TTL", 600)
    # Replayed: a callback that signed in once signs nobody in again.
    start(phone, site.url)
    phone.wait_for_url("**/nl/mijn-protocollen/")  # the provider remembers Sanne
    phone.get_by_role("button", name="Uitloggen").click()
    phone.goto(callbacks[-1])
    phone.wait_for_selector("[data-reason=failed]")
    phone.goto(site.url + "/nl/mijn-protocollen/")
    phone.wait_for_url("**/nl/inloggen/**")
