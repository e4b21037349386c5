"""Contract tests of @signoff: 201, 200 again, 409 stale, 400 bad input, 429."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from signoff.models import SignOff

from .conftest import PUPILS, STAFF


def post(client, url, body, **headers):
    return client.post(
        url,
        json.dumps(body) if not isinstance(body, str) else body,
        content_type="application/json",
        **headers,
    )


@pytest.fixture
def staff_client(client, demo):
    client.force_login(get_user_model().objects.get(username="medewerker1"))
    return client


def current(client, url):
    return client.get(url).json()["version"]


def test_staff_status_then_confirm_201_then_200_with_the_same_receipt(staff_client):
    status = staff_client.get(STAFF + "/@signoff").json()
    assert status == {
        "required": True,
        "status": "renew",
        "current_version": "2.0",
        "signed_version": "1.0",
        "signed_at": status["signed_at"],
    }
    version = current(staff_client, STAFF)
    body = {
        "version": version["number"],
        "content_hash": version["content_hash"],
        "language": "nl",
    }
    first = post(staff_client, STAFF + "/@signoff", body)
    assert first.status_code == 201
    receipt = first.json()
    assert receipt["version"] == "2.0" and receipt["language"] == "nl"
    assert receipt["content_hash"] == version["content_hash"]
    again = post(staff_client, STAFF + "/@signoff", body)
    assert again.status_code == 200 and again.json() == receipt
    assert staff_client.get(STAFF + "/@signoff").json()["status"] == "done"
    assert SignOff.objects.filter(user__username="medewerker1", major=2).count() == 1
    assert first["Cache-Control"].startswith("private")


def test_an_old_version_gets_409_with_the_current_version(staff_client):
    old = staff_client.get(STAFF + "/@history/1.0").json()["version"]
    response = post(
        staff_client,
        STAFF + "/@signoff",
        {"version": "1.0", "content_hash": old["content_hash"], "language": "nl"},
    )
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["current_version"]["number"] == "2.0"


def test_a_session_post_without_csrf_token_is_refused(demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="medewerker1"))
    version = current(client, STAFF)
    response = post(
        client,
        STAFF + "/@signoff",
        {
            "version": version["number"],
            "content_hash": version["content_hash"],
            "language": "nl",
        },
    )
    assert response.status_code == 403
    assert SignOff.objects.filter(user__username="medewerker1", major=2).count() == 0


def test_anonymous_may_not_confirm_staff_rules_or_see_a_status(client, demo):
    assert client.get(STAFF + "/@signoff").status_code == 401
    version = current(client, STAFF)
    response = post(
        client,
        STAFF + "/@signoff",
        {
            "version": version["number"],
            "content_hash": version["content_hash"],
            "language": "nl",
        },
    )
    assert response.status_code == 401


@pytest.fixture
def parent_body(client, demo):
    cache.clear()
    version = current(client, PUPILS)
    return {
        "version": version["number"],
        "content_hash": version["content_hash"],
        "language": "nl",
        "name": "Ilse de Jong",
        "email": "ilse@example.org",
        "child_name": "Sem de Jong",
        "school": "het-kompas",
        "group": "groep-4",
        "parental_responsibility": True,
        "agree": True,
    }


def test_a_parent_confirms_without_an_account_and_gets_a_neutral_202(
    client, parent_body
):
    response = post(client, PUPILS + "/@signoff", parent_body)
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "sent" and body["title"] == "Kijk in je e-mail"
    assert "id" not in body  # no receipt for a caller nobody knows
    signoff = SignOff.objects.get(channel="api")
    assert signoff.group.name == "Groep 4" and signoff.verified_at is None
    again = post(client, PUPILS + "/@signoff", parent_body)
    assert (again.status_code, again.json()) == (202, body)
    assert SignOff.objects.filter(channel="api").count() == 1


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        '{"version": 2, "content_hash": [], "language": "nl"}',
        "[]",
        '{"version": "1.1"}',
    ],
)
def test_malformed_or_mistyped_json_is_400(client, parent_body, body):
    response = post(client, PUPILS + "/@signoff", body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert SignOff.objects.filter(channel="api").count() == 0


def test_too_many_attempts_get_429(client, parent_body, settings):
    settings.SIGNOFF = {"PER_ADDRESS": [(3, 60)]}
    statuses = [
        post(
            client, PUPILS + "/@signoff", {**parent_body, "child_name": f"Kind {n}"}
        ).status_code
        for n in range(5)
    ]
    assert statuses == [202, 202, 202, 429, 429]


def test_officers_see_unverified_parent_confirmations_apart(client, demo):
    from policy_pages.models import RuleSetPage

    client.force_login(get_user_model().objects.get(username="functionaris"))
    pupils = RuleSetPage.objects.get(slug="gedragsregels-leerlingen-ouders")
    data = client.get(
        "/++api++/@signoffs", {"rule_set": str(pupils.translation_key)}
    ).json()
    assert data["totals"]["unverified"] == 1  # the demo's Kees Jansen
    names = [row["name"] for row in data["items"]]
    assert "Kees Jansen" not in names and "Ingrid Bakker" in names


def test_json_nested_too_deep_is_400_in_dutch_without_internals(client, demo):
    response = post(client, PUPILS + "/@signoff", "[" * 1000 + "]" * 1000)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["detail"] == "De inhoud is geen geldige JSON."
    assert "recursion" not in json.dumps(body)
