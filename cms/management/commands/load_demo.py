"""manage.py load_demo: the Kalisto demo site (idempotent)."""

from django.core.management.base import BaseCommand

from cms.demo import content
from cms.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the Kalisto demo: protocol, rule sets, versions, translation, users."

    def handle(self, *args, **options):
        report = load_demo(campaign=True)
        if report.created:
            self.stdout.write(
                self.style.SUCCESS("Demo loaded: " + ", ".join(report.created))
            )
        else:
            self.stdout.write("Demo already present; nothing changed.")
        for text in report.missing_translations:
            self.stderr.write(f"No English for: {text[:80]}")
        self.stdout.write(f"Demo accounts (password for all: {content.DEMO_PASSWORD}):")
        for username, first, last, group, superuser in content.USERS:
            role = "superuser" if superuser else content.GROUPS[group]
            self.stdout.write(f"  {username:<13} {first} {last} ({role})")
