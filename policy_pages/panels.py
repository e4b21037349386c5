"""Read-only panels of the page editor: what a publish would record."""

from __future__ import annotations

from typing import Any

from wagtail.admin.panels import Panel


class PendingVersionPanel(Panel):
    """What publishing this draft would record, compared rule by rule with the
    current version: the number, the change note, the kind of change and the
    effective date. Approvers review in the edit screen, so they see it there.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "policy_pages/admin/pending_version_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.pending = self.instance.pending_version()

        def is_shown(self) -> bool:
            return self.pending is not None

        def get_context_data(self, parent_context=None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            pending = self.pending
            context.update(
                pending=pending,
                diff=pending.diff,
                from_version=pending.previous,
                to_version={"number": pending.number},
            )
            return context


class LaggingTranslationsPanel(Panel):
    """On a source page: which translations are behind its current version.

    Their readers cannot confirm; they are sent to this page instead.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "policy_pages/admin/lagging_translations_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.lags = self.instance.lagging_translations()

        def is_shown(self) -> bool:
            return bool(self.lags)

        def get_context_data(self, parent_context=None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            context["lags"] = self.lags
            return context
