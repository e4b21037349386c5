"""Staff: Dutch login, "Mijn protocollen", "Gelezen en akkoord"; only their own."""

import pytest
from django.core.cache import cache

from signoff.models import SignOff
from tests.conftest import current, publish, without_bdi
from tests.factories import UserFactory, rule


@pytest.fixture(autouse=True)
def clear_rate_limit():
    cache.clear()


def confirm_url(page):
    return page.url + "akkoord/"


def test_anonymous_staff_page_asks_to_log_in_in_dutch(client, staff_rule_set):
    response = client.get(confirm_url(staff_rule_set))
    assert response.status_code == 302
    assert response["Location"].startswith("/nl/inloggen/?next=")
    login = client.get(response["Location"]).content.decode()
    assert "Inloggen" in login and "Medewerkers loggen in" in login


def test_login_leads_to_my_protocols(client, staff_rule_set, staff_member):
    response = client.post(
        "/nl/inloggen/", {"username": "sanne", "password": "secret-pass"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/nl/mijn-protocollen/"
    html = client.get("/nl/mijn-protocollen/").content.decode()
    assert "Mijn protocollen" in html
    assert "Regels medewerkers" in html and "te doen" in html


def test_read_and_agree_records_the_version_shown(client, staff_rule_set, staff_member):
    client.force_login(staff_member)
    page = client.get(confirm_url(staff_rule_set)).content.decode()
    assert "Gelezen en akkoord" in page and "Regel twee." in page
    version = current(staff_rule_set)
    response = client.post(
        confirm_url(staff_rule_set),
        {"version": version.number, "content_hash": version.content_hash},
    )
    assert response.status_code == 302
    signoff = SignOff.objects.get()
    assert signoff.user == staff_member and signoff.channel == "intranet"
    html = client.get("/nl/mijn-protocollen/").content.decode()
    assert "gedaan" in html and "Bedankt. Je gaf akkoord op versie 1.0." in html
    assert signoff.reference in html


def _confirm_then_add_a_rule(client, page, member, text, note):
    """``member`` confirms version 1.0; then 2.0 adds a rule ``text``."""
    client.force_login(member)
    version = current(page)
    client.post(
        confirm_url(page),
        {"version": version.number, "content_hash": version.content_hash},
    )
    raw = list(page.rules.raw_data)
    publish(
        page,
        rules=[*raw, rule(text)],
        version_change_note=note,
        version_material=True,
    )


def test_after_a_material_version_the_status_is_confirm_again(
    client, staff_rule_set, staff_member
):
    _confirm_then_add_a_rule(client, staff_rule_set, staff_member, "Nieuw", "Nieuw")
    html = client.get("/nl/mijn-protocollen/").content.decode()
    assert "opnieuw bevestigen" in html
    assert "vergelijken/?van=1.0&amp;tot=2.0" in html
    page = client.get(staff_rule_set.url).content.decode()
    assert "opnieuw bevestigen" in page


def test_confirming_again_shows_what_changed_first_and_folds_the_rest(
    client, staff_rule_set, staff_member
):
    _confirm_then_add_a_rule(
        client,
        staff_rule_set,
        staff_member,
        "Een heel nieuwe regel.",
        "Regel over nieuwe apps erbij",
    )
    html = without_bdi(client.get(confirm_url(staff_rule_set)).content.decode())
    changes = html.index("Wat is er veranderd sinds versie 1.0, waarop je akkoord gaf")
    assert "Regel over nieuwe apps erbij" in html
    added = html.index("Een heel nieuwe regel.")
    folded = html.index("2 regels ongewijzigd")
    assert changes < added < folded  # the change first, unchanged rules folded
    assert "Lees de volledige tekst van versie 2.0" in html
    assert "Gelezen en akkoord" in html


def test_staff_outside_the_group_may_not_confirm(client, staff_rule_set):
    outsider = UserFactory(username="buiten")
    client.force_login(outsider)
    response = client.get(confirm_url(staff_rule_set))
    assert response.status_code == 403
    assert "Deze gedragsregels zijn voor medewerkers." in response.content.decode()
    version = current(staff_rule_set)
    client.post(
        confirm_url(staff_rule_set),
        {"version": version.number, "content_hash": version.content_hash},
    )
    assert SignOff.objects.count() == 0


def test_a_staff_member_never_sees_anyone_elses_confirmations(
    client, staff_rule_set, staff_member, staff_group
):
    colleague = UserFactory(username="ahmed", first_name="Ahmed")
    colleague.groups.add(staff_group)
    version = current(staff_rule_set)
    client.force_login(colleague)
    client.post(
        confirm_url(staff_rule_set),
        {"version": version.number, "content_hash": version.content_hash},
    )
    theirs = SignOff.objects.get(user=colleague)
    client.force_login(staff_member)
    html = client.get("/nl/mijn-protocollen/").content.decode()
    assert theirs.reference not in html
    assert "Je hebt nog nergens akkoord op gegeven." in html


def test_my_protocols_needs_a_login(client):
    response = client.get("/nl/mijn-protocollen/")
    assert response.status_code == 302 and "/nl/inloggen/" in response["Location"]


@pytest.mark.parametrize("count", [1, 8])
def test_my_protocols_queries_do_not_grow_with_confirmations(
    client, staff_rule_set, staff_member, officer, django_assert_max_num_queries, count
):
    from signoff import services

    client.force_login(staff_member)
    for _ in range(count):
        version = current(staff_rule_set)
        signoff, _ = services.record_signoff(
            version=version,
            content_hash=version.content_hash,
            language="nl",
            channel="intranet",
            user=staff_member,
        )
        services.revoke_signoff(signoff=signoff, by=officer, reason="Test")
    with django_assert_max_num_queries(16):
        assert client.get("/nl/mijn-protocollen/").status_code == 200


def test_the_english_form_speaks_english(db, client):
    from cms.demo.loader import load_demo

    load_demo()
    url = "/en/social-media-protocol/code-of-conduct-pupils-parents/akkoord/"
    html = client.get(url).content.decode()
    assert "Confirm the code of conduct" in html and "Your child&#x27;s name" in html
    response = client.post(url, {"name": "", "email": "nope"})
    errors = response.context["form"].errors
    assert errors["name"] == ["Fill in your name."]
    assert errors["email"] == [
        "This e-mail address is not right. Check how you typed it."
    ]
