"""@signoff in the ++api++: a signed-in user's status, and recording a confirmation.

The same services and the same form checks as the HTML site: the API never writes
a model itself, and a parent's bad input gets the same messages as on the form.
"""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from wagtail import hooks

from policy_pages import api as content_api
from policy_pages.api import PagePath
from policy_pages.models import parse_version_number

from . import permissions, reports, services
from .authentication import signed_in_with
from .exports import RowsExport, export_moment
from .models import Channel, SignOff
from .ratelimit import parent_over_limit, user_over_limit
from .schemas import (
    Conflict,
    InvalidInputError,
    ParentIn,
    Receipt,
    Sent,
    SignOffIn,
    SignOffStatus,
)
from .status import staff_statuses
from .views import site_url

router = Router(tags=["sign-off"])
CONFIRM_FACTS = ("translation_key", "locale__language_code", "audience__group_id")


@content_api.register_vocabulary("schools")
def school_terms(request):
    from .models import School

    return [
        {
            "token": school.token,
            "title": school.name,
            "groups": [
                {"token": g.token, "title": g.name} for g in school.groups.all()
            ],
        }
        for school in School.objects.prefetch_related("groups")
    ]


def _receipt(signoff) -> dict:
    return {
        "id": signoff.reference,
        "version": signoff.number,
        "content_hash": signoff.content_hash,
        "signed_at": signoff.signed_at.isoformat(),
        "language": signoff.language,
    }


@router.get(
    "/{path:path}/@signoff",
    response={200: SignOffStatus, 401: dict, 404: dict},
    summary="Your status for this rule set (signed-in users)",
    by_alias=True,
)
def get_signoff(request, path: PagePath):
    page = content_api.resolve(request, path)
    if not permissions.is_rule_set(page):
        return content_api.problem(
            404, _("Not found"), _("There is nothing at this address.")
        )
    if not request.user.is_authenticated:
        return content_api.problem(
            401, _("Log in first"), _("This needs a signed-in user or a token.")
        )
    required = permissions.must_confirm(request.user, page)
    status = staff_statuses(request.user, [page])[0]
    data = {
        "required": required,
        "status": status.status,
        "current_version": status.current.number if status.current else None,
        "signed_version": status.signed.number if status.signed else None,
        "signed_at": status.signed.signed_at.isoformat() if status.signed else None,
    }
    return content_api.json_response(request, data)


@router.post(
    "/{path:path}/@signoff",
    response={
        200: Receipt,
        201: Receipt,
        202: Sent,
        400: dict,
        403: dict,
        404: dict,
        409: Conflict,
        413: dict,
        429: dict,
    },
    summary="Record a confirmation of the version shown",
    description=(
        "Signed-in staff (session with the CSRF token) or an API token's owner: "
        "201 with the receipt, 200 with the same receipt when repeated. A parent "
        "without an account: 202, the same answer whatever was stored before; the "
        "confirmation counts once the link e-mailed to the address given is "
        "followed."
    ),
    by_alias=True,
)
def post_signoff(request, path: PagePath, payload: SignOffIn):
    # Who may confirm, in which language: a few facts, not the page's content.
    page = content_api.resolve(request, path, only=CONFIRM_FACTS)
    if not permissions.is_rule_set(page):
        return content_api.problem(
            404, _("Not found"), _("There is nothing at this address.")
        )
    language = page.locale.language_code
    if payload.language != language:
        return _invalid(
            {"language": _("This page is in %(language)s.") % {"language": language}}
        )
    if parse_version_number(payload.version) is None:
        return _invalid({"version": _("This value is not valid.")})
    refused = permissions.refusal(request.user, page)
    if refused is permissions.Refusal.SIGN_IN:
        return content_api.problem(
            401, _("Log in first"), _("This needs a signed-in user or a token.")
        )
    if refused is permissions.Refusal.NOT_IN_GROUP:
        return content_api.problem(
            403,
            _("Not for you"),
            _("These rules are for staff members. Your account is not in that group."),
        )
    staff = permissions.is_staff_rule_set(page)
    parent = None
    if not staff:
        if payload.token:
            return _confirm_with_invitation(request, page, payload)
        try:
            parent = ParentIn.details_from(payload)
        except InvalidInputError as error:
            return _invalid(error.errors)
    if user_over_limit(request) if staff else parent_over_limit(request):
        return content_api.problem(
            429,
            _("Too many attempts"),
            _("You have tried too often. Try again in a few minutes."),
        )
    shown = services.Shown(page.pk, payload.version, payload.content_hash, language)
    try:
        result = services.confirm(
            shown,
            channel=Channel.API,
            user=request.user if staff else None,
            api_token=getattr(request, "api_token", None) if staff else None,
            signed_in_with=signed_in_with(request) if staff else "",
            parent=parent,
            site_url=site_url(request),
        )
    except services.TranslationBehindError as error:
        return _conflict(
            error.source_current,
            detail=_(
                "This translation has not been updated yet. Read the Dutch version to "
                "confirm."
            ),
        )
    except services.StaleVersionError as error:
        return _conflict(error.current)
    if parent is not None:
        # The same answer whether this was new, a repeat or another family's.
        return content_api.json_response(
            request,
            {
                "status": "sent",
                "title": _("Check your e-mail"),
                "detail": _(
                    "We have sent an e-mail to the address you gave. It says what to "
                    "do next: usually one click on a link to confirm it was you. "
                    "Only then does your confirmation count."
                ),
            },
            status=202,
        )
    return content_api.json_response(
        request, _receipt(result.signoff), status=201 if result.created else 200
    )


def _confirm_with_invitation(request, page, payload) -> HttpResponse:
    """A guardian's personal invitation token instead of their details: the
    app that owns invitations (``confirm_with_invitation`` hook) confirms for
    each of their children it covers. 201 when any is new, else 200."""
    confirmers = hooks.get_hooks("confirm_with_invitation")
    if not confirmers:
        return _invalid({"token": _("This invitation is not valid.")})
    if parent_over_limit(request):
        return content_api.problem(
            429,
            _("Too many attempts"),
            _("You have tried too often. Try again in a few minutes."),
        )
    shown = services.Shown(
        page.pk, payload.version, payload.content_hash, page.locale.language_code
    )
    try:
        confirmed = confirmers[-1](
            token=payload.token, shown=shown, page=page, site_url=site_url(request)
        )
    except services.InvalidInvitationError as error:
        return _invalid({"token": str(error)})
    except services.TranslationBehindError as error:
        return _conflict(error.source_current)
    except services.StaleVersionError as error:
        return _conflict(error.current)
    return content_api.json_response(
        request,
        {"items": [_receipt(c.signoff) for c in confirmed]},
        status=201 if any(c.created for c in confirmed) else 200,
    )


def _invalid(errors: dict) -> HttpResponse:
    return content_api.problem(
        400,
        _("The request is not valid."),
        _("Check the fields named in errors."),
        errors=[{"field": f, "message": str(m)} for f, m in errors.items()],
    )


def _conflict(current, detail=None):
    return content_api.problem(
        409,
        _("This is not the current version"),
        detail
        or _("The rules have just changed. Read the new version and confirm again."),
        current_version=content_api.version_info(current),
    )


# -- @signoffs: the officers' list -------------------------------------------------


class SignOffsQuery(Schema):
    rule_set: str = Field(..., max_length=40, description="UID of the rule set")
    version: str = Field("", max_length=12)
    school: str = Field("", max_length=60)
    group: str = Field("", max_length=60)
    status: str = Field("done", pattern="^(done|outstanding)$")
    b_start: int = Field(0, ge=0, le=10_000_000)
    b_size: int = Field(50, ge=1, le=1000)


@router.get(
    "/@signoffs",
    response={200: dict, 400: dict, 401: dict, 403: dict, 404: dict},
    summary="Officers: who confirmed a rule set, or who is outstanding; CSV too",
    by_alias=True,
)
def get_signoffs(request, query: Query[SignOffsQuery]):
    if not request.user.is_authenticated:
        return content_api.problem(
            401, _("Log in first"), _("This needs a signed-in user or a token.")
        )
    if not request.user.has_perm("signoff.view_signoff"):
        return content_api.problem(
            403, _("Not for you"), _("Only compliance officers may see who confirmed.")
        )
    try:
        key = uuid.UUID(query.rule_set)
    except ValueError:
        return content_api.problem(
            400,
            _("The request is not valid."),
            errors=[{"field": "rule_set", "message": _("This value is not valid.")}],
        )
    page = reports.source_rule_sets().filter(translation_key=key).first()
    if page is None:
        return content_api.problem(
            404, _("Not found"), _("There is nothing at this address.")
        )
    [totals] = reports.coverage([page])
    base = f"{content_api.api_base(request)}/@signoffs"
    if query.status == "outstanding":
        people = reports.outstanding_staff(page)
        if query.school:
            people = people.filter(signoff_schools__token=query.school)
        rows = [
            {
                "name": u.get_full_name() or u.get_username(),
                "username": u.get_username(),
                "email": u.email,
                "schools": ", ".join(s.name for s in u.signoff_schools.all()),
            }
            for u in people[query.b_start : query.b_start + query.b_size]
        ]
        total = people.count()
    else:
        signoffs = (
            SignOff.objects.compliant_with(page)
            .select_related("user", "school", "group")
            .order_by("-signed_at", "-pk")
        )
        if query.version:
            number = parse_version_number(query.version)
            if number is None:
                return content_api.problem(
                    400,
                    _("The request is not valid."),
                    errors=[
                        {"field": "version", "message": _("This value is not valid.")}
                    ],
                )
            signoffs = signoffs.filter(major=number[0], minor=number[1])
        if query.school:
            signoffs = signoffs.filter(school__token=query.school)
        if query.group:
            signoffs = signoffs.filter(group__token=query.group)
        total = signoffs.count()
        rows = [
            {
                "id": s.reference,
                "name": s.signer_name,
                "email": s.parent_email or (s.user.email if s.user_id else ""),
                "child_name": s.child_name,
                "school": s.school_name,
                "group": s.group_name,
                "version": s.number,
                "language": s.language,
                "channel": s.channel,
                "signed_at": export_moment(s.signed_at),
            }
            for s in signoffs[query.b_start : query.b_start + query.b_size]
        ]
    if "text/csv" in request.headers.get("Accept", ""):
        return _csv(rows, query.status)
    return content_api.json_response(
        request,
        {
            "@id": base,
            "rule_set": {"UID": str(page.translation_key), "title": page.title},
            "status": query.status,
            "items": rows,
            "items_total": total,
            "totals": {
                "confirmed": totals.confirmed,
                # Parents' confirmations waiting for their e-mailed link: not
                # counted as confirmed.
                "unverified": totals.unverified,
                "expected": totals.expected,
                "percent": totals.percent,
                "required_major": totals.required_major,
                "per_version": dict(totals.per_version),
            },
        },
    )


def _csv(rows: list[dict], status: str) -> HttpResponse:
    export = RowsExport(
        list(rows[0]) if rows else ["name"],
        filename=f"akkoord-{status}",
        moment_fields=["signed_at"],
    )
    # One batch (at most 1,000 rows): a whole response, not a stream.
    response = HttpResponse(
        b"".join(export.stream_csv(rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="akkoord-{status}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def expand_signoff(request, page, data, expand):
    """``?expand=signoff`` puts the caller's own status inline (never cached)."""
    if "signoff" not in expand or not permissions.is_rule_set(page):
        return
    if not request.user.is_authenticated:
        data["@components"]["signoff"]["status"] = None
        return
    status = staff_statuses(request.user, [page])[0]
    data["@components"]["signoff"].update(
        required=permissions.must_confirm(request.user, page),
        status=status.status,
        signed_version=status.signed.number if status.signed else None,
    )
