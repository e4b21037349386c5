"""Browser tests in real Chromium (Debian's package) against a live server."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the Django ORM calls made
# by the test itself (fixtures, assertions) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Screenshots of what the tests saw, for people to look at after a run.
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
RESULTS.mkdir(exist_ok=True)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail(
                "Chromium is not installed; .ci/run installs Debian's chromium."
            )
        pytest.skip("Chromium is not installed (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_failed = report.failed
    return report


def _page(request, browser, name, **options):
    context = browser.new_context(locale="nl-NL", **options)
    page = context.new_page()
    yield page
    if getattr(request.node, "call_failed", False):
        page.screenshot(path=RESULTS / f"FAILED-{request.node.name}-{name}.png")
    context.close()


@pytest.fixture
def phone(request, browser):
    viewport = {"width": 390, "height": 844}
    yield from _page(request, browser, "phone", viewport=viewport, is_mobile=True)


@pytest.fixture
def desktop(request, browser):
    viewport = {"width": 1280, "height": 900}
    yield from _page(request, browser, "desktop", viewport=viewport)


@pytest.fixture
def demo_site(transactional_db, live_server):
    from wagtail.models import Site

    from cms.demo.loader import load_demo

    load_demo()
    # The live server listens on another port than the demo's default site.
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    return live_server


def fill_parent_form(page, child):
    """The demo's parent form, filled in for ``child`` at Het Kompas, and sent."""
    from signoff.models import SchoolGroup

    group = SchoolGroup.objects.get(school__token="het-kompas", token="groep-4")
    page.fill("#id_name", "Ilse de Jong")
    page.fill("#id_email", "ilse@example.org")
    page.fill("#id_child_name", child)
    page.select_option("#id_school", "het-kompas")
    page.select_option("#id_group", value=str(group.pk))
    page.check("#id_parental_responsibility")
    page.check("#id_agree")
    page.click("form.confirm-form button[type=submit]")


def login(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "akkoord-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


# -- Accessibility: axe-core, bundled with the axe-playwright-python package ---------

SERIOUS = {"serious", "critical"}
MODERATE_OR_WORSE = SERIOUS | {"moderate"}


def axe_violations(page, impacts=SERIOUS) -> list[dict]:
    """The axe-core violations of these ``impacts`` (serious and critical unless
    told) on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        from axe_playwright_python import sync_playwright as axe_module

        script = Path(axe_module.__file__).with_name("axe.min.js")
        page.add_script_tag(path=str(script))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
        if violation["impact"] in impacts
    ]
