"""The permission matrix for campaigns: every role, a guardian holding a
personal link, and another guardian's link, on every campaign screen and
endpoint. Where refused, no guardian's contact details are in the answer."""

import json

import pytest

from campaigns import tokens
from campaigns.models import Invitation
from tests.campaigns.conftest import version_fields
from tests.factories import UserFactory
from tests.signoff.test_admin_reports import make_role

pytestmark = pytest.mark.django_db

SECRET = "ingrid@example.org"  # a guardian's address: only for who may see it


@pytest.fixture
def people(officer, campaign_officer, staff_member):
    return {
        "anonymous": None,
        "guardian with a link": None,
        "staff": staff_member,
        "editor": make_role("Redacteur", ["access_admin", "view_coverage"]),
        "officer without campaigns": make_role(
            "Compliance zonder campagnes",
            ["access_admin", "view_signoff", "add_paper_signoff"],
        ),
        "campaign officer": campaign_officer,
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }


@pytest.fixture
def setting(make_campaign, family):
    campaign = make_campaign()
    ingrid = Invitation.objects.get(campaign=campaign, guardian=family["ingrid"])
    mehmet = Invitation.objects.get(campaign=campaign, guardian=family["mehmet"])
    return {
        "campaign": campaign,
        "ingrid": ingrid,
        "link": f"/nl/uitnodiging/{tokens.mint_token(mehmet)}/",
        "group": family["groep3"],
    }


VIEWS = {
    "campaign list": ("get", lambda s: "/admin/campagnes/", None),
    "add campaign": ("get", lambda s: "/admin/campagnes/add/", None),
    "progress": (
        "get",
        lambda s: f"/admin/campagnes/{s['campaign'].pk}/voortgang/",
        None,
    ),
    "late csv": (
        "get",
        lambda s: f"/admin/campagnes/{s['campaign'].pk}/voortgang/?export=csv",
        None,
    ),
    "remind a family": (
        "post",
        lambda s: f"/admin/campagnes/{s['campaign'].pk}/voortgang/",
        lambda s: {"invitation": s["ingrid"].pk},
    ),
    "letters": (
        "post",
        lambda s: f"/admin/campagnes/{s['campaign'].pk}/brieven/",
        lambda s: {"group": s["group"].pk, "everyone": "1"},
    ),
    "paper slip": ("get", lambda s: "/admin/campagnes/papier/", None),
    "@campaigns": ("get", lambda s: "/++api++/@campaigns", None),
    "@campaigns late": (
        "get",
        lambda s: f"/++api++/@campaigns?id={s['campaign'].pk}&status=late",
        None,
    ),
}

ALLOWED = {
    "campaign list": {"campaign officer", "superuser"},
    "add campaign": {"campaign officer", "superuser"},
    "progress": {"campaign officer", "superuser"},
    "late csv": {"campaign officer", "superuser"},
    "remind a family": {"campaign officer", "superuser"},
    "letters": {"campaign officer", "superuser"},
    "paper slip": {"officer without campaigns", "campaign officer", "superuser"},
    "@campaigns": {"campaign officer", "superuser"},
    "@campaigns late": {"campaign officer", "superuser"},
}


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize(
    "role",
    [
        "anonymous",
        "guardian with a link",
        "staff",
        "editor",
        "officer without campaigns",
        "campaign officer",
        "superuser",
    ],
)
def test_permission_matrix(client, people, setting, role, view):
    if role == "guardian with a link":
        assert client.get(setting["link"], follow=True).status_code == 200
    elif people[role] is not None:
        client.force_login(people[role])
    method, url, data = VIEWS[view]
    response = getattr(client, method)(url(setting), data(setting) if data else None)
    body = "" if response.streaming else response.content.decode(errors="replace")
    if role in ALLOWED[view]:
        assert response.status_code in (200, 302), (role, view, response.status_code)
        if response.status_code == 302:
            assert "login" not in response["Location"]
    else:
        assert response.status_code in (302, 401, 403), (role, view)
        if response.status_code == 302:
            assert "login" in response["Location"] or "/admin/" in response["Location"]
        assert SECRET not in body


def test_a_guardians_link_shows_only_their_own_family(client, setting, family):
    html = client.get(setting["link"], follow=True).content.decode()
    assert "Emre Yilmaz" in html
    for other in ("Daan", "Sara", "Lotte", "Ingrid", SECRET):
        assert other not in html


def test_a_link_never_confirms_another_familys_child(
    client, setting, family, parents_rule_set
):
    from signoff.models import SignOff

    client.get(setting["link"])
    response = client.post(
        "/nl/uitnodiging/",
        {**version_fields(parents_rule_set, client), "child": [family["daan"].pk]},
    )
    assert response.status_code == 400
    body = json.dumps(response.content.decode())
    assert "Daan" not in body
    assert not SignOff.objects.exists()
