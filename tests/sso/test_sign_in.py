"""Sign-in with a school account, against a real OpenID Connect provider
(tests/oidc_provider) over HTTP on 127.0.0.1, with Django's test client."""

from urllib.parse import urlsplit

import pytest
from allauth.socialaccount.internal import statekit
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.urls import reverse

from signoff.models import SignOff
from tests.conftest import current
from tests.factories import UserFactory
from tests.oidc_provider.harness import at_provider, school_sign_in

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/oidc/school/login/"


@pytest.fixture
def sanne(staff_member):
    """The demo's medewerker1: on the staff list with this address."""
    staff_member.email = "medewerker1@kalisto.example"
    staff_member.save()
    return staff_member


def signed_in(client):
    return client.session.get("_auth_user_id")


def confirm_staff_rules(client, rule_set):
    """ "Gelezen en akkoord" on the current version, as the intranet's form."""
    version = current(rule_set)
    return client.post(
        rule_set.url + "akkoord/",
        {
            "version": version.number,
            "content_hash": version.content_hash,
            "agree": "on",
        },
    )


def refused(response, reason: str) -> str:
    html = response.content.decode()
    assert f'data-reason="{reason}"' in html, html
    return html


def test_staff_member_lands_on_my_protocols_when_there_is_something_to_confirm(
    client, sso_on, sanne, staff_rule_set
):
    response = school_sign_in(client, "sanne")
    assert response.status_code == 302
    assert response["Location"] == "/nl/mijn-protocollen/"
    assert signed_in(client) == str(sanne.pk)
    assert SocialAccount.objects.get().user == sanne  # linked, by address


def test_address_is_matched_whatever_its_case_and_no_account_is_made(
    client, sso_on, sanne
):
    # The provider says Medewerker1@Kalisto.example.
    users = get_user_model().objects.count()
    school_sign_in(client, "sanne")
    assert signed_in(client) == str(sanne.pk)
    assert get_user_model().objects.count() == users


def test_the_next_address_is_kept(client, sso_on, sanne, staff_rule_set):
    response = school_sign_in(client, "sanne", next_url="/nl/mijn-protocollen/?x=1")
    assert response["Location"] == "/nl/mijn-protocollen/?x=1"


def test_an_officer_with_nothing_to_confirm_lands_in_the_admin(client, sso_on, officer):
    officer.email = "nieuwe.collega@kalisto.example"
    officer.save()
    response = school_sign_in(client, "nieuw")
    assert response["Location"] == reverse("wagtailadmin_home")


def test_unknown_address_is_refused_in_dutch_and_no_account_is_made(
    client, sso_on, sanne
):
    users = get_user_model().objects.count()
    response = school_sign_in(client, "nieuw")
    assert response.status_code == 403
    html = refused(response, "unknown")
    assert "staat niet op de medewerkerslijst" in html
    assert 'lang="nl"' in html
    assert get_user_model().objects.count() == users
    assert not SocialAccount.objects.exists()
    assert signed_in(client) is None


def test_an_address_outside_the_allowed_domains_is_refused(client, sso_on, sanne):
    response = school_sign_in(client, "prive")
    assert response.status_code == 403
    refused(response, "domain")
    assert signed_in(client) is None


def test_an_address_the_provider_does_not_vouch_for_is_refused(
    client, sso_on, staff_group
):
    ahmed = UserFactory(email="medewerker2@kalisto.example")
    ahmed.groups.add(staff_group)
    response = school_sign_in(client, "ahmed")
    assert response.status_code == 403
    refused(response, "unverified")
    assert signed_in(client) is None
    assert not SocialAccount.objects.exists()


def test_no_domains_allowed_refuses_everyone(client, settings, sso_on, sanne):
    settings.SSO = {**settings.SSO, "ALLOWED_DOMAINS": []}
    refused(school_sign_in(client, "sanne"), "domain")


def test_a_switched_off_account_is_refused(client, sso_on, sanne):
    sanne.is_active = False
    sanne.save()
    response = school_sign_in(client, "sanne")
    refused(response, "inactive")
    assert signed_in(client) is None


def test_tokens_of_another_issuer_are_refused(client, settings, sso_on, sanne):
    # The same provider, reached by another name: what it signs says
    # http://127.0.0.1:…/o, not the issuer this site trusts.
    settings.SSO = {
        **settings.SSO,
        "ISSUER": sso_on.issuer.replace("127.0.0.1", "localhost"),
    }
    response = school_sign_in(client, "sanne")
    assert response.status_code == 400
    refused(response, "failed")
    assert signed_in(client) is None
    assert not SocialAccount.objects.exists()


def test_a_replayed_callback_signs_nobody_in(client, sso_on, sanne):
    response = client.post(LOGIN)
    back = urlsplit(at_provider(response["Location"], "sanne"))
    callback = f"{back.path}?{back.query}"
    assert client.get(callback).status_code == 302
    client.logout()
    response = client.get(callback)
    assert response.status_code == 400
    refused(response, "failed")
    assert signed_in(client) is None


def test_a_callback_in_another_browser_signs_nobody_in(client, sso_on, sanne):
    from django.test import Client

    response = client.post(LOGIN)
    back = urlsplit(at_provider(response["Location"], "sanne"))
    attacker = Client()
    response = attacker.get(f"{back.path}?{back.query}")
    refused(response, "failed")
    assert attacker.session.get("_auth_user_id") is None


def test_an_expired_sign_in_is_refused(client, monkeypatch, sso_on, sanne):
    response = client.post(LOGIN)
    back = urlsplit(at_provider(response["Location"], "sanne"))
    monkeypatch.setattr(statekit, "STATE_TTL", -1)  # ten minutes have passed
    response = client.get(f"{back.path}?{back.query}")
    refused(response, "failed")
    assert signed_in(client) is None


def test_connecting_instead_of_signing_in_is_refused(client, sso_on, sanne):
    response = client.post(LOGIN, {"process": "connect"})
    back = urlsplit(at_provider(response["Location"], "sanne"))
    response = client.get(f"{back.path}?{back.query}")
    refused(response, "failed")
    assert signed_in(client) is None


def test_a_changed_address_follows_the_address_not_the_old_link(
    client, sso_on, sanne, staff_group
):
    school_sign_in(client, "sanne")
    client.logout()
    # The staff file moved the address to another account.
    sanne.email = "sanne.oud@kalisto.example"
    sanne.save()
    other = UserFactory(email="medewerker1@kalisto.example")
    school_sign_in(client, "sanne")
    assert signed_in(client) == str(other.pk)
    assert SocialAccount.objects.get().user == other


def test_off_by_default_no_button_and_no_sign_in(client, db):
    page = client.get("/nl/inloggen/").content.decode()
    assert "Inloggen met je schoolaccount" not in page
    assert "schoolaccount" not in page  # nor a word about it
    assert "autofocus" in page
    assert client.post(LOGIN, follow=True).status_code == 404
    assert "schoolaccount" not in client.get("/admin/login/").content.decode()


def test_the_login_pages_offer_the_school_account_first(client, sso_on):
    page = client.get("/nl/inloggen/").content.decode()
    assert page.index("Inloggen met je schoolaccount") < page.index('name="password"')
    assert "autofocus" not in page  # the school account is the first choice
    admin = client.get("/admin/login/").content.decode()
    assert admin.index("Inloggen met je schoolaccount") < admin.index('name="password"')
    assert f'action="{LOGIN}"' in admin


def test_a_confirmation_records_the_school_account(
    client, sso_on, sanne, staff_rule_set
):
    school_sign_in(client, "sanne")
    response = confirm_staff_rules(client, staff_rule_set)
    assert response.status_code == 302, response.content[:500]
    assert SignOff.objects.get(user=sanne).signed_in_with == sso_on.issuer


def test_a_confirmation_after_a_password_login_records_the_password(
    client, sso_on, sanne, staff_rule_set
):
    sanne.set_password("a-long-password-1")
    sanne.save()
    school_sign_in(client, "sanne")
    client.post("/nl/uitloggen/")
    response = client.post(
        "/nl/inloggen/", {"username": sanne.username, "password": "a-long-password-1"}
    )
    assert response.status_code == 302
    confirm_staff_rules(client, staff_rule_set)
    assert SignOff.objects.get(user=sanne).signed_in_with == "password"


def test_every_sign_in_starts_from_the_password(rf, sanne):
    """A new sign-in in a session marked by the school account forgets the mark
    (Django keeps a session's data when the same person signs in again)."""
    from django.contrib.auth import login
    from django.contrib.sessions.backends.db import SessionStore

    from signoff.authentication import remember_school_account, signed_in_with

    request = rf.get("/")
    request.session = SessionStore()
    request.user = sanne
    remember_school_account(request, "https://login.example/tenant/v2.0")
    assert signed_in_with(request) == "https://login.example/tenant/v2.0"
    login(request, sanne, backend="django.contrib.auth.backends.ModelBackend")
    assert signed_in_with(request) == "password"


def test_an_officer_sees_how_a_staff_member_signed_in(
    client, sso_on, sanne, staff_rule_set, officer
):
    school_sign_in(client, "sanne")
    confirm_staff_rules(client, staff_rule_set)
    signoff = SignOff.objects.get(user=sanne)
    client.post("/nl/uitloggen/")
    client.force_login(officer)
    html = client.get(
        reverse("wagtailsnippets_signoff_signoff:inspect", args=[signoff.pk])
    ).content.decode()
    assert "Ingelogd met" in html
    assert f"schoolaccount ({sso_on.issuer})" in html
    export = b"".join(
        client.get(
            reverse("wagtailsnippets_signoff_signoff:list") + "?export=csv"
        ).streaming_content
    ).decode("utf-8-sig")
    assert sso_on.issuer in export


def test_the_continue_page_asks_before_leaving_for_the_provider(client, sso_on):
    """A plain link (GET) to the sign-in does not leave at once: a page with a
    button (POST, with the CSRF token) does, so no other site can start it."""
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Je gaat naar de inlogpagina van je school" in html
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert "no-store" in response["Cache-Control"]


def test_a_provider_that_cannot_be_reached_gives_a_page_not_an_error(
    client, settings, sso_on
):
    settings.SSO = {**settings.SSO, "ISSUER": "http://127.0.0.1:9/o"}
    response = client.post(LOGIN)
    assert response.status_code == 503
    assert "niet bereikbaar" in refused(response, "unreachable")


def test_a_superuser_keeps_to_the_password(client, settings, sso_on, sanne):
    sanne.is_superuser = True
    sanne.save()
    refused(school_sign_in(client, "sanne"), "administrator")
    assert signed_in(client) is None
    settings.SSO = {**settings.SSO, "ALLOW_SUPERUSERS": True}
    school_sign_in(client, "sanne")
    assert signed_in(client) == str(sanne.pk)


def test_a_look_alike_address_reaches_nobody(client, sso_on):
    UserFactory(email="kees@kalisto.example")
    refused(school_sign_in(client, "kelvin"), "unverified")
    assert signed_in(client) is None


@pytest.mark.parametrize(
    "email",
    [
        "medewerker1\x00@kalisto.example",
        "medewerker1@kalisto.example\n",
        "a@b@kalisto.example",
        "\u017fanne@kalisto.example",  # a long s: upper case is S
        "medewerker1@\u212aalisto.example",
    ],
)
def test_addresses_that_are_not_plain_are_refused_before_any_query(email, sso_on):
    from types import SimpleNamespace

    from sso.adapters import _plain, verified_email

    login = SimpleNamespace(
        account=SimpleNamespace(
            extra_data={"id_token": {"email": email, "email_verified": True}}
        )
    )
    assert verified_email(login) is None
    assert not _plain(email)


def test_at_google_the_account_must_be_the_schools_workspace(settings, sso_on):
    from types import SimpleNamespace

    from sso.adapters import domain_allowed

    settings.SSO = {**settings.SSO, "ISSUER": "https://accounts.google.com"}

    def login(**claims):
        return SimpleNamespace(account=SimpleNamespace(extra_data={"id_token": claims}))

    email = "medewerker1@kalisto.example"
    assert domain_allowed(email, login(email=email, hd="kalisto.example"))
    assert not domain_allowed(email, login(email=email))  # a private Google account
    assert not domain_allowed(email, login(email=email, hd="elders.example"))


def test_the_provider_is_asked_which_account(client, sso_on):
    response = client.post(LOGIN)
    assert "prompt=select_account" in response["Location"]
    assert "code_challenge_method=S256" in response["Location"]


def test_only_the_schools_provider_answers(client, sso_on):
    assert (
        client.post("/accounts/oidc/openid_connect/login/", follow=True).status_code
        == 404
    )


def test_after_sign_in_only_this_site(client, sso_on, sanne, staff_rule_set):
    # localhost is one of the site's ALLOWED_HOSTS, but not where it was reached.
    response = school_sign_in(client, "sanne", next_url="http://localhost/elders/")
    assert response["Location"] == "/nl/mijn-protocollen/"


def test_a_refusal_from_the_admin_login_leads_back_there(client, sso_on):
    response = client.post(LOGIN, {"next": "/admin/"})
    back = urlsplit(at_provider(response["Location"], "nieuw"))
    html = client.get(f"{back.path}?{back.query}").content.decode()
    assert 'href="/admin/login/"' in html


def test_officers_find_the_admin_from_my_protocols(client, officer):
    client.force_login(officer)
    html = client.get("/nl/mijn-protocollen/").content.decode()
    assert "Naar de beheeromgeving" in html
