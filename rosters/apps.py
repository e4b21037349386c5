from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RostersConfig(AppConfig):
    """Who must confirm: pupils, guardians and staff from the school's
    administration, and coverage measured against that list."""

    name = "rosters"
    verbose_name = _("Rosters")
    default_auto_field = "django.db.models.BigAutoField"
