"""Publishing records versions: numbers, no-change publishes, frozen snapshots."""

import datetime

import pytest
from django.utils import timezone

from policy_pages.models import ImmutableRowError, PolicyVersion
from policy_pages.versioning import content_hash
from tests.conftest import publish
from tests.factories import rule


def versions(page):
    return list(PolicyVersion.objects.for_page(page).order_by("published_at", "pk"))


def numbers(page):
    return [v.number for v in versions(page)]


def test_first_publish_records_version_1_0(make_rule_set):
    page = make_rule_set()
    [version] = versions(page)
    assert version.number == "1.0"
    assert version.material
    assert version.change_note == "Eerste versie"
    assert version.effective_date == datetime.date(2018, 5, 25)
    assert version.snapshot["rules"][0]["number"] == 1
    assert version.snapshot["language"] == "nl"
    assert version.content_hash == content_hash(version.snapshot)


def test_material_and_minor_changes_are_numbered(make_rule_set):
    page = make_rule_set()
    raw = list(page.rules.raw_data)
    page = publish(
        page,
        rules=[*raw, rule("Klein")],
        version_change_note="Klein 1",
        version_material=False,
    )
    page = publish(
        page,
        rules=[*raw, rule("Klein 2")],
        version_change_note="Klein 2",
        version_material=False,
    )
    page = publish(page, rules=raw, version_change_note="Groot", version_material=True)
    page = publish(
        page, title="Nieuwe titel", version_change_note="Titel", version_material=False
    )
    assert numbers(page) == ["1.0", "1.1", "1.2", "2.0", "2.1"]
    assert [v.material for v in versions(page)] == [True, False, False, True, False]


def test_publish_without_change_records_no_version(make_rule_set):
    page = make_rule_set()
    publish(page)
    publish(page, version_change_note="Alleen de toelichting anders")
    assert numbers(page) == ["1.0"]


def test_snapshot_and_hash_stay_after_edit_and_republish(make_rule_set):
    page = make_rule_set()
    [first] = versions(page)
    snapshot, digest = first.snapshot, first.content_hash
    raw = list(page.rules.raw_data)
    raw[0] = rule("Regel een, herschreven.", raw[0]["id"])
    publish(
        page,
        rules=raw,
        version_change_note="Regel 1 herschreven",
        version_material=True,
    )
    first = PolicyVersion.objects.get(pk=first.pk)
    assert first.snapshot == snapshot
    assert first.content_hash == digest
    assert first.content_hash == content_hash(first.snapshot)
    assert first.snapshot["rules"][0]["text"] == "<p>Regel een.</p>"


def test_rule_ids_survive_edits_and_reordering(make_rule_set):
    page = make_rule_set()
    raw = list(page.rules.raw_data)
    ids = [r["id"] for r in raw]
    reordered = [raw[2], raw[0], rule("Nieuwe tekst", raw[1]["id"])]
    publish(
        page, rules=reordered, version_change_note="Volgorde", version_material=True
    )
    latest = versions(page)[-1]
    assert [r["id"] for r in latest.snapshot["rules"]] == [ids[2], ids[0], ids[1]]
    assert [r["number"] for r in latest.snapshot["rules"]] == [1, 2, 3]


def test_a_version_cannot_be_changed_or_deleted(make_rule_set):
    page = make_rule_set()
    [version] = versions(page)
    version.change_note = "Anders"
    with pytest.raises(ImmutableRowError):
        version.save()
    with pytest.raises(ImmutableRowError):
        version.delete()
    with pytest.raises(ImmutableRowError):
        PolicyVersion.objects.filter(pk=version.pk).update(change_note="Anders")
    with pytest.raises(ImmutableRowError):
        PolicyVersion.objects.filter(pk=version.pk).delete()
    assert PolicyVersion.objects.get(pk=version.pk).change_note == "Eerste versie"


def test_scheduled_publish_is_recorded_when_it_goes_live(make_rule_set):
    page = make_rule_set()
    raw = list(page.rules.raw_data)
    go_live = timezone.now() + datetime.timedelta(days=3)
    page = type(page).objects.get(pk=page.pk)
    page.rules = [*raw, rule("Later")]
    page.version_change_note = "Gepland"
    page.version_effective_date = None
    page.go_live_at = go_live
    revision = page.save_revision()
    revision.publish()
    assert numbers(page) == ["1.0"], "nothing is recorded before it goes live"

    # What `manage.py publish_scheduled` does when the time has come.
    revision.refresh_from_db()
    page = type(page).objects.get(pk=page.pk)
    page.go_live_at = timezone.now() - datetime.timedelta(seconds=1)
    revision.content["go_live_at"] = page.go_live_at.isoformat()
    revision.save(update_fields=["content"])
    revision.publish()
    latest = versions(page)[-1]
    assert latest.number == "1.1"
    assert latest.effective_date == timezone.localdate(page.go_live_at)


def test_effective_date_defaults_to_the_publish_date(make_rule_set):
    page = make_rule_set(version_effective_date=None)
    assert versions(page)[0].effective_date == timezone.localdate()


def test_missing_change_note_outside_the_editor_is_refused(make_rule_set):
    from policy_pages.models import PublishRefused

    page = make_rule_set()
    with pytest.raises(PublishRefused):
        publish(page, title="Andere titel")  # note left at "Eerste versie"
    assert numbers(page) == ["1.0"]
