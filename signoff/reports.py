"""Coverage: who confirmed, per rule set, version, school and group.

Counts only, no personal data, in a fixed number of queries: a handful per report
plus two per staff rule set, whatever the number of confirmations.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.coreutils import get_supported_content_language_variant

from policy_pages.models import PolicyVersion, RuleSetPage

from . import permissions
from .models import (
    ParentStandingTally,
    SchoolGroup,
    SignOff,
    VersionTally,
)

NO_SCHOOL = _("No school")


@dataclass
class CoverageRow:
    rule_set: str
    version: str
    audience: str
    school: str
    group: str
    confirmed: int
    expected: int | None
    school_id: int | None = None
    group_id: int | None = None

    @property
    def percent(self) -> int | None:
        if not self.expected:
            return None
        return round(100 * self.confirmed / self.expected)


@dataclass
class RuleSetCoverage:
    page: RuleSetPage
    current: PolicyVersion | None
    required_major: int
    staff: bool
    per_version: list[tuple[str, int]] = field(default_factory=list)
    rows: list[CoverageRow] = field(default_factory=list)
    # Parents' confirmations whose e-mailed link was not followed yet: shown
    # apart, never counted as confirmed.
    unverified: int = 0
    # Parents' rules: where the officer sees the children still outstanding
    # (given by the app that knows the roster), or empty without one.
    outstanding_url: str = ""

    @property
    def confirmed(self) -> int:
        return sum(row.confirmed for row in self.rows)

    @property
    def expected(self) -> int | None:
        """Staff: the audience's members; parents: the children on the roster
        (None without a roster)."""
        if not self.staff and all(row.expected is None for row in self.rows):
            return None
        return sum(row.expected or 0 for row in self.rows)

    @property
    def has_roster(self) -> bool:
        return not self.staff and self.expected is not None

    @property
    def percent(self) -> int | None:
        expected = self.expected
        return round(100 * self.confirmed / expected) if expected else None


def source_rule_sets():
    """Live rule sets in the default language (joined, not looked up first)."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return (
        RuleSetPage.objects.live()
        .filter(locale__language_code=default)
        .select_related("audience")
        .order_by("title")
    )


def coverage(rule_sets=None) -> list[RuleSetCoverage]:
    """Compliance per rule set: confirmed (at or after the latest material version)
    against expected (staff: members of the audience's group) per school and group."""
    pages = list(rule_sets if rule_sets is not None else source_rule_sets())
    if not pages:
        return []
    keys = [page.translation_key for page in pages]
    states = PolicyVersion.objects.source_states(keys)
    current = {key: state.current for key, state in states.items()}
    required = {
        key: state.required_major
        for key, state in states.items()
        if state.required_major is not None
    }

    per_version = defaultdict(list)
    for tally in VersionTally.objects.filter(
        translation_key__in=keys, count__gt=0
    ).order_by("translation_key", "-major", "-minor"):
        per_version[tally.translation_key].append(
            (f"{tally.major}.{tally.minor}", tally.count)
        )

    unverified = defaultdict(int)
    wanted = set(keys)
    for key, major, count in (
        # Every pending claim, from the partial index of pending claims: never
        # reads the verified rows, however many there are.
        SignOff.objects.unverified()
        .values_list("translation_key", "major")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if key in wanted and major >= required.get(key, 1):
            unverified[key] += count

    # One query for the names of groups and their schools (staff rows name
    # their schools themselves).
    groups, schools = {}, {}
    for group in SchoolGroup.objects.select_related("school"):
        groups[group.pk] = group.name
        schools[group.school_id] = group.school.name

    results = []
    parent_pages = []
    for page in pages:
        result = RuleSetCoverage(
            page=page,
            current=current.get(page.translation_key),
            required_major=required.get(page.translation_key, 1),
            staff=permissions.is_staff_rule_set(page),
            per_version=per_version.get(page.translation_key, []),
            unverified=unverified.get(page.translation_key, 0),
        )
        results.append(result)
        if result.staff:
            result.rows = _staff_rows(result, schools)
        else:
            parent_pages.append(result)
    if parent_pages:
        _parent_rows(parent_pages, schools, groups)
    return results


def _compliant(result: RuleSetCoverage):
    return SignOff.objects.valid().filter(
        translation_key=result.page.translation_key, major__gte=result.required_major
    )


def _staff_rows(result: RuleSetCoverage, schools) -> list[CoverageRow]:
    group_id = result.page.audience.group_id
    expected, names = {}, dict(schools)
    for school_id, name, count in (
        get_user_model()
        .objects.filter(groups=group_id, is_active=True)
        .values_list("signoff_schools", "signoff_schools__name")
        .annotate(n=Count("pk", distinct=True))
    ):
        expected[school_id] = count
        if name:
            names[school_id] = name
    confirmed = dict(
        _compliant(result)
        .of_staff()
        .filter(user__groups=group_id, user__is_active=True)
        .values_list("user__signoff_schools")
        .annotate(n=Count("user", distinct=True))
    )
    version = result.current.number if result.current else ""
    return [
        CoverageRow(
            rule_set=result.page.title,
            version=version,
            audience=result.page.audience.title,
            school=names.get(school_id, str(NO_SCHOOL)),
            group="",
            confirmed=confirmed.get(school_id, 0),
            expected=count,
            school_id=school_id,
        )
        for school_id, count in sorted(
            expected.items(), key=lambda item: names.get(item[0], "~")
        )
    ]


def roster_coverage(required: dict) -> dict[tuple, tuple[int, int]]:
    """Children expected and covered per (rule set key, school id, group id),
    from the apps that keep a roster (hook ``signoff_parent_coverage``, given
    each rule set's key and required major)."""
    found: dict[tuple, tuple[int, int]] = {}
    for hook in hooks.get_hooks("signoff_parent_coverage"):
        found.update(hook(required))
    return found


def _parent_rows(results: list[RuleSetCoverage], schools, groups) -> None:
    """Per school and group: with a roster, the children covered against the
    children on it; without one, the children confirmed (from the counters of
    each child's highest valid confirmation) and nothing expected."""
    roster = roster_coverage(
        {result.page.translation_key: result.required_major for result in results}
    )
    for hook in hooks.get_hooks("signoff_outstanding_parents_url"):
        for result in results:
            result.outstanding_url = result.outstanding_url or hook(result.page)
    condition = Q()
    for result in results:
        condition |= Q(
            translation_key=result.page.translation_key,
            major__gte=result.required_major,
        )
    counts = (
        ParentStandingTally.objects.filter(condition)
        .values("translation_key", "school", "group")
        .annotate(n=Sum("count"))
        .filter(n__gt=0)
        .order_by("translation_key", "school", "group")
    )
    by_key = {result.page.translation_key: result for result in results}
    for (key, school_id, group_id), (expected, covered) in roster.items():
        result = by_key[key]
        result.rows.append(
            CoverageRow(
                rule_set=result.page.title,
                version=result.current.number if result.current else "",
                audience=result.page.audience.title,
                school=schools.get(school_id, str(NO_SCHOOL)),
                group=groups.get(group_id, ""),
                confirmed=covered,
                expected=expected,
                school_id=school_id,
                group_id=group_id,
            )
        )
    on_roster = {(key, school_id) for key, school_id, _group in roster}
    for row in counts:
        if (row["translation_key"], row["school"]) in on_roster:
            continue  # the roster's children say who is covered at this school
        result = by_key[row["translation_key"]]
        result.rows.append(
            CoverageRow(
                rule_set=result.page.title,
                version=result.current.number if result.current else "",
                audience=result.page.audience.title,
                school=schools.get(row["school"], str(NO_SCHOOL)),
                group=groups.get(row["group"], ""),
                confirmed=row["n"],
                expected=None,
            )
        )
    for result in results:
        result.rows.sort(key=lambda r: (r.school, r.group))


def outstanding_staff(page: RuleSetPage):
    """Active members of the audience's group without a valid, current confirmation."""
    group_id = page.audience.group_id
    if group_id is None:
        return get_user_model().objects.none()
    compliant = SignOff.objects.compliant_with(page).of_staff()
    return (
        get_user_model()
        .objects.filter(groups=group_id, is_active=True)
        .exclude(pk__in=compliant.values("user_id"))
        .prefetch_related("signoff_schools")
        .order_by("last_name", "first_name", "username")
    )
