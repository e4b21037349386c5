"""A parent says in the form in which language we write to them; the e-mails
follow it (the text shown stays the evidence of what was read)."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from signoff.models import SignOff

pytestmark = pytest.mark.django_db


def test_the_form_offers_every_language_named_in_itself(client, form_url):
    html = client.get(form_url).content.decode()
    field = html[html.index('name="preferred_language"') :]
    field = field[: field.index("</select>")]
    for name in ("Nederlands", "English", "العربية", "Türkçe", "Polski", "Українська"):
        assert f">{name}</option>" in field
    # The language of the page is chosen already.
    assert '<option value="nl" selected>' in field


def test_the_emails_follow_the_chosen_language(client, form_url, valid, mail_at_once):
    response = client.post(form_url, {**valid, "preferred_language": "tr"})
    assert response.status_code == 302
    signoff = SignOff.objects.get()
    assert (signoff.language, signoff.preferred_language) == ("nl", "tr")
    with translation.override("tr"):
        subject = gettext("Was this you? Confirm your agreement to %(title)s")
    assert mail.outbox[-1].subject.startswith(subject.split("%(title)s")[0])
    message = mail.outbox[-1]
    assert message.extra_headers.get("Content-Language") == "tr"
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert '<html lang="tr" dir="ltr">' in html
    # The same words as the text, links clickable.
    assert 'href="http://testserver/nl/' in html


def test_an_arabic_email_reads_right_to_left(client, form_url, valid, mail_at_once):
    client.post(form_url, {**valid, "preferred_language": "ar"})
    html, _kind = mail.outbox[-1].alternatives[0]
    assert '<html lang="ar" dir="rtl">' in html
    assert 'dir="rtl" style="max-width:40rem;text-align:start"' in html


def test_an_unknown_language_is_refused_and_nothing_is_stored(client, form_url, valid):
    response = client.post(form_url, {**valid, "preferred_language": "xx"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not SignOff.objects.exists()
