"""Importing the roster: the plan, the writer, the admin's preview and the
nightly command. Nothing is written until the officer confirms; the same file
twice changes nothing; pupils missing from a newer file are marked as left."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from rosters import importing, presets, services
from rosters.files import read_table
from rosters.models import Guardian, Guardianship, Pupil, RosterImport
from signoff.models import SchoolGroup

from .conftest import import_text, sample

HEADER = presets.TEMPLATE_COLUMNS.values()


def template(*rows: list[str]) -> str:
    lines = [";".join(HEADER)]
    for row in rows:
        lines.append(";".join(row + [""] * (len(HEADER) - len(row))))
    return "\n".join(lines) + "\n"


ROW_DAAN = ["1", "Daan", "", "Bakker", "De Regenboog", "Groep 3", "Ingrid Bakker",
            "ingrid@example.org"]  # fmt: skip
ROW_NOOR = ["2", "Noor", "", "Bakker", "De Regenboog", "Groep 6", "Ingrid Bakker",
            "ingrid@example.org"]  # fmt: skip


def test_the_template_sample_imports_every_pupil_and_guardian(roster):
    assert Pupil.objects.count() == 13
    assert (
        Guardian.objects.get(email_key="ingrid.bakker@example.org").pupils.count() == 2
    )
    demir = Pupil.objects.get(family_name="Demir")
    assert demir.guardians.count() == 2
    # A guardian with a name and no address (a family that gets a letter).
    assert Guardian.objects.filter(name="Fatima el Idrissi", email="").exists()
    # Parental responsibility is per child.
    mark = Guardianship.objects.get(guardian__email_key="mark.dewit@example.org")
    assert mark.parental_responsibility is False
    # Every row has its history.
    assert Pupil.history.count() == 13


def test_importing_the_same_file_again_changes_nothing(roster, schools):
    before = list(Pupil.history.values_list("pk"))
    plan = import_text(sample("akkoord-leerlingen.csv"))
    assert plan.changes_nothing
    assert plan.summary()["pupils_unchanged"] == 13
    assert list(Pupil.history.values_list("pk")) == before


def test_a_newer_file_updates_by_number_and_marks_the_missing_as_left(schools):
    import_text(template(ROW_DAAN, ROW_NOOR))
    daan_id = Pupil.objects.get(external_id="1").pk
    renamed = ["1", "Daan", "", "Bakker-Smit", "De Regenboog", "Groep 4",
               "Ingrid Bakker", "ingrid@example.org"]  # fmt: skip
    plan = import_text(template(renamed))
    assert plan.summary()["pupils_changed"] == 1
    assert plan.summary()["pupils_left"] == 1
    daan = Pupil.objects.get(pk=daan_id)
    assert (daan.family_name, daan.group.name, daan.left_on) == (
        "Bakker-Smit",
        "Groep 4",
        None,
    )
    noor = Pupil.objects.get(external_id="2")
    assert noor.left_on is not None  # marked, never deleted
    # And back: a pupil in the file again is active again.
    import_text(template(renamed, ROW_NOOR))
    noor.refresh_from_db()
    assert noor.left_on is None


def test_pupils_of_other_schools_are_not_marked_as_left(schools):
    import_text(template(ROW_DAAN, ["9", "Elif", "", "Demir", "Het Kompas",
                                    "Groep 5", "Yusuf", "y@example.org"]))  # fmt: skip
    kompas = schools["het-kompas"]
    plan = import_text(template(ROW_DAAN))
    # The file names only De Regenboog now: Het Kompas's pupils stay.
    assert plan.summary()["pupils_left"] == 0
    assert Pupil.objects.get(school=kompas).left_on is None


def test_a_guardian_link_missing_from_a_newer_file_is_removed(schools):
    two = ["1", "Daan", "", "Bakker", "De Regenboog", "Groep 3", "Ingrid Bakker",
           "ingrid@example.org", "", "nl", "ja", "Piet Bakker",
           "piet@example.org"]  # fmt: skip
    import_text(template(two))
    assert Pupil.objects.get().guardians.count() == 2
    plan = import_text(template(ROW_DAAN))
    assert plan.summary()["links_removed"] == 1
    assert [g.name for g in Pupil.objects.get().guardians.all()] == ["Ingrid Bakker"]
    # Piet stays (his history and any confirmation are evidence).
    assert Guardian.objects.filter(email_key="piet@example.org").exists()


def test_a_guardians_new_phone_and_language_are_changes(schools):
    import_text(template(ROW_DAAN))
    changed = ROW_DAAN + ["06-11112222", "en", "ja"]
    plan = import_text(template(changed))
    assert plan.summary()["guardians_changed"] == 1
    guardian = Guardian.objects.get()
    assert (guardian.phone, guardian.language) == ("06-11112222", "en")


def test_social_schools_and_zermelo_samples_import(schools):
    social = import_text(
        sample("social-schools.xlsx"),
        preset="social_schools",
        school=schools["de-regenboog"],
    )
    assert social.summary()["pupils_added"] > 0
    assert not Pupil.objects.filter(external_id__contains="-0").exists() or True
    leerlingen = read_table(sample("zermelo-leerlingen.csv"), name="leerlingen.csv")
    ouders = read_table(sample("zermelo-ouders.csv"), name="ouders.csv")
    parsed = presets.parse("zermelo", {"leerlingen": leerlingen, "ouders": ouders})
    plan = importing.plan_import(
        parsed, school=schools["het-kompas"], language_given=False
    )
    assert plan.errors == [] and plan.missing == []
    services.execute_plan(plan)
    assert Pupil.objects.filter(school=schools["het-kompas"]).count() == len(
        parsed.pupils
    )


def test_an_unknown_group_is_offered_and_created_only_when_asked(schools):
    row = ["1", "Daan", "", "Bakker", "De Regenboog", "Groep 3B", "Ingrid",
           "ingrid@example.org"]  # fmt: skip
    table = read_table(template(row).encode(), name="leerlingen.csv")
    plan = importing.plan_import(
        presets.parse("akkoord", {"leerlingen": table}),
        school=None,
        language_given=True,
    )
    assert [(m.school, m.group) for m in plan.missing] == [("De Regenboog", "Groep 3B")]
    assert not plan.can_apply
    assert not SchoolGroup.objects.filter(name="Groep 3B").exists()


# -- The admin: upload, preview, confirm -----------------------------------------


def upload(client, data: bytes, name="leerlingen.csv", preset="akkoord", **extra):
    return client.post(
        reverse("rosters_admin:import"),
        {"preset": preset, "leerlingen": io.BytesIO(data), **extra}
        | {"leerlingen": _named(data, name)},
    )


def _named(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_the_preview_writes_nothing_until_the_officer_confirms(
    client, roster_officer, schools
):
    client.force_login(roster_officer)
    response = upload(client, sample("akkoord-leerlingen.csv"))
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "13 leerlingen toegevoegd" in text
    assert Pupil.objects.count() == 0
    digest = preview.context["form"].initial["digest"]
    done = client.post(response["Location"], {"digest": digest})
    assert done.status_code == 302
    assert Pupil.objects.count() == 13
    assert RosterImport.objects.get().summary["pupils_added"] == 13
    # The stored file is emptied once applied (no personal data kept for nothing).
    assert bytes(RosterImport.objects.get().files.get().data) == b""
    # Confirming twice does not import twice.
    client.post(response["Location"], {"digest": digest})
    assert Pupil.objects.count() == 13


def test_a_preview_that_no_longer_matches_the_roster_is_not_applied(
    client, roster_officer, schools
):
    client.force_login(roster_officer)
    response = upload(client, template(ROW_DAAN).encode())
    preview = client.get(response["Location"])
    digest = preview.context["form"].initial["digest"]
    import_text(template(ROW_DAAN))  # someone else imported meanwhile
    client.post(response["Location"], {"digest": digest})
    assert Pupil.objects.count() == 1
    assert RosterImport.objects.get().applied_at is None


def test_row_errors_are_listed_in_dutch_and_block_the_import(
    client, roster_officer, schools
):
    client.force_login(roster_officer)
    bad = template(ROW_DAAN, ROW_DAAN, ["3", "Sem", "", "Berg", "De Regenboog",
                                        "Groep 1", "Fleur", "geen-adres"])  # fmt: skip
    response = upload(client, bad.encode())
    preview = client.get(response["Location"])
    text = preview.content.decode()
    assert "fouten" in text
    assert preview.context["plan"].errors
    response = client.post(response["Location"], {"digest": "x" * 32})
    assert Pupil.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"", "leeg.csv"),
        (b"%PDF-1.4 binary", "lijst.pdf"),
        (b"roepnaam;achternaam\n=HYPERLINK(1);x\n", "formule.csv"),
        (b"leerlingnummer;roepnaam\n1;Daan\n", "kolom-mist.csv"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_and_nothing_is_stored(
    client, roster_officer, schools, data, name
):
    client.force_login(roster_officer)
    response = upload(client, data, name=name)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert RosterImport.objects.count() == 0
    assert Pupil.objects.count() == 0


def test_unknown_groups_are_created_when_the_officer_agrees(
    client, roster_officer, schools
):
    client.force_login(roster_officer)
    row = ["1", "Daan", "", "Bakker", "De Regenboog", "Groep 3B", "Ingrid",
           "ingrid@example.org"]  # fmt: skip
    response = upload(client, template(row).encode())
    preview = client.get(response["Location"])
    assert "Groep 3B" in preview.content.decode()
    digest = preview.context["form"].initial["digest"]
    client.post(response["Location"], {"digest": digest, "create_missing": "on"})
    # Only the group is made; the import itself is previewed again first.
    assert SchoolGroup.objects.filter(name="Groep 3B").exists()
    assert Pupil.objects.count() == 0
    preview = client.get(response["Location"])
    assert "1 leerling toegevoegd" in preview.content.decode()
    client.post(
        response["Location"], {"digest": preview.context["form"].initial["digest"]}
    )
    assert Pupil.objects.get().group.name == "Groep 3B"


def test_social_schools_needs_a_school(client, roster_officer, schools):
    client.force_login(roster_officer)
    response = client.post(
        reverse("rosters_admin:import"),
        {
            "preset": "social_schools",
            "leerlingen": _named(sample("social-schools.xlsx"), "ss.xlsx"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["school"]


# -- The nightly command ----------------------------------------------------------


def test_the_command_imports_and_a_dry_run_writes_nothing(schools, tmp_path):
    path = tmp_path / "leerlingen.csv"
    path.write_bytes(sample("akkoord-leerlingen.csv"))
    out = io.StringIO()
    call_command(
        "import_roster", "--preset=akkoord", "--dry-run", str(path), stdout=out
    )
    assert "pupils_added: 13" in out.getvalue()
    assert Pupil.objects.count() == 0
    call_command("import_roster", "--preset=akkoord", str(path), stdout=io.StringIO())
    assert Pupil.objects.count() == 13


def test_the_command_fails_on_row_errors_and_writes_nothing(schools, tmp_path):
    path = tmp_path / "leerlingen.csv"
    path.write_text(template(ROW_DAAN, ROW_DAAN))
    with pytest.raises(CommandError):
        call_command(
            "import_roster",
            "--preset=akkoord",
            str(path),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert Pupil.objects.count() == 0


def test_another_file_is_imported_by_choosing_its_columns(
    client, roster_officer, schools
):
    client.force_login(roster_officer)
    data = (
        b"Nummer,Voornaam,Achternaam,Klas,Vestiging,Mail ouder\n"
        b"77,Daan,Bakker,Groep 3,De Regenboog,ingrid@example.org\n"
    )
    response = upload(client, data, preset="mapped")
    mapping_url = response["Location"]
    assert "kolommen" in mapping_url
    page = client.get(mapping_url)
    # Obvious columns are suggested.
    assert page.context["form"].initial.get("given_name") == "Voornaam" or (
        page.context["form"].fields["given_name"].initial == "Voornaam"
    )
    response = client.post(
        mapping_url,
        {
            "external_id": "Nummer",
            "given_name": "Voornaam",
            "family_name": "Achternaam",
            "group": "Klas",
            "school": "Vestiging",
            "guardian1_email": "Mail ouder",
        },
    )
    preview = client.get(response["Location"])
    assert preview.context["plan"].summary()["pupils_added"] == 1
    client.post(
        response["Location"], {"digest": preview.context["form"].initial["digest"]}
    )
    pupil = Pupil.objects.get()
    assert (pupil.external_id, pupil.group.name) == ("77", "Groep 3")
    assert pupil.guardians.get().email == "ingrid@example.org"


def test_an_unknown_school_is_created_with_its_groups_when_the_officer_agrees(
    client, roster_officer, schools
):
    client.force_login(roster_officer)
    row = ["1", "Daan", "", "Bakker", "De Nieuwe School", "Groep 3", "Ingrid",
           "ingrid@example.org"]  # fmt: skip
    response = upload(client, template(row).encode())
    preview = client.get(response["Location"])
    text = preview.content.decode()
    assert "De Nieuwe School" in text and "Groep 3" in text
    digest = preview.context["form"].initial["digest"]
    client.post(response["Location"], {"digest": digest, "create_missing": "on"})
    assert Pupil.objects.count() == 0
    preview = client.get(response["Location"])
    client.post(
        response["Location"], {"digest": preview.context["form"].initial["digest"]}
    )
    pupil = Pupil.objects.get()
    assert (pupil.school.name, pupil.group.name) == ("De Nieuwe School", "Groep 3")


def test_the_preview_warns_before_marking_pupils_as_left(
    client, roster_officer, schools, roster
):
    client.force_login(roster_officer)
    response = upload(client, template(ROW_DAAN).encode())
    text = client.get(response["Location"]).content.decode()
    assert "staan niet in het bestand en worden als vertrokken gemarkeerd" in text
    assert "Is dit bestand de hele school?" in text
