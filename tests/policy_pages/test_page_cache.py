"""Issue 8: the shared cache of anonymous rule-set pages (policy_pages.page_cache)
and Wagtail's front-end cache purging."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.backends.dummy import DummyBackend
from wagtail.models import PageViewRestriction

from ..conftest import publish


class RecordingBackend(DummyBackend):
    """Wagtail's dummy backend (it records the URLs it is asked to purge); its
    own ``__init__`` forgets the ``params`` every backend is made with."""

    def __init__(self, params=None):
        BaseBackend.__init__(self, params or {})
        self.urls = []


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rule_set(parents_rule_set):
    return parents_rule_set


def test_an_anonymous_visit_is_served_from_the_cache_without_queries(
    rule_set, django_assert_max_num_queries
):
    first = Client().get(rule_set.url)
    assert first.status_code == 200
    with django_assert_max_num_queries(0):
        second = Client().get(rule_set.url)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Frame-Options"] == first["X-Frame-Options"]


def test_a_publish_serves_the_new_text_at_once(rule_set):
    Client().get(rule_set.url)
    publish(rule_set, title="Nieuwe titel", version_change_note="Nieuwe titel")
    response = Client().get(rule_set.url)
    assert "Nieuwe titel" in response.content.decode()


def test_an_unpublished_page_is_gone_at_once(rule_set):
    assert Client().get(rule_set.url).status_code == 200
    rule_set.unpublish()
    assert Client().get(rule_set.url).status_code == 404


def test_a_signed_in_person_never_gets_the_shared_copy(
    staff_rule_set, staff_member, django_assert_max_num_queries
):
    anonymous = Client().get(staff_rule_set.url)
    assert "Your status" not in anonymous.content.decode()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(staff_member)
    response = client.get(staff_rule_set.url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert response.content != anonymous.content  # their own status is shown
    # ... and what they saw is not served to the next anonymous visitor.
    cache.clear()
    client.get(staff_rule_set.url)
    with django_assert_max_num_queries(50) as queries:
        Client().get(staff_rule_set.url)
    assert len(queries.captured_queries) > 0


def test_an_anonymous_copy_is_public_to_caches(rule_set):
    Client().get(rule_set.url)
    response = Client().get(rule_set.url)
    assert "private" not in response.get("Cache-Control", "")
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("kind", ["login", "password"])
def test_a_restricted_page_is_never_cached(
    rule_set, kind, django_assert_max_num_queries
):
    restriction = PageViewRestriction.objects.create(
        page=rule_set, restriction_type=kind, password="geheim"
    )
    visitor = Client()
    if kind == "password":
        passed = visitor.post(
            f"/nl/_util/authenticate_with_password/{restriction.pk}/{rule_set.pk}/",
            {"password": "geheim", "return_url": rule_set.url},
        )
        assert passed.status_code == 302
        assert "Regel een." in visitor.get(rule_set.url).content.decode()
    else:
        assert visitor.get(rule_set.url).status_code == 302
    with django_assert_max_num_queries(50) as queries:
        other = Client().get(rule_set.url)
    assert len(queries.captured_queries) > 0
    assert "Regel een." not in other.content.decode()


def test_a_restriction_added_later_applies_at_once(rule_set):
    Client().get(rule_set.url)
    PageViewRestriction.objects.create(page=rule_set, restriction_type="login")
    assert Client().get(rule_set.url).status_code == 302


def test_one_visitors_cookies_and_csrf_token_never_reach_another(rule_set):
    first, second = Client(), Client()
    form = first.get(rule_set.url + "akkoord/")
    assert form.status_code == 200
    assert "csrftoken" in form.cookies
    page = first.get(rule_set.url)
    assert b"csrfmiddlewaretoken" not in page.content
    shared = second.get(rule_set.url)
    assert shared.content == page.content
    assert not shared.cookies
    # The form itself is never shared: each visitor gets a token of their own.
    other_form = second.get(rule_set.url + "akkoord/")
    assert other_form.cookies["csrftoken"].value != form.cookies["csrftoken"].value
    assert "no-cache" in other_form["Cache-Control"]


def test_the_form_works_for_a_visitor_who_came_from_the_cached_page(
    rule_set, school, mail_at_once
):
    from signoff.models import SignOff

    Client().get(rule_set.url)
    parent = Client(enforce_csrf_checks=True)
    assert parent.get(rule_set.url).status_code == 200
    form = parent.get(rule_set.url + "akkoord/")
    token = form.context["csrf_token"]
    version = form.context["version"]
    response = parent.post(
        rule_set.url + "akkoord/",
        {
            "csrfmiddlewaretoken": token,
            "version": version.number,
            "content_hash": version.content_hash,
            "name": "Ingrid Bakker",
            "email": "ingrid@example.org",
            "child_name": "Daan Bakker",
            "school": school.token,
            "group": school.groups.get(token="groep-3").pk,
            "parental_responsibility": "on",
            "agree": "on",
        },
    )
    assert response.status_code == 302
    assert SignOff.objects.count() == 1


def test_other_addresses_of_a_page_are_not_cached(
    rule_set, django_assert_max_num_queries
):
    for suffix in ("?utm_source=mail", "vergelijken/", "versies/1.0/"):
        Client().get(rule_set.url + suffix)
        with django_assert_max_num_queries(50) as queries:
            Client().get(rule_set.url + suffix)
        assert len(queries.captured_queries) > 0, suffix


def test_publishing_purges_the_page_its_versions_and_translations_from_a_cdn(
    rule_set, settings
):
    settings.WAGTAILFRONTENDCACHE = {
        "dummy": {"BACKEND": "wagtail.contrib.frontend_cache.backends.DummyBackend"}
    }
    backend = RecordingBackend()
    with mock.patch(
        "wagtail.contrib.frontend_cache.tasks.get_backends",
        return_value={"dummy": backend},
    ):
        page = publish(rule_set, title="Nieuw", version_change_note="Nieuw")
    base = page.full_url
    assert base + "" in backend.urls
    assert base + "vergelijken/" in backend.urls
    assert base + "versies/1.0/" in backend.urls
    assert base + "versies/1.1/" in backend.urls or base + "versies/2.0/" in (
        backend.urls
    )
    backend.urls.clear()
    with mock.patch(
        "wagtail.contrib.frontend_cache.tasks.get_backends",
        return_value={"dummy": backend},
    ):
        page.unpublish()
    assert base in backend.urls
