"""StreamField blocks of the policy pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class RuleBlock(blocks.RichTextBlock):
    """One rule. Its StreamField block id is the rule's stable id across versions."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ol", "ul"])
        super().__init__(**kwargs)

    class Meta:
        icon = "list-ol"
        label = _("Rule")
