"""Hears Wagtail: a published versioned page becomes a recorded version."""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import page_cache, services
from .cache import bump_generation
from .models import VersionedPageMixin


def record_version_on_publish(sender, instance, revision, **kwargs):
    # Wagtail also sends page_published when a new page is only scheduled; a
    # version is recorded when the revision is really live.
    if not isinstance(instance, VersionedPageMixin):
        return
    if not instance.live or instance.live_revision_id != revision.pk:
        return
    services.record_version(page=instance, revision=revision)


def invalidate_api_answers(sender, **kwargs):
    # Any change to the tree (or to page privacy) may change any answer. Raised
    # now and again after the commit: a request that read the old state during
    # the transaction must not leave its answer under the new generation.
    bump_generation()
    transaction.on_commit(bump_generation)


def register_signal_handlers():
    if apps.is_installed("wagtail.contrib.frontend_cache"):
        for signal in (page_published, page_unpublished):
            signal.connect(
                page_cache.purge_translations,
                dispatch_uid=f"frontend_cache_translations_{id(signal)}",
            )
    page_published.connect(
        record_version_on_publish, dispatch_uid="policy_pages_record_version"
    )
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(invalidate_api_answers, dispatch_uid=f"api_{id(signal)}")
    post_delete.connect(
        invalidate_api_answers, sender=Page, dispatch_uid="api_page_deleted"
    )
    # Page privacy decides who sees which answers (policy_pages.privacy).
    for signal in (post_save, post_delete):
        signal.connect(
            invalidate_api_answers,
            sender=PageViewRestriction,
            dispatch_uid=f"api_restriction_{id(signal)}",
        )
    m2m_changed.connect(
        invalidate_api_answers,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="api_restriction_groups",
    )
