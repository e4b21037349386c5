"""Issue 7, item 20: "Geldig vanaf" keeps exactly the date typed, or refuses it.

Wagtail's date picker rewrote "2018-01-01" and "morgen" to today and
"31-02-2027" to 03-03-2027, and that was published as the effective date.
"""

import datetime

import pytest
from django.urls import reverse

from policy_pages.models import PolicyVersion, RuleSetPage

from .test_admin import changed_rules, form_errors, post_edit

FORMAT = "Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 01-09-2026."
NO_SUCH_DATE = "Deze datum bestaat niet. Kijk of de dag en de maand kloppen."


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def numbers(page):
    return [v.number for v in PolicyVersion.objects.for_page(page).order_by("pk")]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("morgen", FORMAT),
        ("tomorrow", FORMAT),
        ("31-02-2027", NO_SUCH_DATE),
        ("2027-02-31", NO_SUCH_DATE),
        ("00-01-2027", NO_SUCH_DATE),
        ("1-9-2027", FORMAT),
        ("01/09/2027", FORMAT),
        ("09-01-27", FORMAT),
        ("2027-9-1", FORMAT),
        ("01-09-2027 12:00", FORMAT),
        ("٠١-٠٩-٢٠٢٧", FORMAT),  # Arabic-Indic digits
        ("01-09-2027-", FORMAT),
    ],
)
@pytest.mark.parametrize("action", ["action-publish", None])
def test_an_invalid_or_ambiguous_date_is_refused_never_guessed(
    admin_client, make_rule_set, typed, message, action
):
    page = make_rule_set()
    revisions = page.revisions.count()
    response = post_edit(
        admin_client,
        page,
        action=action,
        rules=changed_rules(page),
        version_change_note="Regel 1 anders",
        version_effective_date=typed,
    )
    assert response.status_code == 200
    assert form_errors(response)["version_effective_date"] == [message]
    # What was typed is shown again, as typed.
    assert f'value="{typed}"' in response.content.decode()
    assert page.revisions.count() == revisions
    assert numbers(page) == ["1.0"]


@pytest.mark.parametrize("typed", ["01-09-2027", "2027-09-01", " 01-09-2027 "])
def test_an_exact_date_is_published_as_typed(admin_client, make_rule_set, typed):
    page = make_rule_set()
    response = post_edit(
        admin_client,
        page,
        rules=changed_rules(page),
        version_change_note="Regel 1 anders",
        version_effective_date=typed,
    )
    assert response.status_code == 302
    latest = PolicyVersion.objects.for_page(page).latest_first().first()
    assert latest.effective_date == datetime.date(2027, 9, 1)


def test_an_old_iso_date_stays_that_date_and_meets_the_order_rule(
    admin_client, make_rule_set
):
    page = make_rule_set()
    data = {
        "rules": changed_rules(page),
        "version_change_note": "Regel 1 anders",
        "version_effective_date": "2018-01-01",
    }
    response = post_edit(admin_client, page, **data)
    assert response.status_code == 200
    assert "25 mei 2018" in form_errors(response)["version_effective_date"][0]
    # Saved as a draft, it is kept exactly (not today).
    response = post_edit(admin_client, page, action=None, **data)
    assert response.status_code == 302
    draft = RuleSetPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.version_effective_date == datetime.date(2018, 1, 1)


def test_the_field_is_a_plain_text_input_showing_dd_mm_yyyy(
    admin_client, make_rule_set
):
    page = make_rule_set()
    draft = RuleSetPage.objects.get(pk=page.pk)
    draft.version_change_note = "Concept"
    draft.version_effective_date = datetime.date(2027, 9, 1)
    draft.save_revision()
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    html = html.content.decode()
    start = html.rindex("<input", 0, html.index('name="version_effective_date"'))
    field = html[start : html.index(">", start) + 1]
    assert 'type="text"' in field
    assert 'value="01-09-2027"' in field
    assert 'placeholder="dd-mm-jjjj"' in field
    assert "data-controller" not in field  # no picker script that rewrites dates
