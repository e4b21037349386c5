"""The campaigns' daily job (cron, like Wagtail's ``publish_scheduled``): open
campaigns whose day has come, invite newcomers, withdraw leavers, queue the
reminders due today and start sending. Safe to run twice or on two servers at
once: the database allows one mail per person and step."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from campaigns import services


class Command(BaseCommand):
    help = "Move every running campaign along: invitations and reminders due today."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", help="Run as on this date (YYYY-MM-DD), for catching up."
        )

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today takes a date as YYYY-MM-DD.") from None
        counts = services.run_campaigns(today=today)
        self.stdout.write(
            "Invited {invited}, withdrawn {withdrawn}, reminders queued "
            "{reminded}.".format(**counts)
        )
