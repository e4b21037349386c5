"""Admin form of versioned pages: refuses a publish that would make a bad version."""

from wagtail.admin.forms import WagtailAdminPageForm

# POST keys of the page editor's actions that publish now or start approval.
PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")


class VersionedPageForm(WagtailAdminPageForm):
    """Checks the "Versie" panel when the editor publishes or submits for approval.

    Saving a draft is always allowed: the change note may be written later.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self._start_new_version()

    def _start_new_version(self):
        """Open the "Versie" panel empty when it still states the published version.

        The panel's fields are saved with each revision, so after publishing 2.0
        they still say "major change" and 2.0's note. A new edit starts from a blank
        statement instead, so nobody makes 3.0 by accident.
        """
        from .services import is_source_page, latest_version

        if not is_source_page(self.instance):
            return
        latest = latest_version(self.instance)
        note = (self.instance.version_change_note or "").strip()
        if latest is not None and note == latest.change_note.strip():
            self.initial.update(
                version_change_note="",
                version_material=False,
                version_effective_date=None,
            )

    def _publishes(self) -> bool:
        """Publish, submit, or approve; an approver may still reject a bad draft."""
        if "action-workflow-action" in self.data:
            return self.data.get("workflow-action-name") == "approve"
        return any(key in self.data for key in PUBLISHING_ACTIONS)

    def _post_clean(self):
        # The instance is only filled in from the form here, after clean().
        super()._post_clean()
        if not self.is_bound or not self._publishes():
            return
        from .services import new_version_errors

        for field_name, message in new_version_errors(page=self.instance).items():
            if field_name in self.fields:
                self.add_error(field_name, message)
            else:
                self.add_error(None, message)
