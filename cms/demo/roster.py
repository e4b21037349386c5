"""The demo's roster: about 25 pupils per group at the three schools, with one or
two guardians each, generated deterministically (the same every run) and
imported through the Akkoord template, as an office would.

The families of the demo's parents' confirmations are on it, so those match;
Olena Kovalenko confirmed from another address than the roster's, so her
confirmation is ambiguous until an officer decides.
"""

from __future__ import annotations

import csv
import io
import random

from rosters import files, importing, presets
from rosters import services as roster_services

from . import content as c

GIVEN = [
    "Daan",
    "Emma",
    "Sem",
    "Julia",
    "Lucas",
    "Mila",
    "Finn",
    "Tess",
    "Levi",
    "Sara",
    "Noah",
    "Zoë",
    "Mohamed",
    "Aya",
    "Yusuf",
    "Elif",
    "Emir",
    "Zeynep",
    "Adam",
    "Nour",
    "Ilyas",
    "Hiba",
    "Jakub",
    "Zofia",
    "Oliwia",
    "Taras",
    "Sofiia",
    "Maksym",
    "Anastasiia",
    "Dewi",
    "Jayden",
    "Shanaya",
    "Rohan",
    "Mei",
    "Wei",
    "Omar",
    "Lina",
    "Amir",
    "Yara",
    "Bram",
    "Fleur",
    "Thijs",
    "Lieke",
    "Ravi",
    "Priya",
    "Kofi",
    "Ama",
    "Mateo",
    "Lucía",
    "Jesse",
]
FAMILY = [
    ("", "Bakker"),
    ("de", "Vries"),
    ("van", "Dijk"),
    ("", "Jansen"),
    ("van der", "Berg"),
    ("", "Visser"),
    ("", "Smit"),
    ("de", "Boer"),
    ("", "Yılmaz"),
    ("", "Kaya"),
    ("", "Demir"),
    ("", "Şahin"),
    ("El", "Amrani"),
    ("", "Bouzid"),
    ("", "Ouali"),
    ("", "Haddou"),
    ("", "Nowak"),
    ("", "Kowalska"),
    ("", "Wiśniewski"),
    ("", "Kovalenko"),
    ("", "Shevchenko"),
    ("", "Bondarenko"),
    ("", "Ramdin"),
    ("", "Soekhoe"),
    ("", "Pinas"),
    ("", "Al-Hassan"),
    ("", "Haddad"),
    ("", "Nguyen"),
    ("", "Chen"),
    ("", "Mensah"),
    ("", "Osei"),
    ("", "García"),
    ("", "Rossi"),
]
ADULT_GIVEN = [
    "Ingrid",
    "Mark",
    "Sanne",
    "Peter",
    "Fatma",
    "Mehmet",
    "Khadija",
    "Rachid",
    "Marta",
    "Piotr",
    "Olena",
    "Andrii",
    "Sunita",
    "Ravi",
    "Aisha",
    "Samir",
    "Linh",
    "Kwame",
    "Lucía",
    "Marco",
    "Anouk",
    "Jeroen",
    "Esra",
    "Hatice",
]
LANGUAGES = ["nl"] * 7 + ["en", "tr", "ar", "pl", "uk"]
PER_GROUP = 25

# The demo's confirming families: (child given, infix, family, school token,
# group, guardian name, guardian e-mail as on the roster, language).
KNOWN = [
    ("Daan", "", "Bakker", "de-regenboog", 3, "Ingrid Bakker",
     "ingrid.bakker@example.org", "nl"),
    ("Noor", "", "Bakker", "de-regenboog", 6, "Ingrid Bakker",
     "ingrid.bakker@example.org", "nl"),
    ("Elif", "", "Demir", "het-kompas", 5, "Yusuf Demir",
     "yusuf.demir@example.org", "tr"),
    ("Zofia", "", "Nowak", "de-vlinder", 7, "Marta Nowak",
     "marta.nowak@example.org", "pl"),
    # She confirmed as olena.k@example.org: ambiguous until an officer decides.
    ("Taras", "", "Kovalenko", "het-kompas", 2, "Olena Kovalenko",
     "olena.kovalenko@example.org", "uk"),
    ("Lotte", "", "Jansen", "de-vlinder", 4, "Kees Jansen",
     "kees.jansen@example.org", "nl"),
]  # fmt: skip


def _address(name: str, number: int) -> str:
    local = (
        name.lower()
        .replace(" ", ".")
        .replace("ı", "i")
        .replace("ş", "s")
        .replace("ś", "s")
        .replace("ë", "e")
        .replace("í", "i")
        .replace("-", "")
    )
    return f"{local}.{number}@example.net"


def roster_csv() -> str:
    """The whole demo roster as one Akkoord template file."""
    rng = random.Random(2026)  # noqa: S311 (demo names, not secrets)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(presets.TEMPLATE_COLUMNS.values())
    number = 1000
    known = {(k[3], k[4]): [] for k in KNOWN}
    for k in KNOWN:
        known[(k[3], k[4])].append(k)
    for school_name, token in c.SCHOOLS:
        for group in range(1, 9):
            rows = [
                (g, i, f, name, email, lang, "")
                for g, i, f, _t, _n, name, email, lang in known.get((token, group), [])
            ]
            while len(rows) < PER_GROUP:
                infix, family = rng.choice(FAMILY)
                given = rng.choice(GIVEN)
                surname = f"{infix} {family}".strip()
                adult = f"{rng.choice(ADULT_GIVEN)} {surname}"
                lang = rng.choice(LANGUAGES)
                number += 1
                email = "" if number % 23 == 0 else _address(adult, number)
                second = ""
                if rng.random() < 0.6:
                    second = f"{rng.choice(ADULT_GIVEN)} {surname}"
                rows.append((given, infix, family, adult, email, lang, second))
            for given, infix, family, adult, email, lang, second in rows:
                number += 1
                phone = f"06-{rng.randrange(10_000_000, 99_999_999)}"
                writer.writerow(
                    [
                        f"{token[:3].upper()}{number}",
                        given,
                        infix,
                        family,
                        school_name,
                        f"Groep {group}",
                        adult,
                        email,
                        phone,
                        lang,
                        "ja",
                        second,
                        _address(second, number) if second else "",
                        "",
                        lang if second else "",
                        "ja" if second else "",
                    ]
                )
    return out.getvalue()


def load_roster() -> dict[str, int]:
    """Import the demo roster (changes nothing when it is there already)."""
    table = files.read_table(roster_csv().encode(), name="demo-leerlingen.csv")
    parsed = presets.parse("akkoord", {"leerlingen": table})
    plan = importing.plan_import(parsed, school=None, language_given=True)
    if plan.errors or plan.missing:
        raise RuntimeError(f"The demo roster does not import: {plan.errors[:3]}")
    if not plan.changes_nothing:
        roster_services.execute_plan(plan)
    return plan.summary()
