"""Every family reads and confirms in its own language, in real Chromium.

Every public page type in each of the six languages, on a 320 px phone and on a
desktop (and at 200 % zoom): axe-core finds no violation of impact moderate or
worse, and nothing is wider than the screen. An Arabic parent confirms on a phone,
right to left, end to end. The parent form and Mijn protocollen work with only a
keyboard. Screenshots of the Arabic form and comparison are kept in test-results/.
"""

import re
from pprint import pformat
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect
from wagtail.models import Locale

from policy_pages.models import PolicyVersion, ProtocolPage, RuleSetPage
from signoff.models import SchoolGroup, SignOff

from .conftest import MODERATE_OR_WORSE, RESULTS, axe_violations, fill_parent_form

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"phone": 320, "zoom-200": 640, "desktop": 1280}
STAFF_NL = "/nl/protocol-sociale-media/gedragsregels-medewerkers/"


def _addresses(code: str) -> dict[str, str]:
    """Each public page type in language ``code``, from the demo's pages."""
    locale = Locale.objects.get(language_code=code)
    protocol = ProtocolPage.objects.get(locale=locale)
    pupils_nl = RuleSetPage.objects.get(slug="gedragsregels-leerlingen-ouders")
    rules = pupils_nl.get_translation(locale)
    current = PolicyVersion.objects.current_for(rules)
    return {
        "home": f"/{code}/",
        "protocol": protocol.url,
        "rules": rules.url,
        "version": f"{rules.url}versies/{current.number}/",
        "comparison": f"{rules.url}vergelijken/",
        "form": f"{rules.url}akkoord/",
        "not-translated": f"/taal/{code}/?naar={quote(STAFF_NL, safe='')}",
        "accessibility": f"/{code}/toegankelijkheid/",
        "not-found": f"/{code}/bestaat-niet/",
    }


def _check(page, name, width, found):
    problems = axe_violations(page, impacts=MODERATE_OR_WORSE)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"the page is {scroll_width}px wide")
    if problems:
        found[f"{name} @ {width}px"] = problems
        page.screenshot(path=RESULTS / f"FAILED-axe-{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_every_public_page_type_passes_axe_in_each_language(demo_site, browser, code):
    cache.clear()
    base = demo_site.url
    addresses = _addresses(code)
    found = {}
    for width in WIDTHS.values():
        context = browser.new_context(
            locale=code,
            viewport={"width": width, "height": 800},
            is_mobile=width < 400,
        )
        page = context.new_page()
        for name, path in addresses.items():
            response = page.goto(base + path)
            assert response.status == (404 if name == "not-found" else 200), path
            direction = "rtl" if code == "ar" else "ltr"
            assert page.locator("html").get_attribute("lang") == code, path
            assert page.locator("html").get_attribute("dir") == direction, path
            _check(page, f"{code}-{name}", width, found)
            if code == "ar" and name in ("form", "comparison"):
                page.screenshot(
                    path=RESULTS / f"arabic-{name}-{width}.png", full_page=True
                )
        # The form after a failed submit: its errors, summary and red fields.
        page.goto(base + addresses["form"])
        page.click("form.confirm-form button[type=submit]")
        page.wait_for_selector("#error-summary")
        _check(page, f"{code}-form-errors", width, found)
        # Then filled in: "check your e-mail", the link's page, the receipt.
        child = f"Kind {code} {width}"
        fill_parent_form(page, child)
        page.wait_for_url("**/akkoord/bedankt/")
        _check(page, f"{code}-check-your-email", width, found)
        page.goto(_newest_link())
        _check(page, f"{code}-confirm-it-was-you", width, found)
        with page.expect_navigation():
            page.click("form button[type=submit]")
        expect(page.locator(".notice-success")).to_be_visible()
        _check(page, f"{code}-receipt", width, found)
        context.close()
    assert found == {}, pformat(found)


def _newest_link() -> str:
    for message in reversed(mail.outbox):
        found = re.search(r"https?://\S+/akkoord/bevestigen/\S+/", message.body)
        if found:
            return found[0]
    raise AssertionError("no link was mailed")


def test_an_arabic_parent_confirms_on_a_phone(demo_site, browser):
    cache.clear()
    base = demo_site.url
    context = browser.new_context(
        locale="ar",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        extra_http_headers={"Accept-Language": "ar"},
    )
    page = context.new_page()
    # The first visit follows the browser's language.
    page.goto(base + "/")
    page.wait_for_url("**/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    arabic = RuleSetPage.objects.get(locale__language_code="ar")
    page.goto(base + arabic.url)
    # Machine-translated: the page says so and links the binding Dutch text.
    notice = page.locator(".machine-notice")
    expect(notice).to_be_visible()
    assert notice.locator("a[hreflang=nl]").count() == 1
    assert notice.locator("span[lang=nl]").inner_text() == "Nederlands"
    page.click(f"a[href='{arabic.url}akkoord/']")
    page.wait_for_url("**/akkoord/")
    # The form mirrors: labels start on the right.
    label = page.locator("label[for=id_name]").bounding_box()
    field = page.locator("#id_name").bounding_box()
    assert label["x"] + label["width"] > field["x"] + field["width"] - 2

    group = SchoolGroup.objects.get(school__token="het-kompas", token="groep-4")
    page.fill("#id_name", "Amal Haddad")
    page.fill("#id_email", "amal@example.org")
    page.fill("#id_child_name", "Yara Haddad")
    page.select_option("#id_school", "het-kompas")
    page.select_option("#id_group", value=str(group.pk))
    assert page.locator("#id_preferred_language").input_value() == "ar"
    page.check("#id_parental_responsibility")
    page.check("#id_agree")
    page.screenshot(path=RESULTS / "arabic-parent-form-phone.png", full_page=True)
    page.click("form.confirm-form button[type=submit]")
    page.wait_for_url("**/akkoord/bedankt/")
    assert page.locator("html").get_attribute("lang") == "ar"

    message = mail.outbox[-1]
    assert message.extra_headers["Content-Language"] == "ar"
    page.goto(_newest_link())
    page.click("form button[type=submit]")
    expect(page.locator(".notice-success")).to_be_visible()
    page.screenshot(path=RESULTS / "arabic-receipt-phone.png", full_page=True)
    signoff = SignOff.objects.get(child_name="Yara Haddad")
    assert signoff.verified_at is not None
    assert (signoff.language, signoff.preferred_language) == ("ar", "ar")
    assert signoff.version.page_id == arabic.pk and signoff.version.machine_translated
    # The reference keeps its own direction inside the Arabic sentence.
    assert page.locator(f".notice-success bdi:text-is('{signoff.reference}')").count()
    context.close()


def _tab_to(page, selector, limit=40):
    """Press Tab until ``selector`` has the focus; the focus must be visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)",
            selector,
        ):
            outline = page.evaluate(
                "getComputedStyle(document.activeElement).outlineStyle"
            )
            assert outline not in ("", "none"), f"no visible focus on {selector}"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_parent_form_works_with_only_a_keyboard(demo_site, browser):
    cache.clear()
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(
        demo_site.url
        + "/nl/protocol-sociale-media/gedragsregels-leerlingen-ouders/akkoord/"
    )
    # The skip link comes first and leads past the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    # A submit without anything filled in: the error summary takes the focus.
    _tab_to(page, "form.confirm-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement?.id === 'error-summary'")
    # The fields, in reading order, each reached with Tab.
    order = []
    for _ in range(40):
        page.keyboard.press("Tab")
        element = page.evaluate(
            "document.activeElement.id || document.activeElement.getAttribute('href')"
            " || document.activeElement.tagName"
        )
        if element in order:
            break
        order.append(element)
        if element == "BUTTON":
            break
    fields = [e for e in order if e.startswith("id_")]
    assert fields == [
        "id_name",
        "id_email",
        "id_child_name",
        "id_school",
        "id_group",
        "id_preferred_language",
        "id_parental_responsibility",
        "id_agree",
    ]
    # Fill in and send with the keyboard alone.
    group = SchoolGroup.objects.get(school__token="het-kompas", token="groep-4")
    page.focus("#id_name")
    page.keyboard.type("Ilse de Jong")
    page.keyboard.press("Tab")
    page.keyboard.type("ilse@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("Noor de Jong")
    page.keyboard.press("Tab")
    # Playwright sets a native select as its arrow keys would.
    page.select_option("#id_school", "het-kompas")
    page.focus("#id_group")
    page.select_option("#id_group", value=str(group.pk))
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/akkoord/bedankt/")
    assert SignOff.objects.filter(child_name="Noor de Jong").exists()
    context.close()


def test_my_protocols_works_with_only_a_keyboard(demo_site, browser):
    cache.clear()
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(demo_site.url + "/nl/mijn-protocollen/")
    _tab_to(page, "#id_username")
    page.keyboard.type("medewerker1")
    page.keyboard.press("Tab")
    page.keyboard.type("akkoord-demo")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^[^?]*/nl/mijn-protocollen/$"))
    # To the rule set to confirm again, then confirm it, all with the keyboard.
    _tab_to(page, "a[href$='/gedragsregels-medewerkers/akkoord/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/gedragsregels-medewerkers/akkoord/")
    _tab_to(page, "form.confirm-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    staff = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    current = PolicyVersion.objects.current_for(staff)
    assert SignOff.objects.filter(
        user__username="medewerker1", version=current
    ).exists()
    context.close()
