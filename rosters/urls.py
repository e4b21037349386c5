"""The teacher's view. Mounted inside i18n_patterns: /nl/mijn-groep/, …"""

from django.urls import path

from . import views

app_name = "rosters"

urlpatterns = [
    path("mijn-groep/", views.my_group, name="my_group"),
]
