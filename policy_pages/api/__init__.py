"""The ++api++ for pages: content by path, versions, diffs, translations,
workflow and the site-wide views, as one Ninja router.

The API address of a page is its HTML address with /++api++ in front. Live
answers are cached as compact JSON bytes per page, live revision, language and
expansion, under a generation number that every publish, unpublish, move or
delete raises, so no server ever answers from a stale entry.
"""

from ninja import Router

router = Router(tags=["content"])

# Declaration order is matching order: site-wide views, then the named views of
# a page, then the content catch-all.
from . import site, workflow, content  # noqa: E402, F401, I001
from ..cache import bump_generation  # noqa: E402
from .http import (  # noqa: E402
    PROBLEM,
    NotCanonicalError,
    PagePath,
    api_base,
    canonical_location,
    json_response,
    problem,
    resolve,
)
from .schemas import VersionInfo  # noqa: E402
from .serializers import version_info  # noqa: E402
from .site import register_vocabulary  # noqa: E402

__all__ = [
    "PROBLEM",
    "NotCanonicalError",
    "PagePath",
    "VersionInfo",
    "api_base",
    "bump_generation",
    "canonical_location",
    "json_response",
    "problem",
    "register_vocabulary",
    "resolve",
    "router",
    "version_info",
]
