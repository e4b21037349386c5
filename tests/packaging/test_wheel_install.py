"""The wheel is a plugin any Wagtail site can install.

Builds the wheel, installs it into a fresh virtualenv (no site packages), makes
a bare site with ``wagtail start``, adds what the README's "Add Akkoord to your
Wagtail site" says, migrates, publishes a rule set, reads it at /++api++/ and
records a staff member's confirmation with an API token; then the same with
policy_pages alone, without signoff. Takes a minute or two (pip downloads Wagtail
and the rest into the new virtualenv).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.packaging,
    # The bare site has its own SQLite database: CI's second pass, on PostgreSQL,
    # would build and install the same wheel again.
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")),
        reason="independent of the database; runs in the SQLite pass of make test",
    ),
]

ROOT = Path(__file__).resolve().parents[2]

# What the README tells a site to add, word for word.
SETTINGS = """
INSTALLED_APPS += [
    "policy_pages",
    "signoff",
    "rosters",
    "wagtail.contrib.routable_page",
    "simple_history",
    "ninja",
]
"""
URLS = """
urlpatterns = [
    path("++api++/", include("policy_pages.api.urls")),
    path("", include("signoff.urls")),
    path("", include("rosters.urls")),
    *urlpatterns,
    path("", include("policy_pages.urls")),
]
"""
# policy_pages alone, without signoff.
PAGES_ONLY_SETTINGS = """
import os

from .dev import *  # noqa: F403

INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in ("signoff", "rosters")]
DATABASES["default"]["NAME"] = os.path.join(BASE_DIR, "pages_only.sqlite3")
ROOT_URLCONF = "bare.pages_only_urls"
"""
PAGES_ONLY_URLS = """
from django.urls import include, path
from wagtail import urls as wagtail_urls

urlpatterns = [
    path("++api++/", include("policy_pages.api.urls")),
    path("", include(wagtail_urls)),
    path("", include("policy_pages.urls")),
]
"""

# Run inside the bare site: publish a rule set, read it, confirm it.
SCRIPT = """
import datetime
import json

import django

django.setup()

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.test import Client
from wagtail.models import APIToken, Page

from policy_pages.models import Audience, PolicyVersion, ProtocolPage, RuleSetPage

home = Page.objects.get(depth=2).specific
protocol = home.add_child(instance=ProtocolPage(title="Protocol", slug="protocol"))
protocol.save_revision().publish()
staff = Group.objects.create(name="Staff")
audience = Audience.objects.create(token="staff", title="Staff", group=staff)
rule_set = protocol.add_child(
    instance=RuleSetPage(
        title="Code of conduct",
        slug="code",
        audience=audience,
        preamble="<p>Read this.</p>",
        rules=[{"type": "rule", "value": "<p>Be kind.</p>"}],
        contact="the head",
        version_change_note="First version",
        version_effective_date=datetime.date(2026, 1, 1),
    )
)
rule_set.save_revision().publish()
assert PolicyVersion.objects.for_page(rule_set).count() == 1

client = Client()
page = client.get("/protocol/code/")
assert page.status_code == 200, page.status_code
answer = client.get("/++api++/protocol/code")
assert answer.status_code == 200, answer.content
data = answer.json()
assert data["version"]["number"] == "1.0", data
if not apps.is_installed("signoff"):
    assert list(data["@components"]) == ["history", "diff", "translations", "workflow"]
    assert client.get("/++api++/protocol/code/@signoff").status_code == 404
    print("served", data["version"]["number"])
    raise SystemExit
assert data["@components"]["signoff"]["@id"].endswith("/++api++/protocol/code/@signoff")

from signoff.models import SignOff

member = User.objects.create_user("sam", first_name="Sam", last_name="Staff")
member.groups.add(staff)
_token, key = APIToken.create_token(user=member, name="ci")
sent = client.post(
    "/++api++/protocol/code/@signoff",
    json.dumps(
        {
            "version": data["version"]["number"],
            "content_hash": data["version"]["content_hash"],
            "language": data["language"],
        }
    ),
    content_type="application/json",
    HTTP_AUTHORIZATION=f"Bearer {key}",
)
assert sent.status_code == 201, sent.content
stored = SignOff.objects.get(user=member)
assert stored.reference == sent.json()["id"]

# The roster: the packaged sample imports through the preset, plan and writer.
from pathlib import Path

import rosters
from rosters import files, importing, presets, services
from rosters.models import Pupil

sample = Path(rosters.__file__).parent / "samples" / "akkoord-leerlingen.csv"
table = files.read_table(sample.read_bytes(), name=sample.name)
plan = importing.plan_import(
    presets.parse("akkoord", {"leerlingen": table}), school=None, language_given=True
)
services.create_places(plan.missing)
plan = importing.plan_import(
    presets.parse("akkoord", {"leerlingen": table}), school=None, language_given=True
)
assert not plan.errors, plan.errors
services.execute_plan(plan)
assert Pupil.objects.count() == 13
print("recorded", stored.reference)
"""


def run(*args, cwd=ROOT, env=None):
    result = subprocess.run(  # noqa: S603
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"
    )
    return result.stdout


def test_the_wheel_installs_into_a_bare_wagtail_site_that_publishes_serves_and_records(
    tmp_path,
):
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path, ROOT)
    (wheel,) = tmp_path.glob("akkoord-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert {top for top in tops if not top.endswith(".dist-info")} == {
        "policy_pages",
        "signoff",
        "rosters",
        "campaigns",
        "sso",
    }
    assert "rosters/samples/akkoord-leerlingen.csv" in names
    for app in ("policy_pages", "signoff", "rosters", "campaigns"):
        assert f"{app}/locale/nl/LC_MESSAGES/django.mo" in names
        assert f"{app}/locale/nl/LC_MESSAGES/django.po" in names
        assert f"{app}/migrations/0001_initial.py" in names
        assert any(n.startswith(f"{app}/templates/{app}/") for n in names)

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "-q", wheel)

    run(venv / "bin" / "wagtail", "start", "bare", cwd=tmp_path)
    site = tmp_path / "bare"
    with (site / "bare" / "settings" / "base.py").open("a") as settings:
        settings.write(SETTINGS)
    with (site / "bare" / "urls.py").open("a") as urls:
        urls.write(URLS)
    (site / "bare" / "settings" / "pages_only.py").write_text(PAGES_ONLY_SETTINGS)
    (site / "bare" / "pages_only_urls.py").write_text(PAGES_ONLY_URLS)
    (site / "akkoord_check.py").write_text(textwrap.dedent(SCRIPT))

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "PYTHON"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "bare.settings.dev"
    run(python, "manage.py", "migrate", "--noinput", "-v0", cwd=site, env=env)
    out = run(python, "akkoord_check.py", cwd=site, env=env)
    assert out.startswith("recorded ")

    env["DJANGO_SETTINGS_MODULE"] = "bare.settings.pages_only"
    run(python, "manage.py", "migrate", "--noinput", "-v0", cwd=site, env=env)
    out = run(python, "akkoord_check.py", cwd=site, env=env)
    assert out.startswith("served 1.0")
