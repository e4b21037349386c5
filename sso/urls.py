"""Mounted at /accounts/ (outside the language prefix: the provider calls back to
one fixed address): /accounts/oidc/school/login/ and …/login/callback/, allauth's
OpenID Connect views (``views``) under allauth's URL names. None of allauth's
account pages (sign-up, e-mail management): this site offers none of them."""

from django.urls import path

from . import views

urlpatterns = [
    path("oidc/<str:provider_id>/login/", views.login, name="openid_connect_login"),
    path(
        "oidc/<str:provider_id>/login/callback/",
        views.callback,
        name="openid_connect_callback",
    ),
]
