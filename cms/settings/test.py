import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WAGTAILADMIN_BASE_URL = "http://testserver"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the browser tests' live server answers from other
    # threads, and a shared in-memory database cannot take concurrent writers.
    # One file per test process, so two runs on one checkout never share it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"akkoord-test-{os.getpid()}.db")
    }

# The editor's autosave posts drafts in the background at moments no test controls;
# the browser tests click the same buttons an editor would, without it.
WAGTAIL_AUTOSAVE_INTERVAL = 0

# Production's mail queue is installed (tests switch TASKS to it where it matters);
# by default tasks run at once, after the commit.
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]  # noqa: F405

# wagtail-localize's offline translator: the editor's "Translate with machine"
# works in tests without a network or a key.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
    "OPTIONS": {},
}
