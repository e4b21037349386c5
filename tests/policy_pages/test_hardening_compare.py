"""Issue 7, item 23: a comparison shows the change first, the rest folded."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from policy_pages.models import PolicyVersion, RuleSetPage

STAFF_URL = "/nl/protocol-sociale-media/gedragsregels-medewerkers/"


@pytest.fixture
def demo(db):
    from cms.demo.loader import load_demo

    cache.clear()
    load_demo()
    return RuleSetPage.objects.get(slug="gedragsregels-medewerkers")


def changes_before_the_fold(html):
    shown, _sep, folded = html.partition('<details class="diff-unchanged">')
    return (
        re.findall(r'data-change="(\w+)"', shown),
        re.findall(r'data-change="(\w+)"', folded),
    )


def test_public_comparison_shows_the_changes_first_and_folds_the_rest(client, demo):
    html = client.get(STAFF_URL + "vergelijken/?van=1.0&tot=2.0").content.decode()
    shown, folded = changes_before_the_fold(html)
    assert shown == ["changed", "added"]
    assert folded == ["unchanged"] * 11
    assert "<summary>11 regels ongewijzigd – toon</summary>" in html


def test_one_unchanged_rule_is_counted_in_the_singular(client, make_rule_set):
    from tests.conftest import publish
    from tests.factories import rule

    page = make_rule_set(["Regel een.", "Regel twee."])
    raw = list(page.rules.raw_data)
    publish(
        page,
        rules=[rule("Regel een, anders.", raw[0]["id"]), raw[1]],
        version_change_note="Regel 1 anders",
    )
    html = client.get(page.url + "vergelijken/").content.decode()
    assert "<summary>1 regel ongewijzigd – toon</summary>" in html


def test_staff_who_confirm_again_see_the_change_first(client, demo):
    # Mijn protocollen links staff who must confirm again to this comparison.
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="medewerker1"))
    html = client.get("/nl/mijn-protocollen/").content.decode()
    link = re.search(r'href="([^"]*vergelijken/\?van=1\.0&amp;tot=2\.0)"', html)
    assert link is not None
    html = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert changes_before_the_fold(html)[0] == ["changed", "added"]


def test_admin_comparison_shows_the_changes_first(client, demo, superuser):
    client.force_login(superuser)
    first, second = PolicyVersion.objects.for_page(demo).order_by("pk")
    url = reverse("policy_pages_admin:compare", args=[demo.pk])
    html = client.get(url, {"from": first.pk, "to": second.pk}).content.decode()
    shown, folded = changes_before_the_fold(html)
    assert shown == ["changed", "added"] and len(folded) == 11
    assert "11 regels ongewijzigd – toon" in html
