"""R6 for the ++api++: who may do what, per endpoint; nothing personal leaks."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from policy_pages.models import RuleSetPage
from tests.oidc_provider.harness import school_sign_in

from .conftest import PUPILS, STAFF

ROLES = ["anonymous", "staff", "editor", "approver", "officer", "superuser"]
# Signed in with their school account (a real provider, tests/oidc_provider):
# the same rights as with a password, no more.
SCHOOL_ACCOUNTS = {
    "staff_sso": ("staff", "sanne"),
    "officer_sso": ("officer", "fatima"),
}


@pytest.fixture
def as_role(request, client, demo):
    get_user_model().objects.create_superuser("root", "root@example.org", "x")
    names = {
        "staff": "medewerker2",
        "editor": "redacteur",
        "approver": "goedkeurder",
        "officer": "functionaris",
        "superuser": "root",
    }

    def login(role):
        cache.clear()
        client.logout()
        if role in SCHOOL_ACCOUNTS:
            request.getfixturevalue("sso_on")
            school_sign_in(client, SCHOOL_ACCOUNTS[role][1])
            assert client.session["_auth_user_id"]
        elif role != "anonymous":
            client.force_login(get_user_model().objects.get(username=names[role]))
        return client

    return login


def uid():
    return str(
        RuleSetPage.objects.get(slug="gedragsregels-medewerkers").translation_key
    )


# endpoint → roles that get a 2xx answer
MATRIX = {
    ("GET", STAFF): set(ROLES),
    ("GET", STAFF + "/@history"): set(ROLES),
    ("GET", STAFF + "/@history/1.0"): set(ROLES),
    ("GET", STAFF + "/@diff"): set(ROLES),
    ("GET", STAFF + "/@translations"): set(ROLES),
    ("GET", "/++api++/@types"): set(ROLES),
    ("GET", "/++api++/@search?q=LinkedIn"): set(ROLES),
    ("GET", "/++api++/@vocabularies/schools"): set(ROLES),
    ("GET", STAFF + "?version=draft"): {"editor", "approver", "superuser"},
    ("GET", STAFF + "/@workflow"): {"editor", "approver", "superuser"},
    ("GET", STAFF + "/@signoff"): {
        "staff",
        "editor",
        "approver",
        "officer",
        "superuser",
    },
    ("GET", "/++api++/@signoffs?rule_set={uid}"): {"officer", "superuser"},
    ("POST", STAFF + "/@signoff"): {"staff"},
}


@pytest.mark.parametrize("role", ROLES + list(SCHOOL_ACCOUNTS))
@pytest.mark.parametrize(("method", "url"), list(MATRIX), ids=lambda v: str(v))
def test_api_permission_matrix(as_role, role, method, url):
    client = as_role(role)
    url = url.format(uid=uid())
    if method == "GET":
        response = client.get(url)
    else:
        version = client.get(STAFF).json()["version"]
        response = client.post(
            url,
            json.dumps(
                {
                    "version": version["number"],
                    "content_hash": version["content_hash"],
                    "language": "nl",
                }
            ),
            content_type="application/json",
        )
    like = SCHOOL_ACCOUNTS[role][0] if role in SCHOOL_ACCOUNTS else role
    allowed = like in MATRIX[(method, url.replace(uid(), "{uid}"))]
    assert (200 <= response.status_code < 300) == allowed, response.status_code
    if not allowed:
        assert response["Content-Type"] == "application/problem+json"
        assert "Ahmed" not in response.content.decode()


def test_expand_signoff_is_personal_and_never_shared(as_role):
    client = as_role("staff")
    data = client.get(STAFF + "?expand=signoff").json()
    assert data["@components"]["signoff"]["status"] == "done"
    assert client.get(STAFF + "?expand=signoff")["Cache-Control"].startswith("private")
    anonymous = as_role("anonymous").get(STAFF + "?expand=signoff").json()
    assert anonymous["@components"]["signoff"]["status"] is None


def test_editors_see_the_draft(as_role):
    page = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    page.title = "Concepttitel"
    page.save_revision()
    editor = as_role("editor")
    assert editor.get(STAFF + "?version=draft").json()["title"] == "Concepttitel"
    assert editor.get(STAFF).json()["title"] != "Concepttitel"
    assert as_role("anonymous").get(STAFF + "?version=draft").status_code in (401, 403)


def test_no_enumeration_of_who_signed_by_receipt(as_role):
    from signoff.models import SignOff

    client = as_role("anonymous")
    # The thank-you page shows only what this browser sent: a reference in the
    # address (a guessed or a real one) shows nobody's confirmation.
    real = SignOff.objects.valid().filter(user__isnull=True).first().reference
    for reference in ("AK-0000", real):
        response = client.get(
            PUPILS.replace("/++api++", "") + f"/akkoord/bedankt/?kenmerk={reference}"
        )
        assert response.status_code == 302
        assert response["Location"].endswith("/akkoord/")
