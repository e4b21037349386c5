"""Matching confirmations to roster children, and coverage against the roster:
a child is covered when a guardian with parental responsibility has a verified
confirmation of a version at or after the latest material version."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rosters import services, staff_import
from rosters.models import ChildMatch, MatchState, Pupil
from signoff import reports
from signoff import services as signoff_services
from signoff.models import Channel
from tests.conftest import current, parent_details, publish

from .conftest import import_text, sample


def confirm(page, school, **details):
    version = current(page)
    signoff, _created = signoff_services.record_signoff(
        version=version,
        content_hash=version.content_hash,
        language="nl",
        channel=Channel.PARENT_FORM,
        parent=parent_details(school, **details),
        notify=False,
    )
    return signoff


def daan(school):
    return {
        "name": "Ingrid Bakker",
        "email": "Ingrid.Bakker@example.org",
        "child_name": "daan  bakker",
        "group": school.groups.get(token="groep-3"),
    }


def test_a_confirmation_is_matched_by_address_and_childs_name(
    parents_rule_set, roster, schools
):
    school = schools["de-regenboog"]
    signoff = confirm(parents_rule_set, school, **daan(school))
    match = ChildMatch.objects.get(signoff=signoff)
    assert match.state == MatchState.MATCHED
    assert match.pupil.full_name == "Daan Bakker"


def test_the_given_name_alone_is_enough_when_the_address_is_the_guardians(
    parents_rule_set, roster, schools
):
    school = schools["de-regenboog"]
    signoff = confirm(
        parents_rule_set, school, **(daan(school) | {"child_name": "Daan"})
    )
    assert ChildMatch.objects.get(signoff=signoff).pupil.given_name == "Daan"


def test_a_fitting_name_from_an_address_not_on_the_roster_is_ambiguous(
    parents_rule_set, roster, schools
):
    school = schools["de-regenboog"]
    signoff = confirm(
        parents_rule_set, school, **(daan(school) | {"email": "ander@example.org"})
    )
    match = ChildMatch.objects.get(signoff=signoff)
    assert (match.state, match.pupil) == (MatchState.AMBIGUOUS, None)


def test_an_unknown_child_is_unmatched(parents_rule_set, roster, schools):
    school = schools["de-regenboog"]
    signoff = confirm(
        parents_rule_set,
        school,
        **(daan(school) | {"email": "x@example.org", "child_name": "Onbekend Kind"}),
    )
    assert ChildMatch.objects.get(signoff=signoff).state == MatchState.UNMATCHED


def test_confirmations_made_before_the_roster_are_matched_by_the_import(
    parents_rule_set, schools
):
    school = schools["de-regenboog"]
    signoff = confirm(parents_rule_set, school, **daan(school))
    assert ChildMatch.objects.get(signoff=signoff).state == MatchState.UNMATCHED
    import_text(sample("akkoord-leerlingen.csv"))
    assert ChildMatch.objects.get(signoff=signoff).state == MatchState.MATCHED


def test_an_officers_decision_is_kept_and_recorded(
    parents_rule_set, roster, schools, roster_officer
):
    school = schools["de-regenboog"]
    signoff = confirm(
        parents_rule_set, school, **(daan(school) | {"email": "ander@example.org"})
    )
    pupil = Pupil.objects.get(given_name="Daan")
    services.resolve_match(signoff=signoff, pupil=pupil, by=roster_officer)
    import_text(sample("akkoord-leerlingen.csv"))  # the matcher runs again
    match = ChildMatch.objects.get(signoff=signoff)
    assert (match.state, match.pupil, match.decided_by) == (
        MatchState.MATCHED,
        pupil,
        roster_officer,
    )
    assert match.history.first().history_user == roster_officer


def test_the_resolve_screen_saves_the_officers_choice(
    client, parents_rule_set, roster, schools, roster_officer
):
    school = schools["de-regenboog"]
    signoff = confirm(
        parents_rule_set, school, **(daan(school) | {"email": "ander@example.org"})
    )
    client.force_login(roster_officer)
    url = reverse("rosters_admin:resolve", args=[signoff.pk])
    page = client.get(url)
    assert page.status_code == 200
    pupil = Pupil.objects.get(given_name="Daan")
    client.post(url, {"choice": str(pupil.pk)})
    assert ChildMatch.objects.get(signoff=signoff).pupil == pupil
    listing = client.get(reverse("rosters_admin:matches") + "?state=matched")
    assert "Daan Bakker" in listing.content.decode()


def parent_result(page):
    [result] = reports.coverage([page])
    return result


def test_coverage_counts_children_on_the_roster(parents_rule_set, roster, schools):
    school = schools["de-regenboog"]
    result = parent_result(parents_rule_set)
    assert (result.expected, result.confirmed) == (13, 0)
    confirm(parents_rule_set, school, **daan(school))
    result = parent_result(parents_rule_set)
    assert (result.expected, result.confirmed) == (13, 1)
    group_3 = next(r for r in result.rows if r.group_id == daan(school)["group"].pk)
    assert (group_3.expected, group_3.confirmed) == (1, 1)


def test_a_guardian_without_parental_responsibility_does_not_cover(
    parents_rule_set, roster, schools
):
    kompas = schools["het-kompas"]
    confirm(
        parents_rule_set,
        kompas,
        name="Mark de Wit",
        email="mark.dewit@example.org",
        child_name="Mila de Wit",
        group=kompas.groups.get(token="groep-3"),
    )
    match = ChildMatch.objects.get()
    assert match.state == MatchState.MATCHED
    assert parent_result(parents_rule_set).confirmed == 0


def test_an_unverified_or_revoked_confirmation_does_not_cover(
    parents_rule_set, roster, schools, roster_officer
):
    school = schools["de-regenboog"]
    signoff = confirm(parents_rule_set, school, **daan(school))
    signoff_services.revoke_signoff(signoff=signoff, by=roster_officer, reason="Fout")
    assert parent_result(parents_rule_set).confirmed == 0
    version = current(parents_rule_set)
    signoff_services.claim_parent_signoff(
        version=version,
        content_hash=version.content_hash,
        language="nl",
        channel=Channel.PARENT_FORM,
        parent=parent_details(school, **daan(school)),
    )
    assert parent_result(parents_rule_set).confirmed == 0


def test_a_new_material_version_uncovers_until_confirmed_again(
    parents_rule_set, roster, schools
):
    school = schools["de-regenboog"]
    confirm(parents_rule_set, school, **daan(school))
    publish(
        parents_rule_set,
        version_change_note="Nieuwe regel.",
        version_material=True,
        title="Regels ouders 2",
    )
    assert parent_result(parents_rule_set).confirmed == 0


def test_the_coverage_report_shows_children_against_the_roster(
    client, parents_rule_set, roster, schools, roster_officer
):
    client.force_login(roster_officer)
    school = schools["de-regenboog"]
    confirm(parents_rule_set, school, **daan(school))
    text = client.get(reverse("signoff_admin:coverage")).content.decode()
    assert "1 van 13 kinderen" in text


def test_outstanding_families_list_contact_details_and_export(
    client, parents_rule_set, roster, schools, roster_officer
):
    client.force_login(roster_officer)
    school = schools["de-regenboog"]
    confirm(parents_rule_set, school, **daan(school))
    url = reverse("rosters_admin:outstanding")
    text = client.get(url).content.decode()
    assert "Noor Bakker" in text and "06-12345678" in text
    assert "Daan Bakker" not in text  # covered
    export = client.get(url + "?export=csv")
    csv = b"".join(export.streaming_content).decode("utf-8-sig")
    # Each guardian with their own phone and address, in one cell.
    assert "Noor Bakker" in csv
    assert "Ingrid Bakker – 06-12345678 – ingrid.bakker@example.org" in csv
    one_group = client.get(url + "?group_choice=de-regenboog:groep-6")
    assert [p.full_name for p in one_group.context["object_list"]] == ["Noor Bakker"]


def test_coverage_needs_few_queries_whatever_the_roster(
    parents_rule_set, staff_rule_set, roster, schools
):
    school = schools["de-regenboog"]
    confirm(parents_rule_set, school, **daan(school))
    with CaptureQueriesContext(connection) as few:
        reports.coverage()
    import_text(
        sample("akkoord-leerlingen.csv").decode()
        + "".join(
            f"2{n:03};Kind{n};;Test;De Vlinder;Groep 1;Ouder;o{n}@example.org\n"
            for n in range(200)
        )
    )
    with CaptureQueriesContext(connection) as many:
        reports.coverage()
    assert len(many) == len(few) <= 12


@pytest.fixture
def teacher(staff_member, schools):
    staff_import.add_teacher(
        user=staff_member, group=schools["de-regenboog"].groups.get(token="groep-3")
    )
    return staff_member


def test_a_teacher_sees_their_own_group_with_names_only(
    client, parents_rule_set, roster, schools, teacher
):
    school = schools["de-regenboog"]
    confirm(parents_rule_set, school, **daan(school))
    client.force_login(teacher)
    response = client.get("/nl/mijn-groep/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Daan Bakker" in text and "Ingrid Bakker" in text
    assert "1 van 1 kinderen" in text
    assert "Noor Bakker" not in text  # another group
    assert "@example.org" not in text and "06-12345678" not in text
    assert "Mijn groep" in client.get("/nl/mijn-protocollen/").content.decode()


def test_staff_who_teach_no_group_see_nobody(
    client, parents_rule_set, roster, staff_member
):
    client.force_login(staff_member)
    text = client.get("/nl/mijn-groep/").content.decode()
    assert "Bakker" not in text
    assert "Mijn groep" not in client.get("/nl/mijn-protocollen/").content.decode()


def test_the_signoffs_totals_count_against_the_roster(
    client, parents_rule_set, roster, schools, roster_officer
):
    school = schools["de-regenboog"]
    confirm(parents_rule_set, school, **daan(school))
    client.force_login(roster_officer)
    data = client.get(
        f"/++api++/@signoffs?rule_set={parents_rule_set.translation_key}"
    ).json()
    assert (data["totals"]["confirmed"], data["totals"]["expected"]) == (1, 13)
