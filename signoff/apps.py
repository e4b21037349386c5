from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignoffConfig(AppConfig):
    """Sign-offs on versioned pages: the parent form, the staff intranet, the
    evidence and the officers' reports."""

    name = "signoff"
    verbose_name = _("Confirmations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import authentication  # noqa: F401 (connects its receiver)
