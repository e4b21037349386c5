"""R11: the open parent form. Whoever types another family's e-mail address and
child's name learns nothing and changes nothing verified; a parent's confirmation
counts once the link e-mailed to that address is followed (double opt-in)."""

import json
import re

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from signoff import reports, services
from signoff.models import SignOff
from tests.conftest import current, parent_details, without_bdi

LINK = re.compile(r"http://testserver(/\S+/akkoord/bevestigen/[^/\s]+/)")


@pytest.fixture(autouse=True)
def send_mail_at_once(mail_at_once):
    return mail_at_once


def link_in(message) -> str:
    return LINK.search(message.body)[1]


def confirm(client, form_url, data, **extra):
    mail.outbox.clear()
    response = client.post(form_url, data, **extra)
    assert response.status_code == 302
    return response, link_in(mail.outbox[-1])


def test_the_link_turns_the_claim_into_a_confirmation_only_when_clicked(
    client, form_url, valid
):
    _response, link = confirm(client, form_url, valid)
    page = client.get(link)
    html = page.content.decode()
    assert page.status_code == 200 and "Ja, dit was ik" in html
    assert SignOff.objects.get().verified_at is None  # opening the link is not it
    mail.outbox.clear()
    done = client.post(link)
    assert done.status_code == 302 and done["Location"] == link  # then a GET
    signoff = SignOff.objects.get()
    assert signoff.verified_at is not None
    assert SignOff.objects.valid().get() == signoff
    receipt_page = without_bdi(client.get(link).content.decode())
    assert f"Kenmerk: {signoff.reference}" in receipt_page
    assert "Akkoord geven voor nog een kind" in receipt_page
    [receipt] = mail.outbox
    assert receipt.to == ["ingrid@example.org"]
    assert signoff.reference in receipt.body and "Daan Bakker" in receipt.body
    # Clicking again changes nothing.
    again = client.post(link)
    assert again.status_code == 302
    assert SignOff.objects.valid().count() == 1 and len(mail.outbox) == 1
    # "Another child" starts from the parent's details.
    form = client.get(form_url + "?ander-kind").content.decode()
    assert 'value="Ingrid Bakker"' in form and "Daan Bakker" not in form


def test_a_stranger_learns_nothing_and_never_blocks_the_real_parent(
    client, form_url, valid, parents_rule_set
):
    # A stranger types Ingrid's address and child with their own name.
    stranger, stranger_link = confirm(
        client, form_url, {**valid, "name": "Iemand Anders"}, REMOTE_ADDR="10.9.9.9"
    )
    stranger_page = client.get(stranger["Location"]).content.decode()
    # Ingrid herself, later: the same answer, and her own link.
    real, real_link = confirm(client, form_url, valid)
    real_page = client.get(real["Location"]).content.decode()
    assert stranger.status_code == real.status_code == 302
    assert stranger["Location"] == real["Location"]
    for html in (stranger_page, real_page):
        assert "AK-" not in html  # no receipt reference for whoever typed
    assert stranger_link != real_link
    client.post(real_link)
    verified = SignOff.objects.valid().get()
    assert verified.parent_name == "Ingrid Bakker"
    # The stranger's claim stays unverified and cannot be verified any more.
    client.post(stranger_link)
    assert SignOff.objects.valid().get() == verified
    assert SignOff.objects.unverified().get().parent_name == "Iemand Anders"


def test_a_later_claim_never_overwrites_a_verified_confirmation(
    client, form_url, valid
):
    _response, link = confirm(client, form_url, valid)
    client.post(link)
    before = SignOff.objects.valid().get()
    mail.outbox.clear()
    response = client.post(
        form_url, {**valid, "name": "Iemand Anders"}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 302
    assert SignOff.objects.count() == 1
    after = SignOff.objects.get()
    assert (after.parent_name, after.verified_at) == (
        before.parent_name,
        before.verified_at,
    )
    # Only the stored address hears of it: the receipt it already had.
    [message] = mail.outbox
    assert message.to == ["ingrid@example.org"] and before.reference in message.body


def test_the_api_answers_the_same_for_new_repeat_and_another_familys(
    client, parents_rule_set, school
):
    version = current(parents_rule_set)
    body = {
        "version": version.number,
        "content_hash": version.content_hash,
        "language": "nl",
        "name": "Ingrid Bakker",
        "email": "ingrid@example.org",
        "child_name": "Daan Bakker",
        "school": school.token,
        "group": "groep-3",
        "parental_responsibility": True,
        "agree": True,
    }
    url = "/++api++" + parents_rule_set.url.rstrip("/") + "/@signoff"

    def post(data):
        response = client.post(url, json.dumps(data), content_type="application/json")
        return response.status_code, response.json()

    new = post(body)
    repeat = post(body)
    services.verify_signoff(token=_fresh_token(SignOff.objects.get()))
    verified_family = post({**body, "name": "Iemand Anders"})
    assert new == repeat == verified_family
    assert new[0] == 202


def _fresh_token(signoff) -> str:
    return services.verification_link_token(signoff.reference)


@pytest.mark.parametrize("token", ["", "x" * 500, "forged-token", "a/b"])
def test_a_forged_link_is_refused_in_dutch(client, form_url, token):
    response = client.get(form_url + f"bevestigen/{token}/")
    assert response.status_code == 404
    if token and "/" not in token and len(token) < 200:
        assert "Deze link werkt niet" in response.content.decode()


def test_a_repeated_claim_sends_the_same_link_so_nobody_can_cancel_it(
    client, form_url, valid
):
    _response, first = confirm(client, form_url, valid)
    # A stranger sends exactly the same details again: the link stays the same.
    _response, second = confirm(client, form_url, valid, REMOTE_ADDR="10.9.9.9")
    assert first == second
    client.post(first)
    assert SignOff.objects.valid().count() == 1


def test_a_strangers_group_never_ends_up_on_the_real_parents_confirmation(
    client, form_url, valid, school
):
    wrong = str(school.groups.get(token="groep-8").pk)
    _response, stranger_link = confirm(
        client, form_url, {**valid, "group": wrong}, REMOTE_ADDR="10.9.9.9"
    )
    _response, real_link = confirm(client, form_url, valid)
    assert stranger_link != real_link
    client.post(real_link)
    verified = SignOff.objects.valid().get()
    assert verified.group.name == "Groep 3"


def test_mails_to_one_address_are_limited_but_claims_are_still_recorded(
    client, form_url, valid, settings
):
    settings.SIGNOFF = {"PER_EMAIL": [(3, 3600)]}
    mail.outbox.clear()
    statuses = [
        client.post(
            form_url,
            {**valid, "name": f"Iemand {n}"},
            REMOTE_ADDR=f"10.0.2.{n}",
        ).status_code
        for n in range(5)
    ]
    assert statuses == [302] * 5  # nobody is refused, nobody learns anything
    assert len(mail.outbox) == 3  # but the inbox is not flooded
    assert SignOff.objects.unverified().count() == 5
    # The real parent is never locked out: their claim is recorded too, and the
    # link of any mail they did get keeps working.
    response = client.post(form_url, {**valid, "name": "Ingrid Bakker"})
    assert response.status_code == 302


def test_a_parent_who_had_confirmed_hears_that_nothing_needs_doing(
    client, form_url, valid
):
    _response, link = confirm(client, form_url, valid)
    client.post(link)
    mail.outbox.clear()
    client.post(form_url, valid)
    [message] = mail.outbox
    assert message.subject == "Je had al akkoord gegeven op Regels ouders"
    assert "je hoeft niets te doen" in message.body


def test_reports_count_verified_confirmations_and_show_unverified_apart(
    parents_rule_set, school
):
    version = current(parents_rule_set)
    for n in range(3):
        services.claim_parent_signoff(
            version=version,
            content_hash=version.content_hash,
            language="nl",
            channel="parent_form",
            parent=parent_details(school, child_name=f"Kind {n}"),
        )
    services.verify_signoff(token=_fresh_token(SignOff.objects.order_by("pk")[0]))
    [coverage] = reports.coverage([parents_rule_set])
    assert coverage.confirmed == 1
    assert coverage.unverified == 2


def test_the_database_refuses_a_second_verified_confirmation_of_a_family(
    parents_rule_set, school
):
    version = current(parents_rule_set)
    services.record_signoff(
        version=version,
        content_hash=version.content_hash,
        language="nl",
        channel="paper",
        paper_signed_on=timezone.localdate(),
        parent=parent_details(school),
        notify=False,
    )
    row = SignOff.objects.get()
    row.pk = None
    row.reference = "AK-TEST-TEST-00"
    row.parent_name = row.name_key = "iemand anders"
    with pytest.raises(IntegrityError), transaction.atomic():
        SignOff.objects.bulk_create([row])


def test_the_database_refuses_an_unverified_row_without_a_link(
    parents_rule_set, school
):
    version = current(parents_rule_set)
    services.claim_parent_signoff(
        version=version,
        content_hash=version.content_hash,
        language="nl",
        channel="parent_form",
        parent=parent_details(school),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        # Raw SQL: the queryset's update() is refused for evidence anyway.
        with connection.cursor() as cursor:
            cursor.execute("UPDATE signoff_signoff SET verify_key = ''")
