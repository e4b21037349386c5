"""Mounted at /accounts/ (outside the language prefix: the provider calls back to
one fixed address): /accounts/oidc/school/login/ and …/login/callback/. Only
allauth's OpenID Connect views; none of its account pages (sign-up, e-mail
management), which this site does not offer."""

from allauth.socialaccount.providers.openid_connect.urls import urlpatterns

__all__ = ["urlpatterns"]
