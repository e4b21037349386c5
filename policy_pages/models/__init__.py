"""Protocol and rule-set pages, and the immutable versions their publication records."""

from .pages import (
    RICH_TEXT_FEATURES,
    Audience,
    ProtocolPage,
    PublishRefused,
    RuleSetPage,
    VersionedPageMixin,
)
from .versions import (
    ImmutableRowError,
    PolicyVersion,
    PolicyVersionQuerySet,
    next_number,
    parse_version_number,
)

__all__ = [
    "RICH_TEXT_FEATURES",
    "Audience",
    "ImmutableRowError",
    "PolicyVersion",
    "PolicyVersionQuerySet",
    "ProtocolPage",
    "PublishRefused",
    "RuleSetPage",
    "VersionedPageMixin",
    "next_number",
    "parse_version_number",
]
