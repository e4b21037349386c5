"""Issue 8: ETags and 304 through Django's get_conditional_response: weak tags,
lists of tags and ``*`` match as HTTP says; a warm anonymous read needs no query."""

import pytest
from django.core.cache import cache

from .conftest import STAFF


@pytest.fixture
def etag(demo, client):
    response = client.get(STAFF)
    assert response.status_code == 200
    return response["ETag"]


@pytest.mark.parametrize(
    "header",
    [
        "{tag}",
        "W/{tag}",
        '"other", {tag}',
        '"other", W/{tag}, "more"',
        "*",
    ],
)
def test_a_matching_if_none_match_answers_304(client, etag, header):
    response = client.get(STAFF, HTTP_IF_NONE_MATCH=header.format(tag=etag))
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert not response.content


def test_an_other_tag_gets_the_answer(client, etag):
    response = client.get(STAFF, HTTP_IF_NONE_MATCH='"other", W/"more"')
    assert response.status_code == 200
    assert response.json()["@id"].endswith(STAFF)


def test_an_uncached_answer_also_answers_304_to_a_weak_tag(client, demo):
    url = STAFF + "/@translations"
    tag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=f'"x", W/{tag}').status_code == 304


def test_a_publish_changes_the_tag(client, etag):
    from policy_pages.cache import bump_generation

    bump_generation()
    response = client.get(STAFF, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_warm_anonymous_read_needs_no_query(
    client, etag, django_assert_max_num_queries
):
    with django_assert_max_num_queries(0):
        assert client.get(STAFF).status_code == 200
        assert client.get(STAFF, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_warm_anonymous_read_is_one_cache_round_trip(client, etag, monkeypatch):
    calls = []
    inside = []  # locmem's get_many calls its own get: count the outer call only
    for name in ("get", "get_many", "get_or_set", "set", "incr"):
        original = getattr(cache, name)

        def spy(*args, _original=original, _name=name, **kwargs):
            if not inside:
                calls.append(_name)
            inside.append(_name)
            try:
                return _original(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(cache, name, spy)
    assert client.get(STAFF).status_code == 200
    assert client.get(STAFF, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert calls == ["get_many", "get_many"]
