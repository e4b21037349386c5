"""Setting a password for the staff pages, by e-mail (Django's reset flow):
imported staff get the link after the import when the site has no sign-in with
school accounts; anyone can ask for a new one. Never a password in a file or an
e-mail."""

from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic.edit import FormView

from policy_pages.languages import in_staff_language

from . import conf, tasks
from .ratelimit import parent_over_limit
from .views import site_url


def send_welcome_mails(users, *, site_url: str = "") -> int:
    """After the staff import: each new account gets the link to set a password,
    unless staff sign in with their school account (``SET_PASSWORD_MAIL``)."""
    if not conf.get("SET_PASSWORD_MAIL"):
        return 0
    emails = [user.email for user in users if user.email]
    for email in emails:
        transaction.on_commit(
            lambda email=email: tasks.send_set_password.enqueue(
                email=email, site_url=site_url, welcome=True
            ),
            robust=True,
        )
    return len(emails)


class AskForLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address at school"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


@method_decorator([in_staff_language, never_cache], name="dispatch")
class AskForLinkView(FormView):
    """Asks for the link. The answer and its timing are the same whether the
    address has an account or not: the task decides."""

    template_name = "signoff/password_ask.html"
    form_class = AskForLinkForm

    def form_valid(self, form):
        if parent_over_limit(self.request):
            form.add_error(None, _("You have tried too often. Try again later."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        tasks.send_set_password.enqueue(
            email=form.cleaned_data["email"], site_url=site_url(self.request)
        )
        return render(self.request, "signoff/password_sent.html")


@method_decorator(in_staff_language, name="dispatch")
class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "signoff/password_set.html"
    success_url = reverse_lazy("signoff:password_set")
    post_reset_login = False

    def get_user(self, uidb64):
        """Django's, for active accounts only: a link sent before an account
        was switched off sets nothing."""
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None


@method_decorator(in_staff_language, name="dispatch")
class PasswordSetView(auth_views.PasswordResetCompleteView):
    template_name = "signoff/password_done.html"
