"""The roster in the browser: an officer imports the school administration's
file after checking the preview; a file with errors imports nothing; a teacher
sees their group on a phone; the import form works with the keyboard; the
admin header names the screen."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from rosters import staff_import
from rosters.models import Pupil
from tests.rosters import conftest as roster_fixtures
from tests.rosters.conftest import SAMPLES, import_text, sample
from tests.rosters.test_coverage import confirm, daan

from .conftest import RESULTS, login

# The roster's fixtures live in tests/rosters/conftest.py; use them here too.
schools = roster_fixtures.schools
roster_officer = roster_fixtures.roster_officer

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "akkoord-demo"  # what conftest.login types
HEADER = sample("akkoord-leerlingen.csv").decode().splitlines()[0]
# A second child in De Regenboog's Groep 3 (the sample has only Daan there).
EXTRA_PUPIL = (
    "1014;Lieke;;Smits;De Regenboog;Groep 3;Peter Smits;peter.smits@example.org;"
    "06-87654321;nl;ja;;;;;"
)


def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def open_import_form(page, base):
    page.goto(base + reverse("rosters_admin:import"))
    # The h1 (for screen readers only in Wagtail's slim header).
    assert page.locator("h1").inner_text().strip() == "Leerlingen en ouders importeren"


def upload(page, preset_label, file):
    page.get_by_label(preset_label, exact=True).check()
    page.set_input_files("#id_leerlingen", file)
    page.get_by_role("button", name="Uploaden en controleren").click()
    page.wait_for_url("**/controleren/")


def test_an_officer_imports_the_sample_after_checking_the_preview(
    live_server, locales, roster_officer, schools, desktop, phone
):
    cache.clear()
    base = live_server.url
    with_password(roster_officer)
    login(desktop, base, roster_officer.username)
    open_import_form(desktop, base)
    upload(desktop, "Akkoord-sjabloon", SAMPLES / "akkoord-leerlingen.csv")

    main = desktop.locator("main")
    assert "13 leerlingen toegevoegd" in main.inner_text()
    assert Pupil.objects.count() == 0, "the preview writes nothing"
    # The lists are folded away; open the pupils to check them.
    added = main.locator("details", has_text="Toegevoegde leerlingen")
    added.locator("summary").click()
    assert "Daan Bakker (Groep 3, 1001)" in added.inner_text()
    assert no_horizontal_scroll(desktop)
    desktop.screenshot(path=RESULTS / "roster-preview-desktop.png", full_page=True)

    # The same preview on a phone (the officer is logged in there too).
    preview_url = desktop.url
    login(phone, base, roster_officer.username)
    phone.goto(preview_url)
    assert "13 leerlingen toegevoegd" in phone.locator("main").inner_text()
    assert no_horizontal_scroll(phone)
    phone.screenshot(path=RESULTS / "roster-preview-phone.png", full_page=True)

    desktop.get_by_role("button", name="Importeren", exact=True).click()
    desktop.wait_for_url(base + reverse("rosters_admin:import"))
    message = (
        "Geïmporteerd: 13 leerlingen toegevoegd, 0 gewijzigd, "
        "0 als vertrokken gemarkeerd."
    )
    assert message in desktop.locator("body").inner_text()
    assert Pupil.objects.count() == 13
    recent = desktop.locator("section", has_text="Recente imports")
    assert "Fatima Officier" in recent.locator("tbody tr").first.inner_text()
    desktop.screenshot(path=RESULTS / "roster-imported-desktop.png", full_page=True)


def test_a_file_with_errors_shows_them_in_dutch_and_imports_nothing(
    live_server, locales, roster_officer, schools, desktop
):
    cache.clear()
    base = live_server.url
    rows = sample("akkoord-leerlingen.csv").decode().splitlines()[1:3]
    daan_row, noor_row = rows
    text = "\n".join(
        [
            HEADER,
            daan_row,  # line 2
            daan_row,  # line 3: the same pupil again
            noor_row.replace("ingrid.bakker@example.org", "ingrid.bakker@@example"),
        ]
    )
    file = {"name": "leerlingen.csv", "mimeType": "text/csv", "buffer": text.encode()}
    with_password(roster_officer)
    login(desktop, base, roster_officer.username)
    open_import_form(desktop, base)
    upload(desktop, "Akkoord-sjabloon", file)

    main = desktop.locator("main")
    assert "Het bestand heeft 2 fouten." in main.get_by_role("alert").inner_text()
    table = main.locator("table.listing")
    headers = table.locator("thead th").all_inner_texts()
    assert [h.strip() for h in headers] == ["Bestand", "Rij", "Kolom", "Probleem"]
    cells = [
        [cell.strip() for cell in row.locator("td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]
    assert cells == [
        [
            "leerlingen.csv",
            "3",
            "leerlingnummer",
            "Deze leerling staat twee keer in het bestand: ook op rij 2.",
        ],
        [
            "leerlingen.csv",
            "4",
            "ouder1_email",
            "Dit e-mailadres klopt niet. Kijk of het goed is overgenomen.",
        ],
    ]
    assert main.get_by_role("button", name="Importeren").count() == 0
    assert main.get_by_role("link", name="Kies een ander bestand").is_visible()
    assert Pupil.objects.count() == 0
    desktop.screenshot(path=RESULTS / "roster-preview-errors.png", full_page=True)


def test_a_teacher_sees_their_group_on_a_phone(
    live_server, parents_rule_set, schools, staff_member, phone
):
    cache.clear()
    base = live_server.url
    school = schools["de-regenboog"]
    import_text(sample("akkoord-leerlingen.csv") + (EXTRA_PUPIL + "\n").encode())
    staff_import.add_teacher(
        user=staff_member, group=school.groups.get(token="groep-3")
    )
    confirm(parents_rule_set, school, **daan(school))
    with_password(staff_member)

    phone.goto(base + "/nl/mijn-protocollen/")
    phone.wait_for_url("**/nl/inloggen/**")
    phone.fill("#id_username", staff_member.username)
    phone.fill("#id_password", PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url("**/nl/mijn-protocollen/")
    phone.get_by_role("link", name="Mijn groep", exact=True).click()
    phone.wait_for_url("**/nl/mijn-groep/")

    main = phone.locator("main")
    assert phone.locator("h1").inner_text().strip() == "Mijn groep"
    assert "De Regenboog – Groep 3" in main.inner_text()
    assert "1 van 2 kinderen" in main.inner_text()
    rows = main.locator("tbody tr")
    daan_row = rows.filter(has_text="Daan Bakker")
    lieke_row = rows.filter(has_text="Lieke Smits")
    assert "Ingrid Bakker" in daan_row.inner_text()
    assert "akkoord gegeven" in daan_row.inner_text()
    assert "Peter Smits" in lieke_row.inner_text()
    assert "nog niet" in lieke_row.inner_text()
    assert "akkoord gegeven" not in lieke_row.inner_text()
    text = phone.locator("body").inner_text()
    assert "Noor Bakker" not in text  # Groep 6
    assert "Mila de Wit" not in text  # Groep 3 of another school
    assert "@" not in text and "06-" not in text
    assert no_horizontal_scroll(phone)
    phone.screenshot(path=RESULTS / "roster-teacher-phone.png", full_page=True)


RING = """el => {
  const style = getComputedStyle(el);
  const outline = style.outlineStyle === "none" || parseFloat(style.outlineWidth) === 0
    ? "none" : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
  return `outline: ${outline}; shadow: ${style.boxShadow}`;
}"""
FOCUSED = (
    "() => { const el = document.activeElement; return {id: el.id, type: el.type,"
    f" text: el.innerText || '', ring: ({RING})(el)}}; }}"
)


def test_the_import_form_works_with_the_keyboard(
    live_server, locales, roster_officer, schools, desktop
):
    cache.clear()
    base = live_server.url
    with_password(roster_officer)
    login(desktop, base, roster_officer.username)
    open_import_form(desktop, base)

    seen = {}  # what has focus after each Tab: its id (or text) → its focus ring
    order = []
    for _step in range(80):
        desktop.keyboard.press("Tab")
        focused = desktop.evaluate(FOCUSED)
        key = focused["id"] or focused["text"].strip()
        order.append(key)
        seen[key] = focused["ring"]
        if key in ("id_preset_0", "id_leerlingen"):
            desktop.screenshot(path=RESULTS / f"roster-import-focus-{key}.png")
        if focused["type"] == "submit" and key == "Uploaden en controleren":
            desktop.screenshot(path=RESULTS / "roster-import-focus-submit.png")
            break
    wanted = ["id_preset_0", "id_school", "id_leerlingen", "Uploaden en controleren"]
    assert all(w in order for w in wanted), order
    positions = [order.index(w) for w in wanted]
    assert positions == sorted(positions), order
    # One tab stop for the radio group: the arrows choose within it.
    assert [k for k in order if k.startswith("id_preset_")] == ["id_preset_0"]

    # A visible focus: each one's ring when focused differs from when it is not.
    desktop.evaluate("document.activeElement.blur()")
    for key in wanted:
        element = (
            desktop.locator(f"#{key}")
            if key.startswith("id_")
            else desktop.get_by_role("button", name=key)
        )
        unfocused = element.evaluate(RING)
        assert seen[key] != unfocused, (key, seen[key])
        assert seen[key] != "outline: none; shadow: none", key

    desktop.focus("#id_preset_0")
    desktop.keyboard.press("ArrowDown")
    assert desktop.evaluate("document.activeElement.id") == "id_preset_1"
    assert desktop.is_checked("#id_preset_1")


def test_the_import_screen_shows_its_title_in_the_header(
    live_server, locales, roster_officer, schools, desktop
):
    cache.clear()
    base = live_server.url
    with_password(roster_officer)
    login(desktop, base, roster_officer.username)
    open_import_form(desktop, base)
    # What the eye sees: the header without its screen-reader-only h1.
    header = desktop.locator("header").first.evaluate(
        "el => { const copy = el.cloneNode(true);"
        " copy.querySelectorAll('.w-sr-only').forEach(e => e.remove());"
        " return copy.textContent.replace(/\\s+/g, ' ').trim(); }"
    )
    assert "Leerlingen en ouders importeren" in header, header
