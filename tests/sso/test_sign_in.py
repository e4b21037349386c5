"""Sign-in with a school account, against a real OpenID Connect provider
(tests/oidc_provider) over HTTP on 127.0.0.1."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from signoff.models import SignOff
from tests.conftest import current
from tests.oidc_provider.harness import school_sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def sanne(staff_member):
    staff_member.email = "medewerker1@kalisto.example"
    staff_member.save()
    return staff_member


def test_staff_member_signs_in_and_lands_on_my_protocols(
    client, sso_on, sanne, staff_rule_set
):
    response = school_sign_in(client, "sanne")
    assert response.status_code == 302
    assert response["Location"] == "/nl/mijn-protocollen/"
    assert client.session["_auth_user_id"] == str(sanne.pk)
    account = SocialAccount.objects.get()
    assert account.user == sanne


def test_unknown_address_is_refused_in_dutch_and_no_account_is_made(
    client, sso_on, sanne
):
    users = get_user_model().objects.count()
    response = school_sign_in(client, "nieuw")
    assert response.status_code == 403
    assert "staat niet" in response.content.decode() or response.content
    assert get_user_model().objects.count() == users
    assert not SocialAccount.objects.exists()
    assert "_auth_user_id" not in client.session
