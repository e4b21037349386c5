"""Issue 7, item 21 (e, f, g, k, l, m): what parents read on the public pages."""

import pytest

from cms.demo.loader import load_demo
from policy_pages.models import Audience, PolicyVersion, RuleSetPage
from tests.conftest import without_bdi


@pytest.fixture
def demo(db):
    return load_demo()


def test_english_pages_name_the_audience_in_english(demo, client):
    html = client.get("/en/social-media-protocol/").content.decode()
    assert "For: Staff" in html
    assert "For: Pupils and parents/guardians" in html
    assert "Leerlingen en ouders" not in html
    dutch = client.get("/nl/protocol-sociale-media/").content.decode()
    assert "Voor: Leerlingen en ouders/verzorgers" in dutch


def test_english_audience_names_leave_recorded_versions_alone(demo):
    staff_en = RuleSetPage.objects.get(slug="code-of-conduct-staff")
    version = PolicyVersion.objects.for_page(staff_en).latest_first().first()
    assert version.snapshot["audience"]["title"] == "Medewerkers"
    assert staff_en.build_snapshot() == version.snapshot


def test_the_demo_fills_in_english_audience_names_on_an_older_demo(demo):
    Audience.objects.filter(token="medewerkers").update(title_en="")
    load_demo()
    assert Audience.objects.get(token="medewerkers").title_en == "Staff"


def test_home_page_has_no_doubled_punctuation(demo, client):
    for url in ("/nl/", "/en/"):
        html = client.get(url).content.decode()
        assert "!." not in html, url


def test_home_page_links_my_protocols(demo, client):
    html = client.get("/nl/").content.decode()
    assert '<a class="button" href="/nl/mijn-protocollen/">Mijn protocollen</a>' in html
    html = client.get("/en/").content.decode()
    assert 'href="/en/mijn-protocollen/">My protocols</a>' in html


# -- (e) the fingerprint, (f) the first version, (g) unknown versions to compare --

STAFF = "/nl/protocol-sociale-media/gedragsregels-medewerkers/"


def test_a_version_page_explains_its_fingerprint_and_keeps_it_for_the_curious(
    demo, client
):
    html = client.get(STAFF + "versies/1.0/").content.decode()
    assert "Kenmerk van deze tekst" not in html
    assert (
        "Elke versie heeft een vaste vingerafdruk. Zo is later te controleren "
        "welke tekst je las."
    ) in html
    version = PolicyVersion.objects.get(
        page__slug="gedragsregels-medewerkers", major=1, minor=0
    )
    hidden = html.split("<details>", 1)[1].split("</details>", 1)[0]
    assert "<summary>Toon de vingerafdruk</summary>" in hidden
    assert version.content_hash in hidden


def test_the_first_version_is_not_tagged_as_a_major_change(demo, client):
    html = client.get(STAFF + "versies/1.0/").content.decode()
    assert "belangrijke wijziging" not in html
    html = client.get(STAFF + "versies/2.0/").content.decode()
    assert '<span class="tag">belangrijke wijziging</span>' in html
    pupils = client.get(
        "/nl/protocol-sociale-media/gedragsregels-leerlingen-ouders/versies/1.0/"
    )
    assert "belangrijke wijziging" not in pupils.content.decode()


def test_the_admin_calls_1_0_the_first_version(demo, client, superuser):
    from django.urls import reverse

    client.force_login(superuser)
    page = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    html = client.get(reverse("policy_pages_admin:index", args=[page.pk]))
    assert "<td>eerste versie</td>" in html.content.decode()


@pytest.mark.parametrize(
    ("query", "unknown"),
    [({"van": "9.9", "tot": "2.0"}, "9.9"), ({"van": "1.0", "tot": "7.3"}, "7.3")],
)
def test_an_unknown_version_to_compare_is_named_not_silently_replaced(
    demo, client, query, unknown
):
    response = client.get(STAFF + "vergelijken/", query)
    html = without_bdi(response.content.decode())
    # 404: the address names no version; the page still helps the reader on.
    assert response.status_code == 404
    assert (
        f"Versie {unknown} bestaat niet. Hieronder zie je wat er veranderd is van "
        "versie 1.0 naar versie 2.0."
    ) in html
    assert 'data-change="added"' in html


def test_known_versions_compare_without_a_message(demo, client):
    response = client.get(STAFF + "vergelijken/", {"van": "1.0", "tot": "2.0"})
    assert response.status_code == 200
    assert "bestaat niet" not in response.content.decode()
    assert client.get(STAFF + "vergelijken/").status_code == 200
