"""Shared fixtures: locales, a site tree with a protocol, publishing helpers."""

from __future__ import annotations

import datetime

import pytest
from wagtail.models import Locale, Page, Site

from cms.models import HomePage
from policy_pages.models import ProtocolPage, RuleSetPage

from .factories import AudienceFactory, UserFactory, rules


@pytest.fixture
def locales(db):
    nl, _ = Locale.objects.get_or_create(language_code="nl")
    en, _ = Locale.objects.get_or_create(language_code="en")
    return nl, en


@pytest.fixture
def home(locales):
    nl, _en = locales
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Start", slug="start", locale=nl))
    home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


@pytest.fixture
def protocol(home):
    page = home.add_child(
        instance=ProtocolPage(title="Protocol sociale media", slug="protocol")
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def audience(db):
    return AudienceFactory(token="medewerkers", title="Medewerkers")


def publish(page: Page, user=None, **changes) -> Page:
    """Apply ``changes`` to the page and publish it as an editor would."""
    page = type(page).objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision(user=user).publish(user=user)
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def make_rule_set(protocol, audience):
    """Create and publish a rule set (version 1.0) with the given rule texts."""

    def make(texts=("Regel een.", "Regel twee.", "Regel drie."), **fields):
        defaults = {
            "title": "Gedragsregels medewerkers",
            "slug": "gedragsregels",
            "audience": audience,
            "preamble": "<p>Je kent het protocol.</p>",
            "rules": rules(*texts),
            "contact": "je directeur",
            "version_change_note": "Eerste versie",
            "version_effective_date": datetime.date(2018, 5, 25),
        }
        defaults.update(fields)
        page = protocol.add_child(instance=RuleSetPage(**defaults))
        return publish(page)

    return make
