"""B4: the compliance report for 5,000 staff and 5,000 vs 50,000 parent sign-offs.

Data is bulk-inserted and the counters rebuilt from it (this measures the report,
not the writer; B3 measures the writer); the report is
the admin coverage view and the coverage function behind it, on 3 versions and
20 schools. Figures: queries of one report, and time at 50,000 ÷ time at 5,000.
"""

from __future__ import annotations

import datetime
import statistics
import time
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from cms.models import HomePage
from policy_pages.models import Audience, PolicyVersion, ProtocolPage, RuleSetPage
from signoff import tallies
from signoff.models import School, SchoolGroup, SignOff
from signoff.reports import coverage

from . import roster
from .roster import SCHOOLS, ensure_schools

NOW = timezone.now()

STAFF = 5_000


def _publish(page, **changes):
    page = type(page).objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def _rule_set(protocol, slug, audience):
    page = protocol.add_child(
        instance=RuleSetPage(
            title=slug,
            slug=slug,
            audience=audience,
            rules=[{"type": "rule", "value": "<p>Regel.</p>", "id": str(uuid.uuid4())}],
            version_change_note="Eerste versie",
            version_effective_date=datetime.date(2018, 5, 25),
        )
    )
    page = _publish(page)
    page = _publish(
        page, title=f"{slug} 2", version_change_note="Groot", version_material=True
    )
    return _publish(
        page, title=f"{slug} 3", version_change_note="Klein", version_material=False
    )


def build_site():
    nl, _ = Locale.objects.get_or_create(language_code="nl")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Bench", slug="bench-b4", locale=nl))
    _publish(home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "testserver"}
    )
    protocol = home.add_child(instance=ProtocolPage(title="Protocol", slug="protocol"))
    _publish(protocol)
    staff_group = Group.objects.create(name="Medewerkers B4")
    staff_page = _rule_set(
        protocol,
        "medewerkers",
        Audience.objects.create(
            token="b4-staff", title="Medewerkers", group=staff_group
        ),
    )
    parents_page = _rule_set(
        protocol, "ouders", Audience.objects.create(token="b4-parents", title="Ouders")
    )

    ensure_schools()  # B5 may have made them already
    schools = list(School.objects.filter(token__startswith="school-").order_by("token"))
    groups = list(
        SchoolGroup.objects.filter(school__in=schools).select_related("school")
    )

    User = get_user_model()
    User.objects.bulk_create(
        User(username=f"staff{n}", first_name="Mede", last_name=f"Werker {n}")
        for n in range(STAFF)
    )
    users = list(User.objects.filter(username__startswith="staff").order_by("pk"))
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=u.pk, group_id=staff_group.pk) for u in users
    )
    School.staff.through.objects.bulk_create(
        School.staff.through(school_id=schools[n % SCHOOLS].pk, user_id=u.pk)
        for n, u in enumerate(users)
    )
    staff_versions = list(PolicyVersion.objects.for_page(staff_page).latest_first())
    SignOff.objects.bulk_create(
        SignOff(
            version=staff_versions[n % 3],
            translation_key=staff_page.translation_key,
            major=staff_versions[n % 3].major,
            minor=staff_versions[n % 3].minor,
            content_hash=staff_versions[n % 3].content_hash,
            language="nl",
            channel="intranet",
            user=u,
            verified_at=NOW,
        )
        for n, u in enumerate(users)
        if n % 5
    )
    officer = User.objects.create_user("b4-officer", password="x", is_superuser=True)
    officer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return parents_page, groups, officer


def add_parent_signoffs(page, groups, start, stop):
    versions = list(PolicyVersion.objects.for_page(page).latest_first())
    batch = []
    for n in range(start, stop):
        version = versions[n % 3]
        group = groups[n % len(groups)]
        batch.append(
            SignOff(
                version=version,
                translation_key=page.translation_key,
                major=version.major,
                minor=version.minor,
                content_hash=version.content_hash,
                language="nl",
                channel="parent_form",
                parent_name=f"Ouder {n}",
                name_key=f"ouder {n}",
                verified_at=NOW,  # parents who followed their e-mailed link
                parent_email=f"ouder{n}@example.org",
                email_key=f"ouder{n}@example.org",
                child_name=f"Kind {n}",
                child_key=f"kind {n}",
                school=group.school,
                group=group,
                parental_responsibility=True,
            )
        )
        if len(batch) == 5_000:
            SignOff.objects.bulk_create(batch)
            batch = []
    SignOff.objects.bulk_create(batch)
    # Bulk inserts bypass the services that keep the report counters: recompute
    # them from the evidence, as `manage.py rebuild_signoff_tallies` does.
    tallies.rebuild()


def _timed(fn, runs=7) -> float:
    fn()  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(client) -> dict:
    def view():
        response = client.get("/admin/akkoord/dekking/")
        assert response.status_code == 200

    with CaptureQueriesContext(connection) as ctx:
        coverage()
    report_queries = len(ctx.captured_queries)
    return {
        "queries": report_queries,
        "function": _timed(coverage),
        "view": _timed(view),
    }


def run():
    page, groups, officer = build_site()
    client = Client()
    client.force_login(officer)
    add_parent_signoffs(page, groups, 0, 5_000)
    small = measure(client)
    add_parent_signoffs(page, groups, 5_000, 50_000)
    large = measure(client)
    yield (
        f"B4_compliance_report_queries: {small['queries']} at 5,000 and "
        f"{large['queries']} at 50,000 parent sign-offs, 5,000 staff, 20 schools "
        "(goal: ≤ 10)"
    )
    yield (
        "B4_admin_report_time_ratio_50k_over_5k: "
        f"{large['view'] / small['view']:.2f} ({small['view'] * 1000:.0f} ms → "
        f"{large['view'] * 1000:.0f} ms) (goal: ≤ 2)"
    )
    yield (
        "B4_coverage_query_time_ratio_50k_over_5k: "
        f"{large['function'] / small['function']:.2f} "
        f"({small['function'] * 1000:.0f} ms → {large['function'] * 1000:.0f} ms) "
        "(goal: ≤ 2)"
    )
    q_small, t_small, _r = roster.run_coverage(page, 5_000)
    q_large, t_large, result = roster.run_coverage(page, 50_000)
    yield (
        f"B4_with_roster_queries: {q_small} with 5,000 and {q_large} with 50,000 "
        f"confirmations matched to a roster of {roster.CHILDREN:,} children, "
        f"20 schools ({result.confirmed:,} of {result.expected:,} covered) "
        "(goal: ≤ 10)"
    )
    yield (
        "B4_with_roster_time_ratio_50k_over_5k: "
        f"{t_large / t_small:.2f} ({t_small * 1000:.0f} ms → {t_large * 1000:.0f} ms) "
        "(goal: ≤ 2)"
    )
