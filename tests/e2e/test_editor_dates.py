"""Issue 7, item 20 in the browser: "Geldig vanaf" keeps what the editor typed."""

import datetime

import pytest

from policy_pages.models import RuleSetPage

from .conftest import RESULTS, login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FIELD = "#id_version_effective_date"


def save_draft(page):
    page.locator("footer button.action-save").first.click()
    page.wait_for_load_state("networkidle")


def test_typed_dates_are_kept_or_refused_never_rewritten(demo_site, desktop):
    base = demo_site.url
    rule_set = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    edit_url = f"{base}/admin/pages/{rule_set.pk}/edit/"
    login(desktop, base, "redacteur")
    desktop.goto(edit_url, wait_until="networkidle")
    desktop.fill("#id_version_change_note", "Datum getest.")

    for typed, message in (
        ("31-02-2027", "Deze datum bestaat niet."),
        ("morgen", "Schrijf de datum als dd-mm-jjjj"),
        ("2018-1-1", "Schrijf de datum als dd-mm-jjjj"),
    ):
        desktop.fill(FIELD, typed)
        # Leaving the field must not change it (the old picker did).
        desktop.press(FIELD, "Tab")
        assert desktop.input_value(FIELD) == typed
        save_draft(desktop)
        assert message in desktop.locator("body").inner_text()
        assert desktop.input_value(FIELD) == typed, "shown again as typed"
    desktop.screenshot(path=RESULTS / "editor-date-refused.png", full_page=True)

    desktop.fill(FIELD, "01-09-2027")
    desktop.press(FIELD, "Tab")
    save_draft(desktop)
    draft = RuleSetPage.objects.get(pk=rule_set.pk).get_latest_revision_as_object()
    assert draft.version_effective_date == datetime.date(2027, 9, 1)
    desktop.goto(edit_url, wait_until="networkidle")
    assert desktop.input_value(FIELD) == "01-09-2027"
