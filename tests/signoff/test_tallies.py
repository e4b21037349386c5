"""The report counters always equal what the evidence says."""

import random

from django.core.management import call_command

from signoff import services, tallies
from signoff.models import Channel, SignOff
from tests.conftest import current, parent_details, publish
from tests.factories import UserFactory, rule


def test_counters_follow_every_confirmation_and_revocation(
    parents_rule_set, staff_rule_set, school, other_school, officer, staff_group
):
    rng = random.Random(7)  # noqa: S311 - a fixed, reproducible test sequence
    groups = [*school.groups.all()[:3], other_school.groups.get()]
    staff = [UserFactory(username=f"m{n}") for n in range(3)]
    for user in staff:
        user.groups.add(staff_group)

    def confirm_parents():
        version = current(parents_rule_set)
        for _ in range(6):
            group = rng.choice(groups)
            services.record_signoff(
                version=version,
                content_hash=version.content_hash,
                language="nl",
                channel=Channel.PARENT_FORM,
                notify=False,
                parent=parent_details(
                    group.school, group=group, child_name=f"Kind {rng.randint(1, 4)}"
                ),
            )
        version = current(staff_rule_set)
        for user in rng.sample(staff, 2):
            services.record_signoff(
                version=version,
                content_hash=version.content_hash,
                language="nl",
                channel=Channel.INTRANET,
                user=user,
                notify=False,
            )

    def revoke_some():
        for signoff in rng.sample(list(SignOff.objects.valid()), 3):
            services.revoke_signoff(signoff=signoff, by=officer, reason="Test")

    for step in range(4):
        confirm_parents()
        revoke_some()
        for page in (parents_rule_set, staff_rule_set):
            raw = list(page.rules.raw_data)
            publish(
                page,
                rules=[*raw, rule(f"Stap {step}")],
                version_change_note=f"Stap {step}",
                version_material=step % 2 == 0,
            )
        kept = tallies.snapshot()
        tallies.rebuild()
        assert tallies.snapshot() == kept, f"step {step}"


def test_the_rebuild_command_reports_whether_counters_were_right(db, capsys):
    call_command("rebuild_signoff_tallies")
    assert "nothing changed" in capsys.readouterr().out
