"""The ++api++ and campaigns: ``POST …/@signoff`` with an invitation token,
and ``@campaigns`` for officers."""

import json

import pytest
from django.core import mail

from campaigns import tokens
from campaigns.models import CampaignConfirmation, Invitation
from signoff.models import Channel, SignOff
from tests.campaigns.conftest import link_of
from tests.conftest import current

pytestmark = pytest.mark.django_db


def _post(client, page, **body):
    version = current(page)
    data = {
        "version": version.number,
        "content_hash": version.content_hash,
        "language": "nl",
        **body,
    }
    return client.post(
        "/++api++" + page.url.rstrip("/") + "/@signoff",
        json.dumps(data),
        content_type="application/json",
    )


def _token(address):
    path = link_of([m for m in mail.outbox if address in m.to])
    return path.rstrip("/").rsplit("/", 1)[1]


def test_a_token_confirms_for_every_child_without_name_or_email(
    client, make_campaign, family, parents_rule_set
):
    make_campaign()
    token = _token("ingrid@example.org")
    first = _post(client, parents_rule_set, token=token)
    assert first.status_code == 201, first.content
    assert len(first.json()["items"]) == 2
    again = _post(client, parents_rule_set, token=token)
    assert again.status_code == 200
    assert [i["id"] for i in again.json()["items"]] == [
        i["id"] for i in first.json()["items"]
    ]
    assert SignOff.objects.filter(channel=Channel.INVITATION).count() == 2
    assert CampaignConfirmation.objects.count() == 2


@pytest.mark.parametrize("token", ["nope", "x" * 200, ""])
def test_a_forged_token_is_refused_and_nothing_is_stored(
    client, make_campaign, family, parents_rule_set, token
):
    make_campaign()
    response = _post(client, parents_rule_set, token=token)
    assert response.status_code == 400
    if token:
        assert response.json()["errors"][0]["field"] == "token"
    assert not SignOff.objects.exists()


def test_a_token_for_other_rules_and_a_guardian_without_responsibility_are_refused(
    client, make_campaign, family, parents_rule_set, make_rule_set
):
    from tests.factories import AudienceFactory

    make_campaign()
    other = make_rule_set(
        ["Andere regel."],
        slug="andere",
        title="Andere regels",
        audience=AudienceFactory(token="anders", title="Anders"),
    )
    response = _post(client, other, token=_token("ingrid@example.org"))
    assert response.status_code == 400
    assert "andere regels" in response.json()["errors"][0]["message"]
    karel = Invitation.objects.create(
        campaign=Invitation.objects.first().campaign,
        guardian=family["karel"],
        invited_on=Invitation.objects.first().invited_on,
        due_on=Invitation.objects.first().due_on,
    )
    response = _post(client, parents_rule_set, token=tokens.mint_token(karel))
    assert response.status_code == 400
    assert not SignOff.objects.exists()


def test_a_stale_version_with_a_token_is_a_conflict(
    client, make_campaign, family, parents_rule_set
):
    make_campaign()
    response = _post(
        client, parents_rule_set, token=_token("ingrid@example.org"), version="0.9"
    )
    assert response.status_code == 409
    assert not SignOff.objects.exists()


def test_campaigns_show_officers_progress_without_personal_data(
    client, make_campaign, family, campaign_officer
):
    campaign = make_campaign()
    client.force_login(campaign_officer)
    listing = client.get("/++api++/@campaigns")
    assert listing.status_code == 200
    (item,) = listing.json()["items"]
    assert item["id"] == campaign.pk
    assert item["totals"] == {"children": 4, "invited": 4, "opened": 0, "confirmed": 0}
    detail = client.get(f"/++api++/@campaigns?id={campaign.pk}").json()
    assert "late" not in detail and "ingrid" not in json.dumps(detail)
    late = client.get(f"/++api++/@campaigns?id={campaign.pk}&status=late")
    assert late.status_code == 200
    assert late["Cache-Control"] == "private, no-store"
    assert {p["name"] for p in late.json()["late"]} == {
        "Ingrid Bakker",
        "Mehmet Yilmaz",
        "Wim Jansen",
    }


def test_campaigns_are_closed_to_others(
    client, make_campaign, family, campaign_officer, staff_member, officer
):
    campaign = make_campaign()
    assert client.get("/++api++/@campaigns").status_code == 401
    client.force_login(staff_member)
    assert client.get("/++api++/@campaigns").status_code == 403
    client.force_login(campaign_officer)
    campaign_officer.groups.first().permissions.remove(
        *campaign_officer.groups.first().permissions.filter(
            codename="view_contact_details"
        )
    )
    client.force_login(type(campaign_officer).objects.get(pk=campaign_officer.pk))
    url = f"/++api++/@campaigns?id={campaign.pk}"
    assert client.get(url).status_code == 200
    assert client.get(url + "&status=late").status_code == 403
    assert client.get("/++api++/@campaigns?id=99999").status_code == 404
    assert client.get("/++api++/@campaigns?id=abc").status_code == 400
