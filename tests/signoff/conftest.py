"""The parent form as the signoff tests post it."""

import pytest
from django.core.cache import cache

from tests.conftest import current


@pytest.fixture(autouse=True)
def clear_rate_limit():
    """Attempt counters live in the cache: every test starts with none."""
    cache.clear()


@pytest.fixture
def form_url(parents_rule_set):
    return parents_rule_set.url + "akkoord/"


@pytest.fixture
def valid(parents_rule_set, school):
    """A complete, valid parent form for the current version."""
    version = current(parents_rule_set)
    return {
        "version": version.number,
        "content_hash": version.content_hash,
        "name": "Ingrid Bakker",
        "email": "ingrid@example.org",
        "child_name": "Daan Bakker",
        "school": school.token,
        "group": str(school.groups.get(token="groep-3").pk),
        "parental_responsibility": "on",
        "agree": "on",
        "website": "",
    }
