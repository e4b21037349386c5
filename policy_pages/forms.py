"""Admin form of versioned pages: refuses a publish that would make a bad version."""

from wagtail.admin.forms import WagtailAdminPageForm

# POST keys of the page editor's actions that publish now or start approval.
PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-workflow-action")


class VersionedPageForm(WagtailAdminPageForm):
    """Checks the "Versie" panel when the editor publishes or submits for approval.

    Saving a draft is always allowed: the change note may be written later.
    """

    def _post_clean(self):
        # The instance is only filled in from the form here, after clean().
        super()._post_clean()
        if not self.is_bound or not any(k in self.data for k in PUBLISHING_ACTIONS):
            return
        from .services import new_version_errors

        for field_name, message in new_version_errors(page=self.instance).items():
            if field_name in self.fields:
                self.add_error(field_name, message)
            else:
                self.add_error(None, message)
