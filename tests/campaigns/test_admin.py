"""The campaigns in the admin: created through the service (everyone invited
at once), the progress screen, "Stuur herinnering" and who may do what."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from campaigns.models import Campaign, Dispatch, Invitation

pytestmark = pytest.mark.django_db


def test_an_officer_creates_a_campaign_in_the_admin_and_everyone_is_invited(
    client, campaign_officer, parents_rule_set, school, family, mail_at_once
):
    client.force_login(campaign_officer)
    today = timezone.localdate()
    response = client.post(
        "/admin/campagnes/add/",
        {
            "title": "Gedragsregels 2026",
            "rule_set": parents_rule_set.pk,
            "audience": "parents",
            "schools": [school.pk],
            "opens_on": today.isoformat(),
            "due_on": (today + datetime.timedelta(days=21)).isoformat(),
            "remind_after_days": "7",
            "remind_before_days": "3",
            "remind_on_due_date": "on",
            "introduction": "{}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign = Campaign.objects.get()
    assert campaign.created_by == campaign_officer
    assert Invitation.objects.filter(campaign=campaign).count() == 3
    assert len(mail.outbox) == 2


def test_the_progress_screen_shows_the_funnel_and_who_is_late(
    client, campaign_officer, make_campaign, family
):
    campaign = make_campaign()
    client.force_login(campaign_officer)
    response = client.get(f"/admin/campagnes/{campaign.pk}/voortgang/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ingrid Bakker" in html and "ingrid@example.org" in html
    assert "Wim Jansen" in html
    csv = client.get(f"/admin/campagnes/{campaign.pk}/voortgang/?export=csv")
    assert "mehmet@example.org" in csv.content.decode("utf-8-sig")


def test_stuur_herinnering_sends_one_reminder_a_day_to_one_family(
    client, campaign_officer, make_campaign, family
):
    campaign = make_campaign()
    mail.outbox.clear()
    client.force_login(campaign_officer)
    ingrid = Invitation.objects.get(campaign=campaign, guardian=family["ingrid"])
    url = f"/admin/campagnes/{campaign.pk}/voortgang/"
    for _ in range(2):
        client.post(url, {"invitation": ingrid.pk})
    assert [m.to for m in mail.outbox] == [["ingrid@example.org"]]
    assert Dispatch.objects.filter(step__startswith="manual-").count() == 1
    client.post(url, {"group": family["groep3"].pk})
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ingrid@example.org",
        "mehmet@example.org",
    ]


def test_without_permissions_the_screens_are_closed(
    client, make_campaign, family, officer, staff_member
):
    campaign = make_campaign()
    url = f"/admin/campagnes/{campaign.pk}/voortgang/"
    officer.groups.first().permissions.remove(
        *officer.groups.first().permissions.filter(content_type__app_label="campaigns")
    )
    client.force_login(officer)
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"group": family["groep3"].pk}).status_code in (302, 403)
    assert client.get("/admin/campagnes/add/").status_code in (302, 403)
    client.force_login(staff_member)
    assert client.get(url).status_code in (302, 403)
    assert Dispatch.objects.filter(step__startswith="manual-").count() == 0


def test_directors_get_one_weekly_overview_of_who_is_late(
    make_campaign, family, school
):
    school.director_email = "directeur@example.org"
    school.save()
    campaign = make_campaign()
    mail.outbox.clear()
    monday = campaign.opens_on + datetime.timedelta(
        days=7 - campaign.opens_on.weekday()
    )
    from campaigns import services

    services.run_campaigns(today=monday)
    services.run_campaigns(today=monday + datetime.timedelta(days=1))
    digests = [m for m in mail.outbox if m.to == ["directeur@example.org"]]
    assert len(digests) == 1
    body = digests[0].body
    assert "Groep 3: Daan Bakker, Lotte Jansen, Emre Yilmaz" in body
    assert "Groep 5: Sara Bakker" in body
    services.run_campaigns(today=monday + datetime.timedelta(days=7))
    assert len([m for m in mail.outbox if m.to == ["directeur@example.org"]]) == 2


def test_the_home_panel_shows_running_campaigns_and_offers_one_for_a_new_major(
    client, campaign_officer, make_campaign, family, parents_rule_set
):
    from tests.conftest import publish

    client.force_login(campaign_officer)
    html = client.get("/admin/").content.decode()
    assert "Er loopt geen campagne" in html
    publish(
        parents_rule_set,
        rules=parents_rule_set.rules.raw_data[:1],
        version_material=True,
        version_change_note="Regel twee geschrapt",
    )
    html = client.get("/admin/").content.decode()
    assert "is een inhoudelijke wijziging" in html
    add = client.get(f"/admin/campagnes/add/?rule_set={parents_rule_set.pk}")
    assert re.search(
        rf'name="rule_set"[^>]*value="{parents_rule_set.pk}"', add.content.decode()
    ) or re.search(
        rf'value="{parents_rule_set.pk}"[^>]*name="rule_set"', add.content.decode()
    )
    make_campaign()
    html = client.get("/admin/").content.decode()
    assert "inhoudelijke wijziging" not in html
    assert "Gedragsregels 2026" in html and "0 van 4 (0%)" in html


def test_the_late_list_downloads_as_xlsx_with_neutralised_cells(
    client, campaign_officer, make_campaign, family
):
    import io

    import openpyxl

    family["mehmet"].name = "=HYPERLINK(1)"
    family["mehmet"].save()
    campaign = make_campaign()
    client.force_login(campaign_officer)
    response = client.get(f"/admin/campagnes/{campaign.pk}/voortgang/?export=xlsx")
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content)
        if response.streaming
        else (response.content)
    )
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Naam", "E-mailadres", "Telefoon")
    names = {row[0] for row in rows[1:]}
    assert "'=HYPERLINK(1)" in names and "Ingrid Bakker" in names


def test_publishing_a_material_version_offers_a_campaign(
    rf, campaign_officer, parents_rule_set, family
):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from campaigns.wagtail_hooks import offer_a_campaign
    from tests.conftest import publish

    def offered(page):
        request = rf.post("/admin/pages/edit/")
        request.user = campaign_officer
        request.session = {}
        request._messages = FallbackStorage(request)
        offer_a_campaign(request, page)
        return [str(m) for m in get_messages(request)]

    assert offered(parents_rule_set) == []  # 1.0: nobody confirmed an earlier one
    page = publish(
        parents_rule_set,
        rules=parents_rule_set.rules.raw_data[:1],
        version_material=True,
        version_change_note="Regel twee geschrapt",
    )
    (message,) = offered(page)
    assert "Versie 2.0 is een inhoudelijke wijziging" in message
    assert f"?rule_set={page.pk}" in message
