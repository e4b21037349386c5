"""The editor's side: the "Versie" panel is checked; versions are read-only."""

import pytest
from django.urls import reverse
from wagtail.models import Page, Workflow, WorkflowPage
from wagtail.test.utils.form_data import nested_form_data, rich_text

from policy_pages.models import PolicyVersion, RuleSetPage
from policy_pages.wagtail_hooks import REFUSE_DELETE


def stream(blocks):
    data = {"count": str(len(blocks))}
    for index, block in enumerate(blocks):
        data[str(index)] = {
            "type": "rule",
            "value": rich_text(block["value"]),
            "id": block["id"],
            "deleted": "",
            "order": str(index),
        }
    return data


def edit_data(page, action="action-publish", **overrides):
    values = {
        "title": page.title,
        "slug": page.slug,
        "audience": page.audience_id,
        "preamble": rich_text(page.preamble),
        "rules": stream(list(page.rules.raw_data)),
        "closing": rich_text(page.closing),
        "contact": page.contact,
        "version_change_note": page.version_change_note,
        "version_effective_date": (
            page.version_effective_date.isoformat()
            if page.version_effective_date
            else ""
        ),
        "comments": {
            "TOTAL_FORMS": "0",
            "INITIAL_FORMS": "0",
            "MIN_NUM_FORMS": "0",
            "MAX_NUM_FORMS": "1000",
        },
    }
    if page.version_material:
        values["version_material"] = "on"
    values.update(overrides)
    data = nested_form_data(values)
    if action:
        data[action] = "1"
    return data


def post_edit(client, page, **kwargs):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), edit_data(page, **kwargs)
    )


def changed_rules(page, text="Regel een, nieuw."):
    blocks = list(page.rules.raw_data)
    blocks[0] = {**blocks[0], "value": f"<p>{text}</p>"}
    return stream(blocks)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def versions(page):
    return list(PolicyVersion.objects.for_page(page).order_by("pk"))


def form_errors(response):
    return response.context["form"].errors


def test_publish_with_a_new_note_records_version_2_0(admin_client, make_rule_set):
    page = make_rule_set()
    response = post_edit(
        admin_client,
        page,
        rules=changed_rules(page),
        version_change_note="Regel 1 aangepast",
        version_material="on",
    )
    assert response.status_code == 302
    assert [v.number for v in versions(page)] == ["1.0", "2.0"]
    assert versions(page)[-1].change_note == "Regel 1 aangepast"


def test_publish_with_empty_change_note_is_refused(admin_client, make_rule_set):
    page = make_rule_set()
    response = post_edit(
        admin_client, page, rules=changed_rules(page), version_change_note="  "
    )
    assert response.status_code == 200
    assert form_errors(response)["version_change_note"] == [
        "Schrijf wat er veranderd is. Dit is verplicht bij elke nieuwe versie."
    ]
    assert len(versions(page)) == 1


def test_publish_with_the_previous_note_is_refused(admin_client, make_rule_set):
    page = make_rule_set()
    response = post_edit(admin_client, page, rules=changed_rules(page))
    assert response.status_code == 200
    assert (
        "Dit is nog de toelichting van versie 1.0"
        in (form_errors(response)["version_change_note"][0])
    )
    assert len(versions(page)) == 1


def test_effective_date_before_the_previous_version_is_refused(
    admin_client, make_rule_set
):
    page = make_rule_set()
    response = post_edit(
        admin_client,
        page,
        rules=changed_rules(page),
        version_change_note="Nieuw",
        version_effective_date="2017-01-01",
    )
    assert response.status_code == 200
    assert form_errors(response)["version_effective_date"] == [
        "Deze datum ligt voor de vorige versie (1.0, geldig vanaf 25 mei 2018). "
        "Kies 25 mei 2018 of later."
    ]
    assert len(versions(page)) == 1


def test_a_rule_set_without_rules_is_refused(admin_client, make_rule_set):
    page = make_rule_set()
    response = post_edit(
        admin_client, page, rules=stream([]), version_change_note="Alles weg"
    )
    assert response.status_code == 200
    assert "rules" in form_errors(response)
    assert len(versions(page)) == 1
    assert len(RuleSetPage.objects.get(pk=page.pk).rules) == 3


def test_saving_a_draft_without_a_note_is_allowed(admin_client, make_rule_set):
    page = make_rule_set()
    response = post_edit(
        admin_client,
        page,
        action=None,
        rules=changed_rules(page),
        version_change_note="",
    )
    assert response.status_code == 302
    assert len(versions(page)) == 1
    assert RuleSetPage.objects.get(pk=page.pk).has_unpublished_changes


def test_publish_without_a_content_change_needs_no_new_note(
    admin_client, make_rule_set
):
    page = make_rule_set()
    response = post_edit(admin_client, page)
    assert response.status_code == 302
    assert len(versions(page)) == 1


def test_admin_lists_opens_and_compares_versions(admin_client, make_rule_set):
    page = make_rule_set()
    post_edit(
        admin_client,
        page,
        rules=changed_rules(page),
        version_change_note="Regel 1 aangepast",
        version_material="on",
    )
    first, second = versions(page)
    index = admin_client.get(reverse("policy_pages_admin:index", args=[page.pk]))
    assert index.status_code == 200
    html = index.content.decode()
    assert "Regel 1 aangepast" in html and "Eerste versie" in html
    assert "belangrijke wijziging" in html
    detail = admin_client.get(
        reverse("policy_pages_admin:detail", args=[page.pk, first.pk])
    )
    assert "Regel een." in detail.content.decode()
    compare = admin_client.get(
        reverse("policy_pages_admin:compare", args=[page.pk]),
        {"from": first.pk, "to": second.pk},
    )
    assert compare.status_code == 200
    assert compare.context["diff"].counts["changed"] == 1
    assert "<ins>" in compare.content.decode()


def test_versions_cannot_be_changed_or_deleted_through_the_admin(
    admin_client, make_rule_set
):
    page = make_rule_set()
    [version] = versions(page)
    url = reverse("policy_pages_admin:detail", args=[page.pk, version.pk])
    assert admin_client.post(url, {"change_note": "Anders"}).status_code == 405
    for path in (f"{url}edit/", f"{url}delete/"):
        assert admin_client.post(path, follow=True).status_code == 404
    from wagtail.snippets.models import get_snippet_models

    assert PolicyVersion not in get_snippet_models()
    assert PolicyVersion.objects.get(pk=version.pk).change_note == "Eerste versie"


def test_deleting_a_page_with_versions_is_refused(admin_client, make_rule_set):
    page = make_rule_set()
    url = reverse("wagtailadmin_pages:delete", args=[page.pk])
    for response in (admin_client.get(url), admin_client.post(url)):
        assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1] == str(REFUSE_DELETE % {"title": page.title})
    assert "kan niet worden verwijderd" in messages[-1]
    assert Page.objects.filter(pk=page.pk).exists()
    assert len(versions(page)) == 1


def test_deleting_the_protocol_above_versioned_pages_is_refused(
    admin_client, make_rule_set
):
    page = make_rule_set()
    protocol = page.get_parent()
    admin_client.post(reverse("wagtailadmin_pages:delete", args=[protocol.pk]))
    assert Page.objects.filter(pk=protocol.pk).exists()
    bulk = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        + f"?id={page.pk}"
    )
    admin_client.post(bulk)
    assert Page.objects.filter(pk=page.pk).exists()


def test_a_page_without_versions_can_still_be_deleted(admin_client, protocol):
    url = reverse("wagtailadmin_pages:delete", args=[protocol.pk])
    admin_client.post(url)
    assert not Page.objects.filter(pk=protocol.pk).exists()


def test_approval_workflow_publishes_a_new_version(client, make_rule_set, superuser):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupApprovalTask, GroupPagePermission, WorkflowTask

    from tests.factories import UserFactory

    page = make_rule_set()
    approvers = Group.objects.create(name="Goedkeurders")
    editors = Group.objects.create(name="Redacteuren")
    admin_access = Permission.objects.get(codename="access_admin")
    for group, codenames in (
        (editors, ["add_page", "change_page"]),
        (approvers, ["change_page", "publish_page"]),
    ):
        group.permissions.add(admin_access)
        for codename in codenames:
            GroupPagePermission.objects.create(
                group=group,
                page=page.get_parent(),
                permission=Permission.objects.get(
                    codename=codename, content_type__app_label="wagtailcore"
                ),
            )
    workflow = Workflow.objects.create(name="Goedkeuring")
    task = GroupApprovalTask.objects.create(name="Directie")
    task.groups.set([approvers])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=page.get_parent(), workflow=workflow)

    editor = UserFactory(username="redacteur")
    editor.groups.add(editors)
    approver = UserFactory(username="goedkeurder")
    approver.groups.add(approvers)

    client.force_login(editor)
    response = post_edit(
        client,
        page,
        action="action-submit",
        rules=changed_rules(page),
        version_change_note="Via goedkeuring",
        version_material="on",
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_state.status == "in_progress"
    assert len(versions(page)) == 1, "nothing is recorded before approval"

    client.force_login(approver)
    state = page.current_workflow_state
    task_state = state.current_task_state
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", task_state.pk],
        ),
        {"comment": "Akkoord"},
    )
    assert response.status_code in (200, 302)
    assert [v.number for v in versions(page)] == ["1.0", "2.0"]
    assert versions(page)[-1].change_note == "Via goedkeuring"
    assert versions(page)[-1].published_by.username == "redacteur"


@pytest.mark.parametrize("versions_count", [1, 6])
def test_admin_version_views_have_bounded_queries(
    admin_client, make_rule_set, django_assert_max_num_queries, versions_count
):
    page = make_rule_set()
    from tests.conftest import publish

    for n in range(versions_count - 1):
        page = publish(page, title=f"Titel {n}", version_change_note=f"Wijziging {n}")
    first = versions(page)[0]
    urls = [
        reverse("policy_pages_admin:index", args=[page.pk]),
        reverse("policy_pages_admin:detail", args=[page.pk, first.pk]),
        reverse("policy_pages_admin:compare", args=[page.pk]),
    ]
    for url in urls:
        with django_assert_max_num_queries(30):
            assert admin_client.get(url).status_code == 200
