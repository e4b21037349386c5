"""Start the test provider for a test session, and sign in through it with
Django's test client (the browser tests use Chromium instead)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "akkoord"
CLIENT_SECRET = "akkoord-test-secret"  # noqa: S105
PASSWORD = "school-password"  # noqa: S105
CALLBACK = "/accounts/oidc/school/login/callback/"

# The provider's people. Only the first two are on the demo's staff list.
USERS = [
    # Sanne de Vries, medewerker1 in the demo.
    {
        "username": "sanne",
        "email": "Medewerker1@Kalisto.example",
        "first_name": "Sanne",
    },
    # Ahmed, medewerker2 in the demo; the provider does not vouch for his address.
    {
        "username": "ahmed",
        "email": "medewerker2@kalisto.example",
        "email_verified": False,
    },
    # Fatima, the demo's officer (functionaris).
    {"username": "fatima", "email": "functionaris@kalisto.example"},
    # "Kees" with a Kelvin sign (U+212A) for the K: not kees@kalisto.example.
    {"username": "kelvin", "email": "\u212aees@kalisto.example"},
    # At a school of the foundation, but not on Akkoord's staff list.
    {"username": "nieuw", "email": "nieuwe.collega@kalisto.example"},
    # The demo's address, at a domain that is not the foundation's.
    {"username": "prive", "email": "medewerker1@kalisto.example.net"},
]


@dataclass
class Provider:
    url: str
    process: subprocess.Popen

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    def settings(self, **overrides) -> dict:
        """``settings.SSO`` for a site that trusts this provider."""
        return {
            "ISSUER": self.issuer,
            "CLIENT_ID": CLIENT_ID,
            "CLIENT_SECRET": CLIENT_SECRET,
            "ALLOWED_DOMAINS": ["kalisto.example"],
            "NAME": "Kalisto",
            **overrides,
        }


def setup(*redirect_hosts: str) -> dict:
    """The provider's ``IDP_SETUP``: its people, and this site as its client,
    calling back to ``redirect_hosts``."""
    return {
        "users": [{"password": PASSWORD, **user} for user in USERS],
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [
                    f"http://{host}{CALLBACK}" for host in redirect_hosts
                ],
            }
        ],
    }


def demo_setup() -> str:
    """``IDP_SETUP`` for trying it by hand with ``make run`` (README)."""
    return json.dumps(setup("127.0.0.1:8000", "localhost:8000"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(workdir: Path) -> Provider:
    port = _free_port()
    # Any port on localhost (RFC 8252): the browser tests' live server.
    spec = setup("testserver", "localhost")
    env = {
        **os.environ,
        "IDP_PORT": str(port),
        "IDP_DB": str(workdir / "provider.sqlite3"),
        "IDP_SETUP": json.dumps(spec),
    }
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "tests.oidc_provider.serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline()
    if line.strip() != "ready":
        process.kill()
        raise RuntimeError(f"The test OpenID Connect provider did not start: {line!r}")
    return Provider(url=f"http://127.0.0.1:{port}", process=process)


def stop(provider: Provider) -> None:
    provider.process.terminate()
    provider.process.wait(timeout=10)


def at_provider(start_url: str, username: str) -> str:
    """Sign in at the provider as ``username``, starting from the authorization
    address the site sent the browser to; the address it sends back to."""
    browser = requests.Session()
    response = browser.get(start_url, allow_redirects=False, timeout=10)
    login_url = urljoin(start_url, response.headers["Location"])
    browser.get(login_url, timeout=10)
    next_url = parse_qs(urlsplit(login_url).query).get("next", [""])[0]
    response = browser.post(
        login_url,
        data={
            "username": username,
            "password": PASSWORD,
            "next": next_url,
            "csrfmiddlewaretoken": browser.cookies["idp_csrftoken"],
        },
        allow_redirects=False,
        timeout=10,
    )
    authorize = urljoin(login_url, response.headers["Location"])
    response = browser.get(authorize, allow_redirects=False, timeout=10)
    return response.headers["Location"]


def school_sign_in(client, username: str, next_url: str = ""):
    """The whole sign-in with Django's test ``client``: the site's response to
    the provider's redirect back (the callback)."""
    data = {"next": next_url} if next_url else {}
    response = client.post("/accounts/oidc/school/login/", data)
    assert response.status_code == 302, response
    back = at_provider(response["Location"], username)
    parts = urlsplit(back)
    assert parts.path == CALLBACK, back
    return client.get(f"{parts.path}?{parts.query}")
