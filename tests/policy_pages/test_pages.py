"""What readers see: the rule set, an old version, the comparison."""

import datetime

import pytest

from tests.conftest import publish, without_bdi
from tests.factories import rule


@pytest.fixture
def two_versions(make_rule_set):
    page = make_rule_set()
    raw = list(page.rules.raw_data)
    raw[1] = rule("Regel twee, strenger.", raw[1]["id"])
    return publish(
        page,
        rules=[*raw, rule("Regel vier.")],
        version_change_note="Regel 2 strenger, regel 4 nieuw",
        version_material=True,
        version_effective_date=datetime.date(2026, 9, 1),
    )


def test_rule_set_page_shows_rules_version_and_change_note(client, two_versions):
    response = client.get(two_versions.url)
    html = without_bdi(response.content.decode())
    assert response.status_code == 200
    assert "Versie 2.0, geldig vanaf 1 september 2026" in html
    assert "Regel 2 strenger, regel 4 nieuw" in html
    assert "Wat is er veranderd?" in html
    assert "vergelijken/?van=1.0&amp;tot=2.0" in html
    assert html.count('data-rule-id="') == 4
    assert "Regel vier." in html


def test_old_version_is_readable_and_marked_not_current(client, two_versions):
    response = client.get(two_versions.url + "versies/1.0/")
    html = without_bdi(response.content.decode())
    assert response.status_code == 200
    assert "Dit is een oude versie (versie 1.0, geldig vanaf 25 mei 2018)." in html
    assert "Bekijk de huidige versie." in html
    assert "Regel twee." in html and "strenger" not in html
    assert 'name="robots" content="noindex"' in html


def test_unknown_version_is_not_found(client, two_versions):
    assert client.get(two_versions.url + "versies/9.0/").status_code == 404
    assert client.get(two_versions.url + "versies/abc/").status_code == 404


def test_comparison_page_shows_insertions_and_deletions(client, two_versions):
    response = client.get(
        two_versions.url + "vergelijken/", {"van": "1.0", "tot": "2.0"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-change="changed"' in html
    assert 'data-change="added"' in html
    # Not by colour alone: the markup says it, and screen readers hear it.
    assert "<ins>" in html and "[toegevoegd:]" in html
    assert "1 regel toegevoegd" in html and "1 regel gewijzigd" in html


def test_protocol_page_lists_its_rule_sets(client, two_versions):
    html = client.get(two_versions.get_parent().url).content.decode()
    assert two_versions.title in html
    assert "Voor: Medewerkers" in html


def _count(django_assert_max_num_queries, client, url, limit):
    with django_assert_max_num_queries(limit) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("suffix", ["", "versies/1.0/", "vergelijken/"])
def test_page_queries_do_not_grow_with_rules_or_versions(
    client, make_rule_set, django_assert_max_num_queries, suffix
):
    small = make_rule_set([f"Regel {n}." for n in range(10)], slug="klein")
    large = make_rule_set([f"Regel {n}." for n in range(200)], slug="groot")
    for n in range(5):
        large = publish(large, title=f"Groot {n}", version_change_note=f"Wijziging {n}")
    counts = [
        _count(django_assert_max_num_queries, client, page.url + suffix, 25)
        for page in (small, large)
    ]
    assert counts[0] == counts[1]


def test_lagging_translation_says_so_and_links_the_current_source(db, client):
    from cms.demo.loader import load_demo
    from policy_pages.models import RuleSetPage

    load_demo()
    staff = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    english_url = "/en/social-media-protocol/code-of-conduct-staff/"
    assert "has not been updated yet" not in client.get(english_url).content.decode()

    publish(
        staff,
        title="Nieuwe titel",
        version_change_note="Titel korter",
        version_material=False,
    )
    html = without_bdi(client.get(english_url).content.decode())
    assert "This translation has not been updated yet." in html
    assert (
        '<a href="/nl/protocol-sociale-media/gedragsregels-medewerkers/" hreflang="nl">'
        "Version 2.1, in force from"
    ) in html
