from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyPagesConfig(AppConfig):
    name = "policy_pages"
    verbose_name = _("Protocols and codes of conduct")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
