"""Officers' screens: the permission matrix, exports, bounded queries."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from signoff import services
from signoff.models import Channel, SignOff
from tests.conftest import current, parent_details
from tests.factories import UserFactory
from tests.oidc_provider.harness import school_sign_in


def make_role(name, codenames):
    group = Group.objects.create(name=name)
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    user = UserFactory(username=name.lower())
    user.groups.add(group)
    return user


@pytest.fixture
def people(db, officer, staff_member):
    return {
        "anonymous": None,
        "staff": staff_member,
        "editor": make_role("Redacteur", ["access_admin", "view_coverage"]),
        "approver": make_role("Goedkeurder", ["access_admin", "view_coverage"]),
        "officer": officer,
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }


@pytest.fixture
def confirmations(staff_rule_set, parents_rule_set, staff_member, school):
    staff_version, parent_version = current(staff_rule_set), current(parents_rule_set)
    staff, _ = services.record_signoff(
        version=staff_version,
        content_hash=staff_version.content_hash,
        language="nl",
        channel=Channel.INTRANET,
        user=staff_member,
    )
    parent, _ = services.record_signoff(
        version=parent_version,
        content_hash=parent_version.content_hash,
        language="nl",
        channel=Channel.PARENT_FORM,
        parent=parent_details(school, name="Ouder Geheim"),
    )
    return staff, parent


VIEWS = {
    "coverage": lambda s: reverse("signoff_admin:coverage"),
    "outstanding": lambda s: reverse("signoff_admin:outstanding"),
    "list": lambda s: reverse("wagtailsnippets_signoff_signoff:list"),
    "export_csv": lambda s: (
        reverse("wagtailsnippets_signoff_signoff:list") + "?export=csv"
    ),
    "inspect": lambda s: reverse(
        "wagtailsnippets_signoff_signoff:inspect", args=[s.pk]
    ),
    "paper": lambda s: reverse("signoff_admin:paper"),
    "revoke": lambda s: reverse("signoff_admin:revoke", args=[s.pk]),
    "schools": lambda s: reverse("wagtailsnippets_signoff_school:list"),
}

ALLOWED = {
    "coverage": {"editor", "approver", "officer", "superuser"},
    "outstanding": {"officer", "superuser"},
    "list": {"officer", "superuser"},
    "export_csv": {"officer", "superuser"},
    "inspect": {"officer", "superuser"},
    "paper": {"officer", "superuser"},
    "revoke": {"officer", "superuser"},
    "schools": {"officer", "superuser"},
}


# Signed in with their school account (a real provider, tests/oidc_provider):
# the same rights as with a password, no more.
SCHOOL_ACCOUNTS = {
    "staff_sso": ("staff", "sanne", "medewerker1@kalisto.example"),
    "officer_sso": ("officer", "fatima", "functionaris@kalisto.example"),
}


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize(
    "role",
    ["anonymous", "staff", "editor", "approver", "officer", "superuser"]
    + list(SCHOOL_ACCOUNTS),
)
def test_permission_matrix(request, client, people, confirmations, role, view):
    if role in SCHOOL_ACCOUNTS:
        request.getfixturevalue("sso_on")
        role, username, email = SCHOOL_ACCOUNTS[role]
        people[role].email = email
        people[role].save()
        school_sign_in(client, username)
        assert client.session["_auth_user_id"] == str(people[role].pk)
    elif people[role] is not None:
        client.force_login(people[role])
    response = client.get(VIEWS[view](confirmations[1]))
    body = "" if response.streaming else response.content.decode(errors="replace")
    if role in ALLOWED[view]:
        assert response.status_code == 200
    else:
        assert response.status_code in (302, 403)
        assert "Ouder Geheim" not in body


def test_counts_without_names_for_editors(client, people, confirmations):
    client.force_login(people["editor"])
    html = client.get(reverse("signoff_admin:coverage")).content.decode()
    assert "1 van 1 medewerkers hebben akkoord gegeven" in html
    assert "1 kind met akkoord van een ouder" in html
    assert "Ouder Geheim" not in html and "Sanne" not in html
    assert "Wie moet nog akkoord geven?" not in html


def test_nobody_can_add_edit_or_delete_a_confirmation_in_the_admin(
    client, people, confirmations
):
    signoff = confirmations[1]
    client.force_login(people["superuser"])
    for name in ("add", "edit", "delete"):
        args = [] if name == "add" else [signoff.pk]
        url = reverse(f"wagtailsnippets_signoff_signoff:{name}", args=args)
        assert client.get(url).status_code in (302, 403)
        client.post(url, {"parent_name": "Anders"})
    signoff.refresh_from_db()
    assert signoff.parent_name == "Ouder Geheim"
    assert SignOff.objects.count() == 2


def test_exports_contain_the_confirmations(client, people, confirmations):
    client.force_login(people["officer"])
    base = reverse("wagtailsnippets_signoff_signoff:list")
    csv = client.get(base + "?export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    text = (
        b"".join(csv.streaming_content).decode()
        if csv.streaming
        else (csv.content.decode())
    )
    assert "Ouder Geheim" in text and "Regels ouders" in text
    xlsx = client.get(base + "?export=xlsx")
    assert "spreadsheetml" in xlsx["Content-Type"]
    coverage = client.get(reverse("signoff_admin:coverage") + "?export=csv")
    body = (
        b"".join(coverage.streaming_content).decode()
        if coverage.streaming
        else (coverage.content.decode())
    )
    assert "Regels medewerkers" in body and "De Regenboog" in body
    outstanding = client.get(reverse("signoff_admin:outstanding") + "?export=xlsx")
    assert outstanding.status_code == 200


def test_filters_narrow_the_list(client, people, confirmations):
    client.force_login(people["officer"])
    base = reverse("wagtailsnippets_signoff_signoff:list")
    only_staff = client.get(base, {"channel": "intranet"}).context["object_list"]
    assert [s.channel for s in only_staff] == ["intranet"]
    by_version = client.get(base, {"version": "1.0"}).context["object_list"]
    assert len(by_version) == 2
    assert len(client.get(base, {"status": "revoked"}).context["object_list"]) == 0
    assert len(client.get(base, {"status": "valid"}).context["object_list"]) == 2
    searched = client.get(base, {"q": "Geheim"}).context["object_list"]
    assert [s.parent_name for s in searched] == ["Ouder Geheim"]


PAPER_DATE = "2026-01-15"


def _paper(client, version, **data):
    return client.post(
        reverse("signoff_admin:paper"),
        {"version": version.pk, "paper_signed_on": PAPER_DATE, **data},
    )


def _parent_paper(school, **overrides):
    return {
        "name": "Papieren Ouder",
        "email": "p@example.org",
        "child_name": "Kind Papier",
        "group": school.groups.first().pk,
        "parental_responsibility": "on",
        **overrides,
    }


def test_officer_enters_a_paper_confirmation(client, people, parents_rule_set, school):
    client.force_login(people["officer"])
    version = current(parents_rule_set)
    response = _paper(client, version, **_parent_paper(school))
    assert response.status_code == 302
    signoff = SignOff.objects.get(parent_name="Papieren Ouder")
    assert signoff.channel == "paper" and signoff.acted_by == people["officer"]
    assert signoff.paper_signed_on.isoformat() == PAPER_DATE
    assert signoff.user is None and signoff.verified_at is not None
    # The entry time stays beside the date on paper.
    assert signoff.signed_at.date() != signoff.paper_signed_on
    incomplete = client.post(reverse("signoff_admin:paper"), {"version": version.pk})
    assert incomplete.status_code == 200
    html = incomplete.content.decode()
    assert "Vul de naam van de ouder in." in html
    assert "Vul de datum van het papieren formulier in." in html


def test_paper_entry_for_parents_takes_no_staff_member(
    client, people, parents_rule_set, staff_rule_set, school, staff_member
):
    """The bug: a staff member recorded on the parents' rule set, the typed parent
    name dropped, and the entry counted as a parent's."""
    client.force_login(people["officer"])
    version = current(parents_rule_set)
    response = _paper(
        client, version, staff_member=staff_member.pk, **_parent_paper(school)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["staff_member"] == [
        "Deze gedragsregels zijn voor ouders. Kies geen medewerker."
    ]
    assert SignOff.objects.count() == 0


def test_paper_entry_for_a_family_without_an_e_mail_address(
    client, people, parents_rule_set, school
):
    client.force_login(people["officer"])
    version = current(parents_rule_set)
    response = _paper(client, version, **_parent_paper(school, email=""))
    assert response.status_code == 302
    signoff = SignOff.objects.get()
    assert signoff.parent_email == "" and signoff.parent_name == "Papieren Ouder"
    assert signoff.child_name == "Kind Papier" and signoff.user is None
    # The same paper form again is the same confirmation, not a second one.
    again = _paper(client, version, **_parent_paper(school, email=""))
    assert again.status_code == 302
    assert SignOff.objects.count() == 1
    bad = _paper(client, version, **_parent_paper(school, email="geen adres"))
    assert bad.context["form"].errors["email"]


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2999-01-01", "Deze datum ligt in de toekomst."),
        ("2018-05-24", "Versie 1.0 geldt vanaf 25 mei 2018."),
        ("31-02-2026", "Deze datum klopt niet."),
        ("morgen", "Deze datum klopt niet."),
        ("", "Vul de datum van het papieren formulier in."),
    ],
)
def test_date_on_paper_is_checked(
    client, people, parents_rule_set, school, date, message
):
    client.force_login(people["officer"])
    version = current(parents_rule_set)
    response = client.post(
        reverse("signoff_admin:paper"),
        {"version": version.pk, "paper_signed_on": date, **_parent_paper(school)},
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["paper_signed_on"]
    assert error.startswith(message)
    assert SignOff.objects.count() == 0


def test_paper_entry_for_staff_takes_members_of_the_group_only(
    client, people, staff_rule_set, staff_member, school
):
    client.force_login(people["officer"])
    version = current(staff_rule_set)
    parent_only = _paper(client, version, **_parent_paper(school))
    errors = parent_only.context["form"].errors
    assert errors["staff_member"] == [
        "Deze gedragsregels zijn voor medewerkers. Kies de medewerker die tekende."
    ]
    assert "Laat de gegevens van de ouder leeg." in errors["name"][0]
    outsider = UserFactory(username="buiten", first_name="Bert", last_name="Buiten")
    not_listed = _paper(client, version, staff_member=outsider.pk)
    assert not_listed.context["form"].errors["staff_member"] == [
        "Kies een medewerker uit de lijst."
    ]
    assert SignOff.objects.count() == 0
    response = _paper(client, version, staff_member=staff_member.pk)
    assert response.status_code == 302
    signoff = SignOff.objects.get()
    assert signoff.user == staff_member and signoff.parent_name == ""


def test_staff_picker_shows_names_of_staff_who_must_confirm(
    client, people, staff_rule_set, staff_member, staff_group
):
    twin_a = UserFactory(username="jan1", first_name="Jan", last_name="Jansen")
    twin_b = UserFactory(username="jan2", first_name="Jan", last_name="Jansen")
    nameless = UserFactory(username="zondernaam", first_name="", last_name="")
    for user in (twin_a, twin_b, nameless):
        user.groups.add(staff_group)
    client.force_login(people["officer"])
    form = client.get(reverse("signoff_admin:paper")).context["form"]
    labels = [
        str(label) for value, label in form.fields["staff_member"].choices if value
    ]
    assert sorted(labels) == sorted(
        ["Sanne de Vries", "Jan Jansen (jan1)", "Jan Jansen (jan2)", "zondernaam"]
    )
    # Officers, editors and other accounts outside the audiences' groups: absent.
    assert not any("Officier" in label or "root" in label for label in labels)


MINI_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_paper_scan_is_a_document_only_officers_can_open(
    client, people, parents_rule_set, school, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.models import CollectionViewRestriction

    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(people["officer"])
    version = current(parents_rule_set)
    upload = SimpleUploadedFile(
        "Formulier familie Bakker.pdf", MINI_PDF, content_type="application/pdf"
    )
    response = _paper(client, version, scan=upload, **_parent_paper(school))
    assert response.status_code == 302
    signoff = SignOff.objects.get()
    scan = signoff.paper_scan
    assert scan.collection.name == "Papieren akkoordverklaringen"
    assert "Bakker" not in scan.file.name and "Bakker" not in scan.title
    restriction = CollectionViewRestriction.objects.get(collection=scan.collection)
    assert restriction.restriction_type == "groups"
    assert {g.name for g in restriction.groups.all()} == {"Compliance"}

    record = client.get(response["Location"]).content.decode()
    assert scan.url in record
    opened = client.get(scan.url)
    assert opened.status_code == 200
    assert b"".join(opened.streaming_content) == MINI_PDF
    for role in ("editor", "staff"):
        client.force_login(people[role])
        refused = client.get(scan.url)
        assert refused.status_code != 200
    client.logout()
    assert client.get(scan.url).status_code != 200

    # Evidence: not even a superuser edits, replaces or deletes it in the library.
    client.force_login(people["superuser"])
    for name in ("edit", "delete"):
        url = reverse(f"wagtaildocs:{name}", args=[scan.pk])
        assert client.get(url).status_code in (302, 403)
        client.post(url, {"title": "Anders"})
    scan.refresh_from_db()
    assert scan.title.startswith("Scan van een papieren akkoordverklaring")
    listing = client.get(reverse("wagtaildocs:index")).content.decode()
    assert scan.title not in listing


def test_a_scan_must_be_a_pdf_or_image(client, people, parents_rule_set, school):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["officer"])
    version = current(parents_rule_set)
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf")
    response = _paper(client, version, scan=fake, **_parent_paper(school))
    assert response.context["form"].errors["scan"] == [
        "Upload een PDF-, JPG- of PNG-bestand."
    ]
    assert SignOff.objects.count() == 0


def test_officer_revokes_with_a_reason(client, people, confirmations):
    signoff = confirmations[1]
    client.force_login(people["officer"])
    url = reverse("signoff_admin:revoke", args=[signoff.pk])
    empty = client.post(url, {"reason": ""})
    assert "Schrijf waarom deze akkoordverklaring wordt ingetrokken." in (
        empty.content.decode()
    )
    response = client.post(url, {"reason": "Dubbel ingevuld"})
    assert response.status_code == 302
    signoff.refresh_from_db()
    assert signoff.is_revoked
    inspect = client.get(
        reverse("wagtailsnippets_signoff_signoff:inspect", args=[signoff.pk])
    ).content.decode()
    assert "Dubbel ingevuld" in inspect and "ingetrokken" in inspect


def _many(parents_rule_set, school, count):
    version = current(parents_rule_set)
    for n in range(count):
        services.record_signoff(
            version=version,
            content_hash=version.content_hash,
            language="nl",
            channel=Channel.PARENT_FORM,
            parent=parent_details(school, child_name=f"Kind {n}"),
            notify=False,
        )


@pytest.mark.parametrize("url", ["coverage", "outstanding", "list", "export_csv"])
def test_reports_run_in_a_bounded_number_of_queries(
    client,
    people,
    parents_rule_set,
    staff_rule_set,
    school,
    django_assert_max_num_queries,
    url,
):
    client.force_login(people["officer"])
    counts = []
    for batch in (3, 30):
        _many(parents_rule_set, school, batch)
        with django_assert_max_num_queries(40) as ctx:
            response = client.get(VIEWS[url](None))
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_deleting_a_user_or_school_with_confirmations_is_refused_in_the_admin(
    client, people, confirmations, school, staff_member
):
    client.force_login(people["superuser"])
    response = client.post(reverse("wagtailusers_users:delete", args=[staff_member.pk]))
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "Maak het inactief" in messages[-1]
    response = client.post(
        reverse("wagtailsnippets_signoff_school:delete", args=[school.pk])
    )
    assert response.status_code == 302
    staff_member.refresh_from_db()
    school.refresh_from_db()
    assert SignOff.objects.count() == 2


def test_validity_filter_offers_all_valid_and_revoked_not_unknown(
    client, people, confirmations
):
    client.force_login(people["officer"])
    base = reverse("wagtailsnippets_signoff_signoff:list")
    services.revoke_signoff(
        signoff=confirmations[0], by=people["officer"], reason="Dubbel"
    )
    response = client.get(base)
    field = response.context["filters"].form["status"]
    assert [str(label) for _value, label in field.field.choices] == [
        "Alle",
        "Geldig",
        "Nog niet bevestigd via e-mail",
        "Ingetrokken",
    ]
    assert "Onbekend" not in response.content.decode()
    assert len(response.context["object_list"]) == 2
    version = confirmations[1].version
    _claim, claim = services.claim_parent_signoff(
        version=version,
        content_hash=version.content_hash,
        language="nl",
        channel=Channel.PARENT_FORM,
        parent=parent_details(confirmations[1].school, child_name="Kind Anders"),
    )
    unverified = client.get(base, {"status": "unverified"}).context["object_list"]
    assert [s.pk for s in unverified] == [claim.pk]
    revoked = client.get(base, {"status": "revoked"}).context["object_list"]
    assert [s.pk for s in revoked] == [confirmations[0].pk]
    valid = client.get(base, {"status": "valid"}).context["object_list"]
    assert [s.pk for s in valid] == [confirmations[1].pk]


@pytest.mark.parametrize("role", ["staff", "editor", "approver"])
def test_revoke_url_answers_alike_for_existing_and_missing_ids(
    client, people, confirmations, role
):
    """Without the permission, nobody learns which ids exist."""
    client.force_login(people[role])
    pk = confirmations[1].pk
    existing = client.get(reverse("signoff_admin:revoke", args=[pk]))
    missing = client.get(reverse("signoff_admin:revoke", args=[987654]))
    assert existing.status_code == missing.status_code
    # A login redirect names the address asked for, and nothing else.
    location = existing.get("Location", "").replace(f"/{pk}/", "/987654/")
    assert location == missing.get("Location", "")
    assert existing.content == missing.content


def test_confirmations_cannot_be_bulk_deleted(client, people, confirmations):
    client.force_login(people["superuser"])
    listing = client.get(reverse("wagtailsnippets_signoff_signoff:list"))
    html = listing.content.decode()
    assert "/admin/bulk/signoff/signoff/delete/" not in html
    assert "data-bulk-action-checkbox" not in html
    url = f"/admin/bulk/signoff/signoff/delete/?id={confirmations[1].pk}"
    confirm = client.get(url).content.decode()
    assert "Ja, verwijderen" not in confirm
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailsnippets_signoff_signoff:list")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "kunnen niet worden verwijderd" in messages[-1]
    assert SignOff.objects.count() == 2


def test_bulk_deleting_users_with_confirmations_is_refused_in_dutch(
    client, people, confirmations, staff_member
):
    client.force_login(people["superuser"])
    bystander = UserFactory(username="zonder-akkoord")
    url = f"/admin/bulk/auth/user/delete/?id={staff_member.pk}&id={bystander.pk}"
    response = client.post(url)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Sanne de Vries" in m and "Maak het inactief" in m for m in messages)
    staff_member.refresh_from_db()
    bystander.refresh_from_db()
    assert SignOff.objects.count() == 2
    # Users without confirmations can still be deleted in bulk.
    response = client.post(f"/admin/bulk/auth/user/delete/?id={bystander.pk}")
    assert response.status_code == 302
    assert not type(bystander).objects.filter(pk=bystander.pk).exists()


def test_record_page_speaks_dutch_not_python(client, people, confirmations):
    client.force_login(people["officer"])
    for signoff in confirmations:
        html = client.get(
            reverse("wagtailsnippets_signoff_signoff:inspect", args=[signoff.pk])
        ).content.decode()
        values = html.split("<dl>", 1)[1].split("</dl>", 1)[0]
        assert ">None<" not in values.replace(" ", "").replace("\n", "")
        for raw in ("None", "True", "False"):
            assert raw not in values
    parent_html = client.get(
        reverse("wagtailsnippets_signoff_signoff:inspect", args=[confirmations[1].pk])
    ).content.decode()
    assert "Ja" in parent_html.split("<dl>", 1)[1].split("</dl>", 1)[0]
    staff_html = client.get(
        reverse("wagtailsnippets_signoff_signoff:inspect", args=[confirmations[0].pk])
    ).content.decode()
    assert "Sanne de Vries (sanne)" in staff_html


def test_coverage_shows_unverified_parent_confirmations_apart(
    client, people, confirmations
):
    version = confirmations[1].version
    services.claim_parent_signoff(
        version=version,
        content_hash=version.content_hash,
        language="nl",
        channel=Channel.PARENT_FORM,
        parent=parent_details(confirmations[1].school, child_name="Kind Anders"),
    )
    client.force_login(people["editor"])
    html = client.get(reverse("signoff_admin:coverage")).content.decode()
    assert "1 kind met akkoord van een ouder" in html
    assert "1 akkoordverklaring via het formulier wacht nog op de link" in html


def test_searching_the_document_library_still_works_and_hides_scans(
    client, people, parents_rule_set, school, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(people["officer"])
    upload = SimpleUploadedFile("scan.pdf", MINI_PDF, content_type="application/pdf")
    _paper(client, current(parents_rule_set), scan=upload, **_parent_paper(school))
    client.force_login(people["superuser"])
    for name in ("wagtaildocs:index", "wagtaildocs:index_results"):
        response = client.get(reverse(name), {"q": "Scan"})
        assert response.status_code == 200
        assert "akkoord-scan-" not in response.content.decode()
    chooser = client.get(reverse("wagtaildocs_chooser:choose"), {"q": "Scan"})
    assert chooser.status_code == 200


def test_a_record_shows_only_what_applies_to_it(client, people, confirmations):
    staff, parent = confirmations
    client.force_login(people["officer"])

    def page(signoff):
        url = reverse("wagtailsnippets_signoff_signoff:inspect", args=[signoff.pk])
        return client.get(url).content.decode()

    staff_page = page(staff)
    assert "Heeft gezag" not in staff_page  # not a parent
    assert "Bevestigd via e-mail op" not in staff_page  # known by signing in
    assert "Nederlands" in staff_page  # the language shown, in words
    parent_page = page(parent)
    assert "Heeft gezag" in parent_page and "Bevestigd via e-mail op" in parent_page
    assert "Ingetrokken op" not in parent_page  # not revoked
