"""Campaigns: inviting, personal links, confirming through them, reminders
that stop once someone has confirmed, and every way a link may be abused."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from campaigns import progress, services, tasks, tokens
from campaigns.models import (
    CampaignConfirmation,
    Dispatch,
    Invitation,
    InvitationToken,
    Outcome,
    Step,
)
from signoff.models import Channel, SignOff
from tests.campaigns.conftest import link_of, open_link, version_fields

pytestmark = pytest.mark.django_db


def _mail_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_opening_invites_every_guardian_with_responsibility_once(make_campaign, family):
    campaign = make_campaign()
    invited = set(
        Invitation.objects.filter(campaign=campaign).values_list(
            "guardian__name", flat=True
        )
    )
    # Karel is responsible for no child; Wim is invited (for his letter).
    assert invited == {"Ingrid Bakker", "Mehmet Yilmaz", "Wim Jansen"}
    assert len(_mail_to("ingrid@example.org")) == 1
    assert len(_mail_to("mehmet@example.org")) == 1
    assert _mail_to("karel@example.org") == []
    assert Dispatch.objects.filter(outcome=Outcome.SENT).count() == 2


def test_the_invitation_is_in_the_guardians_language_with_a_hashed_token(
    make_campaign, family
):
    make_campaign()
    (message,) = _mail_to("mehmet@example.org")
    assert message.extra_headers["Content-Language"] == "tr"
    assert message.subject == "Lütfen okuyun ve onaylayın: Regels ouders"
    assert "Kişisel bağlantınız" in message.body
    path = link_of(message)
    assert path.startswith("/tr/uitnodiging/")
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert not InvitationToken.objects.filter(token_hash=token).exists()
    assert InvitationToken.objects.filter(token_hash=tokens.token_hash(token)).exists()


def test_one_click_confirms_for_each_child_with_the_link_as_evidence(
    client, make_campaign, family, parents_rule_set
):
    make_campaign()
    path = open_link(client, link_of(_mail_to("ingrid@example.org")))
    page = client.get(path)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    html = page.content.decode()
    assert "Daan Bakker" in html and "Sara Bakker" in html
    response = client.post(
        path,
        {
            **version_fields(parents_rule_set, client),
            "child": [family["daan"].pk, family["sara"].pk],
        },
    )
    assert response.status_code == 302
    signoffs = SignOff.objects.filter(email_key="ingrid@example.org")
    assert {s.child_name for s in signoffs} == {"Daan Bakker", "Sara Bakker"}
    assert all(s.channel == Channel.INVITATION and s.verified_at for s in signoffs)
    evidence = CampaignConfirmation.objects.filter(signoff__in=signoffs)
    assert {e.pupil for e in evidence} == {family["daan"], family["sara"]}
    assert all(e.token.token_hash for e in evidence)
    # The same link now shows what was confirmed (right of access).
    after = client.get(path).content.decode()
    assert after.count("confirmed (version 1.0") == 2 or "bevestigd" in after
    assert "Akkoord</button>" not in after


def test_two_browsers_at_once_make_one_confirmation_per_child(
    make_campaign, family, parents_rule_set
):
    from signoff.services import Shown
    from tests.conftest import current

    make_campaign()
    token = link_of(_mail_to("ingrid@example.org")).rstrip("/").rsplit("/", 1)[1]
    shown = Shown.of(current(parents_rule_set))
    for _ in range(2):
        link = services.find_token(token)
        services.confirm_through_link(
            link=link, shown=shown, pupil_ids=[family["daan"].pk]
        )
    assert SignOff.objects.filter(child_name="Daan Bakker").count() == 1
    assert CampaignConfirmation.objects.count() == 1


def test_a_guardian_without_parental_responsibility_may_read_not_confirm(
    client, make_campaign, family, parents_rule_set
):
    campaign = make_campaign()
    karel = Invitation.objects.create(
        campaign=campaign,
        guardian=family["karel"],
        invited_on=campaign.opens_on,
        due_on=campaign.due_on,
    )
    path = open_link(client, f"/nl/uitnodiging/{tokens.mint_token(karel)}/")
    page = client.get(path).content.decode()
    assert "Daan Bakker" in page and "Akkoord</button>" not in page
    response = client.post(
        path, {**version_fields(parents_rule_set, client), "child": [family["daan"].pk]}
    )
    assert response.status_code == 400
    assert "ouderlijk gezag" in response.content.decode()
    assert not SignOff.objects.exists()


@pytest.mark.parametrize(
    ("make_token", "status", "words"),
    [
        (lambda inv: "x" * 32, 404, "niet goed"),
        (lambda inv: tokens.mint_token(inv)[:-3], 404, "niet goed"),
        (lambda inv: "x" * 5000, 404, "niet goed"),
        ("expired", 410, "verlopen"),
        ("revoked", 410, "niet meer geldig"),
    ],
)
def test_forged_truncated_expired_and_revoked_links_explain_and_offer_a_new_one(
    client, make_campaign, family, make_token, status, words
):
    campaign = make_campaign()
    invitation = Invitation.objects.get(campaign=campaign, guardian=family["ingrid"])
    if make_token in ("expired", "revoked"):
        token = tokens.mint_token(invitation)
        link = InvitationToken.objects.get(token_hash=tokens.token_hash(token))
        if make_token == "expired":
            link.expires_at = link.created_at - datetime.timedelta(seconds=1)
            link.save()
        else:
            services.revoke_links(invitation=invitation, by=campaign.created_by)
    else:
        token = make_token(invitation)
    response = client.get(f"/nl/uitnodiging/{token}/")
    assert response.status_code == status
    html = response.content.decode()
    assert words in html
    assert "Stuur mij een nieuwe link" in html
    assert "Daan" not in html


def test_a_link_cannot_confirm_another_campaigns_rules(
    client, make_campaign, family, parents_rule_set, staff_rule_set
):
    make_campaign()
    path = open_link(client, link_of(_mail_to("ingrid@example.org")))
    response = client.post(
        path, {**version_fields(staff_rule_set, client), "child": [family["daan"].pk]}
    )
    assert response.status_code == 400
    assert not SignOff.objects.exists()


def test_a_child_not_in_the_campaign_cannot_be_confirmed_through_the_link(
    client, make_campaign, family, parents_rule_set
):
    make_campaign()
    path = open_link(client, link_of(_mail_to("ingrid@example.org")))
    response = client.post(
        path, {**version_fields(parents_rule_set, client), "child": [family["emre"].pk]}
    )
    assert response.status_code == 400
    assert not SignOff.objects.exists()


def test_reminders_stop_once_the_person_confirmed_and_never_come_twice(
    make_campaign, family, parents_rule_set
):
    from signoff.services import Shown
    from tests.conftest import current

    campaign = make_campaign()
    token = link_of(_mail_to("ingrid@example.org")).rstrip("/").rsplit("/", 1)[1]
    services.confirm_through_link(
        link=services.find_token(token),
        shown=Shown.of(current(parents_rule_set)),
        pupil_ids=[family["daan"].pk, family["sara"].pk],
    )
    mail.outbox.clear()
    day8 = campaign.opens_on + datetime.timedelta(days=8)
    services.run_campaigns(today=day8)
    services.run_campaigns(today=day8)
    # Only Mehmet (Wim has no e-mail: his is a letter).
    assert [m.to for m in mail.outbox if "Herinnering" in m.subject or True] == [
        ["mehmet@example.org"]
    ]
    assert Dispatch.objects.filter(step=Step.AFTER_OPENING).count() == 1


def test_the_database_refuses_a_second_mail_for_one_step(make_campaign, family):
    campaign = make_campaign()
    invitation = Invitation.objects.filter(campaign=campaign).first()
    with pytest.raises(IntegrityError):
        Dispatch.objects.create(invitation=invitation, step=Step.INVITATION)


def test_an_interrupted_sending_run_mails_nobody_twice(
    make_campaign, family, monkeypatch
):
    campaign = make_campaign(remind_after_days=1)
    mail.outbox.clear()
    # The first worker died after claiming Ingrid's reminder: it is not sent
    # again; Mehmet's, never claimed, is sent by the next run.
    monkeypatch.setattr(tasks, "queue_sending", lambda: None)
    services.run_campaigns(today=campaign.opens_on + datetime.timedelta(days=3))
    ingrid = Dispatch.objects.get(
        step=Step.AFTER_OPENING, invitation__guardian=family["ingrid"]
    )
    Dispatch.objects.filter(pk=ingrid.pk).update(claimed_at=ingrid.created_at)
    tasks.send_dispatches.call()
    tasks.send_dispatches.call()
    assert [m.to for m in mail.outbox] == [["mehmet@example.org"]]


def test_a_child_who_left_is_not_listed_and_their_guardian_is_withdrawn(
    client, make_campaign, family
):
    campaign = make_campaign()
    path = open_link(client, link_of(_mail_to("mehmet@example.org")))
    family["emre"].left_on = campaign.opens_on
    family["emre"].save()
    services.run_campaigns(today=campaign.opens_on + datetime.timedelta(days=1))
    invitation = Invitation.objects.get(campaign=campaign, guardian=family["mehmet"])
    assert invitation.withdrawn_at is not None
    assert "Emre" not in client.get(path).content.decode()


def test_a_newcomer_is_invited_with_their_own_due_date(make_campaign, family, school):
    from rosters.models import Guardian, Guardianship, Pupil

    campaign = make_campaign()
    late = campaign.due_on - datetime.timedelta(days=2)
    pupil = Pupil.objects.create(
        school=school,
        group=family["groep3"],
        external_id="L9",
        given_name="Noor",
        family_name="Visser",
        name_key="noor visser",
    )
    guardian = Guardian.objects.create(
        name="Anna Visser", email="anna@example.org", email_key="anna@example.org"
    )
    Guardianship.objects.create(guardian=guardian, pupil=pupil)
    services.run_campaigns(today=late)
    invitation = Invitation.objects.get(campaign=campaign, guardian=guardian)
    assert invitation.due_on == late + datetime.timedelta(days=14)
    assert len(_mail_to("anna@example.org")) == 1


def test_new_link_requests_answer_the_same_and_are_limited(
    client, make_campaign, family
):
    make_campaign()
    mail.outbox.clear()

    def answers(address):
        out = []
        for _ in range(10):
            response = client.post("/nl/uitnodiging/nieuwe-link/", {"email": address})
            html = response.content.decode()
            out.append((response.status_code, "onderweg" in html, "te vaak" in html))
        return out

    known, unknown = answers("ingrid@example.org"), answers("nobody@example.org")
    # Known or not: the same answers, and after three the same refusal.
    assert known == unknown == [(200, True, False)] * 3 + [(429, False, True)] * 7
    assert len(_mail_to("ingrid@example.org")) == 3
    assert _mail_to("nobody@example.org") == []
    (message,) = _mail_to("ingrid@example.org")[:1]
    assert "nog niet ontvangen" not in message.body  # a new link, not a reminder


def test_a_schools_wifi_lets_every_family_ask_for_a_new_link(client, make_campaign):
    make_campaign()
    statuses = {
        client.post(
            "/nl/uitnodiging/nieuwe-link/", {"email": f"ouder{n}@example.org"}
        ).status_code
        for n in range(50)
    }
    assert statuses == {200}


def test_a_yearly_reconfirmation_asks_again_and_keeps_one_per_round(
    make_campaign, family, parents_rule_set
):
    from signoff.services import Shown, record_signoff
    from tests.conftest import current, parent_details

    version = current(parents_rule_set)
    record_signoff(
        version=version,
        content_hash=version.content_hash,
        language="nl",
        channel=Channel.PARENT_FORM,
        parent=parent_details(
            family["daan"].school, group=family["groep3"], child_name="Daan Bakker"
        ),
    )
    campaign = make_campaign(reconfirm=True)
    invitation = Invitation.objects.get(campaign=campaign, guardian=family["ingrid"])
    assert progress.is_pending(invitation)
    token = link_of(_mail_to("ingrid@example.org")).rstrip("/").rsplit("/", 1)[1]
    for _ in range(2):
        services.confirm_through_link(
            link=services.find_token(token),
            shown=Shown.of(version),
            pupil_ids=[family["daan"].pk, family["sara"].pk],
        )
    daan = SignOff.objects.valid().filter(child_name="Daan Bakker")
    assert sorted(daan.values_list("round", flat=True)) == ["", campaign.round_key]
    assert not progress.is_pending(invitation)


def test_a_letters_slip_is_entered_on_paper_by_its_code(
    make_campaign, family, parents_rule_set, campaign_officer
):
    from signoff.services import Shown
    from tests.conftest import current

    campaign = make_campaign()
    wim = Invitation.objects.get(campaign=campaign, guardian=family["wim"])
    found = services.find_by_code(wim.short_code.lower().replace("-", " "))
    assert found == wim
    (signoff,) = services.record_paper_slip(
        invitation=found,
        shown=Shown.of(current(parents_rule_set)),
        pupil_ids=[family["lotte"].pk],
        signed_on=campaign.opens_on,
        by=campaign_officer,
    )
    assert signoff.channel == Channel.PAPER and signoff.acted_by == campaign_officer
    assert not progress.is_pending(wim)


def test_the_reminder_run_takes_the_same_number_of_queries_for_more_people(
    make_campaign, family, school
):
    from rosters.models import Guardian, Guardianship, Pupil

    campaign = make_campaign()

    def counted():
        with CaptureQueriesContext(connection) as queries:
            services.queue_reminders(
                campaign, today=campaign.opens_on + datetime.timedelta(days=8)
            )
        Dispatch.objects.filter(step=Step.AFTER_OPENING).delete()
        return len(queries)

    few = counted()
    for n in range(30):
        pupil = Pupil.objects.create(
            school=school,
            group=family["groep3"],
            external_id=f"X{n}",
            given_name=f"Kind{n}",
            family_name="Extra",
            name_key=f"kind{n} extra",
        )
        guardian = Guardian.objects.create(
            name=f"Ouder {n}", email=f"o{n}@example.org", email_key=f"o{n}@example.org"
        )
        Guardianship.objects.create(guardian=guardian, pupil=pupil)
    services.invite_newcomers(campaign, today=campaign.opens_on)
    assert counted() == few


def test_the_daily_command_invites_and_reminds(make_campaign, family):
    from io import StringIO

    from django.core.management import CommandError, call_command

    campaign = make_campaign(remind_after_days=1)
    mail.outbox.clear()
    out = StringIO()
    day = (campaign.opens_on + datetime.timedelta(days=2)).isoformat()
    call_command("run_campaigns", today=day, stdout=out)
    assert "reminders queued 2" in out.getvalue()
    assert len(mail.outbox) == 2
    with pytest.raises(CommandError):
        call_command("run_campaigns", today="gisteren")
