"""Tables from the school administration turned into checked roster rows.

A preset names the columns of a known export (the Akkoord template, Social
Schools, Zermelo). ``parse`` checks every row and collects every problem as a
``RowError``; a row with an error adds no pupil and no guardian. A missing
required column refuses the file (``FileRefused``).
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from signoff.people import NAME_MAX, email_key, name_key

from .files import FileRefused, RowChecks, RowError, Table, iso_date, lazy_format

YES = frozenset({"ja", "j", "yes", "y", "1", "true", "waar"})
NO = frozenset({"nee", "n", "no", "0", "false", "onwaar"})
ID_MAX = GROUP_MAX = 100
PHONE = re.compile(r"[0-9 +\-()]{1,20}", re.ASCII)
LIST_SEPARATORS = re.compile(r"[,;|]")  # schools and groups of a staff member
CODE_SEPARATORS = re.compile(r"[,;|\s]+")  # Zermelo's pupil codes of a parent

MESSAGES = {
    "not_in_file": _("The column “%(column)s” is not in %(file)s."),
    "choose_column": _("Choose a column for “%(field)s”."),
    "file_missing": _("The file for “%(slot)s” is missing."),
    "id_missing": _("The pupil number is missing."),
    "given_name_missing": _("The given name is missing."),
    "family_name_missing": _("The family name is missing."),
    "group_missing": _("The group is missing."),
    "name_missing": _("The name is missing."),
    "birth_date_missing": _("The date of birth is missing."),
    "date_invalid": _("This date is not right. Write it as day-month-year."),
    "twice": _("This pupil is in the file twice: also on row %(line)s."),
    "no_guardian": _("No parent or guardian: fill in a name or an e-mail address."),
    "unnamed": _("Parent/guardian %(number)s needs a name or an e-mail address."),
    "phone": _("Not a phone number: use at most 20 digits, spaces, + - ( )."),
    "language": _("Unknown language “%(value)s”. Use one of: %(allowed)s."),
    "yes_no": _("Write yes or no here (ja or nee)."),
    "codes_missing": _("The pupil codes are missing."),
    "code_unknown": _("Pupil code “%(code)s” is not in %(file)s."),
    "no_school": _("Fill in at least one school."),
    "staff_twice": _("This e-mail address is already on row %(line)s."),
}


@dataclass
class PupilRow:
    line: int
    file: str
    external_id: str
    given_name: str
    infix: str
    family_name: str
    school: str  # as written; "" when the import form's school applies
    group: str  # as written, e.g. "Groep 5" or "5A"


@dataclass
class GuardianRow:
    line: int
    file: str
    email: str  # normalised (signoff.people.normalize_email); "" when none
    name: str  # "" when the file has none
    phone: str
    language: str  # one of settings.LANGUAGES; "nl" when the file has none
    parental_responsibility: bool
    children: list[str] = field(default_factory=list)  # PupilRow.external_id

    @property
    def key(self) -> str:
        """Identity in one import: the address, or else name and first child."""
        if self.email:
            return "email:" + email_key(self.email)
        first = self.children[0] if self.children else ""
        return "name:" + name_key(self.name) + "|" + first


@dataclass
class Parsed:
    pupils: list[PupilRow]
    guardians: list[GuardianRow]
    errors: list[RowError]


@dataclass
class StaffRow:
    line: int
    file: str
    name: str
    email: str
    schools: list[str]  # school names or codes as written
    groups: list[str]  # groups taught, as written


@dataclass
class ParsedStaff:
    members: list[StaffRow]
    errors: list[RowError]


@dataclass(frozen=True)
class FileSlot:
    key: str
    label: Any


@dataclass(frozen=True)
class Preset:
    """A known export; ``needs_school``: no school column, the officer picks one."""

    key: str
    label: Any
    help: Any
    slots: tuple[FileSlot, ...]
    needs_school: bool


_PUPILS = FileSlot("leerlingen", _("Pupils (leerlingen.csv)"))
_PARENTS = FileSlot("ouders", _("Parents (ouders.csv)"))
_SS_FILE = FileSlot("leerlingen", _("Pupils (.xlsx or .csv)"))
_ONE_ROW = _("One row per pupil, with at most two parents or guardians.")
_NO_SCHOOL = _("The file has no school column: choose the school.")
PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        Preset("akkoord", _("Akkoord template"), _ONE_ROW, (_PUPILS,), False),
        Preset("social_schools", "Social Schools", _NO_SCHOOL, (_SS_FILE,), True),
        Preset("zermelo", "Zermelo", _NO_SCHOOL, (_PUPILS, _PARENTS), True),
    )
}
_COLUMNS = {  # field: label, column name in the Akkoord template
    "external_id": (_("Pupil number"), "leerlingnummer"),
    "given_name": (_("Given name"), "roepnaam"),
    "infix": (_("Infix (tussenvoegsel)"), "tussenvoegsel"),
    "family_name": (_("Family name"), "achternaam"),
    "school": (_("School"), "school"),
    "group": (_("Group"), "groep"),
}
_PARTS = {  # a parent's fields: label, column name in the template
    "name": (_("Parent/guardian %(number)s: name"), "naam"),
    "email": (_("Parent/guardian %(number)s: e-mail address"), "email"),
    "phone": (_("Parent/guardian %(number)s: phone number"), "telefoon"),
    "language": (_("Parent/guardian %(number)s: language"), "taal"),
    "responsibility": (
        _("Parent/guardian %(number)s: parental responsibility"),
        "gezag",
    ),
}
_COLUMNS |= {
    f"guardian{n}_{part}": (lazy_format(label, {"number": n}), f"ouder{n}_{column}")
    for n in (1, 2)
    for part, (label, column) in _PARTS.items()
}
#: The Akkoord template's columns: field → the column name in the template.
TEMPLATE_COLUMNS: dict[str, str] = {f: column for f, (_l, column) in _COLUMNS.items()}
#: The canonical fields, for mapping columns by hand: field → label.
FIELDS: dict[str, Any] = {f: label for f, (label, _c) in _COLUMNS.items()}
REQUIRED_FIELDS = {*"external_id given_name family_name group guardian1_email".split()}
_ALIASES = {  # column names other exports use, for ``suggest_mapping``
    "external_id": "leerlingnr|code|leerlingcode|gebruikerscode|pupil number|id",
    "given_name": "voornaam|given name|first name",
    "infix": "tussenvoegsels|voorvoegsel|voorvoegsels|infix",
    "family_name": "familienaam|geslachtsnaam|family name|last name|surname",
    "school": "schoolnaam|vestiging|locatie",
    "group": "klas|klasnaam|stamgroep|stamklas|groepsnaam|group|class",
    "guardian1_email": "e-mailadres ouder/verzorger 1|email|e-mail|e-mailadres",
    "guardian2_email": "e-mailadres ouder/verzorger 2",
}
_GUARDIAN_WORDS = ("ouder", "verzorger", "parent", "guardian")
_PART_WORDS = {  # in this order: "e-mailadres" is no name
    "email": ("mail",),
    "phone": ("telefoon", "tel", "mobiel", "phone"),
    "language": ("taal", "language"),
    "responsibility": ("gezag", "responsib"),
    "name": ("naam", "name"),
}


def _loose(header: str) -> str:
    return re.sub(r"[\W_]+", "", header.casefold())


def suggest_mapping(table: Table) -> dict[str, str]:
    """Best guess field → header: the template's names and known aliases first,
    then columns that name a parent (1 or 2) and what about them."""
    index = {_loose(column): f for f, column in TEMPLATE_COLUMNS.items()}
    for f, aliases in _ALIASES.items():
        index |= {_loose(a): f for a in aliases.split("|") if _loose(a) not in index}
    mapping: dict[str, str] = {}
    for header in table.headers:
        if (f := index.get(_loose(header))) and f not in mapping:
            mapping[f] = header
    for header in table.headers:
        loose, words = _loose(header), _PART_WORDS.items()
        if header in mapping.values() or not any(w in loose for w in _GUARDIAN_WORDS):
            continue
        part = next((p for p, some in words if any(w in loose for w in some)), "")
        f = f"guardian{2 if '2' in loose else 1}_{part}"
        if part and f not in mapping:
            mapping[f] = header
    return mapping


def derived_id(given_name: str, infix: str, family_name: str, birth_date: str) -> str:
    """A stable pupil id for a file without one (Social Schools) that does not
    reveal the birth date: a keyed hash of the names and the ISO birth date."""
    text = "|".join([*map(name_key, (given_name, infix, family_name)), birth_date])
    digest = hmac.new(settings.SECRET_KEY.encode(), text.encode(), "sha256")
    return "ss-" + digest.hexdigest()[:16]


_PUPIL_TEXT = (  # field, message when blank (None: optional), longest length
    ("external_id", "id_missing", ID_MAX),
    ("given_name", "given_name_missing", NAME_MAX),
    ("infix", None, NAME_MAX),
    ("family_name", "family_name_missing", NAME_MAX),
    ("school", None, NAME_MAX),
    ("group", "group_missing", GROUP_MAX),
)


class _Check(RowChecks):
    """The checks of one import, and the pupils and guardians it found."""

    def __init__(self) -> None:
        super().__init__()
        self.pupils: list[PupilRow] = []
        self.pupil_ids: dict[str, tuple[str, int]] = {}  # casefolded → (id, row)
        self.guardians: dict[str, GuardianRow] = {}

    def choice(self, f: str) -> str | bool | None:
        """A language code or yes/no; blank is "nl" or yes."""
        value = self.get(f).strip().casefold()
        if f.endswith("language"):
            languages = [code for code, _name in settings.LANGUAGES]
            if value in languages or not value:
                return value or settings.LANGUAGE_CODE
            params = {"value": value[:20], "allowed": ", ".join(languages)}
            return self.error(f, MESSAGES["language"], **params)
        if value in YES or not value:
            return True
        return False if value in NO else self.error(f, MESSAGES["yes_no"])

    def pupil(self, at: str = "external_id") -> PupilRow | None:
        """The pupil's columns; a pupil number seen before is an error (``at``)."""
        values = {f: self.text(f, MESSAGES.get(b or ""), n) for f, b, n in _PUPIL_TEXT}
        if external_id := values["external_id"]:
            key = external_id.casefold()
            _id, line = self.pupil_ids.setdefault(key, (external_id, self.line))
            if line != self.line:
                values["external_id"] = self.error(at, MESSAGES["twice"], line=line)
        if any(v is None for v in values.values()):
            return None
        return PupilRow(line=self.line, file=self.file, **values)

    def guardian(self, n: int) -> GuardianRow | None:
        """Parent n of a template row; ``None`` when absent or wrong. Parent 1
        needs a name or an address; a name without an address is fine."""
        p = f"guardian{n}_"
        if not self.get(p + "name") and not self.get(p + "email"):
            if n == 1:
                self.error(p + "email", MESSAGES["no_guardian"])
            elif any(self.get(p + part) for part in _PARTS):
                self.error(p + "email", MESSAGES["unnamed"], number=n)
            return None
        phone = self.get(p + "phone")
        if phone and not PHONE.fullmatch(phone):
            phone = self.error(p + "phone", MESSAGES["phone"])
        values = {
            "name": self.text(p + "name"),
            "email": self.email(p + "email", required=False),
            "phone": phone,
            "language": self.choice(p + "language"),
            "parental_responsibility": self.choice(p + "responsibility"),
        }
        if any(v is None for v in values.values()):
            return None
        return GuardianRow(line=self.line, file=self.file, **values)

    def add_guardian(self, row: GuardianRow, children: list[str]) -> None:
        """One ``GuardianRow`` per key: a later row adds its children and fills
        in a missing name or phone; otherwise the first row's details stay."""
        row.children = list(dict.fromkeys(children))
        known = self.guardians.setdefault(row.key, row)
        if known is not row:
            known.children.extend(c for c in row.children if c not in known.children)
            known.name, known.phone = known.name or row.name, known.phone or row.phone

    def result(self) -> Parsed:
        return Parsed(self.pupils, list(self.guardians.values()), self.errors)


def _parse_template(table: Table, spec: dict[str, str]) -> Parsed:
    """Rows of the Akkoord template (or of a file mapped onto it by hand)."""
    check = _Check()
    for row in check.rows(table, spec, REQUIRED_FIELDS):
        pupil, guardians = row.pupil(), [row.guardian(1), row.guardian(2)]
        if pupil and not row.failed:
            check.pupils.append(pupil)
            for guardian in filter(None, guardians):
                check.add_guardian(guardian, [pupil.external_id])
    return check.result()


SOCIAL_SCHOOLS = {
    "given_name": "Roepnaam|Voornaam",
    "infix": "Tussenvoegsel|Tussenvoegsels",
    "family_name": "Achternaam",
    "birth_date": "Geboortedatum",
    "group": "Klasnaam|Klas",
    "year": "Leerjaar",
    "email1": "E-mailadres ouder/verzorger 1",
    "email2": "E-mailadres ouder/verzorger 2",
}


def _parse_social_schools(table: Table) -> Parsed:
    """Social Schools: no pupil number (see ``derived_id``; the birth date is
    used for nothing else); the group is Klasnaam, or else "Groep <Leerjaar>";
    parents known by address only, both with parental responsibility."""
    required = {"given_name", "family_name", "birth_date", "email1"}
    if table.column("Klasnaam") is None and table.column("Klas") is None:
        required.add("year" if table.column("Leerjaar") is not None else "group")
    check = _Check()
    for row in check.rows(table, SOCIAL_SCHOOLS, required):
        if (birth_date := iso_date(row.get("birth_date"))) is None:
            blank = "date_invalid" if row.get("birth_date") else "birth_date_missing"
            row.error("birth_date", MESSAGES[blank])
        names = [row.get(f) for f in ("given_name", "infix", "family_name")]
        row.values["external_id"] = derived_id(*names, birth_date or "")
        year = row.get("year")
        row.values["group"] = row.get("group") or (f"Groep {year}" if year else "")
        pupil = row.pupil(at="given_name")
        emails = [row.email(f"email{n}", required=n == 1) for n in (1, 2)]
        if pupil and not row.failed:
            check.pupils.append(pupil)
            for email in filter(None, dict.fromkeys(emails)):
                guardian = GuardianRow(row.line, row.file, email, "", "", "nl", True)
                check.add_guardian(guardian, [pupil.external_id])
    return check.result()


ZERMELO_PUPILS = {
    "external_id": "Code|Leerlingnummer|Gebruikerscode|Leerlingcode",
    "given_name": "Roepnaam|Voornaam",
    "infix": "Tussenvoegsel|Tussenvoegsels|Voorvoegsel",
    "family_name": "Achternaam",
    "group": "Klas|Stamgroep|Stamklas|Klasnaam",
}
ZERMELO_PARENTS = {
    "email": "Email|E-mail|E-mailadres",
    "children": "Leerlingcodes|Leerlingnummers|Leerlingen",
    "name": "Achternaam",
}


def _parse_zermelo(pupils: Table, parents: Table) -> Parsed:
    """Zermelo: leerlingen.csv, and ouders.csv listing each parent's pupil codes
    (separated by commas, spaces or "|"); the parent's name is the Achternaam."""
    check = _Check()
    for row in check.rows(pupils, ZERMELO_PUPILS, set(ZERMELO_PUPILS) - {"infix"}):
        if (pupil := row.pupil()) and not row.failed:
            check.pupils.append(pupil)
    for row in check.rows(parents, ZERMELO_PARENTS, {"email", "children"}):
        name, email = row.text("name"), row.email("email", required=True)
        if not (codes := [c for c in CODE_SEPARATORS.split(row.get("children")) if c]):
            row.error("children", MESSAGES["codes_missing"])
        for code in codes:
            if code.casefold() not in check.pupil_ids:
                params = {"code": code[:40], "file": pupils.name}
                row.error("children", MESSAGES["code_unknown"], **params)
        if not row.failed:
            guardian = GuardianRow(row.line, row.file, email, name, "", "nl", True)
            check.add_guardian(
                guardian, [check.pupil_ids[c.casefold()][0] for c in codes]
            )
    return check.result()


def parse(preset: str, tables: dict[str, Table]) -> Parsed:
    """Check the files of ``preset`` (``tables`` keyed by slot key)."""
    for slot in PRESETS[preset].slots:
        if slot.key not in tables:
            message = lazy_format(MESSAGES["file_missing"], {"slot": slot.label})
            raise FileRefused(message)
    if preset == "social_schools":
        return _parse_social_schools(tables["leerlingen"])
    if preset == "zermelo":
        return _parse_zermelo(tables["leerlingen"], tables["ouders"])
    return _parse_template(tables["leerlingen"], TEMPLATE_COLUMNS)


def parse_mapped(table: Table, mapping: dict[str, str]) -> Parsed:
    """A file mapped by hand (field → header) onto the template's fields, then
    checked exactly like the Akkoord template."""
    if unknown := set(mapping) - set(FIELDS):
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    for header in filter(None, mapping.values()):
        if table.column(header) is None:
            params = {"column": header, "file": table.name}
            message = lazy_format(MESSAGES["not_in_file"], params)
            raise FileRefused(message, file=table.name, column=header)
    for f in sorted(REQUIRED_FIELDS - {f for f, h in mapping.items() if h}):
        message = lazy_format(MESSAGES["choose_column"], {"field": FIELDS[f]})
        raise FileRefused(message, file=table.name, column=TEMPLATE_COLUMNS[f])
    return _parse_template(table, {f: h for f, h in mapping.items() if h})


STAFF = {
    "name": "naam|name",
    "email": "email|e-mail|e-mailadres",
    "schools": "scholen|school|schools",
    "groups": "groepen|groep|groups",
}


def parse_staff(table: Table) -> ParsedStaff:
    """The staff template ``naam;email;scholen;groepen``: schools and groups
    separated by commas; at least one school; each address once."""
    check, members, seen = _Check(), [], {}
    for row in check.rows(table, STAFF, {"name", "email", "schools"}):
        name = row.text("name", MESSAGES["name_missing"])
        email = row.email("email", required=True)
        lists = {}
        for f, limit in (("schools", NAME_MAX), ("groups", GROUP_MAX)):
            items = filter(str.strip, LIST_SEPARATORS.split(row.get(f)))
            lists[f] = list(dict.fromkeys(_item(row, f, i, limit) for i in items))
        if not lists["schools"]:
            row.error("schools", MESSAGES["no_school"])
        if email and (first := seen.setdefault(email_key(email), row.line)) != row.line:
            row.error("email", MESSAGES["staff_twice"], line=first)
        if not row.failed:
            members.append(StaffRow(row.line, row.file, name, email, **lists))
    return ParsedStaff(members, check.errors)


def _item(row: _Check, f: str, value: str, limit: int) -> str | None:
    """One school or group of a list cell, checked like any text."""
    row.values["_item"], row.names["_item"] = value, row.names[f]
    return row.text("_item", limit=limit)
