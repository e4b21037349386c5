"""The staff intranet. Mounted inside i18n_patterns: /nl/mijn-protocollen/, …"""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import passwords, views

app_name = "signoff"

urlpatterns = [
    path("mijn-protocollen/", views.my_protocols, name="my_protocols"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("wachtwoord/", passwords.AskForLinkView.as_view(), name="password_reset"),
    path(
        "wachtwoord/instellen/<uidb64>/<token>/",
        passwords.SetPasswordView.as_view(),
        name="set_password",
    ),
    path(
        "wachtwoord/ingesteld/",
        passwords.PasswordSetView.as_view(),
        name="password_set",
    ),
]
