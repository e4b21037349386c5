"""The demo loader builds the Kalisto site from the seed text, once."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision

from cms.demo.loader import load_demo
from cms.demo.seed import SEED_FILE, load_seed
from policy_pages.models import PolicyVersion, RuleSetPage
from tests.conftest import without_bdi


@pytest.fixture
def demo(db):
    return load_demo()


def test_seed_copy_parses_into_10_and_12_rules():
    pupils, staff = load_seed()
    assert len(pupils.rules) == 10
    assert len(staff.rules) == 12
    assert pupils.version_label == staff.version_label == "25 mei 2018"
    assert (
        staff.rules[7]
        == "LinkedIn wordt alleen gebruikt voor werk gerelateerde relaties"
    )
    text = " ".join(SEED_FILE.read_text(encoding="utf-8").split())
    for rule in pupils.rules + staff.rules:
        assert rule in text


def test_demo_has_both_rule_sets_with_their_versions(demo):
    pupils = RuleSetPage.objects.get(slug="gedragsregels-leerlingen-ouders")
    staff = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    seed_pupils, seed_staff = load_seed()

    first_pupils = PolicyVersion.objects.for_page(pupils).by_number("1.0").get()
    first_staff = PolicyVersion.objects.for_page(staff).by_number("1.0").get()
    assert [r["text"] for r in first_pupils.snapshot["rules"]] == [
        f"<p>{t}</p>" for t in seed_pupils.rules
    ]
    assert len(first_staff.snapshot["rules"]) == 12
    assert str(first_staff.effective_date) == "2018-05-25"

    assert [v.number for v in PolicyVersion.objects.for_page(staff).latest_first()] == [
        "2.0",
        "1.0",
    ]
    assert [
        v.number for v in PolicyVersion.objects.for_page(pupils).latest_first()
    ] == ["1.1", "1.0"]
    assert len(staff.rules) == 13
    assert not demo.missing_translations


def test_demo_english_translation_carries_the_source_versions(demo, client):
    staff_en = RuleSetPage.objects.get(slug="code-of-conduct-staff")
    current = PolicyVersion.objects.for_page(staff_en).latest_first().first()
    assert current.number == "2.0"
    assert current.source_version.locale.language_code == "nl"
    response = client.get("/en/social-media-protocol/code-of-conduct-staff/")
    html = without_bdi(response.content.decode())
    assert response.status_code == 200
    assert "Version 2.0, in force from 1 September 2026" in html
    assert "LinkedIn and other professional networks" in html
    assert "Je " not in html.split("<main")[1]


def test_demo_site_pages_answer_in_dutch(demo, client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/nl/"
    protocol = client.get("/nl/protocol-sociale-media/").content.decode()
    assert "Gedragsregels gebruik social media voor medewerkers van Kalisto" in protocol
    assert (
        "Gedragsregels gebruik social media voor leerlingen en ouders/verzorgers"
        in (protocol)
    )


def test_loading_the_demo_twice_changes_nothing(demo):
    def state():
        return (
            Page.objects.count(),
            Revision.objects.count(),
            PolicyVersion.objects.count(),
            get_user_model().objects.count(),
            sorted(PolicyVersion.objects.values_list("content_hash", flat=True)),
        )

    before = state()
    report = load_demo()
    assert report.created == []
    assert state() == before


def test_load_demo_command_prints_the_accounts(db, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "redacteur" in out and "akkoord-demo" in out
