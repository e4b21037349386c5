"""Accessibility in real Chromium: axe-core finds nothing serious on any public
page or on Mijn protocollen, on a 320 px phone and on a desktop; a failed parent
form puts its errors where a screen reader and a phone user find them."""

import re
from pprint import pformat

import pytest
from django.core import mail
from django.core.cache import cache

from signoff.models import SignOff

from .conftest import RESULTS, axe_violations, fill_parent_form

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PROTOCOL = "/nl/protocol-sociale-media/"
PUPILS = PROTOCOL + "gedragsregels-leerlingen-ouders/"
STAFF = PROTOCOL + "gedragsregels-medewerkers/"
PUBLIC_PAGES = {
    "home": "/nl/",
    "protocol": PROTOCOL,
    "rules-parents": PUPILS,
    "rules-staff": STAFF,
    "version": STAFF + "versies/1.0/",
    "comparison": STAFF + "vergelijken/?van=1.0&tot=2.0",
    "parent-form": PUPILS + "akkoord/",
    "login": "/nl/inloggen/",
}
WIDTHS = {"phone": 320, "desktop": 1280}


def _context(browser, width):
    return browser.new_context(
        locale="nl-NL",
        viewport={"width": width, "height": 800},
        is_mobile=width < 400,
    )


def _check(page, name, width, found):
    problems = axe_violations(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"the page is {scroll_width}px wide")
    if problems:
        found[f"{name} @ {width}px"] = problems
        page.screenshot(path=RESULTS / f"axe-{name}-{width}.png", full_page=True)


def test_no_serious_accessibility_violations_at_320px_and_desktop(demo_site, browser):
    cache.clear()
    base = demo_site.url
    found = {}
    for width in WIDTHS.values():
        context = _context(browser, width)
        page = context.new_page()
        for name, path in PUBLIC_PAGES.items():
            response = page.goto(base + path)
            assert response.status == 200, path
            _check(page, name, width, found)
        # The parent form after a failed submit: messages, summary, red fields.
        page.goto(base + PUPILS + "akkoord/")
        page.click("form.confirm-form button[type=submit]")
        page.wait_for_selector("#error-summary")
        _check(page, "parent-form-errors", width, found)
        # A complete form: "check your e-mail", the link's page, the receipt.
        fill_parent_form(page, f"Kind {width}")
        page.wait_for_url("**/akkoord/bedankt/")
        _check(page, "check-your-email", width, found)
        page.goto(_newest_link(f"Kind {width}"))
        _check(page, "confirm-it-was-you", width, found)
        page.click("text=Ja, dit was ik")
        page.wait_for_selector("text=Bedankt!")
        _check(page, "receipt", width, found)
        # Mijn protocollen, as a staff member with one rule set to confirm again.
        page.goto(base + "/nl/mijn-protocollen/")
        page.fill("#id_username", "medewerker1")
        page.fill("#id_password", "akkoord-demo")
        page.click("form.confirm-form button[type=submit]")
        page.wait_for_url("**/nl/mijn-protocollen/")
        assert page.locator(".tag-renew").count() >= 1
        _check(page, "my-protocols", width, found)
        # Confirming again: what changed since their version comes first.
        page.goto(base + STAFF + "akkoord/")
        _check(page, "staff-confirm-again", width, found)
        context.close()
    assert found == {}, pformat(found)


def _newest_link(child) -> str:
    claim = SignOff.objects.get(child_name=child)
    for message in reversed(mail.outbox):
        found = re.search(r"https?://\S+/akkoord/bevestigen/\S+/", message.body)
        if found and claim.school.name in message.body:
            return found[0]
    raise AssertionError("no link was mailed")


def test_a_failed_parent_form_leads_to_its_errors(demo_site, browser):
    cache.clear()
    context = _context(browser, 320)
    page = context.new_page()
    page.goto(demo_site.url + PUPILS + "akkoord/")
    page.click("form.confirm-form button[type=submit]")
    page.wait_for_selector("#error-summary")

    # Focus is on the summary, and the summary is on screen.
    assert page.evaluate("document.activeElement.id") == "error-summary"
    box = page.locator("#error-summary").bounding_box()
    assert 0 <= box["y"] < 800
    assert "Er ging iets mis" in page.locator("#error-summary").inner_text()

    # Each link in the summary leads to a field that exists.
    targets = page.eval_on_selector_all(
        "#error-summary a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(targets) >= 6
    for target in targets:
        assert page.locator(target).count() == 1, target

    # Every invalid field is described by an element that holds its message.
    invalid = page.eval_on_selector_all(
        "[aria-invalid=true]",
        """fields => fields.map(f => ({
            id: f.id,
            described: (f.getAttribute('aria-describedby') || '').split(' ')
                .filter(Boolean)
                .map(id => document.getElementById(id))
                .map(el => el ? el.textContent.trim() : null),
        }))""",
    )
    assert {field["id"] for field in invalid} >= {
        "id_name",
        "id_email",
        "id_child_name",
        "id_school",
        "id_group",
        "id_parental_responsibility",
        "id_agree",
    }
    for field in invalid:
        assert field["described"], field
        assert all(text for text in field["described"]), field

    # Each message once; the page title says there is an error.
    messages = page.eval_on_selector_all(
        "#error-summary li", "items => items.map(li => li.textContent.trim())"
    )
    assert len(messages) == len(set(messages))
    assert page.title().startswith("Fout: ")

    # Following a link moves to its field, with its label in view above it.
    page.click("#error-summary a[href='#id_name']")
    assert page.evaluate("document.activeElement.id") == "id_name"
    assert page.locator("label[for=id_name]").bounding_box()["y"] >= 0
    page.screenshot(path=RESULTS / "parent-form-error-summary-320.png")
    context.close()
