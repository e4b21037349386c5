"""Issue 7, item 6: the group an audience names cannot be deleted.

Deleting it used to set ``Audience.group`` to NULL, which silently turned the
staff rules into a public parents' form.
"""

import pytest
from django.contrib.auth.models import Group
from django.db.models import ProtectedError
from django.urls import reverse

from policy_pages.models import Audience
from tests.factories import AudienceFactory


@pytest.fixture
def staff_audience(db):
    group = Group.objects.create(name="Medewerkers")
    return AudienceFactory(token="staff", title="Medewerkers", group=group)


def test_deleting_the_group_of_an_audience_is_refused_by_the_database(
    staff_audience,
):
    with pytest.raises(ProtectedError):
        staff_audience.group.delete()
    assert Audience.objects.get(pk=staff_audience.pk).group_id is not None


@pytest.mark.parametrize("method", ["get", "post"])
def test_deleting_the_group_of_an_audience_in_the_admin_says_why(
    client, superuser, staff_audience, method
):
    client.force_login(superuser)
    group = staff_audience.group
    url = reverse("wagtailusers_groups:delete", args=[group.pk])
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailusers_groups:edit", args=[group.pk])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        "De groep 'Medewerkers' kan niet worden verwijderd: de doelgroep "
        "'Medewerkers' gebruikt deze groep om te weten wie akkoord moet geven. "
        "Kies eerst een andere groep voor die doelgroep."
    ]
    assert Group.objects.filter(pk=group.pk).exists()


def test_a_group_no_audience_names_is_still_deleted_by_wagtail(client, superuser):
    client.force_login(superuser)
    group = Group.objects.create(name="Oud")
    url = reverse("wagtailusers_groups:delete", args=[group.pk])
    assert client.get(url).status_code == 200  # Wagtail's own confirmation page
    response = client.post(url)
    assert response.status_code == 302
    assert not Group.objects.filter(pk=group.pk).exists()


def test_the_group_delete_address_says_nothing_to_those_who_may_not_delete(
    client, staff_audience
):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    user = UserFactory(username="editor")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    named = reverse("wagtailusers_groups:delete", args=[staff_audience.group.pk])
    missing = reverse("wagtailusers_groups:delete", args=[999_999])
    assert client.get(named).status_code == client.get(missing).status_code
    assert Group.objects.filter(pk=staff_audience.group.pk).exists()
