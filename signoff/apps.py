from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignoffConfig(AppConfig):
    """Sign-offs on versioned pages. Models, forms and reports arrive in issue 3."""

    name = "signoff"
    verbose_name = _("Confirmations")
    default_auto_field = "django.db.models.BigAutoField"
