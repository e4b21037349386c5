"""Roster fixtures: the demo's three schools with groups 1–8, the sample files,
and people in every role."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission

from rosters import files, importing, presets
from rosters import services as roster_services
from tests.factories import UserFactory

SAMPLES = Path(__file__).resolve().parents[2] / "rosters" / "samples"
ROSTER_PERMISSIONS = [
    "view_pupil",
    "change_pupil",
    "view_guardian",
    "change_guardian",
    "add_rosterimport",
    "change_childmatch",
]


@pytest.fixture
def schools(db, school):
    """De Regenboog (the shared fixture), Het Kompas and De Vlinder, groups 1–8."""
    from signoff.models import School, SchoolGroup

    made = {"de-regenboog": school}
    for name, token in (("Het Kompas", "het-kompas"), ("De Vlinder", "de-vlinder")):
        other = School.objects.create(name=name, token=token)
        for number in range(1, 9):
            SchoolGroup.objects.create(
                school=other,
                name=f"Groep {number}",
                token=f"groep-{number}",
                sort_order=number,
            )
        made[token] = other
    return made


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def import_text(text: str | bytes, *, preset="akkoord", school=None, slot="leerlingen"):
    """Parse, plan and write one file the way the admin does; returns the plan."""
    data = text.encode() if isinstance(text, str) else text
    table = files.read_table(data, name=f"{slot}.csv")
    plan = importing.plan_import(
        presets.parse(preset, {slot: table}),
        school=school,
        language_given=preset == "akkoord",
    )
    assert plan.errors == [] and plan.missing == [], (plan.errors, plan.missing)
    roster_services.execute_plan(plan)
    return plan


@pytest.fixture
def roster(schools):
    """The Akkoord template sample, imported."""
    return import_text(sample("akkoord-leerlingen.csv"))


def make_role(name, codenames):
    group = Group.objects.create(name=name)
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    user = UserFactory(username=name.lower())
    user.groups.add(group)
    return user


@pytest.fixture
def roster_officer(officer):
    officer.groups.first().permissions.add(
        *Permission.objects.filter(
            content_type__app_label="rosters", codename__in=ROSTER_PERMISSIONS
        )
    )
    return officer
