"""Factories for the tests: users, audiences and the page tree."""

from __future__ import annotations

import uuid

import factory
from django.contrib.auth import get_user_model

from policy_pages.models import Audience


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    password = factory.django.Password("secret-pass")


class AudienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audience
        django_get_or_create = ("token",)

    token = factory.Sequence(lambda n: f"doelgroep-{n}")
    title = factory.Sequence(lambda n: f"Doelgroep {n}")


def rule(text: str, block_id: str | None = None) -> dict[str, str]:
    """One rule block in StreamField raw form."""
    return {
        "type": "rule",
        "value": f"<p>{text}</p>",
        "id": block_id or str(uuid.uuid4()),
    }


def rules(*texts: str) -> list[dict[str, str]]:
    return [rule(text) for text in texts]
