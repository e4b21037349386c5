"""Queries per public page view, for 10 and 200 rules and 1 and 6 versions."""

import datetime
import uuid

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page, Site

from cms.models import HomePage
from policy_pages.models import Audience, ProtocolPage, RuleSetPage


def _rules(count: int) -> list[dict[str, str]]:
    return [
        {"type": "rule", "value": f"<p>Regel {n}.</p>", "id": str(uuid.uuid4())}
        for n in range(count)
    ]


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _site() -> ProtocolPage:
    nl, _ = Locale.objects.get_or_create(language_code="nl")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Bench", slug="bench", locale=nl))
    _publish(home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "testserver"}
    )
    protocol = home.add_child(instance=ProtocolPage(title="Protocol", slug="protocol"))
    _publish(protocol)
    return protocol


def _rule_set(protocol, audience, rules: int, versions: int) -> RuleSetPage:
    page = protocol.add_child(
        instance=RuleSetPage(
            title=f"Regels {rules}-{versions}",
            slug=f"regels-{rules}-{versions}",
            audience=audience,
            rules=_rules(rules),
            version_change_note="Eerste versie",
            version_effective_date=datetime.date(2018, 5, 25),
        )
    )
    _publish(page)
    for n in range(versions - 1):
        page = RuleSetPage.objects.get(pk=page.pk)
        page.title = f"{page.title} ({n})"
        page.version_change_note = f"Wijziging {n}"
        _publish(page)
    return RuleSetPage.objects.get(pk=page.pk)


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm Wagtail's per-process caches (site root paths)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def run():
    protocol = _site()
    audience = Audience.objects.create(token="bench", title="Bench")
    client = Client()
    results = {}
    for rules, versions in ((10, 1), (200, 6)):
        page = _rule_set(protocol, audience, rules, versions)
        for name, suffix in (
            ("rule_set_page", ""),
            ("old_version_page", "versies/1.0/"),
            ("compare_page", "vergelijken/"),
        ):
            results[(name, rules, versions)] = _queries(client, page.url + suffix)
    for name in ("rule_set_page", "old_version_page", "compare_page"):
        small, large = results[(name, 10, 1)], results[(name, 200, 6)]
        yield (
            f"html_{name}_queries: {small} with 10 rules and 1 version, {large} "
            f"with 200 rules and 6 versions (goal: the same count)"
        )
