"""An e-mail backend that always fails, to show a failing mail loses nothing."""

from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionError("The mail server is down.")
