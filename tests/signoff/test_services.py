"""record_signoff and revoke_signoff: idempotent, race-safe, evidence kept."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from policy_pages.models import ImmutableRowError
from signoff import services
from signoff.models import Channel, SignOff
from tests.conftest import current, parent_details, publish
from tests.factories import UserFactory, rule


def sign_staff(page, user, **kwargs):
    version = current(page)
    return services.record_signoff(
        version=version,
        content_hash=version.content_hash,
        language="nl",
        channel=Channel.INTRANET,
        user=user,
        **kwargs,
    )


def sign_parent(page, school, **details):
    version = current(page)
    return services.record_signoff(
        version=version,
        content_hash=version.content_hash,
        language="nl",
        channel=Channel.PARENT_FORM,
        parent=parent_details(school, **details),
    )


def test_second_identical_signoff_returns_first_receipt(staff_rule_set, staff_member):
    first, created = sign_staff(staff_rule_set, staff_member)
    again, created_again = sign_staff(staff_rule_set, staff_member)
    assert created and not created_again
    assert again.pk == first.pk and again.reference == first.reference
    assert SignOff.objects.count() == 1


def test_parent_confirmation_is_normalized_and_idempotent(parents_rule_set, school):
    first, _ = sign_parent(
        parents_rule_set,
        school,
        name="  Ingrid   Bakker ",
        email=" Ingrid@Example.ORG ",
        child_name="Daan  Bakker",
    )
    again, created = sign_parent(
        parents_rule_set, school, email="ingrid@example.org", child_name="daan bakker"
    )
    assert not created and again.pk == first.pk
    assert first.parent_name == "Ingrid Bakker"
    assert first.email_key == "ingrid@example.org"
    assert first.child_key == "daan bakker"
    # Another child of the same parent is another confirmation.
    _, created = sign_parent(parents_rule_set, school, child_name="Noor Bakker")
    assert created
    assert SignOff.objects.count() == 2


def test_an_old_version_or_another_text_is_refused(staff_rule_set, staff_member):
    old = current(staff_rule_set)
    raw = list(staff_rule_set.rules.raw_data)
    publish(staff_rule_set, rules=[*raw, rule("Nieuw")], version_change_note="Nieuw")
    with pytest.raises(services.StaleVersionError) as error:
        services.record_signoff(
            version=old,
            content_hash=old.content_hash,
            language="nl",
            channel=Channel.INTRANET,
            user=staff_member,
        )
    assert error.value.current.number == "1.1"
    new = current(staff_rule_set)
    with pytest.raises(services.StaleVersionError):
        services.record_signoff(
            version=new,
            content_hash=old.content_hash,
            language="nl",
            channel=Channel.INTRANET,
            user=staff_member,
        )
    assert SignOff.objects.count() == 0


def test_compliance_after_a_material_version_needs_a_new_confirmation(
    staff_rule_set, staff_member
):
    sign_staff(staff_rule_set, staff_member)
    assert SignOff.objects.compliant_with(staff_rule_set).count() == 1
    raw = list(staff_rule_set.rules.raw_data)
    publish(
        staff_rule_set,
        rules=[*raw, rule("Belangrijk")],
        version_change_note="Belangrijk",
        version_material=True,
    )
    assert current(staff_rule_set).number == "2.0"
    assert SignOff.objects.compliant_with(staff_rule_set).count() == 0
    sign_staff(staff_rule_set, staff_member)
    assert SignOff.objects.compliant_with(staff_rule_set).count() == 1


def test_a_minor_version_keeps_earlier_confirmations_valid(
    staff_rule_set, staff_member
):
    sign_staff(staff_rule_set, staff_member)
    raw = list(staff_rule_set.rules.raw_data)
    publish(
        staff_rule_set,
        rules=[*raw, rule("Klein")],
        version_change_note="Klein",
        version_material=False,
    )
    assert current(staff_rule_set).number == "1.1"
    assert SignOff.objects.compliant_with(staff_rule_set).count() == 1


def test_revocation_keeps_the_row_and_adds_history(
    staff_rule_set, staff_member, officer
):
    signoff, _ = sign_staff(staff_rule_set, staff_member)
    services.revoke_signoff(signoff=signoff, by=officer, reason="Verkeerde persoon")
    signoff.refresh_from_db()
    assert signoff.is_revoked and signoff.revoked_by == officer
    assert signoff.revoke_reason == "Verkeerde persoon"
    history = list(signoff.history.order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert history[-1].history_user == officer
    assert history[-1].history_change_reason == "Verkeerde persoon"
    assert SignOff.objects.compliant_with(staff_rule_set).count() == 0
    # Confirming again after a revocation makes a new, valid record.
    again, created = sign_staff(staff_rule_set, staff_member)
    assert created and again.pk != signoff.pk


def test_revoking_needs_a_reason_and_the_permission(
    staff_rule_set, staff_member, officer
):
    signoff, _ = sign_staff(staff_rule_set, staff_member)
    with pytest.raises(PermissionDenied):
        services.revoke_signoff(signoff=signoff, by=staff_member, reason="Zomaar")
    with pytest.raises(ValidationError) as error:
        services.revoke_signoff(signoff=signoff, by=officer, reason="   ")
    assert "Schrijf waarom" in error.value.message_dict["reason"][0]
    signoff.refresh_from_db()
    assert not signoff.is_revoked
    assert signoff.history.count() == 1


def test_the_database_refuses_a_duplicate_confirmation(staff_rule_set, staff_member):
    signoff, _ = sign_staff(staff_rule_set, staff_member)
    duplicate = SignOff(
        version=signoff.version,
        translation_key=signoff.translation_key,
        major=signoff.major,
        minor=signoff.minor,
        content_hash=signoff.content_hash,
        language="nl",
        channel=Channel.API,
        user=staff_member,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_evidence_is_never_deleted_by_a_cascade(
    staff_rule_set, parents_rule_set, staff_member, school
):
    staff_signoff, _ = sign_staff(staff_rule_set, staff_member)
    parent_signoff, _ = sign_parent(parents_rule_set, school)
    for obj in (staff_member, school, parent_signoff.group):
        with pytest.raises(ProtectedError), transaction.atomic():
            obj.delete()
    with pytest.raises(ImmutableRowError):
        staff_signoff.version.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        staff_rule_set.delete()
    with pytest.raises(PermissionError):
        staff_signoff.delete()
    with pytest.raises(PermissionError):
        SignOff.objects.all().delete()
    assert SignOff.objects.count() == 2


def test_another_staff_member_is_another_record(
    staff_rule_set, staff_member, staff_group
):
    colleague = UserFactory(username="ahmed")
    colleague.groups.add(staff_group)
    sign_staff(staff_rule_set, staff_member)
    sign_staff(staff_rule_set, colleague)
    assert SignOff.objects.compliant_with(staff_rule_set).count() == 2
