"""Retention and the new school year: pupils who left long ago and their
guardians get a pseudonym (in their history too) while their confirmations
stay as evidence; moving up a group keeps every confirmation valid."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from rosters import retention, services
from rosters.models import ChildMatch, Guardian, Pupil, RosterImport
from signoff import reports
from signoff.models import SignOff

from .test_coverage import confirm, daan


def leave(pupil, years_ago: int):
    Pupil.objects.filter(pk=pupil.pk).update(
        left_on=timezone.localdate() - datetime.timedelta(days=365 * years_ago + 5)
    )


def test_pupils_who_left_long_ago_get_a_pseudonym_and_keep_their_evidence(
    parents_rule_set, roster, schools
):
    school = schools["de-regenboog"]
    signoff = confirm(parents_rule_set, school, **daan(school))
    daan_pupil = Pupil.objects.get(given_name="Daan")
    noor = Pupil.objects.get(given_name="Noor")
    leave(daan_pupil, 3)
    leave(noor, 3)
    sem = Pupil.objects.get(given_name="Sem")
    leave(sem, 1)  # within the retention: kept as is
    out = io.StringIO()
    call_command("pseudonymise_roster", stdout=out)
    assert "Pseudonymised 2 pupils" in out.getvalue()

    daan_pupil.refresh_from_db()
    assert "Daan" not in daan_pupil.full_name and daan_pupil.pseudonymised_at
    assert not Pupil.history.filter(id=daan_pupil.pk, given_name="Daan").exists()
    ingrid = Guardian.objects.get(pk=ChildMatch.objects.get().guardian_id)
    assert ingrid.email == "" and "Ingrid" not in ingrid.name
    assert not Guardian.history.filter(id=ingrid.pk, name="Ingrid Bakker").exists()

    signoff.refresh_from_db()
    assert "Ingrid" not in signoff.parent_name and "Daan" not in signoff.child_name
    assert "ingrid" not in signoff.parent_email
    assert signoff.content_hash.startswith("sha256:") and signoff.number == "1.0"
    assert not SignOff.history.filter(
        id=signoff.pk, parent_name="Ingrid Bakker"
    ).exists()
    assert Pupil.objects.get(pk=sem.pk).given_name == "Sem"
    # Running it again changes nothing.
    call_command("pseudonymise_roster", stdout=io.StringIO())
    assert Pupil.objects.filter(pseudonymised_at__isnull=False).count() == 2


def test_a_guardian_with_a_child_still_at_school_keeps_their_details(
    parents_rule_set, roster, schools
):
    leave(Pupil.objects.get(given_name="Daan"), 3)  # Noor is still at school
    retention.pseudonymise_left()
    assert Guardian.objects.get(email_key="ingrid.bakker@example.org")


def test_unconfirmed_imports_are_dropped(schools, roster_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import sample

    services.start_import(
        kind="pupils",
        preset="akkoord",
        uploads={
            "leerlingen": SimpleUploadedFile("l.csv", sample("akkoord-leerlingen.csv"))
        },
        names={"leerlingen": "l.csv"},
        school=None,
        by=roster_officer,
    )
    RosterImport.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    call_command("pseudonymise_roster", stdout=io.StringIO())
    assert RosterImport.objects.count() == 0


def test_the_new_school_year_moves_everyone_up_and_keeps_confirmations(
    client, parents_rule_set, roster, schools, roster_officer
):
    school = schools["de-regenboog"]
    confirm(parents_rule_set, school, **daan(school))
    [before] = reports.coverage([parents_rule_set])
    client.force_login(roster_officer)
    url = reverse("rosters_admin:school_year")
    page = client.get(url)
    rows = page.context["rows"]
    form = {"state": page.context["state"]}
    for group, target, _n, _choices in rows:
        form[f"group-{group.pk}"] = str(target.pk) if target else "left"
    client.post(url, form)
    daan_pupil = Pupil.objects.get(given_name="Daan")
    assert daan_pupil.group.name == "Groep 4"
    sophie = Pupil.objects.get(given_name="Sophie")  # was in groep 8
    assert sophie.left_on is not None
    [after] = reports.coverage([parents_rule_set])
    assert after.confirmed == before.confirmed == 1
    # Sending the same form again moves nobody twice.
    client.post(url, form)
    daan_pupil.refresh_from_db()
    assert daan_pupil.group.name == "Groep 4"


def test_a_group_cannot_move_to_another_school(roster, schools, roster_officer):
    regenboog = schools["de-regenboog"].groups.get(token="groep-3")
    kompas = schools["het-kompas"].groups.get(token="groep-4")
    with pytest.raises(Exception, match="eigen school|own school"):
        services.move_school_year(
            mapping={regenboog.pk: kompas.pk},
            state=services.roster_state(),
            by=roster_officer,
        )
    assert Pupil.objects.get(given_name="Daan").group == regenboog


def test_two_spellings_and_strangers_claims_do_not_stop_the_retention(
    parents_rule_set, roster, schools
):
    from signoff import services as signoff_services
    from signoff.models import Channel
    from tests.conftest import current, parent_details

    school = schools["de-regenboog"]
    confirm(parents_rule_set, school, **daan(school))
    confirm(parents_rule_set, school, **(daan(school) | {"child_name": "Daan"}))
    version = current(parents_rule_set)
    for child in ("Daan Bakker", "Daan"):  # a stranger, with Ingrid's address
        signoff_services.claim_parent_signoff(
            version=version,
            content_hash=version.content_hash,
            language="nl",
            channel=Channel.PARENT_FORM,
            parent=parent_details(
                school, **(daan(school) | {"child_name": child, "name": "Vreemde"})
            ),
        )
    leave(Pupil.objects.get(given_name="Daan"), 3)
    leave(Pupil.objects.get(given_name="Noor"), 3)
    call_command("pseudonymise_roster", stdout=io.StringIO())
    names = set(SignOff.objects.values_list("parent_name", "child_name"))
    assert not any("Ingrid" in p or "Daan" in c or "Vreemde" in p for p, c in names)
    assert not SignOff.objects.filter(email_key__contains="ingrid").exists()


def test_a_guardian_edited_by_hand_keeps_the_imports_rules(roster, schools):
    from django.core.exceptions import ValidationError

    guardian = Guardian.objects.get(email_key="ingrid.bakker@example.org")
    for field, value in (
        ("name", "<script>x</script>"),
        ("phone", "=1+2"),
        ("email", "YUSUF.DEMIR@example.org"),  # another guardian's address
    ):
        guardian.refresh_from_db()
        setattr(guardian, field, value)
        with pytest.raises(ValidationError) as error:
            guardian.full_clean()
        assert field in error.value.message_dict
    pupil = Pupil.objects.get(given_name="Daan")
    pupil.group = schools["het-kompas"].groups.get(token="groep-3")
    with pytest.raises(ValidationError):
        pupil.full_clean()


def test_the_school_year_page_warns_after_a_recent_move(
    client, roster, schools, roster_officer
):
    client.force_login(roster_officer)
    url = reverse("rosters_admin:school_year")
    page = client.get(url)
    assert "al een groep opgeschoven" not in page.content.decode()
    form = {"state": page.context["state"]}
    for group, target, _n, _choices in page.context["rows"]:
        form[f"group-{group.pk}"] = str(target.pk) if target else "left"
    client.post(url, form)
    assert "al een groep opgeschoven" in client.get(url).content.decode()
