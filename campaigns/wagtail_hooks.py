from wagtail import hooks

from . import api, panels, progress, services
from .viewsets import campaign_viewset, progress_button

hooks.register("register_admin_viewset", lambda: campaign_viewset)
hooks.register("register_snippet_listing_buttons", progress_button)
hooks.register("confirm_with_invitation", services.confirm_with_token)
hooks.register("signoff_my_protocols_due_dates", progress.staff_due_dates)
hooks.register("construct_homepage_panels", panels.add_campaign_panel)


@hooks.register("register_akkoord_api_router")
def campaigns_api_router():
    """@campaigns in the ++api++."""
    return api.router
