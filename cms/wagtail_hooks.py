"""API tokens in the admin: each person makes tokens for themself only.

A token acts for its owner, so a token made by someone else for you would let them
act as you (a superuser could make one for a staff member and confirm in their
name). Wagtail lets users who may change users make tokens for others; here the
"new token" form has no owner field: the owner is who is signed in. Officers
(``signoff.revoke_signoff`` with ``wagtailcore.delete_apitoken``) see and may
revoke anyone's token (not a superuser's, unless they are one).

Wagtail's own API-token viewset stays registered (menu item, URL names); these
views answer its addresses first, because this app's hooks run before
``wagtail.admin``'s (INSTALLED_APPS order).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.log_actions import log
from wagtail.models import APIToken
from wagtail.users.views import api_tokens

OFFICER_PERMISSIONS = ("signoff.revoke_signoff", "wagtailcore.delete_apitoken")


def token_owners_visible_to(user):
    """Whose tokens ``user`` may see and revoke: their own; officers anyone's."""
    users = get_user_model().objects.all()
    if not all(user.has_perm(p) for p in OFFICER_PERMISSIONS):
        return users.filter(pk=user.pk)
    return users if user.is_superuser else users.filter(is_superuser=False)


class OwnTokenForm(forms.Form):
    name = forms.CharField(max_length=255, label=_("Name"))


class OwnTokenCreateView(api_tokens.CreateView):
    def get_form_class(self):
        return OwnTokenForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("manageable_users", None)
        return kwargs

    def form_valid(self, form):
        if not self.request.user.has_perm("wagtailcore.add_apitoken"):
            raise PermissionDenied
        self.object, plaintext = APIToken.create_token(
            user=self.request.user, name=form.cleaned_data["name"]
        )
        log(self.object, "wagtail.apitoken.create", user=self.request.user)
        return TemplateResponse(
            self.request,
            "wagtailusers/api_tokens/created.html",
            self.get_created_context(plaintext),
        )


class TokenIndexView(api_tokens.IndexView):
    def get_queryset(self):
        # Wagtail's scope (users one may change) is replaced by ours.
        return (
            generic.IndexView.get_queryset(self)
            .filter(user__in=token_owners_visible_to(self.request.user))
            .select_related("user")
        )


class TokenRevokeView(api_tokens.RevokeView):
    def get_queryset(self):
        return APIToken.objects.filter(
            user__in=token_owners_visible_to(self.request.user)
        )

    def get_object(self, queryset=None):
        # The same answer for a missing token and someone else's: no enumeration.
        pk = str(self.kwargs[self.pk_url_kwarg])
        # ASCII digits only: "²".isdigit() is true, and int("²") fails.
        ok = pk.isascii() and pk.isdigit() and len(pk) < 19
        token = self.get_queryset().filter(pk=int(pk)).first() if ok else None
        if token is None:
            raise PermissionDenied
        return token

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.object.revoke()
        log(self.object, "wagtail.apitoken.revoke", user=request.user)
        messages.success(
            request, _("API token '%(name)s' revoked.") % {"name": self.object.name}
        )
        return redirect(self.get_success_url())


class OwnTokensViewSet(api_tokens.APITokenViewSet):
    index_view_class = TokenIndexView
    add_view_class = OwnTokenCreateView
    delete_view_class = TokenRevokeView


@hooks.register("register_admin_urls")
def own_api_tokens_only():
    # Same name and prefix as Wagtail's viewset, so the views reverse its URLs
    # (which resolve here); not registered itself, so no second menu item.
    viewset = OwnTokensViewSet("wagtailusers_api_tokens", url_prefix="api-tokens")
    views = [
        path("", viewset.index_view, name="index"),
        path("results/", viewset.index_results_view, name="index_results"),
        path("new/", viewset.add_view, name="add"),
        path("delete/<str:pk>/", viewset.delete_view, name="delete"),
    ]
    return [path("api-tokens/", include((views, "akkoord_api_tokens")))]
