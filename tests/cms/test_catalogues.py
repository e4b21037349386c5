"""The Dutch catalogues are complete: every string a person reads has Dutch."""

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
    }


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_has_a_dutch_translation(path):
    catalogue = polib.pofile(str(path))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
