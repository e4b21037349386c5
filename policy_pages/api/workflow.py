"""@workflow: editors see the state and what approving would publish;
who may takes a transition."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from wagtail.models import Page

from ..models import VersionedPageMixin
from . import router
from .http import (
    PagePath,
    api_id,
    json_response,
    problem,
    resolve,
)
from .schemas import (
    Problem,
)

# -- @workflow ---------------------------------------------------------------------


class WorkflowIn(Schema):
    comment: str = Field("", max_length=2000)


def _editable(request, path: str) -> Page:
    if not request.user.is_authenticated:
        raise HttpError(401, _("Log in first"))
    page = resolve(request, path)
    if not page.permissions_for_user(request.user).can_edit():
        raise HttpError(403, _("Only editors of this page may see its workflow."))
    return page


def workflow_state(page: Page) -> str:
    if page.expired:
        return "expired"
    if page.workflow_in_progress:
        return "in_moderation"
    if page.revisions.filter(approved_go_live_at__isnull=False).exists():
        return "scheduled"
    return "live" if page.live else "draft"


def transitions(page: Page, user) -> list[dict]:
    permissions = page.permissions_for_user(user)
    state = page.current_workflow_state
    result = []
    if state is not None and state.is_active:
        task_state = state.current_task_state
        if task_state is not None:
            task = task_state.task.specific
            seen = set()
            for name, label, _modal in task.get_actions(page, user):
                if name not in seen:
                    seen.add(name)
                    result.append({"name": name, "title": str(label)})
        if state.user_can_cancel(user):
            result.append({"name": "cancel", "title": _("Cancel the approval")})
    elif (
        page.has_unpublished_changes
        and page.get_workflow() is not None
        and permissions.can_submit_for_moderation()
    ):
        result.append({"name": "submit", "title": _("Submit for approval")})
    return result


def workflow_data(request, page: Page) -> dict:
    workflow = page.get_workflow()
    state = page.current_workflow_state
    current_task = state.current_task_state if state and state.is_active else None
    return {
        "@id": f"{api_id(request, page)}/@workflow",
        "state": workflow_state(page),
        "workflow": (
            {
                "name": workflow.name,
                "tasks": [
                    {
                        "name": task.name,
                        "active": bool(
                            current_task and current_task.task_id == task.pk
                        ),
                    }
                    for task in workflow.tasks.all()
                ],
            }
            if workflow
            else None
        ),
        "transitions": transitions(page, request.user),
        "pending_version": pending_version_data(page),
    }


def pending_version_data(page: Page) -> dict | None:
    """What approving the latest draft would publish, rule by rule (as @diff)."""
    from ..models.rules import pending_version

    draft = page.get_latest_revision_as_object()
    pending = (
        pending_version(draft=draft) if isinstance(draft, VersionedPageMixin) else None
    )
    if pending is None:
        return None
    return {
        "number": pending.number,
        "from": pending.previous.number if pending.previous else None,
        "change_note": pending.change_note,
        "material": pending.material,
        "effective_date": pending.effective_date.isoformat(),
        "errors": [
            {"field": name, "message": message}
            for name, message in pending.errors.items()
        ],
        **pending.diff.as_data(),
    }


def _version_refused(errors: dict) -> HttpResponse:
    return problem(
        400,
        _("This draft cannot become a new version yet."),
        _("Fill in the 'Version' panel of the page first: see errors."),
        errors=[
            {"field": name, "message": str(message)}
            for name, messages in errors.items()
            for message in (messages if isinstance(messages, list) else [messages])
        ],
    )


@router.get(
    "/{path:path}/@workflow",
    response={200: dict, 401: Problem, 403: Problem, 404: Problem},
    summary="Editors: the page's state, workflow and allowed transitions",
    by_alias=True,
)
def get_workflow(request, path: PagePath):
    page = _editable(request, path)
    return json_response(request, workflow_data(request, page))


@router.post(
    "/{path:path}/@workflow/{transition}",
    response={200: dict, 400: Problem, 401: Problem, 403: Problem, 404: Problem},
    summary="Editors and approvers: take a transition",
    by_alias=True,
)
def post_workflow(request, path: PagePath, transition: str, payload: WorkflowIn):
    page = _editable(request, path)
    allowed = {t["name"] for t in transitions(page, request.user)}
    if transition not in allowed:
        raise HttpError(403, _("You may not take this step now."))
    if transition in ("submit", "approve"):
        # Refused before anything starts: the same rule as every publish.
        from ..models.rules import new_version_errors

        draft = page.get_latest_revision_as_object()
        if isinstance(draft, VersionedPageMixin):
            errors = new_version_errors(page=draft)
            if errors:
                return _version_refused(errors)
    if transition == "submit":
        if not page.has_unpublished_changes:
            raise HttpError(400, _("There is no new draft to submit."))
        page.get_workflow().start(page, request.user)
    elif transition == "cancel":
        page.current_workflow_state.cancel(user=request.user)
    else:
        from ..models import PublishRefused

        state = page.current_workflow_state
        task_state = state.current_task_state
        try:
            task_state.task.specific.on_action(
                task_state, request.user, transition, comment=payload.comment
            )
        except PublishRefused as refused:  # the action is rolled back
            return _version_refused(refused.message_dict)
    page = type(page).objects.get(pk=page.pk)
    return json_response(request, workflow_data(request, page))
