"""Campaign fixtures: a small roster at De Regenboog (two families with e-mail,
one on paper), the parents' rules, and a campaign officer."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from rosters.models import Guardian, Guardianship, Pupil
from tests.conftest import current


@pytest.fixture
def family(school):
    """Ingrid (two children, responsible for both), Karel (step-parent of Daan
    only, not responsible), Mehmet (Turkish, one child) and Wim (no e-mail)."""
    groep3 = school.groups.get(token="groep-3")
    groep5 = school.groups.get(token="groep-5")

    def pupil(number, given, family_name, group):
        return Pupil.objects.create(
            school=school,
            group=group,
            external_id=number,
            given_name=given,
            family_name=family_name,
            name_key=f"{given} {family_name}".casefold(),
        )

    def guardian(name, email, language="nl"):
        return Guardian.objects.create(
            name=name, email=email, email_key=email.casefold(), language=language
        )

    daan = pupil("L1", "Daan", "Bakker", groep3)
    sara = pupil("L2", "Sara", "Bakker", groep5)
    emre = pupil("L3", "Emre", "Yilmaz", groep3)
    lotte = pupil("L4", "Lotte", "Jansen", groep3)
    ingrid = guardian("Ingrid Bakker", "ingrid@example.org")
    karel = guardian("Karel Smit", "karel@example.org")
    mehmet = guardian("Mehmet Yilmaz", "mehmet@example.org", "tr")
    wim = guardian("Wim Jansen", "")
    for g, p, responsible in (
        (ingrid, daan, True),
        (ingrid, sara, True),
        (karel, daan, False),
        (mehmet, emre, True),
        (wim, lotte, True),
    ):
        Guardianship.objects.create(
            guardian=g, pupil=p, parental_responsibility=responsible
        )
    return {
        "daan": daan,
        "sara": sara,
        "emre": emre,
        "lotte": lotte,
        "ingrid": ingrid,
        "karel": karel,
        "mehmet": mehmet,
        "wim": wim,
        "groep3": groep3,
    }


@pytest.fixture
def campaign_officer(officer):
    officer.groups.first().permissions.add(
        *Permission.objects.filter(
            content_type__app_label="campaigns",
            codename__in=[
                "add_campaign",
                "change_campaign",
                "view_campaign",
                "send_reminder",
                "view_contact_details",
            ],
        )
    )
    return officer


@pytest.fixture
def make_campaign(parents_rule_set, school, campaign_officer, mail_at_once):
    from campaigns import services

    def make(**fields):
        today = timezone.localdate()
        values = {
            "title": "Gedragsregels 2026",
            "rule_set": parents_rule_set,
            "opens_on": today,
            "due_on": today + datetime.timedelta(days=29),
            "today": today,
        }
        values.update(fields)
        return services.create_campaign(by=campaign_officer, schools=[school], **values)

    return make


def link_of(messages) -> str:
    """The personal link's path in the (first) campaign mail of ``messages``."""
    for message in messages if isinstance(messages, list) else [messages]:
        for line in message.body.splitlines():
            if "/uitnodiging/" in line:
                return "/" + line.strip().split("/", 3)[3]
    raise AssertionError("no personal link")


def version_fields(page, client=None):
    """What the link page's form posts about the rules shown (and, given the
    browser, the invitation its open link is for)."""
    version = current(page)
    fields = {
        "page": page.pk,
        "version": version.number,
        "content_hash": version.content_hash,
    }
    if client is not None:
        from campaigns.models import InvitationToken

        digest = client.session["campaigns_link"]["hash"]
        fields["invitation"] = InvitationToken.objects.get(
            token_hash=digest
        ).invitation_id
    return fields


def open_link(client, path) -> str:
    """Follow a personal link as a browser does: the secret goes into the
    session and the browser lands on the link page's own address."""
    response = client.get(path)
    assert response.status_code == 302, response.status_code
    assert "/uitnodiging/" in response["Location"]
    assert path.rstrip("/").rsplit("/", 1)[1] not in response["Location"]
    return response["Location"]
