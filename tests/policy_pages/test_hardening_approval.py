"""Issue 7, item 24: the approver sees what will be published, rule by rule."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from policy_pages.models import RuleSetPage
from tests.factories import rule

STAFF = "/++api++/nl/protocol-sociale-media/gedragsregels-medewerkers"


@pytest.fixture
def demo(db):
    from cms.demo.loader import load_demo

    cache.clear()
    load_demo()
    return RuleSetPage.objects.get(slug="gedragsregels-medewerkers")


def user(name):
    return get_user_model().objects.get(username=name)


def submit_draft(page, **changes):
    """The editor changes rule 1, adds a rule, and submits for approval."""
    page = RuleSetPage.objects.get(pk=page.pk)
    blocks = list(page.rules.raw_data)
    blocks[0] = {**blocks[0], "value": "<p>Regel een, twee keer twee keer.</p>"}
    page.rules = [*blocks, rule("Een nieuwe laatste regel.")]
    page.version_change_note = "Regel 1 anders, regel 14 nieuw"
    page.version_material = False
    page.version_effective_date = None
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision(user=user("redacteur"))
    page.get_workflow().start(page, user("redacteur"))
    return page


def test_workflow_get_shows_the_pending_version_rule_by_rule(client, demo):
    submit_draft(demo)
    client.force_login(user("goedkeurder"))
    data = client.get(STAFF + "/@workflow").json()
    pending = data["pending_version"]
    assert pending["number"] == "2.1" and pending["from"] == "2.0"
    assert pending["change_note"] == "Regel 1 anders, regel 14 nieuw"
    assert pending["material"] is False
    assert pending["effective_date"] == timezone.localdate().isoformat()
    assert pending["errors"] == []
    changes = [r["change"] for r in pending["rules"]]
    assert changes.count("changed") == 1 and changes.count("added") == 1
    assert changes.count("unchanged") == 12
    changed = next(r for r in pending["rules"] if r["change"] == "changed")
    assert changed["number_to"] == 1
    assert changed["text_to"] == "Regel een, twee keer twee keer."
    assert {w["op"] for w in changed["words"]} == {"equal", "insert", "delete"}
    # The same shape as @diff's rules.
    diff = client.get(STAFF + "/@diff").json()
    assert set(pending["rules"][0]) == set(diff["rules"][0])


def test_workflow_get_has_no_pending_version_without_a_change(client, demo):
    client.force_login(user("redacteur"))
    assert client.get(STAFF + "/@workflow").json()["pending_version"] is None


def test_workflow_get_names_what_would_refuse_the_draft(client, demo):
    submit_draft(demo)
    page = RuleSetPage.objects.get(pk=demo.pk).get_latest_revision_as_object()
    page.version_change_note = ""
    page.save_revision(user=user("redacteur"))
    client.force_login(user("goedkeurder"))
    pending = client.get(STAFF + "/@workflow").json()["pending_version"]
    assert [e["field"] for e in pending["errors"]] == ["version_change_note"]


def test_the_approvers_edit_screen_shows_the_comparison_and_the_version(client, demo):
    submit_draft(demo)
    client.force_login(user("goedkeurder"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[demo.pk])).content
    html = html.decode()
    assert "Wat wordt er gepubliceerd?" in html
    assert "Versie 2.1 (kleine wijziging" in html
    assert "Regel 1 anders, regel 14 nieuw" in html
    assert 'data-change="changed"' in html and 'data-change="added"' in html
    assert "twee keer twee keer" in html
    assert "12 regels ongewijzigd" in html
    # First on the screen, not under all the rule editors.
    assert html.index("Wat wordt er gepubliceerd?") < html.index('id="id_title"')


def test_the_edit_screen_shows_no_comparison_without_a_change(client, demo):
    client.force_login(user("redacteur"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[demo.pk])).content
    assert "Wat wordt er gepubliceerd?" not in html.decode()


def test_after_approval_nothing_is_pending(client, demo):
    submit_draft(demo)
    client.force_login(user("goedkeurder"))
    response = client.post(
        STAFF + "/@workflow/approve",
        json.dumps({"comment": "Akkoord"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["pending_version"] is None
