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
