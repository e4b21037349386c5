"""The public parent form: phone first, no account, every bad input refused."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from signoff.models import SignOff
from tests.conftest import current, publish
from tests.factories import rule


@pytest.fixture(autouse=True)
def clear_rate_limit():
    cache.clear()


@pytest.fixture
def form_url(parents_rule_set):
    return parents_rule_set.url + "akkoord/"


@pytest.fixture
def valid(parents_rule_set, school):
    version = current(parents_rule_set)
    return {
        "version": version.number,
        "content_hash": version.content_hash,
        "name": "Ingrid Bakker",
        "email": "ingrid@example.org",
        "child_name": "Daan Bakker",
        "school": school.token,
        "group": str(school.groups.get(token="groep-3").pk),
        "parental_responsibility": "on",
        "agree": "on",
        "website": "",
    }


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


def test_a_parent_confirms_and_gets_a_receipt(
    client, form_url, valid, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(form_url, valid)
    assert len(callbacks) == 1  # the receipt is sent after the commit
    assert response.status_code == 302
    signoff = SignOff.objects.get()
    assert signoff.channel == "parent_form"
    assert signoff.content_hash == valid["content_hash"]
    assert signoff.language == "nl"
    assert response["Location"].endswith(
        f"akkoord/bedankt/?kenmerk={signoff.reference}"
    )
    thanks = client.get(response["Location"]).content.decode()
    assert "Bedankt!" in thanks
    assert f"Kenmerk: {signoff.reference}" in thanks
    assert "Je akkoord op versie 1.0 is opgeslagen op" in thanks
    assert "Ingrid" not in thanks  # nothing personal on a page with a link
    [receipt] = mail.outbox
    assert receipt.to == ["ingrid@example.org"]
    assert receipt.subject == "Bevestiging: akkoord op Regels ouders (versie 1.0)"
    assert "Daan Bakker" in receipt.body and signoff.reference in receipt.body
    assert "De Regenboog" in receipt.body and "Groep 3" in receipt.body
    assert "/ouders/versies/1.0/" in receipt.body


def test_sending_the_same_form_twice_keeps_one_confirmation(client, form_url, valid):
    first = client.post(form_url, valid)
    second = client.post(form_url, valid)
    assert first["Location"] == second["Location"]
    assert SignOff.objects.count() == 1


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
    ("nul byte", {"name": "Ingrid\x00Bakker"}, "name", None),
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


def test_a_very_large_body_is_refused(client, form_url, valid):
    response = client.post(form_url, {**valid, "name": "a" * 3_000_000})
    assert response.status_code == 400
    assert SignOff.objects.count() == 0


def test_too_many_attempts_from_one_address_are_throttled(
    client, form_url, valid, settings
):
    settings.SIGNOFF = {"RATE_LIMIT": 5, "RATE_WINDOW": 60}
    statuses = [
        client.post(form_url, {**valid, "child_name": f"Kind {n}"}).status_code
        for n in range(8)
    ]
    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [429] * 3
    response = client.post(form_url, valid)
    assert (
        "Je hebt het te vaak geprobeerd. Probeer het over een paar minuten opnieuw."
    ) in response.content.decode()
    assert SignOff.objects.count() == 5
    # Another address is not affected.
    other = client.post(
        form_url, {**valid, "child_name": "Kind 9"}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


def test_a_receipt_that_fails_to_send_keeps_the_confirmation(
    client, form_url, valid, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.signoff.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(form_url, valid)
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert SignOff.objects.count() == 1
