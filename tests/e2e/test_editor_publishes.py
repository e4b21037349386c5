"""An editor writes a new version, an approver approves it, readers see it."""

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from policy_pages.models import PolicyVersion, RuleSetPage

from .conftest import RESULTS, login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def staff_page():
    return RuleSetPage.objects.get(slug="gedragsregels-medewerkers")


def open_action_menu(page):
    page.locator(
        "footer .w-dropdown__toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()


def test_editor_submits_and_approver_publishes_a_new_version(demo_site, desktop):
    base = demo_site.url
    rule_set = staff_page()
    login(desktop, base, "redacteur")
    desktop.goto(f"{base}/admin/pages/{rule_set.pk}/edit/", wait_until="networkidle")
    desktop.fill("#id_title", "Gedragsregels social media voor medewerkers")
    desktop.fill("#id_version_change_note", "")
    open_action_menu(desktop)
    desktop.click("button[name='action-submit']")
    # Refused: a new version needs its own change note.
    expect_text = (
        "Schrijf wat er veranderd is. Dit is verplicht bij elke nieuwe versie."
    )
    desktop.wait_for_selector(f"text={expect_text}")
    desktop.screenshot(path=RESULTS / "editor-refused.png", full_page=True)

    desktop.fill("#id_title", "Gedragsregels social media voor medewerkers")
    desktop.fill("#id_version_change_note", "De titel is korter gemaakt.")
    open_action_menu(desktop)
    with desktop.expect_navigation():
        desktop.click("button[name='action-submit']")
    assert PolicyVersion.objects.for_page(rule_set).count() == 2

    desktop.context.clear_cookies()
    login(desktop, base, "goedkeurder")
    # The approve button works through the editor's JavaScript: let it load.
    desktop.goto(f"{base}/admin/pages/{rule_set.pk}/edit/", wait_until="networkidle")
    open_action_menu(desktop)
    approve = "button[data-workflow-action-name='approve']"
    desktop.click(f"{approve}:not([data-workflow-action-modal-url])")
    desktop.wait_for_selector(".messages .success", timeout=30_000)
    latest = PolicyVersion.objects.for_page(rule_set).latest_first().first()
    assert latest.number == "2.1"
    assert latest.change_note == "De titel is korter gemaakt."

    desktop.goto(f"{base}/nl/protocol-sociale-media/gedragsregels-medewerkers/")
    with translation.override("nl"):
        today = date_format(timezone.localdate(), "j F Y")
    version_line = desktop.locator(".version-line").inner_text()
    assert version_line.startswith(f"Versie 2.1, geldig vanaf {today}")
    assert "De titel is korter gemaakt." in desktop.locator(".change-note").inner_text()
    desktop.screenshot(path=RESULTS / "rule-set-2.1.png", full_page=True)


def test_reader_compares_versions_on_a_phone(demo_site, phone):
    base = demo_site.url
    phone.goto(f"{base}/nl/protocol-sociale-media/")
    phone.click("text=Gedragsregels gebruik social media voor medewerkers van Kalisto")
    assert "Versie 2.0" in phone.locator(".version-line").inner_text()
    phone.click("text=Wat is er veranderd?")
    # The click starts a navigation; wait for the comparison, don't race it.
    phone.wait_for_url("**/vergelijken/**")
    expect(phone.locator("[data-change='added']")).to_have_count(1)
    expect(phone.locator("[data-change='changed']")).to_have_count(1)
    # Nothing is wider than the phone's screen.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    phone.screenshot(path=RESULTS / "compare-phone.png", full_page=True)
