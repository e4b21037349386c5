"""Issue 7, item 21 (e, f, g, k, l, m): what parents read on the public pages."""

import pytest

from cms.demo.loader import load_demo
from policy_pages.models import Audience, PolicyVersion, RuleSetPage


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
