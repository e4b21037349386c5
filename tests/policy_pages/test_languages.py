"""Choosing a language: every public page names each language in itself and leads
to the same page in it, or says it is not translated yet; the choice is remembered;
staff pages stay Dutch or English; right to left where the language asks for it."""

import re
from urllib.parse import quote

import pytest
from django.conf import settings
from wagtail.models import PageViewRestriction

from cms.demo.loader import load_demo
from policy_pages.models import RuleSetPage

pytestmark = pytest.mark.django_db

PAGE = "/nl/protocol-sociale-media/gedragsregels-medewerkers/"
ENGLISH = "/en/social-media-protocol/code-of-conduct-staff/"


@pytest.fixture
def demo(db):
    load_demo()


def switch(client, code, target, **headers):
    return client.get(f"/taal/{code}/?naar={quote(target, safe='')}", **headers)


def test_every_public_page_names_each_language_in_itself(client, demo):
    html = client.get(PAGE).content.decode()
    switcher = html[html.index('class="languages"') : html.index("</nav>")]
    names = re.findall(r'lang="(\w+)"[^>]*>([^<]+)</a>', switcher)
    assert names == [
        ("nl", "Nederlands"),
        ("en", "English"),
        ("ar", "العربية"),
        ("tr", "Türkçe"),
        ("pl", "Polski"),
        ("uk", "Українська"),
    ]
    assert 'hreflang="nl" dir="ltr" aria-current="true"' in switcher
    assert 'lang="ar" hreflang="ar" dir="rtl"' in switcher
    assert f'href="/taal/en/?naar={quote(PAGE, safe="")}"' in switcher


def test_switching_leads_to_the_translation_and_remembers_the_choice(client, demo):
    response = switch(client, "en", PAGE)
    assert response.status_code == 302
    assert response["Location"] == ENGLISH
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "no-store" in response["Cache-Control"]
    # The next visit to the bare address follows the remembered choice.
    assert client.get("/")["Location"] == "/en/"


def test_a_route_below_the_page_is_kept(client, demo):
    response = switch(client, "en", PAGE + "vergelijken/?van=1.0&tot=2.0")
    assert response["Location"] == ENGLISH + "vergelijken/?van=1.0&tot=2.0"
    back = switch(client, "nl", ENGLISH + "versies/1.0/")
    assert back["Location"] == PAGE + "versies/1.0/"


def test_a_page_not_translated_yet_says_so_in_the_chosen_language(client, demo):
    response = switch(client, "ar", PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert f'<a href="{PAGE}" hreflang="nl">' in html
    assert "Gedragsregels gebruik social media voor medewerkers" in html
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    assert "no-store" in response["Cache-Control"]


def test_the_title_of_a_restricted_page_is_not_told(client, demo):
    page = RuleSetPage.objects.get(slug="gedragsregels-medewerkers")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    html = switch(client, "ar", PAGE).content.decode()
    assert "Gedragsregels gebruik social media" not in html


def test_addresses_that_are_not_pages_swap_their_language(client, db):
    assert switch(client, "en", "/nl/mijn-protocollen/")["Location"] == (
        "/en/mijn-protocollen/"
    )
    assert switch(client, "tr", "/")["Location"] == "/tr/"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/nl/",
        "//evil.example/nl/",
        "/\\evil.example",
        "javascript:alert(1)",
        "",
    ],
)
def test_the_switch_never_leads_off_the_site(client, db, target):
    response = switch(client, "pl", target)
    assert response.status_code == 302
    assert response["Location"] == "/pl/"


def test_an_unknown_language_is_not_found(client, db):
    assert client.get("/taal/xx/?naar=/nl/", follow=True).status_code == 404
    assert client.get("/taal/%00/?naar=/nl/", follow=True).status_code in (400, 404)


def test_the_first_visit_follows_the_browser(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="uk-UA,uk;q=0.9,en;q=0.5")
    assert response["Location"] == "/uk/"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert response["Location"] == "/nl/"


@pytest.mark.parametrize("address", ["/ar/mijn-protocollen/", "/pl/inloggen/"])
def test_staff_pages_answer_in_dutch_for_a_parents_only_language(client, db, address):
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"] == "/nl/" + address.split("/", 2)[2]


def test_staff_pages_offer_only_the_staff_languages(client, db):
    html = client.get("/nl/inloggen/").content.decode()
    switcher = html[html.index('class="languages"') : html.index("</nav>")]
    assert re.findall(r' lang="(\w+)"', switcher) == ["nl", "en"]


def test_arabic_pages_read_right_to_left_and_numbers_keep_their_direction(client, demo):
    html = client.get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    english = client.get(ENGLISH).content.decode()
    assert '<html lang="en" dir="ltr">' in english
    assert "Version <bdi>1.0</bdi>, in force from <bdi>" in english


def test_every_footer_links_the_accessibility_statement(client, demo):
    for address in ("/nl/", PAGE, "/nl/inloggen/", "/en/"):
        html = client.get(address).content.decode()
        assert 'href="/' + address.split("/")[1] + '/toegankelijkheid/"' in html


def test_the_accessibility_statement_follows_the_dutch_model(client, db):
    html = client.get("/nl/toegankelijkheid/").content.decode()
    assert "<h1>Toegankelijkheidsverklaring</h1>" in html
    for heading in ("Status", "Feedback en contact", "Klachten"):
        assert f">{heading}</h2>" in html
    assert "voldoet gedeeltelijk" in html
    assert 'href="mailto:toegankelijkheid@kalisto.example"' in html
    assert "Nationale ombudsman" in html


def _public_pages(code):
    from wagtail.models import Locale

    from policy_pages.models import PolicyVersion, ProtocolPage

    locale = Locale.objects.get(language_code=code)
    rules = RuleSetPage.objects.get(slug="gedragsregels-leerlingen-ouders")
    rules = rules.get_translation(locale)
    number = PolicyVersion.objects.current_for(rules).number
    return [
        f"/{code}/",
        ProtocolPage.objects.get(locale=locale).url,
        rules.url,
        f"{rules.url}versies/{number}/",
        f"{rules.url}vergelijken/",
        f"{rules.url}akkoord/",
        f"/{code}/toegankelijkheid/",
    ]


@pytest.mark.parametrize("source", ["nl", "ar"])
def test_every_public_page_switches_through_every_language(client, demo, source):
    for address in _public_pages(source):
        html = client.get(address).content.decode()
        links = re.findall(r'<a href="(/taal/(\w+)/\?naar=[^"]+)"', html)
        assert [code for _url, code in links] == [c for c, _ in settings.LANGUAGES]
        for url, code in links:
            response = client.get(url.replace("&amp;", "&"), follow=True)
            assert response.status_code == 200, (address, code)
            page = response.content.decode()
            assert f'<html lang="{code}"' in page, (address, code)
            if code != source and address.endswith(("/akkoord/", "/vergelijken/")):
                # The same route below the page, in the other language.
                assert response.redirect_chain, (address, code)
                final = response.redirect_chain[-1][0]
                assert final.endswith(address.rsplit("/", 2)[-2] + "/"), final


def test_problem_details_speak_each_language(client, demo):
    from django.utils import translation as i18n
    from django.utils.translation import gettext

    titles = set()
    for code, _name in settings.LANGUAGES:
        response = client.post(
            "/++api++" + PAGE + "@signoff",
            "{not json",
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=code,
        )
        assert response.status_code == 400
        with i18n.override(code):
            assert response.json()["title"] == gettext("The request is not valid.")
        titles.add(response.json()["title"])
    assert len(titles) == len(settings.LANGUAGES)  # each in its own words


def test_error_pages_speak_the_language_of_the_address(client, db):
    from django.utils import translation as i18n
    from django.utils.translation import gettext

    for code, _name in settings.LANGUAGES:
        response = client.get(f"/{code}/bestaat-niet/")
        assert response.status_code == 404
        html = response.content.decode()
        with i18n.override(code):
            assert gettext("Page not found") in html, code
        assert f'<html lang="{code}"' in html


def test_a_seventh_language_is_settings_not_code(client, settings, demo):
    """Frisian, added to LANGUAGES only: the switcher names it, the form offers
    it, a roster file may give it, and its address serves (Dutch text until its
    catalogue and translations exist)."""
    from rosters.models import Guardian

    settings.LANGUAGES = [*settings.LANGUAGES, ("fy", "Frysk")]
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    html = client.get(PAGE).content.decode()
    assert 'lang="fy" hreflang="fy" dir="ltr">Frysk</a>' in html
    form = client.get(
        "/nl/protocol-sociale-media/gedragsregels-leerlingen-ouders/akkoord/"
    ).content.decode()
    assert '<option value="fy">Frysk</option>' in form
    assert ("fy", "Frysk") in Guardian._meta.get_field("language").choices
    assert client.get("/fy/", follow=True).status_code == 200


def test_a_translation_behind_a_view_restriction_is_not_revealed(client, demo):
    pupils = RuleSetPage.objects.get(slug="gedragsregels-leerlingen-ouders")
    polish = pupils.get_translations().get(locale__language_code="pl")
    PageViewRestriction.objects.create(
        page=polish, restriction_type=PageViewRestriction.LOGIN
    )
    nl = "/nl/protocol-sociale-media/gedragsregels-leerlingen-ouders/"
    response = switch(client, "pl", nl)
    assert response.status_code == 200  # "not translated yet", not its address
    html = response.content.decode()
    assert polish.slug not in html
    assert "Polski" in html  # the switcher, not a link to the Polish page


def test_the_not_translated_page_switches_the_original_address(client, demo):
    html = switch(client, "ar", PAGE).content.decode()
    switcher = html[html.index('class="languages"') : html.index("</nav>")]
    assert f"naar={quote(PAGE, safe='')}" in switcher
    assert "taal%2F" not in switcher
    # The languages it is in: English, named in itself.
    assert f'<a href="{ENGLISH}" hreflang="en" lang="en">English</a>' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_an_old_version_the_translation_lacks_is_not_a_dead_end(client, demo):
    old = "/nl/protocol-sociale-media/gedragsregels-leerlingen-ouders/versies/1.0/"
    response = switch(client, "pl", old)
    assert response.status_code == 200
    assert '<html lang="pl"' in response.content.decode()
    compare = old.replace("versies/1.0/", "vergelijken/?van=1.0&tot=1.1")
    assert switch(client, "uk", compare).status_code == 200
    # Where the translation has the version, the switch leads to it.
    current = old.replace("1.0", "1.1")
    assert switch(client, "pl", current)["Location"].endswith("/versies/1.1/")


def test_a_doubled_slash_below_the_page_is_not_carried_over(client, demo):
    response = switch(client, "en", PAGE + "/vergelijken/")
    assert response["Location"] == ENGLISH + "vergelijken/"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_switch_is_a_plain_link_only(client, db, method):
    assert getattr(client, method)("/taal/en/?naar=/nl/").status_code == 405


def test_the_audience_is_named_in_each_language(client, demo):
    from django.core.exceptions import ValidationError

    from policy_pages.models import Audience, ProtocolPage

    for code, name in [
        ("ar", "التلاميذ وأولياء الأمور"),
        ("pl", "Uczniowie i rodzice"),
    ]:
        protocol = ProtocolPage.objects.get(locale__language_code=code)
        assert name in client.get(protocol.url).content.decode(), code
    audience = Audience.objects.get(token="leerlingen-ouders")
    audience.title_translations = {"xx": "?"}
    with pytest.raises(ValidationError):
        audience.full_clean()
    audience.title_translations = {"tr": "x" * 101}
    with pytest.raises(ValidationError):
        audience.full_clean()
