"""The Dutch catalogues are complete: every string a person reads has Dutch."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/nl/LC_MESSAGES/django.po") if ".venv" not in p.parts
)


def test_there_is_a_catalogue_per_app():
    assert {p.parts[-5] if p.parts[-5] != ROOT.name else "cms" for p in CATALOGUES} >= {
        "policy_pages",
        "signoff",
        "campaigns",
    }


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_has_a_dutch_translation(path):
    catalogue = polib.pofile(str(path))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


# -- Every language a parent may choose: complete catalogues where parents read -----
# The public pages, the form, its e-mails, error pages and the ++api++'s problem
# details come from policy_pages, signoff, campaigns (the personal link, its
# e-mails and letters) and the host site (cms, root locale/).
# English is the language of the source strings; rosters is for officers and
# teachers (Dutch and English). Languages come from settings: adding one is a
# line there plus these catalogues.
PARENT_CATALOGUE_DIRS = {
    "policy_pages": ROOT / "policy_pages" / "locale",
    "signoff": ROOT / "signoff" / "locale",
    "campaigns": ROOT / "campaigns" / "locale",
    "cms": ROOT / "locale",
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|</?\w+[^>]*>")


def _parent_catalogues():
    from django.conf import settings

    for code, _name in settings.LANGUAGES:
        if code == "en":
            continue
        for app, directory in PARENT_CATALOGUE_DIRS.items():
            yield pytest.param(
                directory / code / "LC_MESSAGES" / "django.po", id=f"{app}-{code}"
            )


@pytest.mark.parametrize("path", list(_parent_catalogues()))
def test_every_parent_language_has_a_complete_catalogue(path):
    assert path.exists(), f"{path} is missing: makemessages -l <code> in that app"
    catalogue = polib.pofile(str(path))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    for entry in catalogue:
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        wanted = sorted(PLACEHOLDER.findall(sources[-1]))
        for translated in entry.msgstr_plural.values() or [entry.msgstr]:
            # An Arabic or Polish singular may leave the number out ("one rule").
            assert set(PLACEHOLDER.findall(translated)) <= set(wanted), entry.msgid


@pytest.mark.parametrize("app", list(PARENT_CATALOGUE_DIRS))
def test_the_catalogues_hold_every_message_of_their_app(app, tmp_path):
    """A string added to a template or module without ``makemessages`` for every
    language is caught here, not by a parent who meets it in Dutch."""
    from django.conf import settings

    source = ROOT / app
    copy = tmp_path / app
    shutil.copytree(
        source, copy, ignore=shutil.ignore_patterns("locale", "migrations", "demo")
    )
    (copy / "locale").mkdir()
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "django", "makemessages", "-l", "xx", "-v0"],
        cwd=copy,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": ("cms.settings.test"),
        },
        check=True,
    )
    extracted = {
        e.msgid for e in polib.pofile(str(copy / "locale/xx/LC_MESSAGES/django.po"))
    }
    for code, _name in settings.LANGUAGES:
        if code == "en":
            continue
        # Django merges a language's catalogues: the root one, then each app's.
        have = {
            e.msgid
            for directory in PARENT_CATALOGUE_DIRS.values()
            for e in polib.pofile(str(directory / code / "LC_MESSAGES" / "django.po"))
            if not e.obsolete
        }
        missing = sorted(extracted - have)
        assert not missing, f"{app}, {code}: run makemessages; new: {missing[:3]}"
