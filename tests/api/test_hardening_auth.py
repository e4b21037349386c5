"""Issue 7, items 3 and 5: CSRF on every session write; tokens act only for the
person who made them, and a confirmation made with one names the token."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import APIToken

from policy_pages.models import RuleSetPage
from signoff.models import SignOff

from .conftest import STAFF


def user(name):
    return get_user_model().objects.get(username=name)


def _draft(editor):
    page = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    draft = RuleSetPage.objects.get(pk=page.pk)
    draft.title = "Nieuwe titel"
    draft.version_change_note = "Titel korter"
    draft.save_revision(user=editor)
    return page


@pytest.mark.parametrize("content_type", ["text/plain", "application/json"])
def test_a_workflow_step_with_a_session_and_no_csrf_token_is_refused(
    demo, content_type
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user("redacteur"))
    page = _draft(user("redacteur"))
    response = client.post(STAFF + "/@workflow/submit", "{}", content_type=content_type)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "CSRF" in response.json()["detail"]
    assert "Er is niets opgeslagen" in response.json()["detail"]
    page.refresh_from_db()
    assert not page.workflow_in_progress


def test_a_workflow_step_with_the_csrf_token_goes_through(demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user("redacteur"))
    _draft(user("redacteur"))
    token = "a" * 32  # what a browser sends back: the cookie and the header
    client.cookies["csrftoken"] = token
    response = client.post(
        STAFF + "/@workflow/submit",
        "{}",
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
    assert response.json()["state"] == "in_moderation"


@pytest.mark.parametrize("authorization", ["", " ", "Basic"])
def test_an_empty_or_foreign_authorization_header_does_not_skip_csrf(
    demo, authorization
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user("medewerker1"))
    version = client.get(STAFF).json()["version"]
    response = client.post(
        STAFF + "/@signoff",
        json.dumps(
            {
                "version": version["number"],
                "content_hash": version["content_hash"],
                "language": "nl",
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=authorization,
    )
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == "application/problem+json"
    assert not SignOff.objects.filter(user__username="medewerker1", major=2).exists()


def test_a_confirmation_made_with_a_token_names_the_token(demo):
    client = Client(enforce_csrf_checks=True)
    token, key = APIToken.create_token(user=user("medewerker1"), name="App")
    version = client.get(STAFF).json()["version"]
    response = client.post(
        STAFF + "/@signoff",
        json.dumps(
            {
                "version": version["number"],
                "content_hash": version["content_hash"],
                "language": "nl",
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 201
    signoff = SignOff.objects.get(reference=response.json()["id"])
    assert signoff.api_token == token and signoff.user == token.user
    assert key not in json.dumps(
        list(SignOff.objects.filter(pk=signoff.pk).values())[0], default=str
    )


def test_a_superuser_cannot_make_a_token_for_someone_else(client, demo):
    client.force_login(user("beheerder"))
    form = client.get("/admin/api-tokens/new/")
    assert form.status_code == 200
    assert 'name="user"' not in form.content.decode()
    response = client.post(
        "/admin/api-tokens/new/",
        {"name": "Vervalst", "user": user("medewerker1").pk},
    )
    assert response.status_code == 200
    token = APIToken.objects.get(name="Vervalst")
    assert token.user == user("beheerder")
    assert not APIToken.objects.filter(user=user("medewerker1")).exists()


def test_officers_see_and_revoke_anyones_token_but_make_only_their_own(client, demo):
    staff_token, _key = APIToken.create_token(user=user("medewerker1"), name="App")
    client.force_login(user("functionaris"))
    listing = client.get("/admin/api-tokens/").content.decode()
    assert "App" in listing
    response = client.post(f"/admin/api-tokens/delete/{staff_token.pk}/")
    assert response.status_code == 302
    staff_token.refresh_from_db()
    assert staff_token.revoked_at is not None


def test_staff_may_not_revoke_someone_elses_token(client, demo):
    officer_token, _key = APIToken.create_token(user=user("functionaris"), name="P")
    client.force_login(user("medewerker2"))
    response = client.post(f"/admin/api-tokens/delete/{officer_token.pk}/")
    assert response.status_code in (302, 403)
    officer_token.refresh_from_db()
    assert officer_token.revoked_at is None


@pytest.mark.parametrize("pk", ["999999", "abc", "own", "²", "9" * 30])
def test_revoking_a_token_one_may_not_see_is_403_not_500(client, demo, pk):
    other, _key = APIToken.create_token(user=user("functionaris"), name="P")
    client.force_login(user("redacteur"))
    target = str(other.pk) if pk == "own" else pk
    for method in ("get", "post"):
        response = getattr(client, method)(f"/admin/api-tokens/delete/{target}/")
        assert response.status_code in (302, 403)  # admin may redirect to login
        assert response.status_code < 500
    other.refresh_from_db()
    assert other.revoked_at is None
