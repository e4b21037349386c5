"""A staff campaign's e-mail leads to Mijn protocollen through the login, where
the school account comes first."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from campaigns.services import create_campaign
from tests.oidc_provider.harness import school_sign_in

pytestmark = pytest.mark.django_db


def test_the_staff_mail_links_through_the_login_to_my_protocols(
    client, sso_on, staff_rule_set, staff_member, school, mail_at_once
):
    from rosters.models import StaffMembership

    staff_member.email = "medewerker1@kalisto.example"
    staff_member.save()
    StaffMembership.objects.create(user=staff_member, school=school)
    today = timezone.localdate()
    create_campaign(
        by=None,
        schools=[school],
        title="Medewerkers",
        rule_set=staff_rule_set,
        audience="staff",
        opens_on=today,
        due_on=today + datetime.timedelta(days=10),
        today=today,
    )
    (message,) = [m for m in mail.outbox if m.to == [staff_member.email]]
    link = re.search(r"http://testserver(/\S+)", message.body).group(1)
    assert link == "/nl/inloggen/?next=%2Fnl%2Fmijn-protocollen%2F"
    login = client.get(link).content.decode()
    assert "Inloggen met je schoolaccount" in login
    assert 'name="next" value="/nl/mijn-protocollen/"' in login
    response = school_sign_in(client, "sanne", next_url="/nl/mijn-protocollen/")
    assert response["Location"] == "/nl/mijn-protocollen/"
    assert (
        "Bevestig uiterlijk op" in client.get("/nl/mijn-protocollen/").content.decode()
    )
