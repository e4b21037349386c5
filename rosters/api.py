"""``@roster-coverage`` in the ++api++: coverage of a parents' rule set against
the roster, per school and group. Counts need the coverage permission (editors,
approvers, officers); ``status=outstanding`` lists the children still to cover
with their guardians' contact details, for officers only."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from policy_pages import api as content_api
from signoff import permissions, reports
from signoff.models import School, SchoolGroup

from .coverage import outstanding_children

router = Router(tags=["roster"])


class RosterCoverageQuery(Schema):
    rule_set: str = Field(..., max_length=40, description="UID of the rule set")
    school: str = Field("", max_length=60)
    group: str = Field("", max_length=60)
    status: str = Field("counts", pattern="^(counts|outstanding)$")
    b_start: int = Field(0, ge=0, le=10_000_000)
    b_size: int = Field(50, ge=1, le=1000)


def _invalid(field: str):
    return content_api.problem(
        400,
        _("The request is not valid."),
        errors=[{"field": field, "message": _("This value is not valid.")}],
    )


@router.get(
    "/@roster-coverage",
    response={200: dict, 400: dict, 401: dict, 403: dict, 404: dict},
    summary="Coverage of a parents' rule set against the roster",
    by_alias=True,
)
def get_roster_coverage(request, query: Query[RosterCoverageQuery]):
    if not request.user.is_authenticated:
        return content_api.problem(
            401, _("Log in first"), _("This needs a signed-in user or a token.")
        )
    if not permissions.may_see_coverage(request.user):
        return content_api.problem(
            403, _("Not for you"), _("Only editors and officers may see coverage.")
        )
    if query.status == "outstanding" and not permissions.may_see_names(request.user):
        return content_api.problem(
            403, _("Not for you"), _("Only compliance officers may see who confirmed.")
        )
    try:
        key = uuid.UUID(query.rule_set)
    except ValueError:
        return _invalid("rule_set")
    page = reports.source_rule_sets().filter(translation_key=key).first()
    if page is None or permissions.is_staff_rule_set(page):
        return content_api.problem(
            404, _("Not found"), _("There is nothing at this address.")
        )
    school = group = None
    if query.school:
        school = School.objects.filter(token=query.school).first()
        if school is None:
            return _invalid("school")
    if query.group:
        group = SchoolGroup.objects.filter(school=school, token=query.group).first()
        if school is None or group is None:
            return _invalid("group")
    [result] = reports.coverage([page])
    groups = {g.pk: g for g in SchoolGroup.objects.select_related("school")}
    items = []
    for row in result.rows:
        row_group = groups.get(row.group_id)
        if row_group is None or row.expected is None:
            continue  # only what the roster expects
        if school and row_group.school_id != school.pk:
            continue
        if group and row_group.pk != group.pk:
            continue
        items.append(
            {
                "school": row_group.school.token,
                "school_title": row_group.school.name,
                "group": row_group.token,
                "group_title": row_group.name,
                "expected": row.expected,
                "covered": row.confirmed,
                "percent": row.percent,
            }
        )
    data = {
        "@id": f"{content_api.api_base(request)}/@roster-coverage",
        "rule_set": {"UID": str(page.translation_key), "title": page.title},
        "required_major": result.required_major,
        "totals": {
            "expected": result.expected,
            "covered": result.confirmed,
            "percent": result.percent,
        },
        "items": items,
    }
    if query.status == "outstanding":
        children = outstanding_children(
            page, result.required_major, school=school, group=group
        )
        batch = children[query.b_start : query.b_start + query.b_size]
        data["outstanding"] = [
            {
                "child": pupil.full_name,
                "school": pupil.school.token,
                "group": pupil.group.token,
                "guardians": [
                    {
                        "name": link.guardian.name,
                        "email": link.guardian.email,
                        "phone": link.guardian.phone,
                        "language": link.guardian.language,
                        "parental_responsibility": link.parental_responsibility,
                    }
                    for link in pupil.guardianships.all()
                ],
            }
            for pupil in batch
        ]
        data["outstanding_total"] = children.count()
        response = content_api.json_response(request, data)
        # Guardians' addresses and phone numbers: not even the browser keeps them.
        response["Cache-Control"] = "private, no-store"
        return response
    return content_api.json_response(request, data)
