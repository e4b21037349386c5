"""Issue 7, item 16: a translation behind its source says so and leads on.

After a Dutch 1.2 the English page offered "Confirm", its form page had no form
and its version list still called 1.1 "(current version)".
"""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from policy_pages.models import PolicyVersion, RuleSetPage
from tests.conftest import publish, without_bdi

NL = "/nl/protocol-sociale-media/gedragsregels-leerlingen-ouders/"
EN = "/en/social-media-protocol/code-of-conduct-pupils-parents/"
LAG = "This translation has not been updated yet. Read the Dutch version to confirm."


@pytest.fixture
def demo(db):
    from cms.demo.loader import load_demo

    cache.clear()
    load_demo()


@pytest.fixture
def lagging(demo):
    """The Dutch pupils' rules get a 1.2; the English translation stays at 1.1."""
    pupils = RuleSetPage.objects.get(slug="gedragsregels-leerlingen-ouders")
    publish(
        pupils,
        title="Gedragsregels social media voor leerlingen en ouders",
        version_change_note="Titel korter",
        version_material=False,
    )
    return pupils


def test_an_up_to_date_translation_shows_no_notice(client, demo):
    html = client.get(EN).content.decode()
    assert LAG not in html
    assert "(current version)" in html
    assert f'href="{EN}akkoord/"' in html


def test_a_lagging_translation_says_so_and_offers_only_the_source_form(client, lagging):
    html = without_bdi(client.get(EN).content.decode())
    assert LAG in html
    assert "This text is a translation of version 1.1. The current version is 1.2." in (
        html
    )
    assert f'<a href="{NL}" hreflang="nl">Version 1.2, in force from' in html
    # The confirm box leads to the Dutch form, never to the English one.
    assert f'href="{NL}akkoord/"' in html
    assert f'href="{EN}akkoord/"' not in html
    # No old version is called current.
    assert "(current version)" not in html
    assert "not current: version 1.2 has not been translated yet" in html


def test_a_lagging_translations_version_page_is_not_called_current(client, lagging):
    html = without_bdi(client.get(EN + "versies/1.1/").content.decode())
    assert "This is the current version" not in html
    assert LAG in html
    assert f'href="{NL}akkoord/"' in html
    assert 'name="robots" content="noindex"' in html
    # The Dutch 1.2 page is current.
    dutch = without_bdi(client.get(NL + "versies/1.2/").content.decode())
    assert "Dit is de huidige versie (1.2)." in dutch


def test_a_lagging_translations_form_links_the_source_text_and_its_form(
    client, lagging
):
    html = without_bdi(client.get(EN + "akkoord/").content.decode())
    assert LAG in html
    assert f'<a href="{NL}" hreflang="nl">Version 1.2' in html
    assert re.search(rf'<a class="button" href="{NL}akkoord/" hreflang="nl">', html)
    assert 'name="child_name"' not in html


def test_editors_get_a_report_of_lagging_translations(client, lagging, superuser):
    client.force_login(superuser)
    url = reverse("policy_pages_admin:lagging")
    html = client.get(url).content.decode()
    assert "Vertalingen die achterlopen" in html
    english = RuleSetPage.objects.get(slug="code-of-conduct-pupils-parents")
    lags = html[: html.index("translation-overview")]
    rows = [r for r in re.findall(r"<tr>.*?</tr>", lags, re.S) if "<td>" in r]
    # The demo translates the pupils' rules into five languages: all behind now.
    assert len(rows) == 5
    [row] = [r for r in rows if f"/admin/pages/{english.pk}/edit/" in r]
    assert "<td>1.1</td>" in row and "<td>1.2 (" in row


def test_the_report_is_empty_when_all_translations_are_current(client, demo, superuser):
    client.force_login(superuser)
    html = client.get(reverse("policy_pages_admin:lagging")).content.decode()
    assert "Alle vertalingen zijn bijgewerkt." in html


def test_the_report_is_in_the_reports_menu(client, demo, superuser):
    client.force_login(superuser)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("policy_pages_admin:lagging") in html


def test_the_report_has_a_bounded_number_of_queries(
    client, lagging, superuser, django_assert_max_num_queries
):
    client.force_login(superuser)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("policy_pages_admin:lagging")).status_code == 200


def test_the_source_page_in_the_editor_names_its_lagging_translations(
    client, lagging, superuser
):
    client.force_login(superuser)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[lagging.pk]))
    html = html.content.decode()
    assert "Deze vertalingen lopen achter op deze pagina:" in html
    assert "vertaling van versie 1.1, de huidige versie is 1.2" in html
    staff = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    html = client.get(reverse("wagtailadmin_pages:edit", args=[staff.pk]))
    assert "lopen achter" not in html.content.decode()


def test_admin_versions_of_a_lagging_translation_do_not_say_current(
    client, lagging, superuser
):
    client.force_login(superuser)
    english = RuleSetPage.objects.get(slug="code-of-conduct-pupils-parents")
    html = client.get(reverse("policy_pages_admin:index", args=[english.pk]))
    html = html.content.decode()
    assert "loopt achter: de huidige versie is 1.2" in html
    assert "w-status--primary" not in html


def test_newer_source_is_the_one_rule_the_report_uses(lagging):
    english = RuleSetPage.objects.get(slug="code-of-conduct-pupils-parents")
    latest = PolicyVersion.objects.for_page(english).latest_first().first()
    assert latest.newer_source().number == "1.2"
    from policy_pages.services import lagging_translations

    [lag] = [x for x in lagging_translations() if x.translation.page_id == english.pk]
    assert lag.translation == latest and lag.source_current == latest.newer_source()
