"""A translation passes only for the source version it was made from: one synced
before the source had any version gets no version (so nobody can confirm it, and
no report counts it as a source) until it is synced and published again."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale

from cms.demo.loader import load_demo, translate_page
from policy_pages.models import PolicyVersion, ProtocolPage, RuleSetPage
from policy_pages.models.rules import translation_overview

pytestmark = pytest.mark.django_db


def _strings(page):
    from wagtail_localize.models import StringSegment, TranslationSource

    source, created = TranslationSource.get_or_create_from_instance(page)
    if not created:
        source.update_from_db()
    return {
        s.string.data: f"EN {s.string.data}"
        for s in StringSegment.objects.filter(source=source).select_related("string")
    }


def test_a_translation_of_an_unversioned_draft_gets_no_version(client):
    load_demo()
    editor = get_user_model().objects.get(username="redacteur")
    english = Locale.objects.get(language_code="en")
    protocol = ProtocolPage.objects.get(locale__language_code="nl")
    staff = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    draft = protocol.add_child(
        instance=RuleSetPage(
            title="Kopie van de regels",
            slug="kopie-regels",
            audience=staff.audience,
            rules=staff.rules.raw_data,
            live=False,
            version_change_note="Eerste versie",
            version_material=True,
        )
    )
    draft.save_revision()
    translation = translate_page(
        draft, english, _strings(draft), user=editor, publisher=editor
    )
    # Published, but it translates text no version records: no version of its own.
    translation.refresh_from_db()
    assert translation.live
    assert not PolicyVersion.objects.for_page(translation).exists()
    assert client.get(translation.url + "akkoord/").status_code == 404
    rows = {row.source.page_id: row for row in translation_overview()}
    assert draft.pk not in rows  # no source version yet

    # The Dutch text is published (1.0), then the translation synced again.
    draft.save_revision(user=editor).publish(user=editor, skip_permission_checks=True)
    source_version = PolicyVersion.objects.current_for(draft)
    translation = translate_page(
        draft, english, _strings(draft), user=editor, publisher=editor
    )
    version = PolicyVersion.objects.current_for(translation)
    assert version.source_version == source_version
    assert version.number == source_version.number
    [state] = [s for s in rows_for(draft).states if s.language == "en"]
    assert state.status == "current"


def rows_for(page):
    return next(row for row in translation_overview() if row.source.page_id == page.pk)
