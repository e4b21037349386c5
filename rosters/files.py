"""Files an officer uploads, read into a plain table, and the checks of single
cells that every preset shares.

``read_table`` refuses the whole file (``FileRefused``, with a message the
officer reads) when it is too big, empty, not a CSV or ``.xlsx`` file, has
formulas, over-long cells or unusable column names. What it returns is text:
stripped, NFC-normalised, one list of cells per non-empty row, numbered as
Excel numbers its rows. ``RowChecks`` walks a table's rows by field and checks
names and e-mail addresses with ``signoff.people``, collecting every problem as
a ``RowError`` instead of stopping at the first.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, Self

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from signoff.people import NAME_MAX, clean_email, clean_text, email_key

from . import conf

MAX_FILE_BYTES = conf.DEFAULTS["MAX_FILE_BYTES"]
MAX_ROWS = 50_000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 1_000
MAX_UNPACKED_FACTOR = 20  # an .xlsx (a ZIP) unpacks to at most 20 × the file limit
SEPARATORS = (";", "\t", ",")  # on a tie, the first wins (Dutch Excel writes ";")

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
_PDF_IMAGE_ARCHIVE_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][0-9:.]*)?", re.ASCII)
_DUTCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", re.ASCII)

MESSAGES = {
    "too_big": _("The file is larger than %(limit)s MB. Split it into smaller files."),
    "empty": _("The file is empty."),
    "header_only": _("The file has only a header row and no data below it."),
    "xls": _("This is an old Excel file (.xls). Save it as .xlsx or .csv."),
    "not_table": _("This is not a CSV or Excel file. Save the list as .csv or .xlsx."),
    "broken_xlsx": _("This Excel file cannot be opened. Save it again as .xlsx."),
    "encoding": _("The letters in this file cannot be read. Save it as CSV UTF-8."),
    "unreadable": _("This row cannot be read. Check the quotation marks."),
    "too_many_rows": _("The file has more than %(limit)s rows. Split it up."),
    "too_many_columns": _("The file has more than %(limit)s columns."),
    "too_long": _("This cell is too long. Use at most %(limit)s characters."),
    "formula": _("Formulas are not imported: paste values only."),
    "header_twice": _("The column name “%(column)s” is in the header twice."),
    "no_header": _("This column has data but no name in the header row."),
    "column_missing": _("The column “%(column)s” is missing in %(file)s."),
    "email_missing": _("The e-mail address is missing."),
    "email_invalid": _("This e-mail address is not right. Check how it is written."),
    "spelling": _(
        "This address is written as %(email)s on row %(line)s. Use one spelling."
    ),
}


def _interpolate(message: Any, params: dict[str, Any]) -> str:
    return str(message) % params


#: ``lazy_format(message, params)``: ``message % params``, translated when shown.
lazy_format = lazy(_interpolate, str)


class FileRefused(Exception):
    """The whole file cannot be used. ``message`` is what the officer reads (lazy,
    Dutch via the catalogue); ``file``, ``line`` and ``column`` say where."""

    def __init__(
        self, message: Any, *, file: str = "", line: int | None = None, column: str = ""
    ) -> None:
        super().__init__(message)
        self.message, self.file, self.line, self.column = message, file, line, column

    @property
    def location(self) -> str:
        """E.g. "ouders.csv, row 4, column “Email”", in the active language."""
        parts = [self.file] if self.file else []
        if self.line is not None:
            parts.append(str(_("row %(line)s") % {"line": self.line}))
        if self.column:
            parts.append(str(_("column “%(column)s”") % {"column": self.column}))
        return ", ".join(parts)

    def __str__(self) -> str:
        location = self.location
        return f"{location}: {self.message}" if location else str(self.message)


def _refuse(
    key: str, in_file: str, line: int | None = None, at: str = "", **params: Any
) -> FileRefused:
    """A refusal with ``MESSAGES[key]``, its ``params`` filled in when shown."""
    message = lazy_format(MESSAGES[key], params) if params else MESSAGES[key]
    return FileRefused(message, file=in_file, line=line, column=at)


def header_key(header: str) -> str:
    """How column names compare: case- and space-insensitive."""
    return "".join(unicodedata.normalize("NFC", header).casefold().split())


@dataclass(frozen=True)
class Table:
    """A file's contents as text. ``rows`` are (row number as Excel shows it,
    cells); every row has as many cells as there are headers."""

    name: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]

    def column(self, header: str) -> int | None:
        """The index of ``header``, compared case- and space-insensitively."""
        keys = [header_key(name) for name in self.headers]
        return keys.index(header_key(header)) if header_key(header) in keys else None


def find_columns(
    table: Table, spec: dict[str, str], required: set[str]
) -> dict[str, int]:
    """Where ``spec``'s fields are (field → "name|alias|…") as field → index; a
    missing required column refuses the file, naming the first (documented) name."""
    index: dict[str, int] = {}
    for field, names in spec.items():
        found = [i for h in names.split("|") if (i := table.column(h)) is not None]
        if found:
            index[field] = found[0]
        elif field in required:
            column = names.split("|")[0]
            params = {"column": column, "file": table.name}
            raise _refuse("column_missing", table.name, None, column, **params)
    return index


def iso_date(value: str) -> str | None:
    """A date as written in a cell (ISO, or day-month-year) in ISO form."""
    if match := _ISO_DATE.fullmatch(value.strip()):
        year, month, day = match.groups()
    elif match := _DUTCH_DATE.fullmatch(value.strip()):
        day, month, year = match.groups()
    else:
        return None
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def max_file_bytes() -> int:
    """``ROSTERS["MAX_FILE_BYTES"]`` (``rosters.conf``)."""
    return int(conf.get("MAX_FILE_BYTES"))


def _read_bytes(data: bytes | IO[bytes], name: str) -> bytes:
    """The file's bytes; at most limit + 1 of them are ever read from a stream."""
    limit = max_file_bytes()
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
    else:
        chunks, size = [], 0
        while size <= limit and (chunk := data.read(min(1 << 16, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
        raw = b"".join(chunks)
    if len(raw) > limit:
        raise _refuse("too_big", name, limit=f"{limit / (1024 * 1024):.10g}")
    return raw


def read_table(data: bytes | IO[bytes], *, name: str) -> Table:
    """Read an uploaded CSV or ``.xlsx`` file into a ``Table``, or refuse it. The
    content decides the kind, never the name: a ZIP is an Excel workbook, an OLE2
    file an old ``.xls`` (refused), PDFs, images and archives are refused, and
    anything else is read as CSV text."""
    raw = _read_bytes(data, name)
    if not raw.strip():
        raise _refuse("empty", name)
    if raw.startswith(_ZIP_MAGIC):
        records: Iterable[list[str]] = _xlsx_records(raw, name)
    elif raw.startswith(_XLS_MAGIC):
        raise _refuse("xls", name)
    elif raw.startswith(_PDF_IMAGE_ARCHIVE_MAGIC):
        raise _refuse("not_table", name)
    else:
        records = _csv_records(_decode(raw, name), name)
    return _build_table(records, name)


def _decode(raw: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM), else Windows-1252; as NFC.
    NUL bytes or many control characters: not a text file."""
    if raw.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8", raw[3:]), ("cp1252", raw[3:])]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [("utf-16", raw)]
    else:
        candidates = [("utf-8", raw), ("cp1252", raw)]
    for encoding, payload in candidates:
        try:
            text = payload.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _refuse("not_table" if b"\x00" in raw else "encoding", name)
    sample = text[:100_000]
    controls = sum(
        1 for c in sample if c not in "\t\n\r" and unicodedata.category(c) == "Cc"
    )
    if "\x00" in text or controls > max(8, len(sample) // 100):
        raise _refuse("not_table", name)
    if not text.strip():
        raise _refuse("empty", name)
    return unicodedata.normalize("NFC", text)


def detect_separator(text: str) -> str:
    """The most frequent of ``;``, tab and ``,`` outside quotes in the first
    non-empty line (the header)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(SEPARATORS, key=counts.__getitem__)


def _csv_records(text: str, name: str) -> Iterator[list[str]]:
    """Every record (an Excel row: a quoted cell may span lines), in order."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_separator(text))
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise _refuse(
                    "too_long", name, number + 1, limit=MAX_CELL_CHARS
                ) from None
            raise _refuse("unreadable", name, number + 1) from None
        number += 1
        yield record


def _cell_text(value: Any, data_type: str | None) -> str:
    """A workbook cell as text: formulas keep their "=", whole numbers lose
    their ".0", dates are ISO."""
    if value is None:
        return ""
    if data_type == "f":
        return "=" + str(value).removeprefix("=")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ").removesuffix(" 00:00:00")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _xlsx_records(raw: bytes, name: str) -> Iterator[list[str]]:
    """The first worksheet's rows as text, numbered from 1 like Excel. Any
    damage in a file from outside refuses it; it never crashes the import."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception:
        raise _refuse("broken_xlsx", name) from None
    limit = max_file_bytes()
    try:
        if unpacked > max(limit, MAX_FILE_BYTES) * MAX_UNPACKED_FACTOR:
            raise _refuse("too_big", name, limit=f"{limit / (1024 * 1024):.10g}")
        if not workbook.worksheets:
            raise _refuse("broken_xlsx", name)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # a wrong "A1:XFD1048576" must not make 1M rows
        rows = sheet.iter_rows(max_col=MAX_COLUMNS + 1)
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            except Exception:
                raise _refuse("broken_xlsx", name) from None
            yield [
                _cell_text(getattr(c, "value", None), getattr(c, "data_type", None))
                for c in cells
            ]
    finally:
        workbook.close()


def _check_cells(cells: list[str], headers: list[str], line: int, name: str) -> None:
    """No cell over ``MAX_CELL_CHARS``; no formula (a cell starting with "=")."""
    for index, cell in enumerate(cells):
        column = headers[index] if index < len(headers) else ""
        if len(cell) > MAX_CELL_CHARS:
            raise _refuse("too_long", name, line, column, limit=MAX_CELL_CHARS)
        if cell.startswith("="):
            raise _refuse("formula", name, line, column)


def _build_table(records: Iterable[list[str]], name: str) -> Table:
    """The first non-empty row is the header; empty rows are skipped; every
    row and the whole file are checked."""
    headers: list[str] | None = None
    header_line = 0
    rows: list[tuple[int, list[str]]] = []
    for number, record in enumerate(records, start=1):
        if number > 2 * MAX_ROWS:  # empty rows count too, up to a point
            raise _refuse("too_many_rows", name, limit=MAX_ROWS)
        cells = [unicodedata.normalize("NFC", cell).strip() for cell in record]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            raise _refuse("too_many_columns", name, number, limit=MAX_COLUMNS)
        _check_cells(cells, headers or cells, number, name)
        if headers is None:
            headers, header_line = cells, number
        elif len(rows) >= MAX_ROWS:
            raise _refuse("too_many_rows", name, limit=MAX_ROWS)
        else:
            rows.append((number, cells))
    if headers is None:
        raise _refuse("empty", name)
    if not rows:
        raise _refuse("header_only", name, header_line)
    return _finish(name, headers, rows)


def _finish(name: str, headers: list[str], rows: list[tuple[int, list[str]]]) -> Table:
    """Pad rows to the header; drop nameless empty columns; refuse a nameless
    column with data, and a name used twice."""
    from openpyxl.utils import get_column_letter

    width = max(len(headers), *(len(cells) for _line, cells in rows))
    headers = headers + [""] * (width - len(headers))
    keep: list[int] = []
    for index, header in enumerate(headers):
        if not header:
            for line, cells in rows:
                if index < len(cells) and cells[index]:
                    raise _refuse("no_header", name, line, get_column_letter(index + 1))
        elif header_key(header) in {header_key(headers[i]) for i in keep}:
            raise _refuse("header_twice", name, at=header, column=header)
        else:
            keep.append(index)
    padded = [
        (n, [cells[i] if i < len(cells) else "" for i in keep]) for n, cells in rows
    ]
    return Table(name=name, headers=[headers[i] for i in keep], rows=padded)


@dataclass
class RowError:
    """A problem in one cell: the file, the row as Excel shows it, the column's
    name in the file, and the (lazy) message the officer reads."""

    file: str
    line: int
    column: str
    message: Any


def error_message(error: ValidationError) -> Any:
    """The (lazy) message of a ``signoff.people`` check, parameters filled in."""
    first = error.error_list[0]
    return lazy_format(first.message, first.params) if first.params else first.message


class RowChecks:
    """Checks of tables' rows, across the files of one import. ``rows`` moves to
    each row; a check returns the clean value, or ``None`` after an error."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []
        self.spellings: dict[str, tuple[str, int]] = {}  # address key → (as, row)

    def rows(self, table: Table, spec: dict[str, str], required: set) -> Iterator[Self]:
        """Each row of ``table``, as ``self`` (``spec`` as for ``find_columns``)."""
        index = find_columns(table, spec, required)
        self.file = table.name
        self.names = {f: n.split("|")[0] for f, n in spec.items()}
        self.names |= {f: table.headers[i] for f, i in index.items()}
        for self.line, cells in table.rows:
            self.values = {f: cells[i] for f, i in index.items()}
            self.before = len(self.errors)
            yield self

    @property
    def failed(self) -> bool:
        """The current row has an error."""
        return len(self.errors) > self.before

    def get(self, field: str) -> str:
        return self.values.get(field, "")

    def error(self, field: str, message: Any, **params: Any) -> None:
        message = lazy_format(message, params) if params else message
        column = self.names.get(field, field)
        self.errors.append(RowError(self.file, self.line, column, message))

    def text(self, field: str, blank: Any = None, limit: int = NAME_MAX) -> str | None:
        """One line of text; "" when blank and optional (``blank`` is None)."""
        if not self.get(field).strip() and blank is None:
            return ""
        try:
            return clean_text(self.get(field), required_message=blank, max_length=limit)
        except ValidationError as error:
            return self.error(field, error_message(error))

    def email(self, field: str, *, required: bool) -> str | None:
        """An address; one spelling of an address in the whole import."""
        value = self.get(field)
        if not value.strip():
            return self.error(field, MESSAGES["email_missing"]) if required else ""
        try:
            email = clean_email(value, invalid_message=MESSAGES["email_invalid"])
        except ValidationError as error:
            return self.error(field, error_message(error))
        first, line = self.spellings.setdefault(email_key(email), (email, self.line))
        if first != email:
            return self.error(field, MESSAGES["spelling"], line=line, email=first)
        return email
