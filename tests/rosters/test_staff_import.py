"""Importing staff: accounts by e-mail address, their schools and the groups
they teach, through the same preview and confirmation as pupils."""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rosters.models import StaffMembership, StaffRole

from .conftest import sample


def upload(client, data: bytes, group):
    return client.post(
        reverse("rosters_admin:import_staff"),
        {
            "bestand": SimpleUploadedFile("medewerkers.csv", data),
            "user_group": group.pk,
        },
    )


def apply(client, response):
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    client.post(
        response["Location"], {"digest": preview.context["form"].initial["digest"]}
    )
    return preview


def test_staff_are_imported_with_their_schools_and_groups(
    client, roster_officer, schools, staff_rule_set, staff_group, staff_member
):
    staff_member.email = "Sanne.deVries@example.org"
    staff_member.save()
    client.force_login(roster_officer)
    response = upload(client, sample("akkoord-medewerkers.csv"), staff_group)
    assert response.status_code == 302
    preview = apply(client, response)
    assert "5 medewerkers toegevoegd" in preview.content.decode()
    User = get_user_model()
    # Known by address (any case): no second account for Sanne.
    assert User.objects.filter(email__iexact="sanne.devries@example.org").count() == 1
    sanne = User.objects.get(pk=staff_member.pk)
    taught = StaffMembership.objects.filter(user=sanne, role=StaffRole.TEACHER)
    assert sorted(m.group.name for m in taught) == ["Groep 3", "Groep 4"]
    marieke = User.objects.get(email="marieke.visser@example.org")
    assert not marieke.has_usable_password()
    assert sorted(s.name for s in marieke.signoff_schools.all()) == [
        "De Regenboog",
        "De Vlinder",
    ]
    assert staff_group in marieke.groups.all()
    # The same file again changes nothing.
    again = client.get(
        upload(client, sample("akkoord-medewerkers.csv"), staff_group)["Location"]
    )
    assert again.context["plan"].changes_nothing


def test_a_member_missing_from_a_newer_file_loses_their_place_not_their_account(
    client, roster_officer, schools, staff_rule_set, staff_group
):
    client.force_login(roster_officer)
    apply(client, upload(client, sample("akkoord-medewerkers.csv"), staff_group))
    fewer = (
        b"naam;email;scholen;groepen\n"
        b"Sanne de Vries;sanne.devries@example.org;De Regenboog;Groep 3\n"
    )
    apply(client, upload(client, fewer, staff_group))
    User = get_user_model()
    marieke = User.objects.get(email="marieke.visser@example.org")
    assert marieke.signoff_schools.filter(name="De Regenboog").count() == 0
    # De Vlinder was not in the newer file: her place there stays.
    assert marieke.signoff_schools.filter(name="De Vlinder").count() == 1
    assert marieke.is_active


def test_unknown_schools_and_groups_are_row_errors(
    client, roster_officer, schools, staff_rule_set, staff_group
):
    client.force_login(roster_officer)
    bad = (
        b"naam;email;scholen;groepen\nPiet;piet@example.org;Nergens;\n"
        b"Anna;anna@example.org;De Regenboog;Groep 12\n"
    )
    preview = client.get(upload(client, bad, staff_group)["Location"])
    errors = preview.context["plan"].errors
    assert [e.line for e in errors] == [2, 3]
    assert not get_user_model().objects.filter(email="piet@example.org").exists()


def test_the_nightly_command_imports_staff(schools, staff_group, tmp_path):
    import io

    from django.core.management import call_command

    path = tmp_path / "medewerkers.csv"
    path.write_bytes(sample("akkoord-medewerkers.csv"))
    out = io.StringIO()
    call_command(
        "import_roster",
        "--preset=staff",
        "--user-group=Medewerkers",
        str(path),
        stdout=out,
    )
    assert "staff_added: 6" in out.getvalue()
    assert staff_group.user_set.count() == 6


def test_a_staff_file_never_renames_an_administrator_nor_guesses_between_accounts(
    client, roster_officer, schools, staff_rule_set, staff_group, superuser
):
    superuser.email = "baas@example.org"
    superuser.first_name = "Echte"
    superuser.save()
    twin_a = get_user_model().objects.create_user("a", email="dubbel@example.org")
    get_user_model().objects.create_user("b", email="Dubbel@example.org")
    client.force_login(roster_officer)
    takeover = (
        b"naam;email;scholen;groepen\nEvil Takeover;BAAS@example.org;De Regenboog;\n"
    )
    apply(client, upload(client, takeover, staff_group))
    superuser.refresh_from_db()
    assert superuser.first_name == "Echte"
    assert staff_group not in superuser.groups.all()
    shared = b"naam;email;scholen;groepen\nTwee;dubbel@example.org;De Regenboog;\n"
    preview = client.get(upload(client, shared, staff_group)["Location"])
    assert preview.context["plan"].errors
    assert staff_group not in twin_a.groups.all()
