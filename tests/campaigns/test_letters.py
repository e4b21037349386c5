"""Letters for families without e-mail (one page each, in their language, a QR
code to a new personal link, a slip with their code) and entering the slip."""

import pytest
from django.utils import timezone

from campaigns.models import Invitation, InvitationToken
from signoff.models import Channel, SignOff

pytestmark = pytest.mark.django_db


def test_an_officer_prints_a_groups_letters_with_a_qr_code_and_a_code(
    client, campaign_officer, make_campaign, family
):
    campaign = make_campaign()
    family["wim"].language = "ar"
    family["wim"].save()
    client.force_login(campaign_officer)
    tokens_before = InvitationToken.objects.count()
    response = client.post(
        f"/admin/campagnes/{campaign.pk}/brieven/", {"group": family["groep3"].pk}
    )
    assert response.status_code == 200
    html = response.content.decode()
    wim = Invitation.objects.get(campaign=campaign, guardian=family["wim"])
    assert html.count('class="letter"') == 1  # only Wim has no e-mail
    assert f'data-code="{wim.short_code}"' in html
    assert 'lang="ar" dir="rtl"' in html and "<svg" in html
    assert "Lotte Jansen" in html and "Ingrid" not in html
    assert InvitationToken.objects.count() == tokens_before + 1
    everyone = client.post(
        f"/admin/campagnes/{campaign.pk}/brieven/",
        {"group": family["groep3"].pk, "everyone": "1"},
    ).content.decode()
    assert everyone.count('class="letter"') == 3  # Ingrid, Mehmet, Wim
    assert client.get(f"/admin/campagnes/{campaign.pk}/brieven/").status_code == 405


def test_letters_need_the_contact_details_permission(
    client, officer, make_campaign, family
):
    campaign = make_campaign()
    officer.groups.first().permissions.filter(codename="view_contact_details")
    group = officer.groups.first()
    group.permissions.remove(*group.permissions.filter(codename="view_contact_details"))
    client.force_login(officer)
    response = client.post(
        f"/admin/campagnes/{campaign.pk}/brieven/", {"group": family["groep3"].pk}
    )
    assert response.status_code in (302, 403)
    assert "Lotte" not in response.content.decode()


def test_a_signed_slip_is_entered_by_its_code_as_paper(
    client, campaign_officer, make_campaign, family
):
    campaign = make_campaign()
    wim = Invitation.objects.get(campaign=campaign, guardian=family["wim"])
    client.force_login(campaign_officer)
    found = client.get("/admin/campagnes/papier/", {"code": wim.short_code.lower()})
    assert "Lotte Jansen" in found.content.decode()
    bad = client.get("/admin/campagnes/papier/", {"code": "ZZZZ-ZZZZ"})
    assert "Geen gezin heeft deze code" in bad.content.decode()
    response = client.post(
        "/admin/campagnes/papier/",
        {
            "code": wim.short_code,
            "signed_on": timezone.localdate().isoformat(),
            "child": [family["lotte"].pk],
        },
    )
    assert response.status_code == 302
    signoff = SignOff.objects.get()
    assert signoff.channel == Channel.PAPER and signoff.acted_by == campaign_officer
    assert signoff.child_name == "Lotte Jansen"
