"""Things done at once from many threads, each on its own database connection:
they need real transactions, so the database is emptied after each test. They
live in their own file so that, with the tests spread over processes, they run
after the tests that keep the migrations' data (pytest-django's order holds per
file, not across a file's mixed tests)."""

import threading

import pytest
from django.db import connection

from signoff import ratelimit, services
from signoff.models import Channel, SignOff
from tests.conftest import current


@pytest.mark.django_db(transaction=True)
def test_forty_attempts_at_once_against_a_limit_of_ten_let_exactly_ten_through(
    monkeypatch,
):
    monkeypatch.setattr(ratelimit, "cache_counts_atomically", lambda: False)
    counts = []
    start = threading.Barrier(40)

    def attempt():
        try:
            start.wait()
            counts.append(ratelimit.count_attempt("address:10.0.0.1", 600))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == list(range(1, 41))  # every count handed out once
    assert sum(1 for count in counts if count <= 10) == 10


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_identical_confirmations_make_one_record(
    staff_rule_set, staff_member
):
    version = current(staff_rule_set)
    barrier = threading.Barrier(20)
    results, errors = [], []

    def confirm():
        try:
            barrier.wait(timeout=30)
            results.append(
                services.record_signoff(
                    version=version,
                    content_hash=version.content_hash,
                    language="nl",
                    channel=Channel.API,
                    user=staff_member,
                )
            )
        except Exception as error:  # collected, and asserted to be none, below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(results) == 20
    assert SignOff.objects.count() == 1
    assert sum(1 for _, created in results if created) == 1
    assert len({signoff.pk for signoff, _ in results}) == 1
