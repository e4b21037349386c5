"""B3 (a sign-off POST against Wagtail's form builder) on gunicorn on 127.0.0.1,
and the helpers the served benchmarks share; B1, B6, B7 and R8 are in
``benchmarks.served``.

Both answer from the same gunicorn worker in the same run, taking turns, so the
machine's noise hits both alike. Throughput is sequential requests per second.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 4
B3_ROUNDS = 10
SECONDS_PER_TURN = 1.5


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(database: str, settings: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=database, DJANGO_SETTINGS_MODULE=settings, PYTHONPATH=str(ROOT)
    )
    return env


def _manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )


class Server:
    """gunicorn on a free port of 127.0.0.1, up when constructed."""

    def __init__(self, env, *, workers: int = 1):
        self.port = _free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "cms.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if self.request("GET", "/++api++/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def get(self, path, headers=None) -> tuple[int, bytes, dict]:
        return self.request("GET", path, headers=headers)

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read(), dict(response.getheaders())
        finally:
            connection.close()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def run():
    # B1 (and B6, B7, R8) run on gunicorn with two workers, PostgreSQL and Redis.
    from benchmarks import served

    yield from served.run()
    yield from run_b3()


# -- B3: recording a sign-off against Wagtail's form builder, on PostgreSQL ---------

PUPILS = "/++api++/nl/protocol-sociale-media/gedragsregels-leerlingen-ouders"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def _post(server, path, body: bytes, headers) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _fresh_postgres_database() -> str | None:
    import psycopg

    name = "akkoord_bench_b3"
    try:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name}")
            connection.execute(f"CREATE DATABASE {name}")
    except psycopg.Error:
        return None
    return f"{POSTGRES}/{name}"


def run_b3():
    import json
    import re
    import urllib.parse

    database = _fresh_postgres_database()
    if database is None:
        yield (
            "B3_signoff_post_over_formpage_post: not measured "
            f"(no PostgreSQL at {POSTGRES})"
        )
        return
    env = _env(database, "benchmarks.settings_b3")
    _manage(env, "migrate", "--noinput")
    _manage(env, "load_demo")
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from benchmarks.b3_setup import create_form_page; "
            "print(create_form_page())",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    form_url = result.stdout.strip().splitlines()[-1]
    server = Server(env)
    try:
        status, body, headers = server.get(PUPILS)
        version = json.loads(body)["version"]
        status, page, headers = server.get(form_url)
        cookie = headers.get("Set-Cookie", "").split(";")[0]
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        counter = iter(range(10**9))

        def signoff_post():
            n = next(counter)
            return _post(
                server,
                PUPILS + "/@signoff",
                json.dumps(
                    {
                        "version": version["number"],
                        "content_hash": version["content_hash"],
                        "language": "nl",
                        "name": "Ouder Bench",
                        "email": f"o{n}@example.org",
                        "child_name": f"Kind {n}",
                        "school": "de-regenboog",
                        "group": "groep-3",
                        "parental_responsibility": True,
                        "agree": True,
                    }
                ).encode(),
                {"Content-Type": "application/json"},
            )

        def form_post():
            n = next(counter)
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token.decode(),
                    "naam": "Ouder Bench",
                    "e_mail": f"o{n}@example.org",
                    "kind": f"Kind {n}",
                }
            ).encode()
            return _post(
                server,
                form_url,
                body,
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie,
                },
            )

        rates = {"signoff": 0.0, "form": 0.0}
        counts = {"signoff": 0, "form": 0}
        spent = {"signoff": 0.0, "form": 0.0}
        # Both posts wait for a commit's fsync, which varies from one moment to
        # the next on a shared disk: more turns, each side taking its turn.
        for _ in range(B3_ROUNDS):
            for name, call, expected in (
                ("signoff", signoff_post, 202),
                ("form", form_post, 200),
            ):
                end = time.perf_counter() + SECONDS_PER_TURN
                start = time.perf_counter()
                while time.perf_counter() < end:
                    code = call()
                    assert code == expected, (name, code)
                    counts[name] += 1
                spent[name] += time.perf_counter() - start
        rates = {name: counts[name] / spent[name] for name in counts}
    finally:
        server.stop()
    yield (
        f"B3_signoff_post_over_formpage_post: {rates['signoff'] / rates['form']:.2f}x "
        f"({rates['signoff']:.0f} vs {rates['form']:.0f} req/s, PostgreSQL) "
        "(goal: ≥ 1x)"
    )
