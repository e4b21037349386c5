"""Shared fixtures: locales, a site tree with a protocol, publishing helpers."""

from __future__ import annotations

import datetime
import itertools

import pytest
from wagtail.models import Locale, Page, Site

from cms.models import HomePage
from policy_pages.models import ProtocolPage, RuleSetPage

from .factories import AudienceFactory, UserFactory, rules


@pytest.fixture
def locales(db):
    nl, _ = Locale.objects.get_or_create(language_code="nl")
    en, _ = Locale.objects.get_or_create(language_code="en")
    return nl, en


@pytest.fixture
def home(locales):
    nl, _en = locales
    # A transactional test before this one may have flushed the migrations' rows.
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=nl)
    )
    home = root.add_child(instance=HomePage(title="Start", slug="start", locale=nl))
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "port": 80},
    )
    return home


@pytest.fixture
def protocol(home):
    page = home.add_child(
        instance=ProtocolPage(title="Protocol sociale media", slug="protocol")
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def audience(db):
    return AudienceFactory(token="medewerkers", title="Medewerkers")


def publish(page: Page, user=None, **changes) -> Page:
    """Apply ``changes`` to the page and publish it as an editor would."""
    page = type(page).objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision(user=user).publish(user=user)
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def make_rule_set(protocol, audience):
    """Create and publish a rule set (version 1.0) with the given rule texts."""

    def make(texts=("Regel een.", "Regel twee.", "Regel drie."), **fields):
        defaults = {
            "title": "Gedragsregels medewerkers",
            "slug": "gedragsregels",
            "audience": audience,
            "preamble": "<p>Je kent het protocol.</p>",
            "rules": rules(*texts),
            "contact": "je directeur",
            "version_change_note": "Eerste versie",
            "version_effective_date": datetime.date(2018, 5, 25),
        }
        defaults.update(fields)
        page = protocol.add_child(instance=RuleSetPage(**defaults))
        return publish(page)

    return make


# -- Sign-off fixtures ----------------------------------------------------------


@pytest.fixture
def school(db):
    from signoff.models import School, SchoolGroup

    school = School.objects.create(name="De Regenboog", token="de-regenboog")
    for number in range(1, 9):
        SchoolGroup.objects.create(
            school=school,
            name=f"Groep {number}",
            token=f"groep-{number}",
            sort_order=number,
        )
    return school


@pytest.fixture
def other_school(db):
    from signoff.models import School, SchoolGroup

    school = School.objects.create(name="Het Kompas", token="het-kompas")
    SchoolGroup.objects.create(school=school, name="Groep 1", token="groep-1")
    return school


@pytest.fixture
def staff_group(db):
    from django.contrib.auth.models import Group

    return Group.objects.create(name="Medewerkers")


@pytest.fixture
def staff_rule_set(make_rule_set, staff_group):
    audience = AudienceFactory(token="staff", title="Medewerkers", group=staff_group)
    return make_rule_set(
        ["Regel een.", "Regel twee."],
        slug="medewerkers",
        title="Regels medewerkers",
        audience=audience,
    )


@pytest.fixture
def parents_rule_set(make_rule_set):
    audience = AudienceFactory(token="ouders", title="Leerlingen en ouders")
    return make_rule_set(
        ["Regel een.", "Regel twee."],
        slug="ouders",
        title="Regels ouders",
        audience=audience,
    )


@pytest.fixture
def staff_member(staff_group, school):
    user = UserFactory(username="sanne", first_name="Sanne", last_name="de Vries")
    user.groups.add(staff_group)
    school.staff.add(user)
    return user


@pytest.fixture
def officer(db):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Compliance")
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "access_admin",
                "view_signoff",
                "view_coverage",
                "revoke_signoff",
                "add_paper_signoff",
                "view_school",
                "view_schoolgroup",
            ]
        )
    )
    user = UserFactory(username="officer", first_name="Fatima", last_name="Officier")
    user.groups.add(group)
    return user


def current(page):
    from policy_pages.models import PolicyVersion

    return PolicyVersion.objects.for_page(page).latest_first().first()


def parent_details(school, **overrides):
    from signoff.services import ParentDetails

    values = {
        "name": "Ingrid Bakker",
        "email": "ingrid@example.org",
        "child_name": "Daan Bakker",
        "school": school,
        "parental_responsibility": True,
    }
    values.update(overrides)
    values.setdefault("group", school.groups.filter(token="groep-3").first())
    return ParentDetails(**values)


@pytest.fixture
def mail_at_once(monkeypatch):
    """Run on-commit work (e-mails) at once: the test's transaction never commits."""
    monkeypatch.setattr(
        "django.db.transaction.on_commit",
        lambda func, using=None, robust=False: func(),
    )


_RATE_LIMIT_CLOCK = itertools.count(1_800_000_000, 86_400)


@pytest.fixture(autouse=True)
def rate_limit_window_stands_still(monkeypatch):
    """Attempts are counted in fixed windows of the clock: a test that crossed a
    window's edge would see its count start again. The counters' clock stands
    still during a test, a day later for each test, so every test starts in
    windows of its own."""
    now = float(next(_RATE_LIMIT_CLOCK))
    monkeypatch.setattr("signoff.ratelimit._now", lambda: now)


def without_bdi(html: str) -> str:
    """Page HTML without its ``<bdi>`` marks (they keep version numbers, dates and
    references in their own direction inside right-to-left text), for tests that
    read the sentence around them."""
    return html.replace("<bdi>", "").replace("</bdi>", "")


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """A real OpenID Connect provider on 127.0.0.1 (tests/oidc_provider)."""
    from .oidc_provider import harness

    provider = harness.start(tmp_path_factory.mktemp("oidc-provider"))
    yield provider
    harness.stop(provider)


@pytest.fixture
def sso_on(settings, oidc_provider):
    """This site trusts the test provider; staff of kalisto.example may sign in."""
    settings.SSO = oidc_provider.settings()
    return oidc_provider
