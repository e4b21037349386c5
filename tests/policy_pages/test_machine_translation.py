"""Machine translation with human review: configured from the environment, off by
default; a translation with machine-translated text nobody reviewed tells its
readers (the Dutch text is binding), its version records it, so does the receipt;
editors see per page and language what state each translation is in."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation as i18n
from django.utils.translation import gettext
from wagtail.models import Locale

from cms.demo.loader import load_demo, translate_page
from policy_pages.models import PolicyVersion, RuleSetPage
from signoff import services
from signoff.models import Channel, School
from tests.conftest import parent_details, publish

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
NL = "/nl/protocol-sociale-media/gedragsregels-leerlingen-ouders/"


def settings_with(**env):
    """The machine translator the settings make of this environment."""
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "translator = getattr(settings, 'WAGTAILLOCALIZE_MACHINE_TRANSLATOR', None); "
        "print(json.dumps(translator))"
    )
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("AKKOORD_", "DEEPL"))
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_machine_translation_is_off_by_default_and_configured_from_the_environment():
    assert settings_with().stdout.strip() == "null"
    deepl = settings_with(AKKOORD_MACHINE_TRANSLATOR="deepl", DEEPL_AUTH_KEY="k:fx")
    assert (
        '"wagtail_localize.machine_translators.deepl.DeepLTranslator"' in deepl.stdout
    )
    assert '"AUTH_KEY": "k:fx"' in deepl.stdout
    libre = settings_with(
        AKKOORD_MACHINE_TRANSLATOR="libretranslate",
        LIBRETRANSLATE_URL="https://translate.example",
    )
    assert "LibreTranslator" in libre.stdout
    # A half configuration refuses to start, naming what is missing.
    broken = settings_with(AKKOORD_MACHINE_TRANSLATOR="deepl")
    assert broken.returncode != 0 and "DEEPL_AUTH_KEY" in broken.stderr
    unknown = settings_with(AKKOORD_MACHINE_TRANSLATOR="babelfish")
    assert unknown.returncode != 0 and "deepl, google, libretranslate" in unknown.stderr


def test_tests_translate_with_the_dummy_translator():
    assert settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR["CLASS"].endswith(
        "DummyTranslator"
    )


@pytest.fixture
def arabic(db):
    load_demo()
    locale, _ = Locale.objects.get_or_create(language_code="ar")
    return locale


def _segments(page):
    from wagtail_localize.models import StringSegment, TranslationSource

    source, _ = TranslationSource.get_or_create_from_instance(page)
    return [
        s.string.data
        for s in StringSegment.objects.filter(source=source).select_related("string")
    ]


def _machine_arabic(page, locale, *, machine=True):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(username="redacteur")
    for ancestor in page.get_ancestors().filter(depth__gte=2).specific():
        if ancestor.get_translation_or_none(locale) is None:
            strings = {text: f"[ar] {text}" for text in _segments(ancestor)}
            translate_page(ancestor, locale, strings, user=editor, publisher=editor)
    strings = {text: f"[ar] {text}" for text in _segments(page)}
    return translate_page(
        page, locale, strings, user=editor, publisher=editor, machine=machine
    )


def test_an_unreviewed_machine_translation_tells_its_readers(client, arabic):
    source = RuleSetPage.objects.get(slug="gedragsregels-leerlingen-ouders")
    translation = _machine_arabic(source, arabic)
    version = PolicyVersion.objects.current_for(translation)
    assert version.machine_translated
    assert version.source_version == PolicyVersion.objects.current_for(source)

    html = client.get(translation.url).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'class="notice notice-warning machine-notice"' in html
    with i18n.override("ar"):
        read = gettext("Read the Dutch text")
    assert (
        f'<a href="{NL}" hreflang="nl">{read}</a> (<span lang="nl">Nederlands</span>)'
    ) in html
    # The form and the version page say it too.
    assert "machine-notice" in client.get(translation.url + "akkoord/").content.decode()
    number = version.number
    assert (
        "machine-notice"
        in client.get(f"{translation.url}versies/{number}/").content.decode()
    )
    # The Dutch source says nothing of the sort.
    assert "machine-notice" not in client.get(NL).content.decode()


def test_a_reviewed_translation_is_a_new_version_without_the_notice(client, arabic):
    source = RuleSetPage.objects.get(slug="gedragsregels-leerlingen-ouders")
    translation = _machine_arabic(source, arabic)
    first = PolicyVersion.objects.current_for(translation)
    # A person saves every segment in the translation editor: same text, reviewed.
    reviewed = _machine_arabic(source, arabic, machine=False)
    second = PolicyVersion.objects.current_for(reviewed)
    assert second.pk != first.pk and not second.machine_translated
    assert second.content_hash == first.content_hash
    assert "machine-notice" not in client.get(reviewed.url).content.decode()
    # The earlier version keeps what its readers were shown.
    first.refresh_from_db()
    assert first.machine_translated


def test_the_receipt_records_that_the_text_was_machine_translated(arabic, mail_at_once):
    school = School.objects.get(token="de-regenboog")
    source = RuleSetPage.objects.get(slug="gedragsregels-leerlingen-ouders")
    translation = _machine_arabic(source, arabic)
    version = PolicyVersion.objects.current_for(translation)
    signoff, _created = services.record_signoff(
        version=version,
        content_hash=version.content_hash,
        language="ar",
        channel=Channel.PARENT_FORM,
        parent=parent_details(
            school,
            name="Amal Haddad",
            child_name="Yara Haddad",
            group=school.groups.first(),
        ),
    )
    assert signoff.version.machine_translated
    receipt = mail.outbox[-1].body
    assert "Amal Haddad" in receipt
    with i18n.override("ar"):  # the receipt speaks the language shown
        said = gettext(
            "This text was translated automatically and nobody had checked the "
            "translation yet. The Dutch text is binding."
        )
    assert said in receipt


def test_editors_see_each_page_in_each_language(client, arabic, superuser):
    source = RuleSetPage.objects.get(slug="gedragsregels-leerlingen-ouders")
    _machine_arabic(source, arabic)
    staff = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    publish(staff, title="Nieuwe titel", version_change_note="Titel korter")
    client.force_login(superuser)
    html = client.get(reverse("policy_pages_admin:lagging")).content.decode()
    overview = html[html.index('class="listing translation-overview"') :]
    rows = {
        row.split("</a>")[0].rsplit(">", 1)[-1]: row
        for row in overview.split('<th scope="row">')[1:]
    }
    parents = rows[source.title]
    assert 'data-status="current"' in parents  # English
    assert parents.count('data-status="machine"') == 4  # the demo's four
    assert "machinevertaald, niet nagekeken" in parents
    staff_row = rows["Nieuwe titel"]
    assert staff_row.count('data-status="behind"') == 1  # English
    assert staff_row.count('data-status="missing"') == 4


def test_the_translation_editors_machine_button_marks_the_version(
    client, arabic, django_capture_on_commit_callbacks
):
    """Through wagtail-localize itself: "Translate with machine" (here its
    DummyTranslator), then publish: the version and the page say so."""
    from wagtail_localize.models import Translation, TranslationSource

    staff = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    polish = Locale.objects.get(language_code="pl")
    source, _ = TranslationSource.get_or_create_from_instance(staff)
    translation = Translation.objects.create(
        source=source, target_locale=polish, enabled=True
    )
    editor = get_user_model().objects.get(username="beheerder")
    # What "Translate this page" does: a draft in Polish, still in Dutch words.
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=editor, publish=False)
    client.force_login(editor)
    response = client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk])
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=editor, publish=True)
    page = staff.get_translation(polish)
    version = PolicyVersion.objects.current_for(page)
    assert version.machine_translated
    assert version.source_version == PolicyVersion.objects.current_for(staff)
    client.logout()
    assert "machine-notice" in client.get(page.url).content.decode()


def test_a_newer_dutch_version_leaves_every_translation_behind(client, arabic):
    """Each translation carries the version it translates: after a new Dutch
    version, every language says so, in its own words, and links the Dutch text."""
    pupils = RuleSetPage.objects.get(slug="gedragsregels-leerlingen-ouders")
    publish(pupils, title="Nieuwe titel", version_change_note="Titel korter")
    for code, _name in settings.LANGUAGES:
        if code == "nl":
            continue
        page = pupils.get_translation(Locale.objects.get(language_code=code))
        html = client.get(page.url).content.decode()
        with i18n.override(code):
            said = gettext(
                "This translation has not been updated yet. "
                "Read the Dutch version to confirm."
            )
        assert said in html, code
        assert f'<a href="{NL}" hreflang="nl">' in html, code


@pytest.mark.parametrize(
    ("username", "status"),
    # Wagtail answers a refusal in its admin with a redirect to the dashboard.
    [("redacteur", 200), ("goedkeurder", 200), ("functionaris", 302)],
)
def test_the_translations_report_is_for_editors(client, arabic, username, status):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    url = reverse("policy_pages_admin:lagging")
    assert client.get(url).status_code == status
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert (url in menu) == (status == 200)
