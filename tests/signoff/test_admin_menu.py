"""The Akkoord menu (a Wagtail ViewSetGroup): each role sees the entries it may open."""

import json
import re

import pytest
from django.contrib.auth import get_user_model

ENTRIES = [
    "Dekking",
    "Nog niet gedaan",
    "Akkoordverklaringen",
    "Papieren akkoordverklaring invoeren",
    "Scholen",
    "Groepen",
]


def _menu(client, username) -> list[str]:
    client.force_login(get_user_model().objects.get(username=username))
    html = client.get("/admin/").content.decode()
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    labels = re.findall(r'"label": "([^"]*)"', json.dumps(json.loads(props[1])))
    return [label for label in ENTRIES if label in labels]


@pytest.fixture
def demo(db):
    from cms.demo.loader import load_demo

    load_demo()


def test_officers_see_every_screen(client, demo):
    assert _menu(client, "functionaris") == [
        "Dekking",
        "Nog niet gedaan",
        "Akkoordverklaringen",
        "Papieren akkoordverklaring invoeren",
        "Scholen",
        "Groepen",
    ]


def test_editors_see_the_counts_only(client, demo):
    assert _menu(client, "redacteur") == ["Dekking"]


def test_the_menu_entries_open(client, demo):
    client.force_login(get_user_model().objects.get(username="functionaris"))
    for url in (
        "/admin/akkoord/dekking/",
        "/admin/akkoord/nog-niet-gedaan/",
        "/admin/akkoord/papier/",
    ):
        assert client.get(url).status_code == 200
