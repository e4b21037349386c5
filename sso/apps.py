from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    """Staff sign in with the foundation's own accounts (OpenID Connect, through
    django-allauth): linked to the staff member already on the roster by their
    verified e-mail address, never a new account."""

    name = "sso"
    verbose_name = _("School account sign-in")
    default_auto_field = "django.db.models.BigAutoField"
