"""Issue 7, item 15 in the browser: a parent who is refused for too many attempts
sees why, and keeps what they typed; staff on the same address are not refused."""

import pytest
from django.core.cache import cache

from signoff.models import SchoolGroup, SignOff

from .conftest import RESULTS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PUPILS = "/nl/protocol-sociale-media/gedragsregels-leerlingen-ouders/"
STAFF = "/nl/protocol-sociale-media/gedragsregels-medewerkers/"


def _fill(phone, child):
    phone.fill("#id_name", "Ilse de Jong")
    phone.fill("#id_email", "ilse@example.org")
    phone.fill("#id_child_name", child)
    phone.select_option("#id_school", "het-kompas")
    group = SchoolGroup.objects.get(school__token="het-kompas", token="groep-4")
    phone.select_option("#id_group", value=str(group.pk))
    phone.check("#id_parental_responsibility")
    phone.check("#id_agree")
    phone.click("button[type=submit]")


def test_a_refused_parent_keeps_what_was_typed_and_staff_still_confirm(
    demo_site, phone, settings
):
    cache.clear()
    settings.SIGNOFF = {"PER_ADDRESS": [(1, 60)]}
    base = demo_site.url
    phone.goto(base + PUPILS + "akkoord/")
    _fill(phone, "Sem de Jong")
    phone.wait_for_url("**/akkoord/bedankt/")

    phone.goto(base + PUPILS + "akkoord/")
    _fill(phone, "Noa de Jong")
    notice = phone.locator("[role=alert]", has_text="te vaak geprobeerd")
    assert notice.is_visible()
    assert phone.input_value("#id_child_name") == "Noa de Jong"
    assert phone.input_value("#id_email") == "ilse@example.org"
    assert phone.input_value("#id_school") == "het-kompas"
    assert not SignOff.objects.filter(child_name="Noa de Jong").exists()
    phone.screenshot(path=RESULTS / "parent-too-many-attempts.png", full_page=True)

    # A staff member on the same address (the school's Wi-Fi) is not refused.
    phone.goto(base + "/nl/inloggen/")
    phone.fill("#id_username", "medewerker1")
    phone.fill("#id_password", "akkoord-demo")
    phone.click("button[type=submit]")
    phone.wait_for_url("**/nl/mijn-protocollen/")
    phone.goto(base + STAFF + "akkoord/")
    phone.click("text=Gelezen en akkoord")
    phone.wait_for_url("**/nl/mijn-protocollen/")
    assert (
        "Bedankt. Je gaf akkoord op versie 2.0." in phone.locator("main").inner_text()
    )
