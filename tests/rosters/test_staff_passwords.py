"""Without sign-in by school account, imported staff set their own password
through an e-mailed link (Django's reset flow, in Dutch): never a password in a
file or an e-mail."""

import re

from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import UserFactory

from .conftest import sample
from .test_staff_import import apply, upload

LINK = re.compile(r"http://testserver(/nl/wachtwoord/instellen/[^\s]+/)")


def import_staff(client, roster_officer, staff_group):
    """The sample staff file, through the preview and its confirmation."""
    client.force_login(roster_officer)
    response = upload(client, sample("akkoord-medewerkers.csv"), staff_group)
    assert response.status_code == 302, response.content.decode()[-3000:]
    apply(client, response)
    client.logout()


def test_imported_staff_get_a_link_to_set_their_password(
    client, roster_officer, schools, staff_rule_set, staff_group, mail_at_once
):
    import_staff(client, roster_officer, staff_group)
    to_marieke = [m for m in mail.outbox if m.to == ["marieke.visser@example.org"]]
    assert len(to_marieke) == 1
    message = to_marieke[0]
    assert message.subject == "Stel je wachtwoord in voor Akkoord"
    assert "Je hebt een account op Akkoord" in message.body
    assert "marieke.visser@example.org" in message.body  # her user name
    path = LINK.search(message.body).group(1)

    # The link leads to a form; the password is hers to choose.
    form = client.get(path, follow=True)
    assert form.status_code == 200
    assert "Wachtwoord opslaan" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "zomer-in-de-Regenboog",
            "new_password2": "zomer-in-de-Regenboog",
        },
        follow=True,
    )
    assert "Je wachtwoord is ingesteld" in done.content.decode()
    marieke = get_user_model().objects.get(email="marieke.visser@example.org")
    assert marieke.check_password("zomer-in-de-Regenboog")
    # It works once.
    again = client.get(path, follow=True).content.decode()
    assert "Deze link werkt niet meer" in again
    response = client.post(
        "/nl/inloggen/",
        {"username": marieke.username, "password": "zomer-in-de-Regenboog"},
    )
    assert response["Location"] == "/nl/mijn-protocollen/"


def test_no_password_mails_where_staff_sign_in_with_their_school_account(
    client, settings, roster_officer, schools, staff_rule_set, staff_group, mail_at_once
):
    settings.SIGNOFF = {**settings.SIGNOFF, "SET_PASSWORD_MAIL": False}
    import_staff(client, roster_officer, staff_group)
    assert mail.outbox == []
    assert get_user_model().objects.filter(email="marieke.visser@example.org").exists()


def test_asking_for_a_link_answers_the_same_for_any_address(
    client, staff_member, mail_at_once
):
    staff_member.email = "sanne@kalisto.example"
    staff_member.set_unusable_password()  # imported: no password yet
    staff_member.save()
    page = client.get("/nl/wachtwoord/")
    assert "Wachtwoord instellen" in page.content.decode()
    known = client.post("/nl/wachtwoord/", {"email": "Sanne@Kalisto.example"})
    unknown = client.post("/nl/wachtwoord/", {"email": "niemand@kalisto.example"})
    assert known.status_code == unknown.status_code == 200

    def without_csrf(response):
        return re.sub(
            r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode()
        )

    assert without_csrf(known) == without_csrf(unknown)
    assert "Hoort dit adres bij een account" in without_csrf(known)
    assert [m.to for m in mail.outbox] == [["sanne@kalisto.example"]]
    assert mail.outbox[0].subject == "Een nieuw wachtwoord voor Akkoord"
    assert "wachtwoord/instellen/" in mail.outbox[0].body


def test_a_bad_address_is_refused_and_nothing_is_sent(client, db, mail_at_once):
    response = client.post("/nl/wachtwoord/", {"email": "geen adres"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode() or "klopt niet" in (
        response.content.decode()
    )
    assert mail.outbox == []


def test_a_switched_off_account_gets_no_link(client, db, mail_at_once):
    UserFactory(email="oud@kalisto.example", is_active=False)
    client.post("/nl/wachtwoord/", {"email": "oud@kalisto.example"})
    assert mail.outbox == []


def test_a_link_sent_before_the_account_was_switched_off_sets_nothing(
    client, staff_member
):
    from signoff.password_links import set_password_url

    path = set_password_url(staff_member)
    staff_member.is_active = False
    staff_member.save()
    html = client.get(path, follow=True).content.decode()
    assert "Deze link werkt niet meer" in html


def test_three_links_an_hour_per_account(client, staff_member, mail_at_once):
    staff_member.email = "sanne@kalisto.example"
    staff_member.save()
    for _attempt in range(5):
        client.post("/nl/wachtwoord/", {"email": "sanne@kalisto.example"})
    assert len(mail.outbox) == 3
