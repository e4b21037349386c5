"""Retention, for a scheduled job: pseudonymise pupils who left more than
ROSTERS["RETENTION_YEARS"] years ago and their guardians, and drop the files of
imports that were never confirmed."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from rosters import retention


class Command(BaseCommand):
    help = "Pseudonymise pupils and guardians who left longer ago than the retention."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=None)

    def handle(self, *args, years, **options):
        done = retention.pseudonymise_left(years=years)
        dropped = retention.drop_abandoned_imports(
            before=timezone.now() - datetime.timedelta(days=1)
        )
        self.stdout.write(
            f"Pseudonymised {done['pupils']} pupils and {done['guardians']} "
            f"guardians; dropped {dropped} unconfirmed imports."
        )
