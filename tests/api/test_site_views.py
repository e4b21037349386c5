"""@vocabularies, @types, @search, the root, @signoffs, @workflow, API tokens."""

import json

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import APIToken

from policy_pages.models import PolicyVersion, RuleSetPage
from tests.conftest import publish

from .conftest import PUPILS, STAFF


def user(name):
    return get_user_model().objects.get(username=name)


def test_vocabularies(client, demo):
    schools = client.get("/++api++/@vocabularies/schools").json()["items"]
    assert [s["token"] for s in schools] == ["de-regenboog", "de-vlinder", "het-kompas"]
    assert len(schools[0]["groups"]) == 8
    audiences = client.get("/++api++/@vocabularies/audiences").json()["items"]
    assert {"token": "medewerkers", "title": "Medewerkers"} in audiences
    languages = client.get("/++api++/@vocabularies/languages").json()["items"]
    assert [lang["token"] for lang in languages] == [
        code for code, _name in settings.LANGUAGES
    ]
    assert client.get("/++api++/@vocabularies/nope").status_code == 404


def test_types_are_json_schemas(client, demo):
    names = [t["@id"].rsplit("/", 1)[1] for t in client.get("/++api++/@types").json()]
    assert "RuleSetPage" in names
    schema = client.get("/++api++/@types/RuleSetPage").json()
    assert schema["type"] == "object"
    assert {"title", "rules", "audience", "version_change_note"} <= set(
        schema["properties"]
    )
    assert "rules" in schema["required"]


def test_search_finds_live_pages_in_a_language(client, demo):
    data = client.get("/++api++/@search", {"q": "LinkedIn", "language": "nl"}).json()
    assert [item["@id"] for item in data["items"]] == ["http://testserver" + STAFF]
    empty = client.get("/++api++/@search", {"q": "LinkedIn", "language": "xx"}).json()
    assert empty["items_total"] == 0


def test_the_root_lists_a_home_page_per_language(client, demo):
    data = client.get("/++api++/").json()
    # The demo's home page is in every language.
    assert [item["language"] for item in data["items"]] == [
        code for code, _name in settings.LANGUAGES
    ]


def _uid():
    return str(
        RuleSetPage.objects.get(slug="gedragsregels-medewerkers").translation_key
    )


def test_signoffs_for_officers_with_totals_and_csv(client, demo):
    client.force_login(user("functionaris"))
    data = client.get("/++api++/@signoffs", {"rule_set": _uid()}).json()
    assert data["totals"]["confirmed"] == 1 and data["totals"]["expected"] == 2
    assert [row["name"] for row in data["items"]] == ["Ahmed El Amrani"]
    outstanding = client.get(
        "/++api++/@signoffs", {"rule_set": _uid(), "status": "outstanding"}
    ).json()
    assert [row["username"] for row in outstanding["items"]] == ["medewerker1"]
    csv = client.get("/++api++/@signoffs", {"rule_set": _uid()}, HTTP_ACCEPT="text/csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "Ahmed El Amrani" in csv.content.decode()


@pytest.mark.parametrize("name", [None, "medewerker1", "redacteur", "goedkeurder"])
def test_nobody_else_sees_who_signed(client, demo, name):
    if name:
        client.force_login(user(name))
    response = client.get("/++api++/@signoffs", {"rule_set": _uid()})
    assert response.status_code in (401, 403)
    assert "Ahmed" not in response.content.decode()


def test_signoffs_refuses_a_bad_rule_set(client, demo):
    client.force_login(user("functionaris"))
    assert client.get("/++api++/@signoffs", {"rule_set": "x"}).status_code == 400
    assert client.get("/++api++/@signoffs").status_code == 400


def test_an_api_token_acts_as_its_user(client, demo):
    token, key = APIToken.create_token(user=user("functionaris"), name="Portaal")
    response = client.get(
        "/++api++/@signoffs", {"rule_set": _uid()}, HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 200
    token.revoke()
    response = client.get(
        "/++api++/@signoffs", {"rule_set": _uid()}, HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    forged = client.get(STAFF, HTTP_AUTHORIZATION="Bearer wagtail_forged")
    assert forged.status_code == 401


def test_a_staff_token_confirms_without_csrf(demo):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    _token, key = APIToken.create_token(user=user("medewerker1"), name="App")
    version = client.get(STAFF).json()["version"]
    response = client.post(
        STAFF + "/@signoff",
        json.dumps(
            {
                "version": "2.0",
                "content_hash": version["content_hash"],
                "language": "nl",
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 201


def test_workflow_for_editors_submit_and_approve(client, demo):
    staff = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    assert client.get(STAFF + "/@workflow").status_code == 401
    client.force_login(user("medewerker1"))
    assert client.get(STAFF + "/@workflow").status_code == 403

    client.force_login(user("redacteur"))
    data = client.get(STAFF + "/@workflow").json()
    assert data["state"] == "live" and data["workflow"]["name"] == "Goedkeuring"
    assert data["transitions"] == []  # no draft to submit yet
    draft = RuleSetPage.objects.get(pk=staff.pk)
    draft.title = "Nieuwe titel"
    draft.version_change_note = "Titel korter"
    draft.version_material = False
    draft.save_revision(user=user("redacteur"))
    data = client.get(STAFF + "/@workflow").json()
    assert [t["name"] for t in data["transitions"]] == ["submit"]
    data = client.post(
        STAFF + "/@workflow/submit", json.dumps({}), content_type="application/json"
    ).json()
    assert data["state"] == "in_moderation"

    client.force_login(user("goedkeurder"))
    names = [t["name"] for t in client.get(STAFF + "/@workflow").json()["transitions"]]
    assert "approve" in names and "reject" in names
    response = client.post(
        STAFF + "/@workflow/approve",
        json.dumps({"comment": "Akkoord"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    latest = PolicyVersion.objects.for_page(staff).latest_first().first()
    assert latest.number == "2.1" and latest.change_note == "Titel korter"


def test_a_transition_that_is_not_allowed_is_403(client, demo):
    client.force_login(user("redacteur"))
    response = client.post(
        STAFF + "/@workflow/approve", json.dumps({}), content_type="application/json"
    )
    assert response.status_code == 403


def test_anonymous_reads_live_content_only(client, demo):
    pupils = RuleSetPage.objects.get(slug="gedragsregels-leerlingen-ouders")
    pupils.unpublish()
    assert client.get(PUPILS).status_code == 404
    publish(pupils, version_change_note="Terug", version_material=False)
    assert client.get(PUPILS).status_code == 200


@pytest.mark.parametrize("q", ['5|"\x08C', '"', "AND OR NOT", "*", "("])
def test_search_syntax_in_a_query_is_not_an_error(client, demo, q):
    response = client.get("/++api++/@search", {"q": q})
    assert response.status_code == 200


def test_a_nul_byte_in_a_search_is_a_clear_400(client, demo):
    response = client.get("/++api++/@search", {"q": "LinkedIn\x00"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_editors_see_workflow_events_in_history(client, demo):
    client.force_login(user("redacteur"))
    page = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    draft = RuleSetPage.objects.get(pk=page.pk)
    draft.title = "Nieuw"
    draft.version_change_note = "Nieuw"
    draft.save_revision(user=user("redacteur"))
    client.post(
        STAFF + "/@workflow/submit", json.dumps({}), content_type="application/json"
    )
    events = client.get(STAFF + "/@history").json()["workflow_events"]
    assert events[0]["event"] == "submitted" and events[0]["actor"] == "Eva Redactie"
    client.logout()
    assert "workflow_events" not in client.get(STAFF + "/@history").json()


def test_diff_starts_from_the_version_the_caller_confirmed(client, demo):
    staff = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    publish(
        staff, title="Titel 2.1", version_change_note="Klein", version_material=False
    )
    client.force_login(user("medewerker1"))  # confirmed 1.0
    data = client.get(STAFF + "/@diff").json()
    assert (data["from"], data["to"]) == ("1.0", "2.1")
    client.logout()
    data = client.get(STAFF + "/@diff").json()
    assert (data["from"], data["to"]) == ("2.0", "2.1")


def test_officers_manage_api_tokens_in_the_admin(client, demo):
    client.force_login(user("functionaris"))
    assert client.get("/admin/api-tokens/").status_code == 200


def test_the_api_docs_work_without_a_cdn(client, demo):
    html = client.get("/++api++/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn." not in html
