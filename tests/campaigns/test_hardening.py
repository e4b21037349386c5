"""What the first review found: wrong campaigns refused in the admin form,
links that open no more than the page would, closed campaigns and revoked
links, strict ids, and the staff's due date on Mijn protocollen."""

import datetime
import re

import pytest
from django.utils import timezone

from campaigns import services, tokens
from campaigns.models import Campaign, Invitation
from signoff.models import SignOff
from tests.campaigns.conftest import open_link, version_fields

pytestmark = pytest.mark.django_db


def _form(page, school, **changes):
    today = timezone.localdate()
    data = {
        "title": "Regels",
        "rule_set": page.pk,
        "audience": "parents",
        "schools": [school.pk],
        "opens_on": today.isoformat(),
        "due_on": (today + datetime.timedelta(days=21)).isoformat(),
        "remind_after_days": "7",
        "remind_before_days": "3",
        "introduction": "{}",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"schools": []}, "Dit veld is verplicht"),
        ({"due_on": "2020-01-31", "opens_on": "2020-01-01"}, "al voorbij"),
        ({"remind_after_days": "30"}, "op of na de uiterste datum"),
        ({"groups": ["OTHER"]}, "alleen groepen van de gekozen scholen"),
        ({"rule_set": "STAFF"}, "Kies regels voor wie deze campagne is"),
    ],
)
def test_the_admin_form_refuses_a_wrong_campaign_and_mails_nobody(
    client,
    campaign_officer,
    parents_rule_set,
    staff_rule_set,
    school,
    other_school,
    family,
    mail_at_once,
    changes,
    message,
):
    from django.core import mail

    if changes.get("groups") == ["OTHER"]:
        changes["groups"] = [other_school.groups.first().pk]
    if changes.get("rule_set") == "STAFF":
        changes["rule_set"] = staff_rule_set.pk
    client.force_login(campaign_officer)
    response = client.post(
        "/admin/campagnes/add/", _form(parents_rule_set, school, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Campaign.objects.exists()
    assert mail.outbox == []


def test_a_second_campaign_for_the_same_rules_and_schools_is_refused(
    client, campaign_officer, make_campaign, parents_rule_set, school, family
):
    make_campaign()
    client.force_login(campaign_officer)
    response = client.post("/admin/campagnes/add/", _form(parents_rule_set, school))
    assert "vraagt deze scholen in deze periode al" in response.content.decode()
    assert Campaign.objects.count() == 1


def test_a_link_opens_no_more_than_the_rules_page(
    client, make_campaign, family, parents_rule_set
):
    from wagtail.models import PageViewRestriction

    campaign = make_campaign()
    ingrid = Invitation.objects.get(campaign=campaign, guardian=family["ingrid"])
    path = open_link(client, f"/nl/uitnodiging/{tokens.mint_token(ingrid)}/")
    PageViewRestriction.objects.create(
        page=parents_rule_set, restriction_type="password", password="geheim"
    )
    response = client.get(path)
    assert response.status_code == 403
    assert "Regel een" not in response.content.decode()
    response = client.post(
        path, {**version_fields(parents_rule_set, client), "child": [family["daan"].pk]}
    )
    assert response.status_code == 403
    PageViewRestriction.objects.all().delete()
    parents_rule_set.unpublish()
    assert client.get(path).status_code == 403
    assert not SignOff.objects.exists()


def test_closing_a_campaign_and_revoking_links_end_them(
    client, campaign_officer, make_campaign, family
):
    campaign = make_campaign()
    ingrid = Invitation.objects.get(campaign=campaign, guardian=family["ingrid"])
    mehmet = Invitation.objects.get(campaign=campaign, guardian=family["mehmet"])
    ingrid_link = f"/nl/uitnodiging/{tokens.mint_token(ingrid)}/"
    mehmet_link = f"/nl/uitnodiging/{tokens.mint_token(mehmet)}/"
    client.force_login(campaign_officer)
    url = f"/admin/campagnes/{campaign.pk}/voortgang/"
    client.post(url, {"action": "revoke", "invitation": ingrid.pk})
    assert client.get(ingrid_link).status_code == 410
    assert client.get(mehmet_link).status_code == 302
    client.post(url, {"action": "close"})  # without ticking the box: not closed
    assert client.get(mehmet_link).status_code == 302
    client.post(url, {"action": "close", "sure": "1"})
    assert client.get(mehmet_link).status_code == 410
    assert services.run_campaigns()["invited"] == 0


@pytest.mark.parametrize("value", ["abc", "1.0", "٢", " 1", "9\x00", ""])
def test_ids_are_ascii_digits_or_not_found(
    client, campaign_officer, make_campaign, family, value
):
    campaign = make_campaign()
    client.force_login(campaign_officer)
    url = f"/admin/campagnes/{campaign.pk}/voortgang/"
    assert client.post(url, {"group": value or "x"}).status_code == 400
    assert client.post(url, {"invitation": value or "x"}).status_code == 400
    letters = f"/admin/campagnes/{campaign.pk}/brieven/"
    assert client.post(letters, {"group": value}).status_code == 400
    api = client.get("/++api++/@campaigns", {"id": value or "0"})
    assert api.status_code == 400
    if "\x00" not in value:  # a NUL byte is refused before the API
        assert api.json()["errors"][0]["message"] == "Deze waarde klopt niet."


def test_a_child_id_in_other_digits_confirms_nothing(
    client, make_campaign, family, parents_rule_set
):
    campaign = make_campaign()
    ingrid = Invitation.objects.get(campaign=campaign, guardian=family["ingrid"])
    path = open_link(client, f"/nl/uitnodiging/{tokens.mint_token(ingrid)}/")
    arabic = str(family["daan"].pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    response = client.post(
        path, {**version_fields(parents_rule_set, client), "child": arabic}
    )
    assert response.status_code == 400
    assert not SignOff.objects.exists()


def test_staff_see_the_campaigns_due_date_on_mijn_protocollen(
    client, staff_rule_set, staff_member, school, mail_at_once
):
    from rosters.models import StaffMembership

    StaffMembership.objects.create(user=staff_member, school=school)
    today = timezone.localdate()
    services.create_campaign(
        by=None,
        schools=[school],
        title="Medewerkers",
        rule_set=staff_rule_set,
        audience="staff",
        opens_on=today,
        due_on=today + datetime.timedelta(days=10),
        today=today,
    )
    client.force_login(staff_member)
    html = client.get("/nl/mijn-protocollen/").content.decode()
    due = (today + datetime.timedelta(days=10)).strftime("%-d")
    assert "Bevestig uiterlijk op" in html and due in html


def test_an_opened_link_lasts_a_while_in_the_browser_with_a_new_session(
    client, make_campaign, family, settings
):
    campaign = make_campaign()
    ingrid = Invitation.objects.get(campaign=campaign, guardian=family["ingrid"])
    client.get("/nl/")
    before = client.session.session_key
    path = open_link(client, f"/nl/uitnodiging/{tokens.mint_token(ingrid)}/")
    assert client.session.session_key != before
    assert client.get(path).status_code == 200
    settings.CAMPAIGNS = {"LINK_SESSION_SECONDS": -1}
    response = client.get(path)
    assert response.status_code == 404
    assert "Open je persoonlijke link" in response.content.decode()


def test_a_page_left_open_for_another_family_saves_nothing(
    client, make_campaign, family, parents_rule_set
):
    campaign = make_campaign()
    ingrid = Invitation.objects.get(campaign=campaign, guardian=family["ingrid"])
    mehmet = Invitation.objects.get(campaign=campaign, guardian=family["mehmet"])
    path = open_link(client, f"/nl/uitnodiging/{tokens.mint_token(ingrid)}/")
    ingrids_form = version_fields(parents_rule_set, client)
    open_link(client, f"/nl/uitnodiging/{tokens.mint_token(mehmet)}/")
    # Ingrid's tab, still open, posts after Mehmet's link was opened.
    response = client.post(path, {**ingrids_form, "action": "name", "name": "X"})
    assert response.status_code == 400
    assert "voor een ander gezin" in response.content.decode()
    response = client.post(path, {**ingrids_form, "child": [family["daan"].pk]})
    assert response.status_code == 400
    family["mehmet"].refresh_from_db()
    assert family["mehmet"].name == "Mehmet Yilmaz"
    assert not SignOff.objects.exists()


def test_done_closes_the_page_for_the_next_person(client, make_campaign, family):
    campaign = make_campaign()
    ingrid = Invitation.objects.get(campaign=campaign, guardian=family["ingrid"])
    path = open_link(client, f"/nl/uitnodiging/{tokens.mint_token(ingrid)}/")
    response = client.post(path, {"action": "leave"})
    assert "Je pagina is gesloten" in response.content.decode()
    after = client.get(path)
    assert after.status_code == 404 and "Daan" not in after.content.decode()


def test_a_closed_campaign_sends_no_reminders_or_letters(
    client, campaign_officer, make_campaign, family
):
    from django.core import mail

    campaign = make_campaign()
    client.force_login(campaign_officer)
    url = f"/admin/campagnes/{campaign.pk}/voortgang/"
    client.post(url, {"action": "close", "sure": "1"})
    mail.outbox.clear()
    client.post(url, {"group": family["groep3"].pk})
    client.post(url, {"invitation": Invitation.objects.first().pk})
    assert mail.outbox == []
    letters = client.post(
        f"/admin/campagnes/{campaign.pk}/brieven/", {"group": family["groep3"].pk}
    )
    assert letters.status_code == 400
    assert client.post(url, {"action": "nonsense", "group": 1}).status_code == 400


def test_a_campaign_that_invited_people_is_closed_not_deleted(
    client, make_campaign, family
):
    from tests.factories import UserFactory

    campaign = make_campaign()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    response = client.post(f"/admin/campagnes/delete/{campaign.pk}/")
    assert response.status_code == 302
    assert Campaign.objects.filter(pk=campaign.pk).exists()


def test_a_translation_is_not_a_campaigns_rules(
    client, campaign_officer, parents_rule_set, school, family, mail_at_once
):
    from wagtail.models import Locale

    arabic = parents_rule_set.copy_for_translation(
        Locale.objects.get_or_create(language_code="ar")[0], copy_parents=True
    )
    client.force_login(campaign_officer)
    add = client.get(f"/admin/campagnes/add/?rule_set={arabic.pk}").content.decode()
    assert not re.search(rf'name="rule_set"[^>]*value="{arabic.pk}"', add)
    response = client.post(
        "/admin/campagnes/add/", _form(arabic, school, title="Arabisch")
    )
    assert "in de eigen taal van de site" in response.content.decode()
    assert not Campaign.objects.exists()


@pytest.mark.parametrize(
    "query", ["b_size=0", "b_start=-1", "b_size=1001", "id=" + "1" * 50]
)
def test_campaigns_api_refuses_paging_in_dutch(
    client, campaign_officer, make_campaign, family, query
):
    campaign = make_campaign()
    client.force_login(campaign_officer)
    response = client.get(f"/++api++/@campaigns?id={campaign.pk}&status=late&{query}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "Deze waarde klopt niet."
