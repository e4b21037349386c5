"""Issue 7: page privacy in every ++api++ read (1), only canonical addresses
cached (8), and bad input that gave 500s (10-13): non-ASCII digits, oversize
bodies, NUL bytes, malformed JSON and unknown methods."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from policy_pages.models import RuleSetPage
from signoff.models import SignOff

from .conftest import PUPILS, STAFF

PROTOCOL = "/++api++/nl/protocol-sociale-media"
STAFF_HTML = "/nl/protocol-sociale-media/gedragsregels-medewerkers/"


def user(name):
    return get_user_model().objects.get(username=name)


def restrict(kind, groups=(), password=""):
    page = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password=password
    )
    restriction.groups.set(groups)
    return restriction


READS = [
    STAFF,
    STAFF + "/@history",
    STAFF + "/@history/1.0",
    STAFF + "/@diff",
    STAFF + "/@diff?from=1.0&to=2.0",
    STAFF + "/@translations",
    STAFF + "?expand=translations",
    STAFF + "?b_start=1",
]


def test_a_login_restriction_hides_the_page_from_every_anonymous_read(client, demo):
    # Warm the caches first: a cached answer must not leak either.
    for url in READS:
        assert client.get(url).status_code == 200
    items = client.get(PROTOCOL).json()["items"]
    assert any("medewerkers" in item["@id"] for item in items)
    restrict(PageViewRestriction.LOGIN)
    assert client.get(STAFF_HTML).status_code == 302  # Wagtail's own page
    for url in READS:
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["Content-Type"] == "application/problem+json"
    items = client.get(PROTOCOL).json()["items"]
    assert not any("medewerkers" in item["@id"] for item in items)
    found = client.get("/++api++/@search", {"q": "medewerkers"}).json()["items"]
    assert not any("gedragsregels-medewerkers" in item["@id"] for item in found)
    translations = client.get(
        "/++api++/en/social-media-protocol/code-of-conduct-staff/@translations"
    ).json()["items"]
    assert [t["language"] for t in translations] == ["en"]
    # Signed in, it is there again (and the cache did not keep the other answer).
    client.force_login(user("medewerker1"))
    for url in READS:
        assert client.get(url).status_code == 200, url
    items = client.get(PROTOCOL).json()["items"]
    assert any("medewerkers" in item["@id"] for item in items)
    client.logout()
    items = client.get(PROTOCOL).json()["items"]
    assert not any("medewerkers" in item["@id"] for item in items)


def test_a_groups_restriction_admits_members_only(client, demo):
    restrict(PageViewRestriction.GROUPS, [Group.objects.get(name="Medewerkers")])
    client.force_login(user("redacteur"))
    assert client.get(STAFF).status_code == 403
    assert client.get(STAFF + "/@history").status_code == 403
    client.force_login(user("medewerker1"))
    assert client.get(STAFF).status_code == 200


def test_a_password_restriction_is_never_passed_in_the_api(client, demo):
    restrict(PageViewRestriction.PASSWORD, password="geheim")  # noqa: S106
    assert client.get(STAFF).status_code == 401
    client.force_login(user("medewerker1"))
    assert client.get(STAFF).status_code == 403
    assert client.get(STAFF + "/@signoff").status_code == 403


def test_the_personal_status_on_an_html_rule_set_page_is_private(client, demo):
    client.force_login(user("medewerker1"))
    response = client.get(STAFF_HTML)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


# -- 8: only canonical addresses are cached -----------------------------------------


def test_doubled_or_trailing_slashes_redirect_to_the_canonical_address(client, demo):
    response = client.get("/++api++/nl//protocol-sociale-media/?b_size=5")
    assert response.status_code == 301
    assert response["Location"] == "/++api++/nl/protocol-sociale-media?b_size=5"


def test_anonymous_callers_cannot_fill_the_cache(client, demo):
    client.get(PROTOCOL)
    before = len(cache._cache)
    for n in range(60):
        client.get(PROTOCOL, {"b_start": n})
        client.get(PROTOCOL.replace("nl/", "nl" + "/" * (n % 5 + 2)))
    assert len(cache._cache) == before


# -- 10: one version parser, ASCII digits only -------------------------------------


@pytest.mark.parametrize("number", ["%C2%B2.0", "%D9%A2.0", "1.%C2%B2", "9" * 5000])
def test_non_ascii_digits_in_a_version_are_404_not_500(client, demo, number):
    assert client.get(f"{STAFF_HTML}versies/{number}/").status_code == 404
    assert client.get(f"{STAFF}/@history/{number}").status_code == 404
    assert client.get(f"{STAFF}/@diff?from={number}").status_code in (400, 404)


@pytest.mark.parametrize("version", ["².1", "٢.0", "1." + "9" * 5000])
def test_non_ascii_digits_in_a_signoff_version_are_400(client, demo, version):
    body = {"version": version, "content_hash": "sha256:x", "language": "nl"}
    response = client.post(
        PUPILS + "/@signoff", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("version", ["²", "٢.0", "9" * 5000])
def test_non_ascii_digits_in_filters_are_refused_not_500(client, demo, version):
    client.force_login(user("functionaris"))
    uid = str(RuleSetPage.objects.get(slug="gedragsregels-medewerkers").translation_key)
    response = client.get("/++api++/@signoffs", {"rule_set": uid, "version": version})
    assert response.status_code == 400
    admin = client.get("/admin/snippets/signoff/signoff/", {"version": version})
    assert admin.status_code == 200


# -- 11: oversize bodies -------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title"),
    [("nl", "Het verzoek is te groot"), ("en", "The request is too large")],
)
def test_a_5_mb_body_is_413_in_the_callers_language(client, demo, language, title):
    body = json.dumps({"name": "a" * 5_000_000})
    response = client.post(
        PUPILS + "/@signoff",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == title
    assert SignOff.objects.filter(channel="api").count() == 0


# -- 12: NUL bytes -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/nl/protocol-sociale-media/gedragsregels-leerlingen-ouders/akkoord/bedankt/"
        "?kenmerk=AK-%00",
        "/++api++/@search?q=social&language=n%00",
        "/++api++/nl/protocol-sociale-media%00",
        "/nl/protocol-sociale-media%00/",
        "/admin/snippets/signoff/signoff/?q=%00",
    ],
)
def test_nul_bytes_in_addresses_are_400_not_500(client, demo, url):
    client.force_login(user("functionaris"))
    response = client.get(url)
    assert response.status_code == 400


def test_a_nul_byte_in_a_json_body_is_400(client, demo):
    body = '{"version": "1.1", "content_hash": "x", "language": "nl", ' + (
        '"school": "a\\u0000"}'
    )
    response = client.post(PUPILS + "/@signoff", body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


# -- 13: malformed JSON and unknown methods as problem details ---------------------


@pytest.mark.parametrize(
    ("language", "title"),
    [("nl", "Het verzoek klopt niet."), ("en", "The request is not valid.")],
)
def test_malformed_json_is_a_problem_in_the_callers_language(
    client, demo, language, title
):
    response = client.post(
        PUPILS + "/@signoff",
        "{not json",
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == title
    assert "parse" not in json.dumps(response.json()).lower()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_unknown_methods_are_405_problems_in_dutch(client, demo, method):
    response = getattr(client, method)(STAFF, "{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Deze methode kan hier niet."
    assert "GET" in response["Allow"]


def test_varying_the_port_in_the_host_header_does_not_fill_the_cache(client, demo):
    client.get(PROTOCOL)
    before = len(cache._cache)
    for port in range(8000, 8040):
        response = client.get(PROTOCOL, HTTP_HOST=f"localhost:{port}")
        assert response.status_code == 200
    assert len(cache._cache) == before


def test_a_privacy_change_invalidates_answers_again_after_its_commit(
    demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        restrict(PageViewRestriction.LOGIN)
    assert callbacks  # the generation is raised once more when it commits


def test_an_unreadable_content_length_is_400_not_500(client, demo):
    response = client.generic(
        "POST",
        PUPILS + "/@signoff",
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH="abc",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_a_broken_multipart_body_is_a_problem_not_an_html_page(client, demo):
    response = client.generic(
        "POST",
        PUPILS + "/@signoff",
        b"--\r\nx",
        content_type="multipart/form-data; boundary=",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_a_nul_in_a_json_body_says_what_is_wrong_with_the_body(client, demo):
    response = client.post(
        PUPILS + "/@signoff",
        '{"name": "a\\u0000"}',
        content_type="application/json",
    )
    assert response.json()["detail"] == (
        "Hier staan tekens in die we niet kunnen opslaan. Typ het opnieuw."
    )


@pytest.mark.parametrize("tick", ["yes", 1, "true"])
def test_consent_is_a_json_true_and_nothing_else(client, demo, tick):
    version = client.get(PUPILS).json()["version"]
    body = {
        "version": version["number"],
        "content_hash": version["content_hash"],
        "language": "nl",
        "name": "Ilse de Jong",
        "email": "ilse@example.org",
        "child_name": "Sem",
        "school": "het-kompas",
        "group": "groep-4",
        "parental_responsibility": True,
        "agree": tick,
    }
    response = client.post(
        PUPILS + "/@signoff", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert SignOff.objects.filter(channel="api").count() == 0
