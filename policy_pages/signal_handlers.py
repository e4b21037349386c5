"""Hears Wagtail: a published versioned page becomes a recorded version."""

from wagtail.signals import page_published

from . import services
from .models import VersionedPageMixin


def record_version_on_publish(sender, instance, revision, **kwargs):
    # Wagtail also sends page_published when a new page is only scheduled; a
    # version is recorded when the revision is really live.
    if not isinstance(instance, VersionedPageMixin):
        return
    if not instance.live or instance.live_revision_id != revision.pk:
        return
    services.record_version(page=instance, revision=revision)


def register_signal_handlers():
    page_published.connect(
        record_version_on_publish, dispatch_uid="policy_pages_record_version"
    )
