"""manage.py rebuild_signoff_tallies: recompute report counters from the evidence."""

from django.core.management.base import BaseCommand

from signoff import tallies


class Command(BaseCommand):
    help = "Recompute the confirmation counters used by the reports from the evidence."

    def handle(self, *args, **options):
        before = tallies.snapshot()
        tallies.rebuild()
        after = tallies.snapshot()
        if before == after:
            self.stdout.write("The counters were right; nothing changed.")
        else:
            self.stdout.write(self.style.WARNING("The counters were corrected."))
