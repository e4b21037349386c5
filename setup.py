"""Builds compile the Dutch catalogues, so the wheel ships .mo files next to
the .po files (the .mo files are not in git). Everything else is pyproject.toml."""

import shutil
import subprocess  # noqa: S404
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
APPS = ("policy_pages", "signoff")


def compile_catalogues() -> None:
    msgfmt = shutil.which("msgfmt")
    for po in sorted(p for app in APPS for p in (ROOT / app).glob("locale/*/*/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        if msgfmt:
            command = [msgfmt, "--check-format", "-o", str(mo), str(po)]
            subprocess.run(command, check=True)  # noqa: S603
        else:  # gettext's msgfmt is missing: polib (a dependency of wagtail-localize)
            import polib

            polib.pofile(str(po)).save_as_mofile(str(mo))


class BuildPyWithCatalogues(build_py):
    def run(self):
        compile_catalogues()
        # The data files are listed again, now with the fresh .mo files.
        self.__dict__.pop("data_files", None)
        super().run()


setup(cmdclass={"build_py": BuildPyWithCatalogues})
