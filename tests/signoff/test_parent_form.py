"""The public parent form: phone first, no account, every bad input refused."""

import pytest
from django.core import mail
from django.test import Client

from signoff.models import SignOff
from tests.conftest import current, publish
from tests.factories import rule


def errors_of(response):
    return response.context["form"].errors


def test_the_form_shows_the_current_rules_and_fields_in_dutch(client, form_url):
    html = client.get(form_url).content.decode()
    assert "Akkoord geven op de gedragsregels" in html
    for label in (
        "Je naam",
        "Je e-mailadres",
        "Naam van je kind",
        "School",
        "Groep",
        "Ik ben ouder/verzorger met gezag.",
        "Ik ken deze gedragsregels en houd mij eraan.",
    ):
        assert label in html
    assert "Regel een." in html
    assert 'name="content_hash"' in html and 'name="csrfmiddlewaretoken"' in html


def test_a_parent_confirms_and_is_asked_by_email_whether_it_was_them(
    client, form_url, valid, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(form_url, valid)
    assert len(callbacks) == 1  # the link is sent after the commit
    assert response.status_code == 302
    assert response["Location"].endswith("akkoord/bedankt/")
    signoff = SignOff.objects.get()
    assert signoff.channel == "parent_form"
    assert signoff.content_hash == valid["content_hash"]
    assert signoff.language == "nl"
    assert signoff.verified_at is None  # it does not count yet
    assert not SignOff.objects.valid().exists()
    thanks = client.get(response["Location"]).content.decode()
    assert "Kijk in je e-mail" in thanks
    assert signoff.reference not in thanks  # no receipt for whoever typed
    for shown in ("Regels ouders", "Daan Bakker", "De Regenboog", "Groep 3"):
        assert shown in thanks
    assert "Ingrid" not in thanks
    [message] = mail.outbox
    assert message.to == ["ingrid@example.org"]
    assert message.subject == "Was jij dit? Bevestig je akkoord op Regels ouders"
    # The mail names no one and says what to do when it was not you.
    assert "Ingrid" not in message.body and "Daan" not in message.body
    assert signoff.reference not in message.body
    assert "Was jij dit niet? Dan hoef je niets te doen" in message.body
    assert "http://testserver/" in message.body


def test_sending_the_same_form_twice_keeps_one_claim(
    client, form_url, valid, mail_at_once
):
    first = client.post(form_url, valid)
    second = client.post(form_url, valid)
    assert first["Location"] == second["Location"]
    assert SignOff.objects.count() == 1
    assert len(mail.outbox) == 2  # a fresh link each time, to the same address


BAD_INPUT = [
    ("empty name", {"name": ""}, "name", "Vul je naam in."),
    ("whitespace name", {"name": "   \t "}, "name", "Vul je naam in."),
    ("empty e-mail", {"email": ""}, "email", "Vul je e-mailadres in."),
    ("empty child", {"child_name": " "}, "child_name", "Vul de naam van je kind in."),
    (
        "10,000 characters",
        {"name": "a" * 10_000},
        "name",
        "Dit is te lang. Gebruik hoogstens 200 tekens.",
    ),
    (
        "long e-mail",
        {"email": "a" * 10_000 + "@example.org"},
        "email",
        "Dit is te lang. Gebruik hoogstens 254 tekens.",
    ),
    (
        "script",
        {"name": "<script>alert(1)</script>"},
        "name",
        "Gebruik hier geen < of >.",
    ),
    ("html", {"child_name": "<b>Daan</b>"}, "child_name", "Gebruik hier geen < of >."),
    (
        "rtl override",
        {"name": "Ingrid \u202eBakker"},
        "name",
        "Hier staan tekens in die we niet kunnen opslaan. Typ het opnieuw.",
    ),
    (
        "combining pile",
        {"name": "Z\u0301\u0302\u0303\u0304\u0305alg"},
        "name",
        "Hier staan tekens in die we niet kunnen opslaan. Typ het opnieuw.",
    ),
    (
        "invalid e-mail",
        {"email": "ingrid@@example"},
        "email",
        "Dit e-mailadres klopt niet. Kijk of je het goed hebt getypt.",
    ),
    ("no consent", {"agree": ""}, "agree", "Zet een vinkje als je akkoord gaat."),
    (
        "no parental responsibility",
        {"parental_responsibility": ""},
        "parental_responsibility",
        "Zet een vinkje als je ouder of verzorger met gezag bent.",
    ),
    (
        "unknown school",
        {"school": "bestaat-niet"},
        "school",
        "Kies een school en groep uit de lijst.",
    ),
    (
        "unknown group",
        {"group": "999999"},
        "group",
        "Kies een school en groep uit de lijst.",
    ),
    (
        "group is not a number",
        {"group": "groep-3"},
        "group",
        "Kies een school en groep uit de lijst.",
    ),
]


@pytest.mark.parametrize(
    ("case", "change", "field", "message"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT]
)
def test_bad_input_is_refused_with_a_clear_dutch_message(
    client, form_url, valid, case, change, field, message
):
    response = client.post(form_url, {**valid, **change})
    assert response.status_code == 200
    errors = errors_of(response)[field]
    if message:
        assert errors == [message]
    else:
        assert errors and errors[0]
    html = response.content.decode()
    assert "Kijk de velden hieronder na." in html
    assert SignOff.objects.count() == 0
    assert mail.outbox == []


def test_a_group_of_another_school_is_refused(client, form_url, valid, other_school):
    group = other_school.groups.get()
    response = client.post(form_url, {**valid, "group": str(group.pk)})
    assert errors_of(response)["group"] == ["Kies een school en groep uit de lijst."]
    assert SignOff.objects.count() == 0


def test_names_in_arabic_with_vowel_marks_are_accepted(client, form_url, valid):
    name = "فاطمة الزهراء"
    child = "عُمَر"
    response = client.post(form_url, {**valid, "name": name, "child_name": child})
    assert response.status_code == 302
    signoff = SignOff.objects.get()
    assert signoff.parent_name == name and signoff.child_name == child


def test_the_honeypot_stores_nothing(client, form_url, valid):
    response = client.post(form_url, {**valid, "website": "http://spam.example"})
    assert response.status_code == 400
    assert SignOff.objects.count() == 0


def test_a_stale_form_does_not_record_the_old_version(
    client, form_url, valid, parents_rule_set
):
    raw = list(parents_rule_set.rules.raw_data)
    publish(
        parents_rule_set,
        rules=[*raw, rule("Nieuwe regel.")],
        version_change_note="Regel erbij",
        version_material=True,
    )
    response = client.post(form_url, valid)
    html = response.content.decode()
    assert response.status_code == 409
    assert (
        "De gedragsregels zijn net veranderd. Lees de nieuwe versie en geef "
        "opnieuw akkoord."
    ) in html
    assert "Nieuwe regel." in html
    assert f'value="{current(parents_rule_set).content_hash}"' in html
    assert SignOff.objects.count() == 0


@pytest.mark.parametrize(
    "change",
    [
        {"content_hash": "sha256:" + "0" * 64},
        {"version": "9.9"},
        {"version": "abc"},
    ],
)
def test_a_wrong_version_or_hash_records_nothing(client, form_url, valid, change):
    response = client.post(form_url, {**valid, **change})
    assert response.status_code == 409
    assert SignOff.objects.count() == 0


def test_a_version_of_another_rule_set_records_nothing(
    client, form_url, valid, staff_rule_set
):
    other = current(staff_rule_set)
    response = client.post(form_url, {**valid, "content_hash": other.content_hash})
    assert response.status_code == 409
    assert SignOff.objects.count() == 0


def test_a_post_without_csrf_token_is_refused(form_url, valid):
    client = Client(enforce_csrf_checks=True)
    response = client.post(form_url, valid)
    assert response.status_code == 403
    assert "Er is niets opgeslagen." in response.content.decode()
    assert SignOff.objects.count() == 0


def test_a_very_large_body_is_refused_with_413(client, form_url, valid):
    response = client.post(form_url, {**valid, "name": "a" * 3_000_000})
    assert response.status_code == 413
    assert "Stuur hoogstens 64 kB." in response.content.decode()
    assert SignOff.objects.count() == 0


@pytest.mark.parametrize("field", ["name", "school", "group", "version"])
def test_a_nul_byte_in_any_field_is_refused_not_a_500(client, form_url, valid, field):
    response = client.post(form_url, {**valid, field: "a\x00b"})
    assert response.status_code == 400
    assert "tekens in die we niet kunnen opslaan" in response.content.decode()
    assert SignOff.objects.count() == 0


def test_too_many_attempts_from_one_address_are_throttled(
    client, form_url, valid, settings
):
    settings.SIGNOFF = {"PER_ADDRESS": [(5, 60)]}
    statuses = [
        client.post(form_url, {**valid, "child_name": f"Kind {n}"}).status_code
        for n in range(8)
    ]
    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [429] * 3
    response = client.post(form_url, {**valid, "child_name": "Kind 8"})
    html = response.content.decode()
    assert (
        "Je hebt het te vaak geprobeerd. Probeer het over een paar minuten opnieuw."
    ) in html
    # What was typed is kept.
    assert 'value="Kind 8"' in html and 'value="ingrid@example.org"' in html
    assert SignOff.objects.count() == 5
    # Another address is not affected.
    other = client.post(
        form_url, {**valid, "child_name": "Kind 9"}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


def test_invalid_submissions_do_not_count_towards_the_limit(
    client, form_url, valid, settings
):
    settings.SIGNOFF = {"PER_ADDRESS": [(2, 60)]}
    for _ in range(5):
        assert client.post(form_url, {**valid, "agree": ""}).status_code == 200
    assert client.post(form_url, valid).status_code == 302


def test_a_school_wifi_full_of_parents_is_not_locked_out(client, form_url, valid):
    """R9: a parents' evening: 60 families in a few minutes from one address,
    with the default limits, all get through."""
    statuses = {
        client.post(
            form_url,
            {**valid, "email": f"ouder{n}@example.org", "child_name": f"Kind {n}"},
        ).status_code
        for n in range(30)
    }
    assert statuses == {302}


def test_a_receipt_that_fails_to_send_keeps_the_confirmation(
    client, form_url, valid, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.signoff.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(form_url, valid)
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert SignOff.objects.count() == 1  # the claim stays; the form can resend


def test_the_link_in_the_mail_never_comes_from_the_host_header(
    client, form_url, valid, mail_at_once
):
    # Django checks the host name, not the port: the link must not follow it.
    client.post(form_url, valid, HTTP_HOST="testserver:6666")
    [message] = mail.outbox
    assert "http://testserver/" in message.body
    assert "6666" not in message.body
