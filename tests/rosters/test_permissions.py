"""Who may open each roster screen and endpoint: anonymous, a parent (no
account), staff, a teacher of another group, editor, approver, officer and
superuser. Refused is a redirect to the login (no admin access) or 403; no
refusal leaks a name."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rosters import services, staff_import
from rosters.models import ChildMatch, Guardian, RosterImport
from tests.factories import UserFactory

from .conftest import make_role, sample
from .test_coverage import confirm, daan

ROLES = [
    "anonymous",
    "parent",
    "staff",
    "teacher_elsewhere",
    "editor",
    "approver",
    "officer",
    "superuser",
]
OFFICERS = {"officer", "superuser"}


@pytest.fixture
def people(db, roster_officer, staff_member, schools):
    elsewhere = UserFactory(username="leerkracht-kompas")
    elsewhere.groups.add(*staff_member.groups.all())
    staff_import.add_teacher(
        user=elsewhere, group=schools["het-kompas"].groups.get(token="groep-1")
    )
    return {
        "anonymous": None,
        "parent": None,  # parents have no account
        "staff": staff_member,
        "teacher_elsewhere": elsewhere,
        "editor": make_role("Redacteur", ["access_admin", "view_coverage"]),
        "approver": make_role("Goedkeurder", ["access_admin", "view_coverage"]),
        "officer": roster_officer,
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }


@pytest.fixture
def targets(people, parents_rule_set, roster, schools, roster_officer):
    school = schools["de-regenboog"]
    signoff = confirm(
        parents_rule_set, school, **(daan(school) | {"email": "ander@example.org"})
    )
    roster_import = services.start_import(
        kind="pupils",
        preset="akkoord",
        uploads={
            "leerlingen": SimpleUploadedFile("l.csv", sample("akkoord-leerlingen.csv"))
        },
        names={"leerlingen": "l.csv"},
        school=None,
        by=roster_officer,
    )
    guardian = Guardian.objects.get(email_key="ingrid.bakker@example.org")
    assert ChildMatch.objects.filter(signoff=signoff).exists()
    mapped = services.start_import(
        kind="pupils",
        preset="mapped",
        uploads={
            "leerlingen": SimpleUploadedFile("l.csv", sample("akkoord-leerlingen.csv"))
        },
        names={"leerlingen": "l.csv"},
        school=None,
        by=roster_officer,
    )
    staff = services.start_import(
        kind="staff",
        preset="staff",
        uploads={
            "medewerkers": SimpleUploadedFile(
                "m.csv", sample("akkoord-medewerkers.csv")
            )
        },
        names={"medewerkers": "m.csv"},
        school=None,
        by=roster_officer,
    )
    return {
        "staff_pk": people["staff"].pk,
        "signoff": signoff,
        "import": roster_import,
        "mapped": mapped,
        "staff_import": staff,
        "guardian": guardian,
        "page": parents_rule_set,
    }


def admin_urls(t):
    return {
        reverse("rosters_admin:import"): OFFICERS,
        reverse("rosters_admin:import_preview", args=[t["import"].pk]): OFFICERS,
        reverse("rosters_admin:import_mapping", args=[t["mapped"].pk]): OFFICERS,
        reverse("rosters_admin:import_staff"): OFFICERS,
        reverse(
            "rosters_admin:import_staff_preview", args=[t["staff_import"].pk]
        ): OFFICERS,
        reverse("rosters_admin:sample", args=["akkoord-leerlingen.csv"]): OFFICERS,
        reverse("rosters_admin:outstanding"): OFFICERS,
        reverse("rosters_admin:matches"): OFFICERS,
        reverse("rosters_admin:resolve", args=[t["signoff"].pk]): OFFICERS,
        reverse("rosters_admin:school_year"): OFFICERS,
        reverse("rosters_admin:access", args=["guardian", t["guardian"].pk]): OFFICERS,
        reverse("rosters_admin:access", args=["staff", t["staff_pk"]]): OFFICERS,
        reverse("wagtailsnippets_rosters_pupil:list"): OFFICERS,
        reverse("wagtailsnippets_rosters_guardian:list"): OFFICERS,
        reverse(
            "wagtailsnippets_rosters_guardian:edit", args=[t["guardian"].pk]
        ): OFFICERS,
    }


def login(client, people, role):
    client.logout()
    if people[role] is not None:
        client.force_login(people[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_the_roster_admin_screens_are_for_officers_only(client, people, targets, role):
    login(client, people, role)
    for url, allowed in admin_urls(targets).items():
        response = client.get(url)
        if role in allowed:
            assert response.status_code == 200, (url, role)
        else:
            assert response.status_code in (302, 403), (url, role, response.status_code)
            if response.status_code == 302:
                # To the login, or Wagtail's "no permission" back to the dashboard.
                location = response["Location"]
                assert "login" in location or location == "/admin/", (url, role)
            body = b"" if response.streaming else response.content
            assert b"Bakker" not in body and b"@example" not in body, (url, role)


@pytest.mark.parametrize("role", ROLES)
def test_only_officers_can_change_the_roster(client, people, targets, role):
    login(client, people, role)
    preview = reverse("rosters_admin:import_preview", args=[targets["import"].pk])
    client.post(preview, {"digest": "0" * 32})
    pupil = targets["guardian"].pupils.first()
    client.post(
        reverse("rosters_admin:resolve", args=[targets["signoff"].pk]),
        {"choice": str(pupil.pk)},
    )
    applied = RosterImport.objects.get(pk=targets["import"].pk).applied_at
    decided = ChildMatch.objects.get(signoff=targets["signoff"]).decided_by
    if role in OFFICERS:
        assert decided == people[role]
    else:
        assert decided is None and applied is None


def test_nobody_adds_or_deletes_roster_rows_by_hand(client, people, targets):
    login(client, people, "superuser")
    assert client.get(reverse("wagtailsnippets_rosters_pupil:add")).status_code in (
        302,
        403,
    )
    pupil = targets["guardian"].pupils.first()
    delete = reverse("wagtailsnippets_rosters_pupil:delete", args=[pupil.pk])
    assert client.get(delete).status_code in (302, 403)


@pytest.mark.parametrize("role", ROLES)
def test_the_api_gives_counts_to_coverage_readers_and_names_to_officers(
    client, people, targets, role
):
    login(client, people, role)
    base = "/++api++/@roster-coverage?rule_set=" + str(targets["page"].translation_key)
    counts = client.get(base)
    names = client.get(base + "&status=outstanding")
    readers = OFFICERS | {"editor", "approver"}
    if role in readers:
        assert counts.status_code == 200
        data = counts.json()
        assert data["totals"]["expected"] == 13
        assert "Bakker" not in counts.content.decode()
    else:
        assert counts.status_code in (401, 403)
    if role in OFFICERS:
        assert names.status_code == 200
        outstanding = names.json()["outstanding"]
        assert any(c["child"] == "Noor Bakker" for c in outstanding)
        assert any(
            g["email"] == "ingrid.bakker@example.org"
            for c in outstanding
            for g in c["guardians"]
        )
    else:
        assert names.status_code in (401, 403)
        assert "Bakker" not in names.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_teachers_view_shows_only_the_teachers_own_group(
    client, people, targets, role, schools
):
    staff_import.add_teacher(
        user=people["staff"], group=schools["de-regenboog"].groups.get(token="groep-3")
    )
    login(client, people, role)
    response = client.get("/nl/mijn-groep/")
    if people[role] is None:
        assert response.status_code == 302
        return
    text = response.content.decode()
    assert response.status_code == 200
    if role == "staff":
        assert "Daan Bakker" in text
    else:
        assert "Daan Bakker" not in text and "Noor Bakker" not in text
    assert "@example" not in text


def test_the_api_refuses_bad_input_with_400(client, people, targets):
    login(client, people, "officer")
    for query in (
        "rule_set=not-a-uuid",
        f"rule_set={targets['page'].translation_key}&school=nergens",
        f"rule_set={targets['page'].translation_key}&school=de-regenboog&group=x",
        f"rule_set={targets['page'].translation_key}&b_size=0",
    ):
        assert client.get(f"/++api++/@roster-coverage?{query}").status_code in (
            400,
            422,
        ), query


def test_editing_a_guardian_is_a_rectification_in_history(client, people, targets):
    login(client, people, "officer")
    guardian = targets["guardian"]
    assert Permission.objects.filter(codename="change_guardian").exists()
    client.post(
        reverse("wagtailsnippets_rosters_guardian:edit", args=[guardian.pk]),
        {
            "name": "Ingrid Bakker-de Jong",
            "email": guardian.email,
            "phone": guardian.phone,
            "language": "nl",
        },
    )
    guardian.refresh_from_db()
    assert guardian.name == "Ingrid Bakker-de Jong"
    latest = guardian.history.first()
    assert latest.history_user == people["officer"]
    access = client.get(
        reverse("rosters_admin:access", args=["guardian", guardian.pk]) + "?format=json"
    ).json()
    assert access["name"] == "Ingrid Bakker-de Jong"
    assert [c["name"] for c in access["children"]] == ["Daan Bakker", "Noor Bakker"]


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_home_shows_the_roster_summary_to_coverage_readers(
    client, people, targets, role
):
    login(client, people, role)
    response = client.get(reverse("wagtailadmin_home"))
    if role in OFFICERS | {"editor", "approver"}:
        text = response.content.decode()
        assert "Akkoorden tegen de leerlingenlijst" in text
        assert "0 van 13 kinderen" in text  # the only confirmation is ambiguous
        assert "Bakker" not in text
        if role in OFFICERS:
            assert "1 akkoord wacht tot je kiest" in text
    elif response.status_code == 200:
        assert "Akkoorden tegen de leerlingenlijst" not in response.content.decode()


@pytest.mark.parametrize("role", ["editor", "approver", "staff"])
def test_wagtails_chooser_and_bulk_screens_show_no_roster_names(
    client, people, targets, role
):
    login(client, people, role)
    guardian = targets["guardian"]
    pupil = guardian.pupils.first()
    for url in (
        "/admin/snippets/choose/rosters/guardian/",
        "/admin/snippets/choose/rosters/guardian/results/",
        f"/admin/snippets/choose/rosters/guardian/chosen/{guardian.pk}/",
        "/admin/snippets/choose/rosters/pupil/results/",
        f"/admin/bulk/rosters/guardian/delete/?id={guardian.pk}",
        f"/admin/bulk/rosters/pupil/delete/?id={pupil.pk}",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), (url, response.status_code)
        assert b"Bakker" not in response.content, url


def test_even_a_superuser_cannot_bulk_delete_roster_rows(client, people, targets):
    login(client, people, "superuser")
    pupil = targets["guardian"].pupils.first()
    response = client.post(
        f"/admin/bulk/rosters/pupil/delete/?id={pupil.pk}", {"confirm": "yes"}
    )
    assert response.status_code in (302, 403)
    assert type(pupil).objects.filter(pk=pupil.pk).exists()


def test_odd_digits_in_the_school_year_form_are_refused(client, people, targets):
    login(client, people, "officer")
    url = reverse("rosters_admin:school_year")
    page = client.get(url)
    form = {"state": page.context["state"]}
    for group, _target, _n, _choices in page.context["rows"]:
        form[f"group-{group.pk}"] = "²"
    response = client.post(url, form)
    assert response.status_code == 302
    assert targets["guardian"].pupils.first().group.name in {"Groep 3", "Groep 6"}


def test_a_revoked_confirmation_has_nothing_to_decide(client, people, targets):
    from signoff import services as signoff_services

    signoff_services.revoke_signoff(
        signoff=targets["signoff"], by=people["officer"], reason="Fout"
    )
    login(client, people, "officer")
    url = reverse("rosters_admin:resolve", args=[targets["signoff"].pk])
    # Not found (LocaleMiddleware first tries the address with /nl/ in front).
    assert client.get(url, follow=True).status_code == 404


@pytest.mark.parametrize("role", ["editor", "officer"])
def test_the_roster_menu_shows_each_screen_to_whom_may_open_it(
    client, people, targets, role
):
    login(client, people, role)
    text = client.get(reverse("wagtailadmin_home")).content.decode()
    import_url = reverse("rosters_admin:import")
    if role == "officer":
        assert import_url in text and reverse("rosters_admin:school_year") in text
    else:
        assert import_url not in text


def test_the_inspect_pages_show_what_an_officer_reads(client, people, targets):
    login(client, people, "officer")
    guardian = targets["guardian"]
    pupil = guardian.pupils.first()
    for url in (
        reverse("wagtailsnippets_rosters_guardian:inspect", args=[guardian.pk]),
        reverse("wagtailsnippets_rosters_pupil:inspect", args=[pupil.pk]),
    ):
        text = client.get(url).content.decode()
        assert "Name key" not in text and "Email key" not in text
        assert "Bakker" in text
