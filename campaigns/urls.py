"""The guardian's personal link. Mounted inside i18n_patterns: /nl/uitnodiging/…"""

from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("uitnodiging/", views.personal_link, name="link"),
    path("uitnodiging/nieuwe-link/", views.new_link, name="new_link"),
    path("uitnodiging/<str:token>/", views.open_link, name="open"),
]
