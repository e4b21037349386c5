"""Wagtail wiring of signoff: page routes, the confirm box, admin views."""

from django.template.loader import render_to_string
from django.urls import path
from wagtail import hooks

from . import views
from .status import staff_statuses


@hooks.register("register_versioned_page_routes")
def signoff_page_routes():
    return [
        path("akkoord/", views.confirm_view, name="signoff_confirm"),
        path("akkoord/bedankt/", views.thanks_view, name="signoff_thanks"),
    ]


@hooks.register("insert_versioned_page_actions")
def confirm_box(request, page, version):
    if not hasattr(page, "audience"):
        return ""
    staff = views.is_staff_rule_set(page)
    status = None
    if staff and request is not None and views.may_confirm_as_staff(request.user, page):
        status = staff_statuses(request.user, [page])[0]
    return render_to_string(
        "signoff/includes/page_action.html",
        {
            "staff": staff,
            "status": status,
            "confirm_url": page.url + page.reverse_subpage("signoff_confirm"),
            "user": getattr(request, "user", None),
        },
        request=request,
    )
