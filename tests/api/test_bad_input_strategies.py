"""R2/R3 with the strategies schemathesis does not try by itself (issue 7, item 14):
non-ASCII digits where a version number is expected, NUL bytes in paths, queries
and bodies, oversize bodies, and unknown methods. Whatever comes in: never a 5xx,
errors as problem details, nothing stored."""

import json
import os

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signoff.models import SignOff

from .conftest import PUPILS, STAFF

EXAMPLES = max(10, int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25")))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck)
)

# Digits of other scripts, superscripts and fractions: str.isdigit() says yes to
# several of them, int() refuses some; a version is ASCII digits only.
DIGITS = "0123456789²³¹٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹०१२३௧፩①⑩½\x00."
version_numbers = st.one_of(
    st.text(alphabet=DIGITS, min_size=1, max_size=12),
    st.integers(min_value=5, max_value=6000).map(lambda n: "9" * n),
)
with_nul = st.text(max_size=20).map(
    lambda s: s[: len(s) // 2] + "\x00" + s[len(s) // 2 :]
)


@pytest.fixture
def api_demo(demo):
    """The demo, loaded once per test (hypothesis runs the examples inside)."""
    return demo


def _problem_or_ok(response):
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"


@SETTINGS
@given(number=version_numbers)
def test_version_numbers_in_paths_and_queries(api_demo, number):
    client = Client()
    for url, params in (
        (f"{STAFF}/@history/{number}", None),
        (f"{STAFF}/@diff", {"from": number}),
        (f"{STAFF}/@diff", {"to": number}),
    ):
        _problem_or_ok(client.get(url, params))
    html = client.get(
        "/nl/protocol-sociale-media/gedragsregels-medewerkers/versies/"
        f"{number.replace('/', '')}/"
    )
    assert html.status_code < 500


@SETTINGS
@given(number=version_numbers)
def test_version_numbers_in_a_signoff_body(api_demo, number):
    cache.clear()
    body = {"version": number, "content_hash": "sha256:x", "language": "nl"}
    response = Client().post(
        PUPILS + "/@signoff", json.dumps(body), content_type="application/json"
    )
    _problem_or_ok(response)
    assert response.status_code in (400, 409)
    assert SignOff.objects.filter(channel="api").count() == 0


@SETTINGS
@given(text=with_nul)
def test_nul_bytes_in_paths_queries_and_bodies(api_demo, text):
    cache.clear()
    client = Client()
    _problem_or_ok(client.get(f"{STAFF}/{text}"))
    _problem_or_ok(client.get("/++api++/@search", {"q": text, "language": text}))
    body = {
        "version": "1.1",
        "content_hash": text,
        "language": "nl",
        "name": text,
        "email": text,
        "child_name": text,
        "school": text,
        "group": text,
        "parental_responsibility": True,
        "agree": True,
    }
    response = client.post(
        PUPILS + "/@signoff", json.dumps(body), content_type="application/json"
    )
    _problem_or_ok(response)
    assert response.status_code == 400
    assert SignOff.objects.filter(channel="api").count() == 0


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(size=st.integers(min_value=65 * 1024, max_value=6 * 1024 * 1024))
def test_oversize_bodies_are_413(api_demo, size):
    response = Client().post(
        PUPILS + "/@signoff",
        json.dumps({"name": "a" * size}),
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"


@SETTINGS
@given(
    method=st.sampled_from(["put", "patch", "delete"]),
    path=st.sampled_from(
        [STAFF, PUPILS + "/@signoff", STAFF + "/@history", "/++api++/"]
    ),
)
def test_unknown_methods(api_demo, method, path):
    response = getattr(Client(), method)(path, "{}", content_type="application/json")
    _problem_or_ok(response)
    assert response.status_code in (404, 405)
