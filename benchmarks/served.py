"""B1, B6, B7 and R8: the site served by gunicorn (two workers) on PostgreSQL and
Redis, on 127.0.0.1, loaded by wrk (8 connections). Each ratio compares figures
of one run on the same server, taking turns, so the machine's noise hits both.

- B1: warm ``GET /++api++/{rule set}`` (200 and 304) and a cold one (nothing
  cached) against Wagtail's API v2 detail of the same page, and the warm read
  against the framework floor (B8): a constant JSON body of the same size from a
  bare Django view (``benchmarks.urls``, not in the product's URLs).
- B7: the anonymous HTML rule-set page (shared page cache) against its uncached
  serve (the same address with a query string, which is never cached).
- R8: 60 s of mixed load (9 reads per parent sign-off: the rule sets' and the
  protocol's HTML pages in Dutch and English and their ++api++ answers; a
  sign-off POSTs the parent form) against the API v2 detail's throughput; p95;
  errors; sign-offs answered 302 against rows added.
- B6: one worker's memory (VmRSS) after the R8 run ÷ after its first 100 mixed
  requests.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

from benchmarks.api import Server as BaseServer
from benchmarks.api import _env, _manage

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/7")
DATABASE = "akkoord_bench_load"
WORKERS = 2
CONNECTIONS = 8
TURN = 4  # seconds per wrk turn
ROUNDS = 2
MIXED_SECONDS = int(os.environ.get("BENCH_MIXED_SECONDS", "60"))

STAFF_API = "/++api++/nl/protocol-sociale-media/gedragsregels-medewerkers"
PUPILS_API = "/++api++/nl/protocol-sociale-media/gedragsregels-leerlingen-ouders"
PUPILS_HTML = "/nl/protocol-sociale-media/gedragsregels-leerlingen-ouders/"
STAFF_HTML = "/nl/protocol-sociale-media/gedragsregels-medewerkers/"
# A fixed CSRF cookie/token pair (Django accepts the unmasked secret as token).
CSRF = "BenchCsrfSecretBenchCsrfSecret12"


class Server(BaseServer):
    """gunicorn with two workers on PostgreSQL and Redis; stops by itself."""

    def __init__(self, settings: str):
        env = _env(f"{POSTGRES}/{DATABASE}", settings)
        env["REDIS_URL"] = REDIS
        super().__init__(env, workers=WORKERS)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def workers(self) -> list[int]:
        found = subprocess.run(
            ["ps", "--ppid", str(self.process.pid), "-o", "pid="],
            capture_output=True,
            text=True,
            check=False,
        )
        return [int(pid) for pid in found.stdout.split()]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def wrk(server: Server, path: str, seconds: int = TURN, headers=(), script=None):
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
    ]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", str(script)]
    found = subprocess.run(
        [*command, server.base + path],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    return found.stdout


def requests_per_second(output: str) -> float:
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise RuntimeError(f"wrk saw {non_2xx.group(1)} error answers")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def take_turns(server: Server, targets: dict) -> dict:
    """Requests per second for each target, taking turns for ROUNDS rounds."""
    rates = dict.fromkeys(targets, 0.0)
    for _ in range(ROUNDS):
        for name, (path, headers) in targets.items():
            rates[name] += requests_per_second(wrk(server, path, headers=headers))
    return {name: rate / ROUNDS for name, rate in rates.items()}


def _database() -> str | None:
    import psycopg

    try:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
            connection.execute(f"CREATE DATABASE {DATABASE}")
    except psycopg.Error:
        return None
    return f"{POSTGRES}/{DATABASE}"


def _redis_ready() -> bool:
    import redis

    try:
        redis.Redis.from_url(REDIS).flushdb()
    except redis.RedisError:
        return False
    return True


def _signoff_rows() -> int:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/{DATABASE}") as connection:
        return connection.execute("SELECT count(*) FROM signoff_signoff").fetchone()[0]


FIGURES = {
    "B1_warm_api_over_v2": "≥ 6x",
    "B1_warm_304_over_v2": "≥ 6x",
    "B1_cold_api_over_v2": "≥ 1.5x",
    "B1_warm_api_over_floor (B8)": "≥ 0.5",
    "B1_warm_304_over_floor": "≥ 0.5",
    "B7_cached_html_over_uncached": "≥ 6x",
    "R8_mixed_over_v2": "≥ 4x, p95 ≤ 100 ms, 0 errors, nothing lost",
    "B6_worker_memory_after_mixed_over_after_100": "≤ 1.2",
}


def run():
    missing = None
    if shutil.which("wrk") is None:
        missing = "wrk missing"
    elif not _redis_ready():
        missing = f"no Redis at {REDIS}"
    elif _database() is None:
        missing = f"no PostgreSQL at {POSTGRES}"
    if missing:
        for name, goal in FIGURES.items():
            yield f"{name}: not measured ({missing}) (goal: {goal})"
        return
    env = _env(f"{POSTGRES}/{DATABASE}", "benchmarks.settings_load")
    _manage(env, "migrate", "--noinput")
    _manage(env, "load_demo")
    yield from _b1_b7()
    yield from _cold()
    yield from _r8_b6()


def _page_facts(server: Server) -> dict:
    status, body, headers = server.request("GET", STAFF_API)
    assert status == 200, status
    facts = {"size": len(body), "etag": headers["ETag"], "id": json.loads(body)["id"]}
    facts["v2"] = f"/api/v2/pages/{facts['id']}/"
    return facts


_facts: dict = {}


def _b1_b7():
    server = Server("benchmarks.settings_load")
    try:
        _facts.update(_page_facts(server))
        facts = _facts
        for path in (STAFF_HTML, PUPILS_HTML + "?uncached"):
            assert server.request("GET", path)[0] == 200, path
        rates = take_turns(
            server,
            {
                "api": (STAFF_API, ()),
                "api_304": (STAFF_API, (f"If-None-Match: {facts['etag']}",)),
                "floor": (f"/bench-floor/{facts['size']}/", ()),
                "v2": (facts["v2"], ()),
                "html": (STAFF_HTML, ()),
                "html_uncached": (STAFF_HTML + "?uncached", ()),
            },
        )
    finally:
        server.stop()
    api, v2, floor = rates["api"], rates["v2"], rates["floor"]
    yield (
        f"B1_warm_api_over_v2: {api / v2:.1f}x ({api:.0f} vs {v2:.0f} req/s, "
        f"gunicorn -w {WORKERS}, wrk -c {CONNECTIONS}, PostgreSQL + Redis) "
        "(goal: ≥ 6x)"
    )
    yield (
        f"B1_warm_304_over_v2: {rates['api_304'] / v2:.1f}x "
        f"({rates['api_304']:.0f} vs {v2:.0f} req/s) (goal: ≥ 6x)"
    )
    yield (
        f"B1_warm_api_over_floor (B8): {api / floor:.2f} ({api:.0f} vs "
        f"{floor:.0f} req/s for a constant {facts['size']}-byte JSON body) "
        "(goal: ≥ 0.5)"
    )
    yield (
        f"B1_warm_304_over_floor: {rates['api_304'] / floor:.2f} "
        f"({rates['api_304']:.0f} vs {floor:.0f} req/s) (goal: ≥ 0.5)"
    )
    html, uncached = rates["html"], rates["html_uncached"]
    yield (
        f"B7_cached_html_over_uncached: {html / uncached:.1f}x ({html:.0f} vs "
        f"{uncached:.0f} req/s; API v2 detail {v2:.0f} req/s) (goal: ≥ 6x)"
    )


def _cold():
    server = Server("benchmarks.settings_cold")
    try:
        rates = take_turns(server, {"api": (STAFF_API, ()), "v2": (_facts["v2"], ())})
    finally:
        server.stop()
    yield (
        f"B1_cold_api_over_v2: {rates['api'] / rates['v2']:.1f}x "
        f"({rates['api']:.0f} vs {rates['v2']:.0f} req/s, nothing cached) "
        "(goal: ≥ 1.5x)"
    )


def _form_body(server: Server) -> str:
    status, body, _headers = server.request("GET", PUPILS_API)
    version = json.loads(body)["version"]
    status, page, _headers = server.request("GET", PUPILS_HTML + "akkoord/")
    assert status == 200, status
    group = re.search(rb'<option value="([^"]+)"[^>]*>Groep 3', page).group(1)
    return urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": CSRF,
            "version": version["number"],
            "content_hash": version["content_hash"],
            "name": "Ouder Bench",
            "school": "de-regenboog",
            "group": group.decode(),
            "parental_responsibility": "on",
            "agree": "on",
        }
    )


READS = [
    PUPILS_HTML,
    STAFF_API,
    STAFF_HTML,
    PUPILS_API,
    "/en/social-media-protocol/code-of-conduct-staff/",
    "/++api++/en/social-media-protocol/code-of-conduct-staff",
    "/nl/protocol-sociale-media/",
    "/++api++/nl/protocol-sociale-media",
]


def _python_mixed(server: Server, count: int, form_body: str) -> int:
    """``count`` mixed requests in the R8 proportions, one after another; the
    number of sign-offs recorded (302)."""
    signoffs = 0
    for n in range(1, count + 1):
        if n % 10 == 0:
            who = f"py{n}"
            body = form_body + f"&email={who}%40example.org&child_name=Kind+{who}"
            status = server.request(
                "POST",
                PUPILS_HTML + "akkoord/",
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={CSRF}",
                },
            )[0]
            assert status == 302, status
            signoffs += 1
        else:
            status = server.request("GET", READS[n % len(READS)])[0]
            assert status == 200, (READS[n % len(READS)], status)
    return signoffs


def _r8_b6():
    server = Server("benchmarks.settings_load")
    try:
        form_body = _form_body(server)
        rows_before = _signoff_rows()
        successes = _python_mixed(server, 100, form_body)
        after_100 = {pid: rss_kib(pid) for pid in server.workers()}
        v2 = requests_per_second(wrk(server, _facts["v2"], seconds=10))
        env = {
            "BENCH_READS": "|".join(READS),
            "BENCH_FORM": PUPILS_HTML + "akkoord/",
            "BENCH_FORM_BODY": form_body,
            "BENCH_CSRF": CSRF,
            "BENCH_POST_SECONDS": str(max(MIXED_SECONDS - 3, 1)),
        }
        os.environ.update(env)
        output = wrk(
            server,
            "/",
            seconds=MIXED_SECONDS,
            script=Path(__file__).with_name("mixed.lua"),
        )
        result = dict(
            re.findall(r"(\w+)=([\d.]+)", output.split("RESULT", 1)[1].split("\n")[0])
        )
        after = {pid: rss_kib(pid) for pid in server.workers()}
        rows = _signoff_rows() - rows_before
    finally:
        server.stop()
    mixed = float(result["requests"]) / float(result["seconds"])
    errors = int(result["bad_status"]) + int(result["socket_errors"])
    successes += int(result["signoffs"])
    yield (
        f"R8_mixed_over_v2: {mixed / v2:.1f}x ({mixed:.0f} vs {v2:.0f} req/s, "
        f"{MIXED_SECONDS} s, {result['reads']} reads + {result['signoffs']} "
        f"sign-offs), p95 {result['p95_ms']} ms, {errors} errors, "
        f"{successes} sign-offs answered 302 vs {rows} rows "
        f"({'nothing lost' if rows == successes else 'MISMATCH'}) "
        "(goal: ≥ 4x, p95 ≤ 100 ms, 0 errors, nothing lost)"
    )
    total = 100 + int(result["requests"])
    ratios = {pid: after[pid] / after_100[pid] for pid in after_100 if pid in after}
    worst = max(ratios, key=ratios.get)
    yield (
        f"B6_worker_memory_after_mixed_over_after_100: {ratios[worst]:.2f} "
        f"({after_100[worst] // 1024} → {after[worst] // 1024} MiB, worker "
        f"{worst}, after {total} mixed requests over {WORKERS} workers) "
        "(goal: ≤ 1.2)"
    )
