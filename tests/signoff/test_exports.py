"""Exports are safe to open in a spreadsheet program, and every moment agrees:
people see Europe/Amsterdam with the zone named; files carry ISO 8601 with offset."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from signoff import services
from signoff.exports import (
    export_moment,
    format_moment,
    moment_heading,
    neutralise_cell,
)
from signoff.models import Channel, School, SignOff
from tests.conftest import current, parent_details
from tests.factories import UserFactory

WINTER = datetime.datetime(2026, 11, 26, 4, 1, 30, 708145, tzinfo=datetime.UTC)
SUMMER = datetime.datetime(2026, 6, 1, 10, 15, 0, tzinfo=datetime.UTC)

FORMULAS = {
    "parent": '=HYPERLINK("http://x","y")',
    "child": "+SUM(1,2)",
    "paper": "=cmd|' /C calc'!A0",
}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(1,2)", "'+SUM(1,2)"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Ingrid Bakker", "Ingrid Bakker"),
        ("a=b", "a=b"),
        ("", ""),
        (3, 3),
        (None, None),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_made_text(value, expected):
    assert neutralise_cell(value) == expected


def test_a_moment_for_people_names_the_zone_and_for_files_has_the_offset():
    assert format_moment(WINTER) == "26-11-2026 05:01 (CET)"
    assert format_moment(SUMMER) == "01-06-2026 12:15 (CEST)"
    assert format_moment(None) == "—"
    assert export_moment(WINTER) == "2026-11-26T05:01:30+01:00"
    assert export_moment(SUMMER) == "2026-06-01T12:15:00+02:00"
    assert export_moment(None) == ""
    assert (
        moment_heading("Akkoord gegeven op") == "Akkoord gegeven op (Europe/Amsterdam)"
    )


@pytest.fixture
def formula_signoffs(parents_rule_set, school):
    version = current(parents_rule_set)
    made = []
    for name, child in (
        (FORMULAS["parent"], FORMULAS["child"]),
        (FORMULAS["paper"], "Kind Papier"),
    ):
        signoff, _created = services.record_signoff(
            version=version,
            content_hash=version.content_hash,
            language="nl",
            channel=Channel.PARENT_FORM,
            parent=parent_details(school, name=name, child_name=child),
            notify=False,
        )
        made.append(signoff)
    SignOff.objects.filter(pk__in=[s.pk for s in made]).update(signed_at=WINTER)
    return made


def _text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _assert_text_cells(cells, *values):
    for value in values:
        [cell] = [c for c in cells if c.value in (value, "'" + value)]
        assert cell.data_type == "s"
        assert cell.value == "'" + value


def test_admin_csv_of_confirmations_has_no_formulas_and_zoned_times(
    client, officer, formula_signoffs
):
    client.force_login(officer)
    url = reverse("wagtailsnippets_signoff_signoff:list") + "?export=csv"
    rows = list(csv.reader(io.StringIO(_text(client.get(url)))))
    header, body = rows[0], rows[1:]
    cells = [cell for row in body for cell in row]
    for value in FORMULAS.values():
        assert "'" + value in cells
        assert value not in cells
    assert "Akkoord gegeven op (Europe/Amsterdam)" in header
    signed = header.index("Akkoord gegeven op (Europe/Amsterdam)")
    assert {row[signed] for row in body} == {"2026-11-26T05:01:30+01:00"}
    revoked = header.index("Ingetrokken op (Europe/Amsterdam)")
    assert {row[revoked] for row in body} == {""}
    status = header.index("Status")  # verified, unverified and revoked apart
    assert {row[status] for row in body} <= {"geldig", "nog niet bevestigd via e-mail"}


def test_admin_xlsx_of_confirmations_has_text_cells_and_zoned_times(
    client, officer, formula_signoffs
):
    client.force_login(officer)
    url = reverse("wagtailsnippets_signoff_signoff:list") + "?export=xlsx"
    body = b"".join(client.get(url).streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    cells = [cell for row in rows[1:] for cell in row]
    _assert_text_cells(cells, *FORMULAS.values())
    signed = header.index("Akkoord gegeven op (Europe/Amsterdam)")
    for row in rows[1:]:
        assert row[signed].data_type == "s"
        assert row[signed].value == "2026-11-26T05:01:30+01:00"


def test_report_exports_have_no_formulas(
    client, officer, staff_rule_set, staff_member, staff_group
):
    School.objects.filter(name="De Regenboog").update(name="@SUM(A1)")
    outstanding_person = UserFactory(
        username="formule", first_name="=1+1", last_name="Formule"
    )
    outstanding_person.groups.add(staff_group)
    client.force_login(officer)

    coverage = _text(client.get(reverse("signoff_admin:coverage") + "?export=csv"))
    assert "'@SUM(A1)" in list(csv.reader(io.StringIO(coverage)))[1]

    response = client.get(
        reverse("signoff_admin:outstanding"),
        {"rule_set": staff_rule_set.pk, "export": "xlsx"},
    )
    body = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    _assert_text_cells(cells, "=1+1 Formule", "@SUM(A1)")


def test_api_csv_uses_the_same_neutralising(client, officer, formula_signoffs):
    client.force_login(officer)
    version = formula_signoffs[0].version
    response = client.get(
        "/++api++/@signoffs",
        {"rule_set": str(version.translation_key)},
        HTTP_ACCEPT="text/csv",
    )
    cells = [
        c for row in csv.reader(io.StringIO(response.content.decode())) for c in row
    ]
    assert "'" + FORMULAS["parent"] in cells and "'" + FORMULAS["child"] in cells
    assert FORMULAS["parent"] not in cells


def test_record_page_and_its_history_show_amsterdam_time_with_the_zone(
    client, officer, formula_signoffs
):
    signoff = formula_signoffs[0]
    signoff.history.update(history_date=WINTER)
    client.force_login(officer)
    html = client.get(
        reverse("wagtailsnippets_signoff_signoff:inspect", args=[signoff.pk])
    ).content.decode()
    # The record's own time and its history's time agree.
    assert html.count("26-11-2026 05:01 (CET)") == 2
    assert "04:01" not in html
    listing = client.get(reverse("wagtailsnippets_signoff_signoff:list"))
    assert "26-11-2026 05:01 (CET)" in listing.content.decode()
