"""Write the sample import files next to this script.

    .venv/bin/python rosters/samples/make_samples.py

The samples are small, made-up rosters of the demo's schools (De Regenboog,
Het Kompas, De Vlinder), one per preset plus the staff template. Every e-mail
address is @example.org or @example.net. The tests read them, and the admin
offers them for download. Run again after changing the rows below.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

AKKOORD_HEADER = (
    "leerlingnummer;roepnaam;tussenvoegsel;achternaam;school;groep;"
    "ouder1_naam;ouder1_email;ouder1_telefoon;ouder1_taal;ouder1_gezag;"
    "ouder2_naam;ouder2_email;ouder2_telefoon;ouder2_taal;ouder2_gezag"
).split(";")
# 13 pupils, 15 parents: Ingrid Bakker has two children; Elif Demir, Amira el
# Idrissi and Mila de Wit have two parents; Fatima el Idrissi has no e-mail.
AKKOORD = [
    ("1001", "Daan", "", "Bakker", "De Regenboog", "Groep 3",
     "Ingrid Bakker", "ingrid.bakker@example.org", "06-12345678", "nl", "ja"),
    ("1002", "Noor", "", "Bakker", "De Regenboog", "Groep 6",
     "Ingrid Bakker", "ingrid.bakker@example.org", "06-12345678", "nl", "ja"),
    ("1003", "Elif", "", "Demir", "Het Kompas", "Groep 5",
     "Yusuf Demir", "yusuf.demir@example.org", "", "tr", "ja",
     "Ayşe Demir", "ayse.demir@example.net", "+31 6 23456789", "tr", "ja"),
    ("1004", "Zofia", "", "Nowak", "De Vlinder", "Groep 7",
     "Marta Nowak", "marta.nowak@example.org", "", "pl", "ja"),
    ("1005", "Taras", "", "Kovalenko", "Het Kompas", "Groep 2",
     "Olena Kovalenko", "olena.k@example.org", "", "uk", "ja"),
    ("1006", "Lotte", "", "Jansen", "De Vlinder", "Groep 4",
     "Kees Jansen", "kees.jansen@example.org", "", "nl", "ja"),
    ("1007", "Sem", "van der", "Berg", "De Regenboog", "Groep 1",
     "Fleur van der Berg", "fleur.vanderberg@example.net", "", "", ""),
    ("1008", "Amira", "el", "Idrissi", "Het Kompas", "Groep 8",
     "Fatima el Idrissi", "", "020-1234567", "ar", "ja",
     "Karim el Idrissi", "karim.elidrissi@example.net", "", "ar", "ja"),
    ("1009", "Rayan", "", "Haddad", "De Vlinder", "Groep 6",
     "Lina Haddad", "lina.haddad@example.org", "", "ar", "ja"),
    ("1010", "Jayden", "", "Pinas", "De Regenboog", "Groep 4",
     "Sharon Pinas", "sharon.pinas@example.net", "(020) 765 43 21", "nl", "ja"),
    ("1011", "Mila", "de", "Wit", "Het Kompas", "Groep 3",
     "Anouk de Wit", "anouk.dewit@example.org", "", "nl", "ja",
     "Mark de Wit", "mark.dewit@example.org", "", "en", "nee"),
    ("1012", "Bogdan", "", "Shevchenko", "De Vlinder", "Groep 2",
     "Iryna Shevchenko", "iryna.shevchenko@example.net", "", "uk", "ja"),
    ("1013", "Sophie", "", "Williams", "De Regenboog", "Groep 8",
     "James Williams", "james.williams@example.net", "", "en", "yes"),
]  # fmt: skip

SOCIAL_SCHOOLS_HEADER = [
    "Roepnaam",
    "Tussenvoegsel",
    "Achternaam",
    "Geboortedatum",
    "Klasnaam",
    "Leerjaar",
    "E-mailadres ouder/verzorger 1",
    "E-mailadres ouder/verzorger 2",
]
# One school (Het Kompas, chosen in the import form): 10 pupils, 14 parents;
# Yara and Omar Mansour share both parents; Wiktor has no Klasnaam (Leerjaar 4).
SOCIAL_SCHOOLS = [
    ("Chloé", "", "Janssens", "2016-03-14", "Groep 5", "5",
     "m.janssens@example.org", "p.janssens@example.net"),
    ("Mehmet", "", "Yildiz", "2015-09-02", "Groep 6", "6",
     "a.yildiz@example.org", ""),
    ("Oksana", "", "Bondarenko", "2018-01-23", "Groep 3", "3",
     "t.bondarenko@example.net", ""),
    ("Wiktor", "", "Kowalski", "2017-06-30", "", "4",
     "a.kowalska@example.org", "j.kowalski@example.org"),
    ("Yara", "", "Mansour", "2019-11-11", "Groep 1", "1",
     "r.mansour@example.org", "h.mansour@example.org"),
    ("Omar", "", "Mansour", "2016-05-05", "Groep 5", "5",
     "r.mansour@example.org", "h.mansour@example.org"),
    ("Djamila", "", "Sabajo", "2014-10-09", "Groep 8", "8",
     "g.sabajo@example.net", ""),
    ("Finn", "de", "Jong", "2014-02-28", "Groep 8", "8",
     "e.dejong@example.org", "b.dejong@example.org"),
    ("Lieke", "van", "Dam", "2020-08-17", "Groep 1", "1",
     "s.vandam@example.net", ""),
    ("Hamza", "", "Benali", "2015-12-01", "Groep 6", "6",
     "n.benali@example.org", "m.benali@example.org"),
]  # fmt: skip

# One school (De Vlinder, chosen in the import form): 10 pupils, 11 parents;
# Anna and Piotr Zielinski share a mother; Mees Kok has two parent rows.
ZERMELO_PUPILS = [
    ("Code", "Roepnaam", "Tussenvoegsel", "Achternaam", "Klas"),
    ("201700023", "Sara", "", "Ait Taleb", "Groep 7"),
    ("201700076", "Mees", "", "Kok", "Groep 5"),
    ("201700045", "Anna", "", "Zielinski", "Groep 6"),
    ("201700003", "Piotr", "", "Zielinski", "Groep 3"),
    ("201700018", "Kenan", "", "Öztürk", "Groep 4"),
    ("201700031", "Sofiia", "", "Melnyk", "Groep 2"),
    ("201700052", "Noah", "van", "Leeuwen", "Groep 8"),
    ("201700064", "Aaliyah", "", "Doekhi", "Groep 1"),
    ("201700087", "Jouri", "", "Al Khatib", "Groep 6"),
    ("201700099", "Bram", "", "Visser", "Groep 7"),
]
ZERMELO_PARENTS = [
    ("Code", "Achternaam", "Email", "Leerlingcodes"),
    ("ouder2001", "Ait Taleb", "h.aittaleb@example.org", "201700023"),
    ("ouder2002", "Kok", "w.kok@example.org", "201700076"),
    ("ouder2003", "Kok", "l.kok@example.net", "201700076"),
    ("ouder2004", "Zielinska", "k.zielinska@example.org", "201700045,201700003"),
    ("ouder2005", "Öztürk", "e.ozturk@example.net", "201700018"),
    ("ouder2006", "Melnyk", "o.melnyk@example.org", "201700031"),
    ("ouder2007", "van Leeuwen", "r.vanleeuwen@example.org", "201700052"),
    ("ouder2008", "Doekhi", "s.doekhi@example.net", "201700064"),
    ("ouder2009", "Al Khatib", "m.alkhatib@example.org", "201700087"),
    ("ouder2010", "Visser", "j.visser@example.org", "201700099"),
    ("ouder2011", "Zielinski", "t.zielinski@example.net", "201700045"),
]

STAFF = [
    ("naam", "email", "scholen", "groepen"),
    ("Sanne de Vries", "sanne.devries@example.org", "De Regenboog", "Groep 3, Groep 4"),
    ("Ahmed El Amrani", "ahmed.elamrani@example.org", "Het Kompas", "Groep 5"),
    ("Marieke Visser", "marieke.visser@example.org", "De Regenboog, De Vlinder", ""),
    ("Hakan Aydın", "hakan.aydin@example.net", "De Vlinder", "Groep 7"),
    (
        "Joanna Wiśniewska",
        "joanna.wisniewska@example.net",
        "Het Kompas",
        "Groep 1, Groep 2",
    ),
    ("Nadia Soekhlal", "nadia.soekhlal@example.org", "Het Kompas", ""),
]


def _csv(rows: list, *, encoding: str = "utf-8") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def _dutch_date(iso: str) -> str:
    return datetime.date.fromisoformat(iso).strftime("%d-%m-%Y")


def _social_schools_xlsx() -> bytes:
    """Dates as real date cells, Leerjaar as numbers: as Social Schools exports."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Leerlingen"
    sheet.append(SOCIAL_SCHOOLS_HEADER)
    for row in SOCIAL_SCHOOLS:
        birth = datetime.datetime.fromisoformat(row[3])
        sheet.append([*row[:3], birth, row[4], int(row[5]), *row[6:]])
        sheet.cell(sheet.max_row, 4).number_format = "DD-MM-YYYY"
    out = io.BytesIO()
    workbook.save(out)
    return _without_times(out.getvalue())


def _without_times(xlsx: bytes) -> bytes:
    """The same workbook with fixed times inside, so a rerun changes no byte."""
    when = (2026, 1, 1, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2026-01-01T00:00:00Z",
                    body,
                )
            entry = zipfile.ZipInfo(info.filename, when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, body)
    return out.getvalue()


def main() -> None:
    width = len(AKKOORD_HEADER)
    akkoord = [AKKOORD_HEADER, *(list(r) + [""] * (width - len(r)) for r in AKKOORD)]
    files = {
        "akkoord-leerlingen.csv": _csv(akkoord),
        "social-schools.csv": _csv(
            [
                SOCIAL_SCHOOLS_HEADER,
                *([*r[:3], _dutch_date(r[3]), *r[4:]] for r in SOCIAL_SCHOOLS),
            ],
            encoding="cp1252",  # as Excel on Windows saves "CSV (;)"
        ),
        "social-schools.xlsx": _social_schools_xlsx(),
        "zermelo-leerlingen.csv": _csv(ZERMELO_PUPILS),
        "zermelo-ouders.csv": _csv(ZERMELO_PARENTS),
        "akkoord-medewerkers.csv": _csv(STAFF),
    }
    for name, data in files.items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
