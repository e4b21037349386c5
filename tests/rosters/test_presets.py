"""Turning tables into checked roster rows with a preset: the sample files
parse cleanly, and every problem becomes a row error at its file, row and
column, with all of them collected."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from django.utils import translation

from rosters import presets
from rosters.files import FileRefused, Table, read_table
from rosters.presets import (
    FIELDS,
    PRESETS,
    REQUIRED_FIELDS,
    TEMPLATE_COLUMNS,
    GuardianRow,
    derived_id,
    parse,
    parse_mapped,
    parse_staff,
    suggest_mapping,
)

from .test_files import use_dutch_catalogue

SAMPLES = Path(presets.__file__).parent / "samples"
HEADER = ";".join(TEMPLATE_COLUMNS.values())


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def sample(name: str) -> Table:
    return read_table((SAMPLES / name).read_bytes(), name=name)


def template(*rows: str, header: str = HEADER, name: str = "leerlingen.csv") -> Table:
    return read_table("\n".join([header, *rows]).encode(), name=name)


def errors(parsed) -> list[tuple[int, str, str]]:
    return [(e.line, e.column, str(e.message)) for e in parsed.errors]


def by_email(parsed) -> dict[str, GuardianRow]:
    return {g.email or g.name: g for g in parsed.guardians}


PUPIL = "1;Daan;;Bakker;De Regenboog;Groep 3"


# The samples ------------------------------------------------------------------


def test_the_akkoord_sample_parses_with_no_errors():
    parsed = parse("akkoord", {"leerlingen": sample("akkoord-leerlingen.csv")})
    assert parsed.errors == []
    assert len(parsed.pupils) == 13
    assert len(parsed.guardians) == 15
    guardians = by_email(parsed)
    # one guardian, two children
    assert guardians["ingrid.bakker@example.org"].children == ["1001", "1002"]
    # two guardians of one pupil
    assert [g.name for g in parsed.guardians if "1003" in g.children] == [
        "Yusuf Demir",
        "Ayşe Demir",
    ]
    # a name without an e-mail address
    fatima = guardians["Fatima el Idrissi"]
    assert (fatima.email, fatima.phone, fatima.language) == ("", "020-1234567", "ar")
    assert fatima.key == "name:fatima el idrissi|1008"
    assert {g.language for g in parsed.guardians} == {
        "nl",
        "tr",
        "pl",
        "uk",
        "ar",
        "en",
    }
    assert guardians["mark.dewit@example.org"].parental_responsibility is False
    fleur = guardians["fleur.vanderberg@example.net"]  # taal and gezag left blank
    assert (fleur.language, fleur.parental_responsibility) == ("nl", True)


def test_the_akkoord_sample_holds_the_demo_families():
    parsed = parse("akkoord", {"leerlingen": sample("akkoord-leerlingen.csv")})
    pupils = {p.external_id: p for p in parsed.pupils}
    for name, email, child, school, group in [
        (
            "Ingrid Bakker",
            "ingrid.bakker@example.org",
            "Daan Bakker",
            "De Regenboog",
            3,
        ),
        ("Yusuf Demir", "yusuf.demir@example.org", "Elif Demir", "Het Kompas", 5),
        ("Marta Nowak", "marta.nowak@example.org", "Zofia Nowak", "De Vlinder", 7),
    ]:
        guardian = by_email(parsed)[email]
        assert guardian.name == name
        kids = [pupils[c] for c in guardian.children]
        assert any(
            f"{p.given_name} {p.family_name}" == child
            and (p.school, p.group) == (school, f"Groep {group}")
            for p in kids
        )


@pytest.mark.parametrize("name", ["social-schools.xlsx", "social-schools.csv"])
def test_the_social_schools_samples_parse_with_no_errors(name):
    parsed = parse("social_schools", {"leerlingen": sample(name)})
    assert parsed.errors == []
    assert len(parsed.pupils) == 10
    assert len(parsed.guardians) == 14
    pupils = {p.given_name: p for p in parsed.pupils}
    assert "Chloé" in pupils  # é from Windows-1252 in the CSV
    assert pupils["Wiktor"].group == "Groep 4"  # no Klasnaam: "Groep <Leerjaar>"
    assert all(p.school == "" for p in parsed.pupils)  # the form's school applies
    siblings = [pupils["Yara"].external_id, pupils["Omar"].external_id]
    mansour = by_email(parsed)
    assert mansour["r.mansour@example.org"].children == siblings
    assert mansour["h.mansour@example.org"].children == siblings
    assert all(
        (g.name, g.language, g.parental_responsibility) == ("", "nl", True)
        for g in parsed.guardians
    )


def test_the_social_schools_xlsx_and_csv_give_the_same_pupil_ids():
    from_xlsx = parse("social_schools", {"leerlingen": sample("social-schools.xlsx")})
    from_csv = parse("social_schools", {"leerlingen": sample("social-schools.csv")})
    assert [p.external_id for p in from_xlsx.pupils] == [
        p.external_id for p in from_csv.pupils
    ]


def test_the_zermelo_samples_parse_with_no_errors():
    parsed = parse(
        "zermelo",
        {
            "leerlingen": sample("zermelo-leerlingen.csv"),
            "ouders": sample("zermelo-ouders.csv"),
        },
    )
    assert parsed.errors == []
    assert len(parsed.pupils) == 10
    assert len(parsed.guardians) == 11
    guardians = by_email(parsed)
    mother = guardians["k.zielinska@example.org"]
    assert (mother.name, mother.children) == ("Zielinska", ["201700045", "201700003"])
    assert [g.email for g in parsed.guardians if "201700076" in g.children] == [
        "w.kok@example.org",
        "l.kok@example.net",
    ]
    assert {p.group for p in parsed.pupils} >= {"Groep 1", "Groep 8"}


def test_the_staff_sample_parses_with_no_errors():
    parsed = parse_staff(sample("akkoord-medewerkers.csv"))
    assert parsed.errors == []
    assert len(parsed.members) == 6
    members = {m.name: m for m in parsed.members}
    assert members["Sanne de Vries"].groups == ["Groep 3", "Groep 4"]
    assert members["Marieke Visser"].schools == ["De Regenboog", "De Vlinder"]
    assert members["Marieke Visser"].groups == []


def test_every_preset_names_its_files():
    assert set(PRESETS) == {"akkoord", "social_schools", "zermelo"}
    assert [s.key for s in PRESETS["zermelo"].slots] == ["leerlingen", "ouders"]
    assert not PRESETS["akkoord"].needs_school
    assert PRESETS["social_schools"].needs_school and PRESETS["zermelo"].needs_school


def test_a_guardian_is_known_by_address_or_else_by_name_and_first_child():
    with_email = GuardianRow(2, "a.csv", "I.Bakker@example.org", "", "", "nl", True)
    without = GuardianRow(2, "a.csv", "", " Fatima  el Idrissi", "", "ar", True)
    without.children = ["1008", "1009"]
    assert with_email.key == "email:i.bakker@example.org"
    assert without.key == "name:fatima el idrissi|1008"


# Social Schools' derived pupil id ---------------------------------------------


def test_the_derived_id_is_stable_and_does_not_reveal_the_birth_date():
    one = derived_id("Chloé", "", "Janssens", "2016-03-14")
    assert one == derived_id(" chloé ", "", "JANSSENS", "2016-03-14")
    assert one != derived_id("Chloé", "", "Janssens", "2016-03-15")
    assert one.startswith("ss-") and len(one) == 19
    assert not any(part in one for part in ("2016", "0314", "1403", "14"))


def test_the_derived_id_depends_on_the_secret_key(settings):
    one = derived_id("Chloé", "", "Janssens", "2016-03-14")
    settings.SECRET_KEY = "another-secret"
    assert derived_id("Chloé", "", "Janssens", "2016-03-14") != one


def test_the_birth_date_is_in_no_row():
    for name in ("social-schools.xlsx", "social-schools.csv"):
        parsed = parse("social_schools", {"leerlingen": sample(name)})
        text = repr([dataclasses.asdict(r) for r in parsed.pupils + parsed.guardians])
        assert "2016" not in text and "14-03" not in text


# Refused files ----------------------------------------------------------------


def test_a_missing_required_column_refuses_the_file_naming_it():
    header = HEADER.replace(";groep;", ";klas_x;")
    with pytest.raises(FileRefused) as caught:
        parse("akkoord", {"leerlingen": template(PUPIL, header=header)})
    assert (caught.value.file, caught.value.column) == ("leerlingen.csv", "groep")
    assert str(caught.value.message) == (
        "The column “groep” is missing in leerlingen.csv."
    )


def test_only_the_documented_columns_are_required():
    header = "leerlingnummer;roepnaam;achternaam;groep;ouder1_email"
    parsed = parse(
        "akkoord",
        {"leerlingen": template("1;Daan;Bakker;3;d@example.org", header=header)},
    )
    assert parsed.errors == [] and parsed.pupils[0].school == ""


def test_a_missing_zermelo_column_refuses_the_file_naming_it():
    pupils = read_table(
        b"Code;Roepnaam;Achternaam;Klas\n1;A;B;5\n", name="leerlingen.csv"
    )
    parents = read_table(
        b"Code;Achternaam;Email\no1;B;b@example.org\n", name="ouders.csv"
    )
    with pytest.raises(FileRefused) as caught:
        parse("zermelo", {"leerlingen": pupils, "ouders": parents})
    assert (caught.value.file, caught.value.column) == ("ouders.csv", "Leerlingcodes")


def test_a_missing_file_of_a_preset_is_refused():
    with pytest.raises(FileRefused) as caught:
        parse("zermelo", {"leerlingen": sample("zermelo-leerlingen.csv")})
    assert (
        str(caught.value.message) == "The file for “Parents (ouders.csv)” is missing."
    )


# Row errors -------------------------------------------------------------------


def test_the_same_pupil_twice_is_an_error_on_the_second_row():
    parsed = parse(
        "akkoord",
        {
            "leerlingen": template(
                PUPIL + ";Ingrid Bakker;ingrid@example.org",
                "2;Noor;;Bakker;De Regenboog;Groep 6;Ingrid Bakker;ingrid@example.org",
                "1;Daan;;Bakker;De Regenboog;Groep 4;Ingrid Bakker;ingrid@example.org",
            )
        },
    )
    assert errors(parsed) == [
        (4, "leerlingnummer", "This pupil is in the file twice: also on row 2.")
    ]
    assert [p.line for p in parsed.pupils] == [2, 3]
    assert parsed.guardians[0].children == ["1", "2"]


def test_an_invalid_email_is_a_row_error():
    parsed = parse("akkoord", {"leerlingen": template(PUPIL + ";Ingrid;ingrid@@x")})
    assert errors(parsed) == [
        (
            2,
            "ouder1_email",
            "This e-mail address is not right. Check how it is written.",
        )
    ]
    assert parsed.pupils == [] and parsed.guardians == []


def test_a_missing_first_email_is_a_social_schools_row_error():
    table = read_table(
        b"Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Klasnaam;Leerjaar;"
        b"E-mailadres ouder/verzorger 1;E-mailadres ouder/verzorger 2\n"
        b"Yara;;Mansour;11-11-2019;Groep 1;1;;h.mansour@example.org\n",
        name="ss.csv",
    )
    parsed = parse("social_schools", {"leerlingen": table})
    assert errors(parsed) == [
        (2, "E-mailadres ouder/verzorger 1", "The e-mail address is missing.")
    ]


def test_a_wrong_birth_date_is_a_row_error_that_does_not_repeat_the_date():
    table = read_table(
        b"Roepnaam;Achternaam;Geboortedatum;Klasnaam;E-mailadres ouder/verzorger 1\n"
        b"Yara;Mansour;31-02-2019;Groep 1;r@example.org\n"
        b"Omar;Mansour;;Groep 5;r@example.org\n",
        name="ss.csv",
    )
    parsed = parse("social_schools", {"leerlingen": table})
    assert errors(parsed) == [
        (2, "Geboortedatum", "This date is not right. Write it as day-month-year."),
        (3, "Geboortedatum", "The date of birth is missing."),
    ]


def test_two_spellings_of_one_address_are_an_error_on_the_later_row():
    parsed = parse(
        "akkoord",
        {
            "leerlingen": template(
                PUPIL + ";Ingrid Bakker;I.Bakker@example.org",
                "2;Noor;;Bakker;;Groep 6;Ingrid Bakker;i.bakker@example.org",
            )
        },
    )
    assert errors(parsed) == [
        (
            3,
            "ouder1_email",
            "This address is written as I.Bakker@example.org on row 2. "
            "Use one spelling.",
        )
    ]


def test_an_unknown_zermelo_pupil_code_is_a_row_error():
    pupils = read_table(
        b"Code;Roepnaam;Achternaam;Klas\n11;Sara;Ait;7\n", name="leerlingen.csv"
    )
    parents = read_table(
        b"Code;Achternaam;Email;Leerlingcodes\n"
        b"o1;Ait;h@example.org;11 | 12\n"
        b"o2;Kok;;11\n",
        name="ouders.csv",
    )
    parsed = parse("zermelo", {"leerlingen": pupils, "ouders": parents})
    assert errors(parsed) == [
        (2, "Leerlingcodes", "Pupil code “12” is not in leerlingen.csv."),
        (3, "Email", "The e-mail address is missing."),
    ]
    assert parsed.guardians == []


def test_a_bad_language_code_lists_the_allowed_ones():
    row = PUPIL + ";Ingrid;ingrid@example.org;;Nederlands;ja"
    parsed = parse("akkoord", {"leerlingen": template(row)})
    assert errors(parsed) == [
        (
            2,
            "ouder1_taal",
            "Unknown language “nederlands”. Use one of: nl, en, ar, tr, pl, uk.",
        )
    ]


def test_markup_in_a_name_is_a_row_error():
    row = "1;<script>Daan</script>;;Bakker;De Regenboog;Groep 3;Ingrid;i@example.org"
    parsed = parse("akkoord", {"leerlingen": template(row)})
    assert errors(parsed) == [(2, "roepnaam", "Do not use < or > here.")]
    assert parsed.pupils == []


def test_every_problem_of_every_row_is_collected():
    parsed = parse(
        "akkoord",
        {
            "leerlingen": template(
                ";Daan;;;De Regenboog;;Ingrid;i@example.org;06 12 abc;;misschien",
                "2;Noor;;Bakker;;Groep 6;;;;;;;;020 123;;",
                "3;Sem;;Berg;;Groep 1;" + "x" * 201 + ";sem@example.org",
            )
        },
    )
    assert errors(parsed) == [
        (2, "leerlingnummer", "The pupil number is missing."),
        (2, "achternaam", "The family name is missing."),
        (2, "groep", "The group is missing."),
        (
            2,
            "ouder1_telefoon",
            "Not a phone number: use at most 20 digits, spaces, + - ( ).",
        ),
        (2, "ouder1_gezag", "Write yes or no here (ja or nee)."),
        (
            3,
            "ouder1_email",
            "No parent or guardian: fill in a name or an e-mail address.",
        ),
        (3, "ouder2_email", "Parent/guardian 2 needs a name or an e-mail address."),
        (4, "ouder1_naam", "This is too long. Use at most 200 characters."),
    ]
    assert parsed.pupils == [] and parsed.guardians == []


def test_row_errors_read_dutch_in_dutch(settings):
    parsed = parse(
        "akkoord", {"leerlingen": template(PUPIL + ";Ingrid", PUPIL + ";Ingrid")}
    )
    use_dutch_catalogue(settings)
    with translation.override("nl"):
        assert str(parsed.errors[0].message) == (
            "Deze leerling staat twee keer in het bestand: ook op rij 2."
        )
        assert str(FIELDS["guardian2_email"]) == "Ouder/verzorger 2: e-mailadres"


# Mapping columns by hand ------------------------------------------------------

SS_HEADER = (
    "Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Klasnaam;Leerjaar;"
    "E-mailadres ouder/verzorger 1;E-mailadres ouder/verzorger 2"
)


def test_suggest_mapping_maps_the_obvious_social_schools_fields():
    table = read_table(
        f"{SS_HEADER}\nA;;B;1-1-2020;1;1;a@example.org;\n".encode(), name="x"
    )
    assert suggest_mapping(table) == {
        "given_name": "Roepnaam",
        "infix": "Tussenvoegsel",
        "family_name": "Achternaam",
        "group": "Klasnaam",
        "guardian1_email": "E-mailadres ouder/verzorger 1",
        "guardian2_email": "E-mailadres ouder/verzorger 2",
    }


def test_suggest_mapping_finds_parent_columns_by_their_words():
    header = "Leerlingnummer;Voornaam;Achternaam;Groep;Naam ouder 1;Telefoon ouder 2"
    table = read_table(f"{header}\n1;A;B;3;C;06\n".encode(), name="x")
    assert suggest_mapping(table) == {
        "external_id": "Leerlingnummer",
        "given_name": "Voornaam",
        "family_name": "Achternaam",
        "group": "Groep",
        "guardian1_name": "Naam ouder 1",
        "guardian2_phone": "Telefoon ouder 2",
    }


def test_parse_mapped_by_hand_gives_what_the_akkoord_preset_gives():
    own = sample("akkoord-leerlingen.csv")
    renamed = {field: f"Kolom {i}" for i, field in enumerate(TEMPLATE_COLUMNS)}
    table = Table(own.name, list(renamed.values()), own.rows)
    assert parse_mapped(table, renamed) == parse("akkoord", {"leerlingen": own})


def test_parse_mapped_needs_the_required_fields_and_existing_columns():
    table = template(PUPIL + ";Ingrid;i@example.org")
    mapping = {f: c for f, c in TEMPLATE_COLUMNS.items() if f in REQUIRED_FIELDS}
    assert parse_mapped(table, mapping).errors == []
    with pytest.raises(FileRefused) as caught:
        parse_mapped(table, {**mapping, "external_id": ""})
    assert str(caught.value.message) == "Choose a column for “Pupil number”."
    with pytest.raises(FileRefused) as caught:
        parse_mapped(table, {**mapping, "school": "vestiging"})
    assert caught.value.column == "vestiging"


# Staff ------------------------------------------------------------------------


def test_staff_errors_are_collected_per_row():
    table = read_table(
        b"naam;email;scholen;groepen\n"
        b"Sanne de Vries;sanne@example.org;De Regenboog;Groep 3\n"
        b"S. de Vries;Sanne@example.org;De Regenboog;\n"
        b"Ahmed;ahmed@example.org;;Groep 5\n"
        b"<b>Kees</b>;kees@@example.org;Het Kompas;\n"
        b"Eva;eva@example.org;Het Kompas, <i>;\n",
        name="medewerkers.csv",
    )
    parsed = parse_staff(table)
    assert errors(parsed) == [
        (
            3,
            "email",
            "This address is written as sanne@example.org on row 2. Use one spelling.",
        ),
        (4, "scholen", "Fill in at least one school."),
        (5, "naam", "Do not use < or > here."),
        (5, "email", "This e-mail address is not right. Check how it is written."),
        (6, "scholen", "Do not use < or > here."),
    ]
    assert [m.name for m in parsed.members] == ["Sanne de Vries"]


def test_the_same_staff_address_twice_is_an_error():
    table = read_table(
        b"naam;email;scholen\nA;a@example.org;De Regenboog\nB;a@example.org;Kompas\n",
        name="medewerkers.csv",
    )
    assert errors(parse_staff(table)) == [
        (3, "email", "This e-mail address is already on row 2.")
    ]
