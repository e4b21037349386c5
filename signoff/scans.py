"""Scans of signed paper forms: Wagtail documents that only officers can open.

They live in one collection with a view restriction to the groups that hold
``signoff.view_signoff`` (kept in step each time a scan is stored), under a random
file name, so neither the address nor the file says whose form it is.
"""

from __future__ import annotations

import secrets
from pathlib import PurePath

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.permission_policies.collections import (
    CollectionOwnershipPermissionPolicy,
)

COLLECTION_NAME = "Papieren akkoordverklaringen"

# What a scan may be: the extension and how such a file starts.
SCAN_TYPES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


def officer_groups():
    return Group.objects.filter(
        permissions__content_type__app_label="signoff",
        permissions__codename="view_signoff",
    ).distinct()


@transaction.atomic
def paper_scan_collection() -> Collection:
    """The collection of scans, created on first use, viewable by officers only."""
    collection = Collection.objects.filter(name=COLLECTION_NAME).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=COLLECTION_NAME)
    restriction, _created = CollectionViewRestriction.objects.get_or_create(
        collection=collection,
        defaults={"restriction_type": CollectionViewRestriction.GROUPS},
    )
    if restriction.restriction_type != CollectionViewRestriction.GROUPS:
        restriction.restriction_type = CollectionViewRestriction.GROUPS
        restriction.save(update_fields=["restriction_type"])
    restriction.groups.set(officer_groups())
    return collection


def scan_extension(upload: UploadedFile) -> str | None:
    """The scan's type, when its name and its first bytes agree; else ``None``."""
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    starts = SCAN_TYPES.get(extension)
    if starts is None:
        return None
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return extension if head.startswith(starts) else None


def store_paper_scan(*, upload: UploadedFile, uploaded_by):
    """Store ``upload`` as a document in the officers-only collection."""
    extension = scan_extension(upload) or "bin"
    upload.name = f"akkoord-scan-{secrets.token_urlsafe(16)}.{extension}"
    document = get_document_model()(
        title=_("Scan of a paper confirmation, uploaded %(date)s")
        % {"date": timezone.localdate().strftime("%d-%m-%Y")},
        file=upload,
        collection=paper_scan_collection(),
        uploaded_by_user=uploaded_by,
    )
    document._set_document_file_metadata()
    document.save()
    return document


class PaperScanDocumentPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's document policy, except for scans of paper confirmations: they
    are evidence, so nobody edits, replaces or deletes them in the document
    library, and they are not listed there or offered in the chooser (officers
    open them from the confirmation's record)."""

    def _is_scan(self, instance) -> bool:
        return (
            instance.collection_id is not None
            and Collection.objects.filter(
                pk=instance.collection_id, name=COLLECTION_NAME
            ).exists()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        if self._is_scan(instance):
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if self._is_scan(instance):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return (
            super()
            .instances_user_has_any_permission_for(user, actions)
            # By id: the search backend filters on ``collection``, not its name.
            .exclude(
                collection_id__in=list(
                    Collection.objects.filter(name=COLLECTION_NAME).values_list(
                        "pk", flat=True
                    )
                )
            )
        )


def register_document_policy() -> None:
    from wagtail.documents import get_document_model_string
    from wagtail.permissions import register_permission_policy

    register_permission_policy(
        get_document_model(),
        PaperScanDocumentPolicy(
            get_document_model_string(),
            auth_model="wagtaildocs.Document",
            owner_field_name="uploaded_by_user",
        ),
        # For the exact class: wagtail.documents registers its own policy in its
        # ready(), which may run after this, for the class and its subclasses.
        exact_class=True,
    )
