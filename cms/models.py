"""The host site's own page type: the home page of each language."""

from typing import ClassVar

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The start page of the site in one language; lists the protocols below it."""

    introduction = RichTextField(
        _("introduction"), blank=True, features=["bold", "link"]
    )

    content_panels: ClassVar = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types: ClassVar = ["policy_pages.ProtocolPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def __str__(self) -> str:
        return self.title

    def get_context(self, request, *args, **kwargs):
        from policy_pages.models import ProtocolPage

        context = super().get_context(request, *args, **kwargs)
        context["protocols"] = ProtocolPage.objects.child_of(self).live()
        return context
