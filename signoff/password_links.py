"""The link to set a password, and whom it goes to (for ``tasks`` and the views
in ``passwords``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def users_with_email(email: str):
    """Active accounts with this address, a password set or not (an imported
    staff member has none until they set one)."""
    return get_user_model().objects.filter(email__iexact=email.strip(), is_active=True)


def set_password_url(user) -> str:
    """Django's reset token: it works once, and stops working when the password
    changes or after ``PASSWORD_RESET_TIMEOUT``."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("signoff:set_password", kwargs={"uidb64": uid, "token": token})
