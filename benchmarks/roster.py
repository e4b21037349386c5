"""B5: importing a roster of 10,000 guardians with 12,000 children (CSV, the
Akkoord template), against a bare ``bulk_create`` of the same rows; queries per
1,000 rows at two sizes; re-importing the same file. Then B4 with a roster:
coverage for 20 schools, 12,000 children and 50,000 confirmations.

The import is the whole path an officer's confirmation takes: read the file,
parse and check every row, plan against the roster, write with history and
match the confirmations.
"""

from __future__ import annotations

import csv
import io
import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from rosters import files, importing, presets, services
from rosters.models import ChildMatch, Guardian, Guardianship, MatchState, Pupil
from signoff.models import School, SchoolGroup, SignOff
from signoff.reports import coverage

SCHOOLS = 20
CHILDREN = 12_000
GUARDIANS = 10_000


def roster_csv(children: int, guardians: int) -> bytes:
    """One guardian per child; the first (children − guardians) guardians have
    a second child, so ``guardians`` addresses cover ``children`` children."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(presets.TEMPLATE_COLUMNS.values())
    for n in range(children):
        guardian = n - guardians if n >= guardians else n
        writer.writerow(
            [
                f"L{n:06}",
                f"Kind{n}",
                "",
                f"Achternaam{guardian}",
                f"School {n % SCHOOLS:02}",
                f"Groep {n % 8 + 1}",
                f"Ouder {guardian}",
                f"ouder{guardian}@example.org",
                "06-12345678",
                "nl",
                "ja",
            ]
        )
    return out.getvalue().encode()


def ensure_schools():
    if School.objects.filter(token="school-00").exists():
        return
    School.objects.bulk_create(
        School(name=f"School {n:02}", token=f"school-{n:02}") for n in range(SCHOOLS)
    )
    SchoolGroup.objects.bulk_create(
        SchoolGroup(school=s, name=f"Groep {g}", token=f"groep-{g}", sort_order=g)
        for s in School.objects.filter(token__startswith="school-")
        for g in range(1, 9)
    )


def _import(data: bytes):
    table = files.read_table(data, name="leerlingen.csv")
    plan = importing.plan_import(
        presets.parse("akkoord", {"leerlingen": table}),
        school=None,
        language_given=True,
    )
    assert not plan.errors and not plan.missing, plan.errors[:3]
    services.execute_plan(plan)
    return plan


def _timed_import(data: bytes) -> tuple[float, int, object]:
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            plan = _import(data)
            elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed, len(queries), plan


def _bare(data: bytes) -> float:
    """bulk_create of the same pupils, guardians and links, nothing else."""
    table = files.read_table(data, name="leerlingen.csv")
    groups = {
        (g.school.name, g.name): g for g in SchoolGroup.objects.select_related("school")
    }
    rows = [dict(zip(table.headers, cells, strict=True)) for _line, cells in table.rows]
    with transaction.atomic():
        start = time.perf_counter()
        pupils = Pupil.objects.bulk_create(
            (
                Pupil(
                    school=groups[(r["school"], r["groep"])].school,
                    group=groups[(r["school"], r["groep"])],
                    external_id=r["leerlingnummer"],
                    given_name=r["roepnaam"],
                    family_name=r["achternaam"],
                    name_key=r["roepnaam"].casefold(),
                )
                for r in rows
            ),
            batch_size=1_000,
        )
        guardians = {}
        for r in rows:
            guardians.setdefault(
                r["ouder1_email"],
                Guardian(
                    name=r["ouder1_naam"],
                    email=r["ouder1_email"],
                    email_key=r["ouder1_email"],
                    phone=r["ouder1_telefoon"],
                ),
            )
        Guardian.objects.bulk_create(guardians.values(), batch_size=1_000)
        Guardianship.objects.bulk_create(
            (
                Guardianship(guardian=guardians[r["ouder1_email"]], pupil=p)
                for r, p in zip(rows, pupils, strict=True)
            ),
            batch_size=1_000,
        )
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed


def run():
    yield from run_import()


def run_import():
    ensure_schools()
    full = roster_csv(CHILDREN, GUARDIANS)
    half = roster_csv(CHILDREN // 2, GUARDIANS // 2)
    bare = min(_bare(full) for _ in range(3))
    first = min(_timed_import(full)[0] for _ in range(3))
    _t, half_queries, _p = _timed_import(half)
    _t, full_queries, _p = _timed_import(full)
    with transaction.atomic():
        _import(full)
        again = []
        for _ in range(3):
            start = time.perf_counter()
            plan = _import(full)
            again.append(time.perf_counter() - start)
        assert plan.changes_nothing
        transaction.set_rollback(True)
    yield (
        f"B5_import_over_bare_bulk_create: {first / bare:.2f} "
        f"({first * 1000:.0f} ms vs {bare * 1000:.0f} ms for {GUARDIANS:,} guardians, "
        f"{CHILDREN:,} children) (goal: ≤ 3)"
    )
    yield (
        "B5_queries_per_1000_rows: "
        f"{half_queries / (CHILDREN // 2) * 1000:.1f} at {CHILDREN // 2:,} rows, "
        f"{full_queries / CHILDREN * 1000:.1f} at {CHILDREN:,} rows "
        "(goal: constant)"
    )
    yield (
        f"B5_reimport_over_first_import: {min(again) / first:.2f} "
        f"({min(again) * 1000:.0f} ms, changes nothing) (goal: ≤ 1)"
    )


def run_coverage(page, signoffs: int):
    """B4 with a roster: the parents' rule set of B4's site, 12,000 children,
    of whom the first ``signoffs`` confirmations' families are matched."""
    ensure_schools()
    with transaction.atomic():
        _import(roster_csv(CHILDREN, GUARDIANS))
        pupils = list(Pupil.objects.order_by("pk").values_list("pk", flat=True))
        links = dict(Guardianship.objects.values_list("pupil_id", "guardian_id"))
        ChildMatch.objects.all().delete()
        ids = list(
            SignOff.objects.of_parents()
            .filter(translation_key=page.translation_key)
            .order_by("pk")
            .values_list("pk", flat=True)[:signoffs]
        )
        ChildMatch.objects.bulk_create(
            (
                ChildMatch(
                    signoff_id=signoff_id,
                    state=MatchState.MATCHED,
                    pupil_id=pupils[n % len(pupils)],
                    guardian_id=links[pupils[n % len(pupils)]],
                )
                for n, signoff_id in enumerate(ids)
            ),
            batch_size=5_000,
        )
        with CaptureQueriesContext(connection) as ctx:
            results = coverage()
        coverage()  # warm
        start = time.perf_counter()
        coverage()
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    [result] = [r for r in results if r.page.pk == page.pk]
    return len(ctx.captured_queries), elapsed, result
