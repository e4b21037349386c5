"""Contract tests of the ++api++ content views, on the demo content."""

import pytest

from policy_pages.models import PolicyVersion, RuleSetPage
from tests.conftest import publish

from .conftest import STAFF, STAFF_EN


def get(client, url, **headers):
    return client.get(url, **headers)


def test_a_rule_set_by_path_in_dutch(client, demo):
    response = get(client, STAFF)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    page = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    assert data["@id"] == "http://testserver" + STAFF
    assert data["@type"] == "RuleSetPage"
    assert data["UID"] == str(page.translation_key)
    assert data["language"] == "nl"
    assert (
        data["title"]
        == "Gedragsregels gebruik social media voor medewerkers van Kalisto"
    )
    assert data["audience"] == {"token": "medewerkers", "title": "Medewerkers"}
    assert data["version"]["number"] == "2.0" and data["version"]["material"] is True
    assert data["version"]["effective_date"] == "2026-09-01"
    assert data["version"]["content_hash"].startswith("sha256:")
    assert len(data["rules"]) == 13 and data["rules"][0]["number"] == 1
    assert data["parent"]["title"] == "Protocol sociale media"
    assert (
        data["@components"]["history"]["@id"]
        == "http://testserver" + STAFF + "/@history"
    )
    assert data["contact"] == "je directeur"


def test_the_same_rule_set_in_english_has_the_same_uid(client, demo):
    dutch, english = get(client, STAFF).json(), get(client, STAFF_EN).json()
    assert english["language"] == "en" and english["UID"] == dutch["UID"]
    assert english["version"]["number"] == "2.0"
    assert "LinkedIn and other professional networks" in english["rules"][7]["text"]


def test_a_container_lists_its_items_in_batches(client, demo):
    data = get(client, "/++api++/nl/protocol-sociale-media?b_size=1").json()
    assert data["@type"] == "ProtocolPage"
    assert data["items_total"] == 2 and len(data["items"]) == 1
    assert "next" in data["batching"]


def test_history_lists_versions_newest_first(client, demo):
    data = get(client, STAFF + "/@history").json()
    assert [item["version"] for item in data["items"]] == ["2.0", "1.0"]
    assert data["items"][1]["change_note"] == "Eerste versie"
    assert data["items"][0]["change_note"].startswith("Regel 8 gaat nu over")


def test_an_old_version_is_returned_as_first_published(client, demo):
    data = get(client, STAFF + "/@history/1.0").json()
    assert data["version"]["number"] == "1.0"
    assert len(data["rules"]) == 12
    assert "LinkedIn wordt alleen gebruikt" in data["rules"][7]["text"]
    version = PolicyVersion.objects.get(
        page__slug="gedragsregels-medewerkers", major=1, minor=0
    )
    assert data["version"]["content_hash"] == version.content_hash
    assert get(client, STAFF + "/@history/9.9").status_code == 404


def test_diff_marks_the_changed_and_the_added_rule(client, demo):
    data = get(client, STAFF + "/@diff?from=1.0&to=2.0").json()
    changes = [rule["change"] for rule in data["rules"]]
    assert changes.count("changed") == 1 and changes.count("added") == 1
    changed = next(r for r in data["rules"] if r["change"] == "changed")
    assert changed["number_from"] == 8 and changed["number_to"] == 8
    assert {w["op"] for w in changed["words"]} >= {"insert", "delete"}
    default = get(client, STAFF + "/@diff").json()
    assert (default["from"], default["to"]) == ("1.0", "2.0")


def test_translations_list_english_with_up_to_date(client, demo):
    data = get(client, STAFF + "/@translations").json()
    english = next(item for item in data["items"] if item["language"] == "en")
    assert english["version"] == "2.0" and english["up_to_date"] is True
    staff = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    publish(
        staff, title="Nieuwe titel", version_change_note="Titel", version_material=False
    )
    data = get(client, STAFF + "/@translations").json()
    english = next(item for item in data["items"] if item["language"] == "en")
    assert english["up_to_date"] is False


def test_etag_and_304(client, demo):
    first = get(client, STAFF)
    assert first["Cache-Control"].startswith("public")
    etag = first["ETag"]
    again = get(client, STAFF, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""


def test_a_publish_is_visible_on_the_next_request(client, demo):
    etag = get(client, STAFF)["ETag"]
    staff = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    publish(
        staff, title="Andere titel", version_change_note="Titel", version_material=False
    )
    response = get(client, STAFF, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["title"] == "Andere titel"
    assert response.json()["version"]["number"] == "2.1"


@pytest.mark.parametrize(
    "url",
    [
        "/++api++/nl/bestaat-niet",
        "/++api++/xx/protocol-sociale-media",
        STAFF + "/versies/1.0",
        "/++api++/nl/" + "a/" * 600,
    ],
)
def test_unknown_paths_are_problem_details(client, demo, url):
    response = get(client, url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_bad_query_values_are_400_not_500(client, demo):
    response = get(client, "/++api++/nl/protocol-sociale-media?b_size=abc")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "b_size"


def test_openapi_document_and_docs(client, db):
    spec = client.get("/++api++/openapi.json")
    assert spec.status_code == 200 and "paths" in spec.json()
    assert client.get("/++api++/docs").status_code == 200


def test_uncached_content_queries_do_not_grow_with_rules(
    client, make_rule_set, django_assert_max_num_queries
):
    from django.core.cache import cache

    counts = []
    for rules in (10, 200):
        page = make_rule_set([f"Regel {n}." for n in range(rules)], slug=f"r{rules}")
        cache.clear()
        url = "/++api++" + page.url.rstrip("/")
        with django_assert_max_num_queries(8) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize(
    "url",
    [
        STAFF + "/@translations",
        "/++api++/@vocabularies/schools",
        "/++api++/@types",
        "/++api++/@search?q=LinkedIn",
        "/++api++/",
        STAFF + "?expand=translations",
    ],
)
def test_every_get_answers_with_an_etag_and_304(client, demo, url):
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
