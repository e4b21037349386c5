"""Runs every benchmark on a throw-away SQLite database and prints its figures.

Counts (queries) do not depend on the machine; they are what later issues' speed
ratios build on. Nothing here is part of `make test`.
"""

import os
import sys
import tempfile


def main() -> int:
    workdir = tempfile.mkdtemp(prefix="akkoord-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)

    from benchmarks import api, campaigns, compliance, pages, roster

    # B5 (roster) on a database without confirmations; B4 then adds its own.
    for module in (pages, roster, compliance, campaigns, api):
        for line in module.run():
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
