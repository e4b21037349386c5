"""A parent confirms on a phone; a staff member logs in and reads and agrees."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from signoff.models import SchoolGroup, SignOff

from .conftest import RESULTS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PUPILS = "/nl/protocol-sociale-media/gedragsregels-leerlingen-ouders/"
STAFF = "/nl/protocol-sociale-media/gedragsregels-medewerkers/"


def test_a_parent_confirms_on_a_phone(demo_site, phone):
    cache.clear()
    base = demo_site.url
    before = SignOff.objects.count()
    phone.goto(base + PUPILS)
    phone.click("text=Akkoord geven >> nth=-1")
    phone.wait_for_url(f"**{PUPILS}akkoord/")
    assert phone.locator("h1").inner_text() == "Akkoord geven op de gedragsregels"

    # First try without the boxes ticked: refused, with Dutch messages.
    phone.fill("#id_name", "Ilse de Jong")
    phone.fill("#id_email", "ilse@example.org")
    phone.fill("#id_child_name", "Sem de Jong")
    phone.select_option("#id_school", "het-kompas")
    # Only Het Kompas's groups can be chosen now; pick its group 4.
    group = SchoolGroup.objects.get(school__token="het-kompas", token="groep-4")
    phone.select_option("#id_group", value=str(group.pk))
    phone.click("button[type=submit]")
    message = "Zet een vinkje als je akkoord gaat."
    assert phone.locator("#id_agree_error").inner_text() == message
    assert phone.locator("#error-summary").get_by_text(message).is_visible()
    assert SignOff.objects.count() == before
    phone.screenshot(path=RESULTS / "parent-form-errors.png", full_page=True)

    # The typed values stay; tick both boxes and send.
    assert phone.input_value("#id_name") == "Ilse de Jong"
    phone.check("#id_parental_responsibility")
    phone.check("#id_agree")
    phone.click("button[type=submit]")
    phone.wait_for_url("**/akkoord/bedankt/")
    text = phone.locator("main").inner_text()
    signoff = SignOff.objects.get(child_name="Sem de Jong")
    assert "Kijk in je e-mail" in text and signoff.reference not in text
    assert "Sem de Jong" in text and "Het Kompas" in text and "Groep 4" in text
    assert signoff.group.name == "Groep 4" and signoff.school.token == "het-kompas"
    assert signoff.verified_at is None
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    phone.screenshot(path=RESULTS / "parent-check-your-email.png", full_page=True)

    # The link in the e-mail, then "Ja, dit was ik": now it counts.
    [message] = [m for m in mail.outbox if m.to == ["ilse@example.org"]]
    link = re.search(r"https?://\S+/akkoord/bevestigen/\S+/", message.body)[0]
    assert link.startswith(base)  # the address the parent used, not a setting
    phone.goto(link)
    phone.click("text=Ja, dit was ik")
    phone.wait_for_load_state()
    signoff.refresh_from_db()
    assert signoff.verified_at is not None
    assert signoff.reference in phone.locator("main").inner_text()
    phone.screenshot(path=RESULTS / "parent-thanks.png", full_page=True)


def test_a_staff_member_reads_and_agrees(demo_site, phone):
    base = demo_site.url
    phone.goto(base + "/nl/mijn-protocollen/")
    phone.wait_for_url("**/nl/inloggen/**")
    phone.fill("#id_username", "medewerker1")
    phone.fill("#id_password", "akkoord-demo")
    phone.click("button[type=submit]")
    phone.wait_for_url("**/nl/mijn-protocollen/")
    card = phone.locator(".status-card").first
    assert "opnieuw bevestigen" in card.inner_text()
    phone.screenshot(path=RESULTS / "staff-my-protocols-before.png", full_page=True)

    card.locator("text=Lezen en opnieuw bevestigen").click()
    phone.wait_for_url(f"**{STAFF}akkoord/")
    # What changed since 1.0 comes first: rule 8 rewritten, rule 10 new.
    text = phone.locator("main").inner_text()
    assert "Wat is er veranderd sinds versie 1.0, waarop je akkoord gaf" in text
    assert "professionele netwerken" in text
    phone.screenshot(path=RESULTS / "staff-confirm-again-changes.png", full_page=True)
    phone.click("text=Gelezen en akkoord")
    phone.wait_for_url("**/nl/mijn-protocollen/")
    assert (
        "Bedankt. Je gaf akkoord op versie 2.0." in phone.locator("main").inner_text()
    )
    assert "gedaan" in phone.locator(".status-card").first.inner_text()
    assert SignOff.objects.filter(user__username="medewerker1", major=2).exists()
    phone.screenshot(path=RESULTS / "staff-my-protocols-after.png", full_page=True)
