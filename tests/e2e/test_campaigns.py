"""Campaigns in Chromium: a guardian with two children confirms through their
personal link on a phone; an officer prints a group's letters (one A4 page per
family, each with a QR code and the family's code)."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import RESULTS, axe_violations, login

pytestmark = pytest.mark.django_db(transaction=True)


def _campaign(**fields):
    from campaigns import services
    from policy_pages.models import RuleSetPage
    from signoff.models import School

    today = timezone.localdate()
    return services.create_campaign(
        by=None,
        schools=list(School.objects.all()),
        title="Herbevestiging 2026",
        rule_set=RuleSetPage.objects.get(
            slug="gedragsregels-leerlingen-ouders", locale__language_code="nl"
        ),
        opens_on=today,
        due_on=today + timezone.timedelta(days=21),
        today=today,
        **fields,
    )


def test_a_guardian_confirms_for_two_children_through_their_link_on_a_phone(
    demo_site, phone
):
    from signoff.models import Channel, SignOff

    mail.outbox.clear()
    _campaign(reconfirm=True)
    (message,) = [m for m in mail.outbox if "ingrid.bakker@example.org" in m.to]
    link = re.search(r"https?://\S+/uitnodiging/\S+/", message.body).group(0)
    path = "/" + link.split("/", 3)[3]

    phone.goto(demo_site.url + path)
    expect(phone.locator("h1")).to_be_visible()
    children = phone.locator(".confirm-form input[name=child]")
    expect(children).to_have_count(2)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(phone) == []
    phone.screenshot(path=RESULTS / "campaign-link-phone.png", full_page=True)

    phone.click(".confirm-form button[type=submit]")
    expect(phone.locator(".notice-success")).to_contain_text("Bedankt")
    expect(phone.locator(".child-list li strong")).to_have_count(2)
    expect(phone.locator(".confirm-form")).to_have_count(0)
    phone.screenshot(path=RESULTS / "campaign-link-confirmed-phone.png", full_page=True)
    assert (
        SignOff.objects.filter(
            channel=Channel.INVITATION, email_key="ingrid.bakker@example.org"
        ).count()
        == 2
    )


def test_an_officer_prints_a_groups_letters(demo_site, desktop):
    from campaigns.models import Invitation

    campaign = _campaign()
    login(desktop, demo_site.url, "functionaris")
    desktop.goto(f"{demo_site.url}/admin/campagnes/{campaign.pk}/voortgang/")
    expect(desktop.locator("h2", has_text="Brieven")).to_be_visible()
    group = desktop.locator("#letters-group option", has_text="De Vlinder – Groep 3")
    desktop.select_option("#letters-group", value=group.get_attribute("value"))
    desktop.check("input[name=everyone]")
    with desktop.context.expect_page() as opened:
        desktop.get_by_role("button", name="Brieven afdrukken").click()
    letters = opened.value
    letters.wait_for_load_state()
    count = letters.locator("article.letter").count()
    expected = Invitation.objects.filter(
        campaign=campaign,
        guardian__guardianships__pupil__group__token="groep-3",
        guardian__guardianships__pupil__school__token="de-vlinder",
    ).distinct()
    assert count > 0
    assert count <= expected.count()
    expect(letters.locator("article.letter svg").first).to_be_visible()
    code = letters.locator("article.letter .code").first.inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    letters.screenshot(path=RESULTS / "campaign-letters.png")
    letters.emulate_media(media="print")
    pdf = letters.pdf(format="A4", print_background=True)
    # One A4 page per family.
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == count
