"""R9 and issue 7, items 7 and 15: attempt counters are atomic on every cache;
staff are limited per account, parents per address (fit for a school's Wi-Fi)
and per e-mail address; e-mail links use the address the site was reached at."""

from django.core import mail

from signoff import ratelimit
from signoff.models import SignOff
from tests.conftest import current


def test_the_database_cache_is_counted_in_the_database(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "akkoord_cache",
        }
    }
    assert not ratelimit.cache_counts_atomically()


def test_redis_and_local_memory_count_in_the_cache():
    assert ratelimit.cache_counts_atomically()  # the tests' local-memory cache


def _staff_post(client, page):
    version = current(page)
    return client.post(
        page.url + "akkoord/",
        {"version": version.number, "content_hash": version.content_hash},
        REMOTE_ADDR="10.1.1.1",
    )


def test_staff_are_not_locked_out_by_parents_on_the_same_address(
    client, settings, staff_rule_set, form_url, valid, staff_member
):
    settings.SIGNOFF = {"PER_ADDRESS": [(2, 60)]}
    statuses = [
        client.post(
            form_url,
            {**valid, "child_name": f"Kind {n}", "email": f"ouder{n}@example.org"},
            REMOTE_ADDR="10.1.1.1",
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    client.force_login(staff_member)
    assert _staff_post(client, staff_rule_set).status_code == 302
    assert SignOff.objects.valid().filter(user=staff_member).count() == 1


def test_a_staff_member_is_limited_per_account(
    client, settings, staff_rule_set, staff_member
):
    settings.SIGNOFF = {"PER_USER": [(1, 600)]}
    client.force_login(staff_member)
    assert _staff_post(client, staff_rule_set).status_code == 302
    refused = _staff_post(client, staff_rule_set)
    assert refused.status_code == 429
    assert "Je hebt het te vaak geprobeerd" in refused.content.decode()


def test_links_in_e_mails_use_the_address_the_site_was_reached_at(
    client, form_url, valid, mail_at_once
):
    client.post(form_url, valid, HTTP_HOST="localhost")
    [message] = mail.outbox
    assert "http://localhost/" in message.body
    assert "127.0.0.1:8000" not in message.body and "testserver" not in message.body


def test_another_child_keeps_the_parents_details_but_not_the_child(
    client, form_url, valid
):
    response = client.post(form_url, valid)
    thanks = client.get(response["Location"]).content.decode()
    assert "Akkoord geven voor nog een kind" in thanks
    form = client.get(form_url + "?ander-kind").content.decode()
    assert 'value="Ingrid Bakker"' in form and 'value="ingrid@example.org"' in form
    assert "Daan Bakker" not in form
    # Without asking for it, a fresh form (a shared computer at school).
    assert 'value="Ingrid Bakker"' not in client.get(form_url).content.decode()
