"""Run the test provider: ``python -m tests.oidc_provider.serve`` with IDP_PORT,
IDP_DB and IDP_SETUP (JSON: ``{"users": [...], "clients": [...]}``) set.
It migrates its own database, adds the users and clients, prints "ready" and
serves until killed."""

import json
import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def setup(spec: dict) -> None:
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    unverified, _ = Group.objects.get_or_create(name="unverified")
    for person in spec.get("users", []):
        if User.objects.filter(username=person["username"]).exists():
            continue  # started again on the same database
        user = User.objects.create_user(
            username=person["username"],
            password=person["password"],
            email=person["email"],
            first_name=person.get("first_name", ""),
            last_name=person.get("last_name", ""),
        )
        if not person.get("email_verified", True):
            user.groups.add(unverified)
    for client in spec.get("clients", []):
        Application.objects.filter(client_id=client["client_id"]).delete()
        Application.objects.create(
            client_id=client["client_id"],
            client_secret=client["client_secret"],
            hash_client_secret=True,
            name=client["client_id"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(client["redirect_uris"]),
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )


def main() -> None:
    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    setup(json.loads(os.environ.get("IDP_SETUP", "{}")))
    server = make_server(
        "127.0.0.1",
        int(os.environ["IDP_PORT"]),
        get_wsgi_application(),
        server_class=ThreadingServer,
        handler_class=QuietHandler,
    )
    print("ready", flush=True)  # noqa: T201
    sys.stdout.close()
    server.serve_forever()


if __name__ == "__main__":
    main()
