"""The ++api++: one Django Ninja API made of this app's router and those other
apps register with the ``register_akkoord_api_router`` hook.

Errors are RFC 9457 problem details (``application/problem+json``) in the caller's
language (Accept-Language, the site's default otherwise): never an HTML page or a
stack trace. A site mounts it with ``policy_pages.api.urls``.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from . import router as content_router
from .auth import CALLERS
from .extensions import component_names, routers
from .http import PROBLEM, NotCanonicalError, Problem, canonical_location, problem

logger = logging.getLogger(__name__)


class PloneStyleAPI(NinjaAPI):
    """Documents what every operation may answer: errors as problem details."""

    ALWAYS = {
        "301": "Moved to the canonical address (no doubled or trailing slashes)",
        "400": "Bad request",
        "401": "Not signed in, bad token, or a page restricted to signed-in people",
        "403": "Not allowed: page privacy, permissions, or a missing CSRF token",
        "404": "Not found",
        "413": "The body is larger than the site's limit",
    }

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        problem_schema = {
            "type": "object",
            "required": ["type", "title", "status"],
            "properties": {
                "type": {"type": "string"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
                "errors": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "field": {"type": "string"},
                            "message": {"type": "string"},
                        },
                    },
                },
            },
        }
        schema.setdefault("components", {}).setdefault("schemas", {})[
            "ProblemDetails"
        ] = problem_schema
        ref = {"$ref": "#/components/schemas/ProblemDetails"}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for code, description in self.ALWAYS.items():
                    responses.setdefault(code, {"description": description})
                for code, response in responses.items():
                    if int(code) >= 400:
                        extra = {}
                        if code == "409":
                            extra = (
                                response.get("content", {})
                                .get("application/json", {})
                                .get("schema", {})
                            )
                        response["content"] = {PROBLEM: {"schema": extra or ref}}
        return schema


named_views = ", ".join(f"@{name}" for name in component_names() if name != "workflow")
api = PloneStyleAPI(
    auth=CALLERS,
    title="Akkoord ++api++",
    version="1",
    description=(
        "Plone-style headless API: the API address of a page is its HTML address "
        f"with /++api++ in front. Named views hang off a page with @ ({named_views})."
    ),
    urls_namespace="plone_api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
# Named views of other apps (…/@name) are declared before the catch-all content
# route, so they match first.
for contributed in routers():
    api.add_router("", contributed)
api.add_router("", content_router)


def _field_name(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload")]
    return ".".join(parts) or "body"


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    errors = [
        {"field": _field_name(error.get("loc", ())), "message": _translate(error)}
        for error in exc.errors
    ]
    return problem(
        400,
        _("The request is not valid."),
        _("Check the fields named in errors."),
        errors=errors,
    )


def _translate(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind in ("json_invalid", "json_type"):
        return _("The body is not valid JSON.")
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return _("This value has the wrong type.")
    return error.get("msg", _("This value is not valid."))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return problem(404, _("Not found"), _("There is nothing at this address."))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return problem(401, _("Log in first"), _("This needs a signed-in user or a token."))


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    """Every problem raised under the API (``Problem``: refused tokens, CSRF, …)
    and Ninja's own ``HttpError``s."""
    if isinstance(exc, Problem):
        return problem(exc.status_code, str(exc.title), str(exc.detail))
    if exc.status_code == 400 and exc.__cause__ is not None:
        # Ninja could not parse the body (bad JSON, or nested too deep).
        return problem(
            400,
            _("The request is not valid."),
            _("The body is not valid JSON."),
            errors=[{"field": "body", "message": _("The body is not valid JSON.")}],
        )
    return problem(exc.status_code, str(exc.message))


@api.exception_handler(NotCanonicalError)
def on_not_canonical(request, exc):
    if request.method in ("GET", "HEAD"):
        return HttpResponsePermanentRedirect(canonical_location(request))
    return problem(404, _("Not found"), _("There is nothing at this address."))


@api.exception_handler(RequestDataTooBig)
def on_too_big(request, exc):
    """Django's own limit on a body. A site's middleware usually answers first
    with its own, smaller limit (signoff's request guard does)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return problem(
        413,
        _("The request is too large"),
        _("Send at most %(size)d kB.") % {"size": limit // 1024},
    )


@api.exception_handler(Exception)
def on_error(request, exc):
    logger.exception("Unexpected API error")
    return problem(500, _("Something went wrong"), _("Please try again later."))


@csrf_exempt  # nothing is changed here; answer 404, not a CSRF page
def not_found(request, *args, **kwargs):
    """Any other address under /++api++/ (even one no route can match): 404."""
    return problem(404, _("Not found"), _("There is nothing at this address."))
