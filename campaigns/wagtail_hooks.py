from wagtail import hooks

from .viewsets import campaign_viewset, progress_button

hooks.register("register_admin_viewset", lambda: campaign_viewset)
hooks.register("register_snippet_listing_buttons", progress_button)
