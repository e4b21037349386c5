"""Optional middleware for the ++api++ (``policy_pages.api.urls``)."""

from .api.auth import InvalidTokenError, bearer_token, invalid_token_problem

API_PREFIX = "/++api++/"


class ApiTokenMiddleware:
    """``Authorization: Bearer <key>`` on the ++api++ acts as the token's user.

    A request with a token carries no ambient session authority, so it needs no
    CSRF token; a wrong or revoked key is refused with 401, never ignored: with
    this middleware on every ++api++ address (also those no operation answers),
    without it by the API's own authentication.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX) and request.META.get(
            "HTTP_AUTHORIZATION"
        ):
            try:
                bearer_token(request)
            except InvalidTokenError:
                return invalid_token_problem()
        return self.get_response(request)
