"""Reading an uploaded roster file into a table, and refusing files that cannot
be used, with a message the officer reads (English msgid, Dutch catalogue)."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.utils import translation
from openpyxl import Workbook

from rosters import files
from rosters.files import FileRefused, Table, detect_separator, read_table

CATALOGUE = Path(files.__file__).parent / "locale/nl/LC_MESSAGES/django.po"


def use_dutch_catalogue(settings) -> None:
    """Compile the rosters catalogue when stale, and make Django find it even
    before the app is installed."""
    mo = CATALOGUE.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < CATALOGUE.stat().st_mtime:
        polib.pofile(str(CATALOGUE)).save_as_mofile(str(mo))
    if not apps.is_installed("rosters"):
        settings.LOCALE_PATHS = [*settings.LOCALE_PATHS, CATALOGUE.parents[2]]


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids) unless a test asks Dutch."""
    with translation.override("en"):
        yield


@pytest.fixture
def dutch(settings):
    use_dutch_catalogue(settings)
    with translation.override("nl"):
        yield


def refusal(data, name: str = "leerlingen.csv") -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        read_table(data, name=name)
    return caught.value


def xlsx(*rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


TEXT = "roepnaam;achternaam\nJosé;Müller\nAyşe;Yılmaz\n"


def test_utf8_is_read():
    table = read_table(TEXT.encode(), name="a.csv")
    assert table == Table("a.csv", ["roepnaam", "achternaam"], [
        (2, ["José", "Müller"]),
        (3, ["Ayşe", "Yılmaz"]),
    ])  # fmt: skip


def test_a_utf8_byte_order_mark_is_stripped():
    table = read_table(b"\xef\xbb\xbf" + TEXT.encode(), name="a.csv")
    assert table.headers == ["roepnaam", "achternaam"]


def test_utf16_with_byte_order_mark_is_read():
    table = read_table(b"\xff\xfe" + TEXT.encode("utf-16-le"), name="a.csv")
    assert table.headers == ["roepnaam", "achternaam"]
    assert table.rows[1] == (3, ["Ayşe", "Yılmaz"])


def test_windows_1252_from_excel_reads_e_acute_right():
    data = "roepnaam;achternaam\nJosé;Dupré\n".encode("cp1252")
    assert data.count(b"\xe9") == 2  # not UTF-8
    assert read_table(data, name="a.csv").rows == [(2, ["José", "Dupré"])]


def test_text_is_normalised_to_nfc():
    table = read_table(
        "E\u0301mail;naam\nx@example.org;Rene\u0301\n".encode(), name="a"
    )
    assert table.headers[0] == "\u00c9mail"
    assert table.rows[0][1] == ["x@example.org", "Ren\u00e9"]


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_the_separator_is_found_in_the_header(separator):
    header, row = ("roepnaam", "achternaam", "groep"), ("Daan", "Bakker", "Groep 3")
    text = separator.join(header) + "\n" + separator.join(row) + "\n"
    table = read_table(text.encode(), name="a.csv")
    assert table.headers == ["roepnaam", "achternaam", "groep"]
    assert table.rows == [(2, ["Daan", "Bakker", "Groep 3"])]


def test_separators_inside_quotes_do_not_count():
    assert detect_separator('"Naam; voluit",adres,plaats\n') == ","
    assert detect_separator("a;b,c\n") == ";"  # a tie: Dutch Excel's ";"


def test_quoted_cells_keep_separators_and_line_breaks():
    text = 'naam,adres\n"Jansen, Kees","Dorpsstraat 1,\nUtrecht"\nBakker,Hoofdweg 2\n'
    table = read_table(text.encode(), name="a.csv")
    assert table.rows == [
        (2, ["Jansen, Kees", "Dorpsstraat 1,\nUtrecht"]),
        (3, ["Bakker", "Hoofdweg 2"]),  # Excel's row 3, the file's line 4
    ]


def test_empty_rows_are_skipped_and_row_numbers_stay_as_in_excel():
    table = read_table(b"a;b\n\n;\n1;2\n", name="a.csv")
    assert table.rows == [(4, ["1", "2"])]


def test_cells_are_stripped_and_short_rows_padded():
    table = read_table(b"a;b;c\n  1 \n", name="a.csv")
    assert table.rows == [(2, ["1", "", ""])]


def test_a_column_is_found_case_and_space_insensitively():
    table = read_table(b"Leerling Nummer;Roepnaam\n1;Daan\n", name="a.csv")
    assert table.column("leerlingnummer") == 0
    assert table.column(" ROEPNAAM ") == 1
    assert table.column("groep") is None


def test_xlsx_is_read_by_content_whatever_the_name():
    data = xlsx(
        ("nummer", "naam", "bedrag", "geboren", "leeg", "ja"),
        (12345, "Daan", 3.5, datetime.datetime(2016, 3, 14), None, True),
        (12345.0, "Noor", 2.0, datetime.date(2019, 1, 2), None, False),
    )
    table = read_table(data, name="export.csv")
    assert table.headers == ["nummer", "naam", "bedrag", "geboren", "leeg", "ja"]
    assert table.rows == [
        (2, ["12345", "Daan", "3.5", "2016-03-14", "", "true"]),
        (3, ["12345", "Noor", "2", "2019-01-02", "", "false"]),
    ]


def test_an_xlsx_formula_is_refused_naming_row_and_column():
    error = refusal(xlsx(("naam", "telefoon"), ("Daan", "=1+2")), "a.xlsx")
    assert (error.file, error.line, error.column) == ("a.xlsx", 2, "telefoon")
    assert str(error.message) == "Formulas are not imported: paste values only."


def test_a_csv_cell_starting_with_equals_is_refused_like_a_formula():
    error = refusal(b'naam;telefoon\nDaan;=HYPERLINK("x")\n')
    assert (error.line, error.column) == (2, "telefoon")
    assert "Formulas" in str(error.message)


def test_phone_numbers_starting_with_plus_or_minus_are_fine():
    table = read_table(b"naam;telefoon\nDaan;+31 6 12345678\nNoor;-\n", name="a.csv")
    assert [cells[1] for _line, cells in table.rows] == ["+31 6 12345678", "-"]


def test_a_10000_character_cell_is_refused_naming_row_and_column():
    error = refusal(b"naam;opmerking\nDaan;" + b"x" * 10_000 + b"\n")
    assert (error.file, error.line, error.column) == ("leerlingen.csv", 2, "opmerking")
    assert str(error.message) == "This cell is too long. Use at most 1000 characters."
    assert str(error) == (
        "leerlingen.csv, row 2, column “opmerking”: "
        "This cell is too long. Use at most 1000 characters."
    )


class CountingUpload(io.RawIOBase):
    """A 50 MB upload that counts how much of it was read."""

    def __init__(self, size: int) -> None:
        self.size, self.read_bytes = size, 0

    def read(self, n: int = -1) -> bytes:
        n = (
            self.size - self.read_bytes
            if n < 0
            else min(n, self.size - self.read_bytes)
        )
        self.read_bytes += n
        return b"a" * n


def test_50_mb_is_refused_without_reading_it_all():
    upload = CountingUpload(50 * 1024 * 1024)
    error = refusal(upload)
    assert upload.read_bytes == files.MAX_FILE_BYTES + 1
    assert (
        str(error.message)
        == "The file is larger than 10 MB. Split it into smaller files."
    )


def test_the_size_limit_comes_from_settings(settings):
    settings.ROSTERS = {"MAX_FILE_BYTES": 2 * 1024 * 1024}
    assert "2 MB" in str(refusal(b"a;b\n" + b"1;2\n" * 600_000).message)
    assert read_table(b"a;b\n1;2\n", name="a.csv").rows == [(2, ["1", "2"])]


@pytest.mark.parametrize("data", [b"", b"   \r\n\n\t", b"\xef\xbb\xbf\n", b"\xff\xfe"])
def test_an_empty_file_is_refused(data):
    assert str(refusal(data).message) == "The file is empty."


def test_a_header_without_rows_is_refused():
    error = refusal(b"leerlingnummer;roepnaam\n\n;\n")
    assert str(error.message) == "The file has only a header row and no data below it."


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"GIF89a\x01\x00\x01\x00",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"naam;groep\nDaan;Groep\x00 3\n",  # NUL bytes
        b"naam;groep\n" + bytes(range(1, 9)) * 20,  # many control characters
    ],
    ids=["pdf", "png", "gif", "jpeg", "nul", "controls"],
)
def test_other_binaries_are_refused_as_not_a_csv_or_excel_file(data):
    error = refusal(data, "foto.csv")
    assert str(error.message) == (
        "This is not a CSV or Excel file. Save the list as .csv or .xlsx."
    )


def test_an_old_xls_file_is_refused_with_what_to_do():
    error = refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "oud.xls")
    assert str(error.message) == (
        "This is an old Excel file (.xls). Save it as .xlsx or .csv."
    )


def test_a_broken_zip_is_refused():
    error = refusal(b"PK\x03\x04\x14\x00\x00\x00garbage" * 10, "kapot.xlsx")
    assert (
        str(error.message)
        == "This Excel file cannot be opened. Save it again as .xlsx."
    )


def test_a_zip_that_is_no_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hallo")
    error = refusal(out.getvalue(), "lijst.xlsx")
    assert "cannot be opened" in str(error.message)


def test_too_many_columns_are_refused():
    header = ";".join(f"kolom{i}" for i in range(101))
    error = refusal(f"{header}\n1\n".encode())
    assert str(error.message) == "The file has more than 100 columns."


def test_too_many_columns_in_a_workbook_are_refused():
    error = refusal(xlsx([f"kolom{i}" for i in range(101)], ["x"]), "a.xlsx")
    assert str(error.message) == "The file has more than 100 columns."


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", 3)
    assert len(read_table(b"a\n1\n2\n3\n", name="a.csv").rows) == 3
    error = refusal(b"a\n1\n2\n3\n4\n")
    assert str(error.message) == "The file has more than 3 rows. Split it up."


def test_a_column_name_used_twice_is_refused():
    error = refusal(b"naam;groep;Naam\nDaan;Groep 3;Daan\n")
    assert error.column == "Naam"
    assert str(error.message) == "The column name “Naam” is in the header twice."


def test_a_column_with_data_but_no_name_is_refused():
    error = refusal(b"naam;;groep\nDaan;x;Groep 3\n")
    assert (error.line, error.column) == (2, "B")
    assert str(error.message) == "This column has data but no name in the header row."


def test_nameless_empty_columns_are_dropped():
    table = read_table(b"naam;;groep;;\nDaan;;Groep 3;;\n", name="a.csv")
    assert table.headers == ["naam", "groep"]
    assert table.rows == [(2, ["Daan", "Groep 3"])]


def test_refusals_read_dutch_in_dutch(dutch):
    error = refusal(b"naam;opmerking\nDaan;" + b"x" * 10_000 + b"\n")
    assert str(error.message) == "Deze cel is te lang. Gebruik hoogstens 1000 tekens."
    assert str(error) == (
        "leerlingen.csv, rij 2, kolom “opmerking”: "
        "Deze cel is te lang. Gebruik hoogstens 1000 tekens."
    )
    assert str(refusal(b"").message) == "Het bestand is leeg."
    assert str(refusal(b"%PDF-1.4").message) == (
        "Dit is geen CSV- of Excel-bestand. Sla de lijst op als .csv of .xlsx."
    )


def test_a_refusal_made_in_english_is_shown_in_dutch_later(settings):
    error = refusal(b"a;a\n1;2\n")  # the message is lazy: translated when shown
    use_dutch_catalogue(settings)
    with translation.override("nl"):
        assert str(error.message) == "De kolomnaam “a” staat twee keer in de kopregel."
