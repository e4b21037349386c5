"""The roster import for a nightly job: the same preset, plan and writer as the
admin's import. Prints what changes; writes nothing when the file has errors
or with --dry-run."""

from pathlib import Path

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rosters import files, importing, presets, services, staff_import
from signoff.models import School


class Command(BaseCommand):
    help = "Import pupils and guardians from the school administration's file(s)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--preset", required=True, choices=[*sorted(presets.PRESETS), "staff"]
        )
        parser.add_argument(
            "--user-group",
            help="staff: the user group whose members confirm the staff rules",
        )
        parser.add_argument(
            "--school", help="School name or code, for files without a school column"
        )
        parser.add_argument("--create-missing", action="store_true")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "paths",
            nargs="+",
            help="The file, or for zermelo leerlingen.csv and ouders.csv",
        )

    def handle(self, *args, preset, school, create_missing, dry_run, paths, **opts):
        if preset == "staff":
            return self._staff(paths, opts["user_group"], dry_run)
        slots = [slot.key for slot in presets.PRESETS[preset].slots]
        if len(paths) != len(slots):
            raise CommandError(f"{preset} takes {len(slots)} file(s): {slots}")
        school_obj = None
        if school:
            school_obj = (
                School.objects.filter(token=school).first()
                or School.objects.filter(name__iexact=school).first()
            )
            if school_obj is None:
                raise CommandError(f"Unknown school: {school}")
        try:
            tables = {
                slot: self._read(Path(path))
                for slot, path in zip(slots, paths, strict=True)
            }
            parsed = presets.parse(preset, tables)
        except files.FileRefused as refused:
            raise CommandError(str(refused)) from refused
        with transaction.atomic():
            plan = importing.plan_import(
                parsed, school=school_obj, language_given=preset == "akkoord"
            )
            if plan.missing and create_missing and not plan.errors:
                services.create_places(plan.missing)
                plan = importing.plan_import(
                    parsed, school=school_obj, language_given=preset == "akkoord"
                )
            for error in plan.errors:
                self.stderr.write(
                    f"{error.file}:{error.line} {error.column}: {error.message}"
                )
            for place in plan.missing:
                self.stderr.write(f"Unknown: {place.school} {place.group}".rstrip())
            if plan.errors or plan.missing:
                raise CommandError("Nothing was imported.")
            summary = plan.summary()
            self.stdout.write(
                ", ".join(f"{key}: {value}" for key, value in summary.items())
            )
            if dry_run:
                transaction.set_rollback(True)
                return
            services.execute_plan(plan)

    def _read(self, path: Path):
        try:
            handle = path.open("rb")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        with handle:
            return files.read_table(handle, name=path.name)

    def _staff(self, paths, user_group, dry_run):
        if len(paths) != 1:
            raise CommandError("staff takes one file")
        group = Group.objects.filter(name=user_group).first() if user_group else None
        if user_group and group is None:
            raise CommandError(f"Unknown user group: {user_group}")
        try:
            parsed = presets.parse_staff(self._read(Path(paths[0])))
        except files.FileRefused as refused:
            raise CommandError(str(refused)) from refused
        plan = staff_import.plan_staff(parsed)
        for error in plan.errors:
            self.stderr.write(
                f"{error.file}:{error.line} {error.column}: {error.message}"
            )
        if plan.errors:
            raise CommandError("Nothing was imported.")
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in plan.summary().items()))
        if not dry_run:
            staff_import.apply_staff_plan(plan, user_group=group)
